#include "clisupport.h"

#include "base/datadirectory.h"
#include "base/units.h"
#include "usage/usagedatabase.h"
#include "providers/namecheck.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyjob.h"
#include "secrets/keyresolver.h"
#include "usage/usagedatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Switchyard::Providers::ProviderConfig;
namespace ProviderPresets = Switchyard::Providers::ProviderPresets;

namespace CliSupport {
namespace {

// "local=openai,http://127.0.0.1:8080/v1" → a provider for this run only.
std::optional<ProviderConfig> parseProviderSpec(const QString &spec, QString &error)
{
    const QString name = spec.section(u'=', 0, 0).trimmed();
    const QString rest = spec.section(u'=', 1);
    const QString kindName = rest.section(u',', 0, 0).trimmed();
    const QString url = rest.section(u',', 1).trimmed();
    const auto kind = ProviderPresets::kindFromName(kindName);
    if (const QString problem = Switchyard::Providers::nameProblem(name, u"provider"); !problem.isEmpty()) {
        error = u"--provider: "_s + problem;
        return std::nullopt;
    }
    if (name.isEmpty() || !kind || url.isEmpty()) {
        error = u"--provider wants NAME=KIND,BASE_URL with KIND openai, anthropic, gemini or ollama; got '%1'"_s.arg(spec);
        return std::nullopt;
    }
    const QUrl base(url);
    if (!base.isValid() || (base.scheme() != "http"_L1 && base.scheme() != "https"_L1)) {
        error = u"--provider %1: '%2' is not an http(s) URL"_s.arg(name, url);
        return std::nullopt;
    }
    ProviderConfig provider{.id = name, .displayName = name, .kind = *kind, .baseUrl = base};
    // A preset's id at another address (a proxy, a mirror) is still that
    // provider: its key variable and name come along, so it is keyed and
    // priced as the provider it stands for.
    if (const auto preset = ProviderPresets::find(name); preset && preset->kind == *kind) {
        provider.displayName = preset->displayName;
        provider.keyEnvironmentVariable = preset->keyEnvironmentVariable;
    }
    return provider;
}

} // namespace


void complain(const QString &command, const QString &message)
{
    std::fprintf(stderr, "switchyard-cli %s: %s\n", qPrintable(command), qPrintable(message));
}

QString helpText(const QCommandLineParser &parser, const QString &command)
{
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const qsizetype lineEnd = text.indexOf(u'\n');
    const qsizetype at = text.left(lineEnd).indexOf(program);
    if (!program.isEmpty() && at >= 0)
        text.replace(at, program.size(), u"switchyard-cli "_s + command);
    return text;
}

std::optional<double> numberOption(const QString &command, const QCommandLineParser &parser, const QString &name,
                                   double min, double max, double fallback, bool integer)
{
    if (!parser.isSet(name))
        return fallback;
    const QString text = parser.value(name).trimmed();
    bool ok = false;
    const double value = integer ? double(text.toLongLong(&ok)) : text.toDouble(&ok);
    if (ok && std::isfinite(value) && value >= min && value <= max)
        return value;
    complain(command, u"--%1 takes %2 from %3 to %4, not '%5'"_s.arg(name, integer ? u"a whole number"_s : u"a number"_s)
                          .arg(QString::number(min, 'g', 15), QString::number(max, 'g', 15), parser.value(name)));
    return std::nullopt;
}

bool nameUsable(const QString &command, const QString &name, QStringView what)
{
    const QString problem = Switchyard::Providers::nameProblem(name, what);
    if (!problem.isEmpty())
        complain(command, problem);
    return problem.isEmpty();
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

void addProviderOptions(QCommandLineParser &parser)
{
    parser.addOption({u"provider"_s,
                      u"Define a provider for this run: NAME=KIND,BASE_URL (KIND: openai, anthropic, gemini, ollama)."_s,
                      u"spec"_s});
    parser.addOption({u"key-env"_s,
                      u"Read API keys from this environment variable only. Otherwise keys come from the usual "
                      u"variables (OPENAI_API_KEY, ...) or the system keychain."_s,
                      u"var"_s});
}

std::expected<QHash<QString, ProviderConfig>, QString> customProviders(const QCommandLineParser &parser)
{
    QHash<QString, ProviderConfig> custom;
    for (const QString &spec : parser.values(u"provider"_s)) {
        QString error;
        const auto provider = parseProviderSpec(spec, error);
        if (!provider)
            return std::unexpected(error);
        custom.insert(provider->id, *provider);
    }
    // The providers set up on the app's Providers page (custom endpoints, a
    // preset moved to another address) are the CLI's too; --provider wins.
    if (const auto dir = dataDir(parser); dir && QFileInfo::exists(dir.value() + u"/providers.json"_s)) {
        Switchyard::Providers::ProviderRegistry registry(*dir);
        if (const auto loaded = registry.load(); !loaded)
            return std::unexpected(u"providers.json: "_s + loaded.error());
        for (const auto &entry : registry.entries()) {
            if (!custom.contains(entry.config.id))
                custom.insert(entry.config.id, entry.config);
        }
    }
    return custom;
}

std::optional<ProviderConfig> findProvider(const QHash<QString, ProviderConfig> &custom, const QString &id)
{
    if (const auto it = custom.constFind(id); it != custom.cend())
        return *it;
    return ProviderPresets::find(id);
}

std::optional<QHash<QString, QString>> keysFor(const QString &command, const QList<ProviderConfig> &providers,
                                               const QString &explicitVariable)
{
    QStringList ids;
    for (const ProviderConfig &p : providers)
        ids.append(p.id);
    const auto found = lookUpKeys(ids, explicitVariable);
    QHash<QString, QString> keys;
    bool missing = false;
    for (const ProviderConfig &provider : providers) {
        if (keys.contains(provider.id))
            continue;
        const auto &key = found.value(provider.id);
        keys.insert(provider.id, key ? key->secret : QString());
        if (key)
            continue;
        using Kind = Secrets::KeyError::Kind;
        // Local servers and --provider endpoints may need no key; hosted presets always do.
        if (!provider.keyEnvironmentVariable.isEmpty()) {
            complain(command, u"no API key for %1: %2. Set %3, or store one with 'switchyard-cli key set %1'."_s.arg(
                                  provider.id, key.error().message, provider.keyEnvironmentVariable));
            missing = true;
        } else if (key.error().kind != Kind::NotFound && key.error().kind != Kind::NoKeychain) {
            complain(command, key.error().message);
            missing = true;
        }
    }
    if (missing)
        return std::nullopt;
    return keys;
}

void printTable(const QList<QStringList> &rows, const QList<int> &leftAligned)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (qsizetype col = 0; col < row.size(); ++col)
            widths[col] = std::max(widths[col], row.at(col).size());
    }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype col = 0; col < row.size(); ++col) {
            const bool left = leftAligned.contains(int(col));
            line += (left ? row.at(col).leftJustified(widths[col]) : row.at(col).rightJustified(widths[col])) + u"  "_s;
        }
        std::printf("%s\n", qPrintable(line.trimmed()));
    }
}

int printBudgets(Switchyard::Usage::UsageDatabase &db)
{
    using namespace Switchyard;
    const auto statuses = db.budgetStatus(QDate::currentDate());
    if (!statuses) {
        complain(u"usage"_s, statuses.error().message);
        return ExitFailed;
    }
    if (statuses->isEmpty()) {
        std::printf("No budgets. Set them on the Usage page or with: switchyard-cli budget set AMOUNT\n");
        return 0;
    }
    QList<QStringList> rows{{u"budget"_s, u"period"_s, u"spent"_s, u"limit"_s, u"used"_s, u"at 100%"_s}};
    for (const Usage::BudgetStatus &s : *statuses) {
        const bool reroute = s.budget.action == Usage::Budget::Action::Reroute;
        rows.append({s.budget.label(), Usage::periodName(s.budget.period), Base::Units::usd(s.spentNanoUsd),
                     Base::Units::usd(s.budget.limitNanoUsd), u"%1%"_s.arg(int(s.fraction() * 100)),
                     reroute ? u"switch to route "_s + s.budget.rerouteTo : u"block"_s});
    }
    CliSupport::printTable(rows, {0, 1, 5});
    return 0;
}

} // namespace CliSupport
