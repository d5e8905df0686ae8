#include "clicalls.h"

#include "clisupport.h"

#include "audit/auditlog.h"
#include "catalog/pricecatalog.h"
#include "providers/loopbacknetworkaccess.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "settings/appsettings.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Switchyard;

std::expected<std::unique_ptr<CliCalls>, QString>
CliCalls::make(const QCommandLineParser &parser, const QHash<QString, Providers::ProviderConfig> &custom,
               const QString &dataDir, const Routing::RoutingConfig &config, QStringList keyEnvProviders)
{
    for (const Routing::Route &route : config.routes)
        for (const Routing::Target &target : route.targets)
            keyEnvProviders.append(target.provider);
    std::unique_ptr<CliCalls> calls(new CliCalls);
    calls->m_custom = custom;
    calls->m_keyEnv = parser.value(u"key-env"_s);
    calls->m_network = std::make_unique<Providers::LoopbackNetworkAccess>(); // local servers over its own connections
    calls->m_catalog = std::make_unique<Catalog::PriceCatalog>(dataDir);
    for (const Catalog::Error &problem : calls->m_catalog->loadAll())
        CliSupport::complain(u"prices"_s, problem.message);
    calls->m_keychain = std::make_unique<Secrets::KeychainKeyStore>();
    calls->m_environment = std::make_unique<Secrets::EnvironmentKeys>();
    calls->m_keys = std::make_unique<Secrets::KeyResolver>(calls->m_keychain.get(), calls->m_environment.get());
    // --key-env names the one variable these providers' keys come from.
    if (!calls->m_keyEnv.isEmpty()) {
        QStringList providers = keyEnvProviders + custom.keys();
        providers.removeDuplicates();
        for (const QString &provider : std::as_const(providers))
            if (auto set = calls->m_environment->setExplicitVariable(provider, calls->m_keyEnv); !set)
                return std::unexpected(set.error().message);
    }
    calls->m_usage = std::make_unique<Usage::UsageStore>(Usage::UsageDatabase::fileIn(dataDir));
    // Every call is entered in the audit log too; `serve` names itself "gateway".
    calls->m_usage->setAuditLog(std::make_shared<Audit::AuditLog>(dataDir, u"cli"_s));
    // From the store's thread, queued here: damage found while `serve` runs
    // is said when it is found.
    QObject::connect(calls->m_usage.get(), &Usage::UsageStore::failed, calls->m_usage.get(),
                     [raw = calls.get()] { raw->reportProblem(raw->m_command); }, Qt::QueuedConnection);
    calls->m_budgets = std::make_unique<Usage::BudgetMonitor>(calls->m_usage.get());
    calls->m_settings = std::make_unique<Settings::AppSettings>();
    return calls;
}

CliCalls::~CliCalls()
{
    // What was recorded reaches the disk before the process ends; a problem
    // found meanwhile (the check before the first write) is said.
    if (m_usage && !m_usage->waitForIdle())
        reportProblem(m_command);
}

void CliCalls::reportProblem(const QString &command)
{
    const auto problem = m_usage->problem();
    if (!problem || problem->message == m_reported)
        return;
    m_reported = problem->message;
    CliSupport::complain(command, u"the calls will not be logged or checked against budgets: "_s + problem->message);
    if (problem->kind == Usage::UsageError::Kind::Corrupt)
        CliSupport::complain(command, u"to keep it and start a new one: switchyard-cli usage --set-aside"_s);
}

Routing::Router::Services CliCalls::services() const
{
    // A provider given by --provider has no key variable of its own; with
    // --key-env it has that one (and its key is then read from it).
    return {.network = m_network.get(),
            .keys = m_keys.get(),
            .provider = [custom = m_custom, keyEnv = m_keyEnv](const QString &id) {
                auto provider = CliSupport::findProvider(custom, id);
                if (provider && provider->keyEnvironmentVariable.isEmpty() && !keyEnv.isEmpty())
                    provider->keyEnvironmentVariable = keyEnv;
                return provider;
            },
            .catalog = m_catalog.get(),
            .usage = m_usage.get(),
            .budgets = m_budgets.get(),
            .timeouts = [settings = m_settings.get()] { return settings->callTimeouts(); }};
}

void CliCalls::waitForBudgets(const QString &command)
{
    m_command = command;
    if (!m_budgets->isLoaded()) {
        QEventLoop loop;
        QObject::connect(m_budgets.get(), &Usage::BudgetMonitor::changed, &loop, &QEventLoop::quit);
        QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    reportProblem(command);
}
