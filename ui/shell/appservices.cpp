#include "shell/appservices.h"

#include "catalog/pricecatalog.h"
#include "compare/comparisonhistory.h"
#include "compare/votelog.h"
#include "providers/providerregistry.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "settings/appsettings.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>

Q_LOGGING_CATEGORY(lcShell, "switchyard.shell")

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {

AppServices::AppServices(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
    , m_network(new QNetworkAccessManager(this))
    , m_catalog(std::make_unique<Catalog::PriceCatalog>(dataDir))
    , m_keychain(new Secrets::KeychainKeyStore(this))
    , m_environment(new Secrets::EnvironmentKeys(this))
    , m_keys(new Secrets::KeyResolver(m_keychain, m_environment, this))
    , m_votes(std::make_unique<Compare::VoteLog>(dataDir + u"/votes.jsonl"_s))
    , m_history(std::make_unique<Compare::ComparisonHistory>(dataDir + u"/comparisons"_s))
    , m_registry(new Providers::ProviderRegistry(dataDir, this))
    , m_settings(new Settings::AppSettings(this))
{
    for (const Catalog::Error &problem : m_catalog->loadAll())
        qCWarning(lcShell) << "price catalog:" << problem.message;
    if (const auto loaded = m_registry->load(); !loaded)
        qCWarning(lcShell).noquote() << "providers:" << loaded.error();
    m_settings->applyProxy(m_network);
    connect(m_settings, &Settings::AppSettings::proxyChanged, this, [this] { m_settings->applyProxy(m_network); });
}

AppServices::~AppServices() = default;

CompareUi::CompareContext AppServices::compareContext() const
{
    return {.network = m_network,
            .catalog = m_catalog.get(),
            .keys = m_keys,
            .votes = m_votes.get(),
            .history = m_history.get(),
            .providers = {},
            .registry = m_registry,
            .settings = m_settings};
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

} // namespace Switchyard::Shell
