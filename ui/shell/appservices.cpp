#include "shell/appservices.h"

#include "audit/auditlog.h"
#include "catalog/pricecatalog.h"
#include "compare/comparisonhistory.h"
#include "gateway/gatewaycontroller.h"
#include "providers/providerregistry.h"
#include "routing/router.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "votes/votelog.h"
#include "votes/votetable.h"
#include "settings/appsettings.h"
#include "providers/loopbacknetworkaccess.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>

Q_LOGGING_CATEGORY(lcShell, "switchyard.shell")

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {

AppServices::AppServices(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_audit(std::make_shared<Audit::AuditLog>(dataDir, u"app"_s))
    , m_network(new Providers::LoopbackNetworkAccess(this))
    , m_catalog(std::make_unique<Catalog::PriceCatalog>(dataDir))
    , m_keychain(new Secrets::KeychainKeyStore(this))
    , m_environment(new Secrets::EnvironmentKeys(this))
    , m_keys(new Secrets::KeyResolver(m_keychain, m_environment, this))
    , m_usage(new Usage::UsageStore(Usage::UsageDatabase::fileIn(dataDir), this))
    , m_budgets(new Usage::BudgetMonitor(m_usage, this))
    , m_history(std::make_unique<Compare::ComparisonHistory>(m_usage))
    , m_registry(new Providers::ProviderRegistry(dataDir, this))
    , m_settings(new Settings::AppSettings(this))
{
    for (const Catalog::Error &problem : m_catalog->loadAll())
        qCWarning(lcShell) << "price catalog:" << problem.message;
    if (const auto loaded = m_registry->load(); !loaded)
        qCWarning(lcShell).noquote() << "providers:" << loaded.error();
    // What the user changes, and every call, goes in the audit log. The
    // calls' entries are written on the usage store's thread.
    m_usage->setAuditLog(m_audit);
    m_registry->setAuditLog(m_audit);
    m_keys->setAuditLog(m_audit);
    connect(m_settings, &Settings::AppSettings::activeRoutingConfigChanged, this, [this](const QString &fileName) {
        m_audit->record(u"routing.activated"_s, {{u"config"_s, fileName.isEmpty() ? u"none"_s : fileName}});
    });
    m_settings->applyProxy(m_network);
    connect(m_settings, &Settings::AppSettings::proxyChanged, this, [this] { m_settings->applyProxy(m_network); });
    // Made last: it reads the settings and the providers made above. Its
    // calls go to the same usage log as every other call of the app.
    m_router = new Routing::Router(routerServices(), this);
    m_gateway = new GatewayUi::GatewayController({.dataDir = dataDir,
                                                  .router = {},
                                                  .tokenStore = m_keychain,
                                                  .settings = m_settings,
                                                  .sharedRouter = m_router},
                                                 this);
    importVoteLog();
    // Before the usage database, comparisons were JSON files in this folder.
    m_history->importFolder(dataDir + u"/comparisons"_s, this);
}

void AppServices::importVoteLog()
{
    // Before the usage database, votes were kept in votes.jsonl. They move into
    // the database once; the file is renamed only after they are written (the
    // query runs on the store's thread after the drain that writes them).
    const QString path = m_dataDir + u"/votes.jsonl"_s;
    if (!QFile::exists(path))
        return;
    const auto loaded = Votes::VoteLog(path).load();
    if (!loaded) {
        qCWarning(lcShell) << "votes:" << loaded.error();
        return;
    }
    for (const Votes::Vote &vote : loaded->votes)
        Votes::VoteTable::queue(*m_usage, vote);
    Usage::UsageStore *usage = m_usage;
    usage->query<bool>(
        this, [usage](Usage::UsageDatabase *db) { return db && !usage->problem(); },
        [path](bool written) {
            if (written)
                QFile::rename(path, path + u".imported"_s);
        });
}

AppServices::~AppServices()
{
    // Before the usage log and the network it sends with, which are older
    // children and would otherwise go first: calls still under way log on
    // their way out.
    delete m_gateway;
    delete m_router;
}

CompareUi::CompareContext AppServices::compareContext() const
{
    return {.network = m_network,
            .catalog = m_catalog.get(),
            .keys = m_keys,
            .history = m_history.get(),
            .usage = m_usage,
            .budgets = m_budgets,
            .providers = {},
            .registry = m_registry,
            .settings = m_settings,
            .router = m_router};
}

ProvidersUi::ProvidersContext AppServices::providersContext() const
{
    return {.network = m_network,
            .registry = m_registry,
            .catalog = m_catalog.get(),
            .keys = m_keys,
            .settings = m_settings,
            .localServers = Providers::LocalServerScan::defaultCandidates()};
}

Routing::Router::Services AppServices::routerServices() const
{
    const Providers::ProviderRegistry *registry = m_registry;
    const Settings::AppSettings *settings = m_settings;
    return {.network = m_network,
            .keys = m_keys,
            .provider = [registry](const QString &id) { return registry->enabledProvider(id); },
            .catalog = m_catalog.get(),
            .usage = m_usage,
            .budgets = m_budgets,
            // Read at every call: a limit changed in Settings applies to the next one.
            .timeouts = [settings] { return settings->callTimeouts(); }};
}

RoutingUi::RoutingContext AppServices::routingContext() const
{
    return {.dataDir = m_dataDir,
            .router = routerServices(),
            .catalog = m_catalog.get(),
            .usage = m_usage,
            .settings = m_settings,
            .registry = m_registry,
            .audit = m_audit};
}

} // namespace Switchyard::Shell
