#include "keycommand.h"

#include "clisupport.h"

#include "audit/auditlog.h"
#include "base/datadirectory.h"
#include "providers/providerpresets.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyjob.h"
#include "secrets/keyresolver.h"

#include <QEventLoop>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"key"_s, message);
}

void printUsage(std::FILE *to)
{
    std::fputs("usage: switchyard-cli key set PROVIDER      store a key in the system keychain (read from stdin)\n"
               "       switchyard-cli key show PROVIDER     where the key comes from, masked (****wxyz)\n"
               "       switchyard-cli key remove PROVIDER   delete the key from the system keychain\n"
               "       switchyard-cli key list              every known provider's key, masked\n"
               "\n"
               "Keys live only in the system keychain or in environment variables such as\n"
               "OPENAI_API_KEY, which win over the keychain when set.\n",
               to);
}

// Reads one line from stdin; with a terminal, asks for it without echoing.
QString readSecretLine(const QString &providerId)
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        std::fprintf(stderr, "API key for %s (not shown): ", qPrintable(providerId));
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    }
    return line;
}

// Runs one job to its end in a local event loop.
Secrets::KeyResult wait(Secrets::KeyJob *job)
{
    Secrets::KeyResult result;
    QEventLoop loop;
    QObject::connect(job, &Secrets::KeyJob::finished, &loop, [&](const Secrets::KeyResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

QString describe(const QString &providerId, const std::expected<Secrets::ApiKey, Secrets::KeyError> &key)
{
    if (key)
        return u"%1: %2 %3"_s.arg(providerId, key->masked(), key->origin.description());
    if (key.error().kind == Secrets::KeyError::Kind::NotFound)
        return u"%1: no key (%2, or 'switchyard-cli key set %1')"_s.arg(
            providerId, Secrets::EnvironmentKeys::setVariableHint(providerId));
    return u"%1: %2"_s.arg(providerId, key.error().message);
}

} // namespace

int runKeyCommand(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    const QString providerId = arguments.value(1);
    if (action == "-h"_L1 || action == "--help"_L1) {
        printUsage(stdout);
        return CliSupport::ExitOk;
    }
    if (action == "list"_L1 && arguments.size() == 1) {
        QStringList ids;
        for (const auto &preset : Providers::ProviderPresets::all())
            ids.append(preset.id);
        const auto keys = CliSupport::lookUpKeys(ids);
        for (const QString &id : std::as_const(ids))
            std::printf("%s\n", qPrintable(describe(id, keys.value(id))));
        return CliSupport::ExitOk;
    }
    if (!QStringList{u"set"_s, u"show"_s, u"remove"_s}.contains(action) || arguments.size() != 2) {
        printUsage(stderr);
        return CliSupport::ExitUsage;
    }
    if (!Secrets::KeyStore::isValidProviderId(providerId)) {
        complain(u"'%1' is not a provider id (letters, digits, '.', '_' and '-')"_s.arg(providerId));
        return CliSupport::ExitUsage;
    }

    if (action == "show"_L1) {
        const auto keys = CliSupport::lookUpKeys({providerId});
        const auto key = keys.value(providerId);
        std::printf("%s\n", qPrintable(describe(providerId, key)));
        return key ? CliSupport::ExitOk : CliSupport::ExitFailed;
    }

    Secrets::KeychainKeyStore keychain;
    Secrets::EnvironmentKeys environment;
    Secrets::KeyResolver resolver(&keychain, &environment);
    // No --data-dir here: the data folder of $SWITCHYARD_DATA_DIR or the default.
    if (const auto dir = Base::DataDirectory::resolve({}))
        resolver.setAuditLog(std::make_shared<Audit::AuditLog>(*dir, u"cli"_s));
    if (action == "set"_L1) {
        const QString secret = readSecretLine(providerId);
        const Secrets::KeyResult result = wait(resolver.writeKey(providerId, secret));
        if (!result.ok()) {
            complain(result.outcome.error().message);
            return CliSupport::ExitFailed;
        }
        std::printf("%s: stored %s in the system keychain\n", qPrintable(providerId),
                    qPrintable(Secrets::ApiKey::mask(secret.trimmed())));
        if (const auto shadow = environment.lookup(providerId))
            std::printf("note: %s is set and wins over the keychain while it is\n",
                        qPrintable(shadow->origin.variable));
        return CliSupport::ExitOk;
    }
    const Secrets::KeyResult result = wait(resolver.removeKey(providerId));
    if (!result.ok()) {
        complain(result.outcome.error().message);
        return CliSupport::ExitFailed;
    }
    std::printf("%s: no key in the system keychain now\n", qPrintable(providerId));
    return CliSupport::ExitOk;
}
