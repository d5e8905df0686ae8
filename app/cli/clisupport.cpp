#include "clisupport.h"

#include "base/datadirectory.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyjob.h"
#include "secrets/keyresolver.h"

#include <QCommandLineParser>
#include <QEventLoop>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace CliSupport {

void complain(const QString &command, const QString &message)
{
    std::fprintf(stderr, "switchyard-cli %s: %s\n", qPrintable(command), qPrintable(message));
}

void addDataDirOption(QCommandLineParser &parser)
{
    parser.addOption({u"data-dir"_s,
                      u"Keep settings and prices in DIR instead of the app-data folder (also $SWITCHYARD_DATA_DIR)."_s,
                      u"dir"_s});
}

std::expected<QString, QString> dataDir(const QCommandLineParser &parser)
{
    return Base::DataDirectory::resolve(parser.value(u"data-dir"_s));
}

QHash<QString, std::expected<Secrets::ApiKey, Secrets::KeyError>> lookUpKeys(const QStringList &providerIds,
                                                                           const QString &explicitVariable)
{
    QHash<QString, std::expected<Secrets::ApiKey, Secrets::KeyError>> found;
    Secrets::KeychainKeyStore keychain;
    Secrets::EnvironmentKeys environment;
    Secrets::KeyResolver resolver(&keychain, &environment);
    QEventLoop loop;
    int pending = 0;
    for (const QString &id : providerIds) {
        if (found.contains(id))
            continue;
        if (!explicitVariable.isEmpty()) {
            if (auto set = environment.setExplicitVariable(id, explicitVariable); !set) {
                found.insert(id, std::unexpected(set.error()));
                continue;
            }
        }
        found.insert(id, std::unexpected(Secrets::KeyError{}));
        Secrets::KeyJob *job = resolver.readKey(id);
        ++pending;
        QObject::connect(job, &Secrets::KeyJob::finished, &loop, [&](const Secrets::KeyResult &result) {
            found.insert(result.providerId, result.outcome);
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0)
        loop.exec();
    return found;
}

} // namespace CliSupport
