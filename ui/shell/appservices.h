#pragma once

#include "compare/comparecontext.h"
#include "providers/providerscontext.h"
#include "routing/routingcontext.h"

#include <QObject>

#include <memory>

namespace Switchyard::Audit {
class AuditLog;
}
namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Compare {
class ComparisonHistory;
}
namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}
namespace Switchyard::Providers {
class ProviderRegistry;
}
namespace Switchyard::Secrets {
class EnvironmentKeys;
class KeychainKeyStore;
class KeyResolver;
}
namespace Switchyard::Settings {
class AppSettings;
}
namespace Switchyard::GatewayUi {
class GatewayController;
}

namespace Switchyard::Shell {

/// The long-lived objects the pages share, made once per window: the network
/// access manager (one per thread, routed by the proxy setting), the price
/// catalog from the data folder, the key store (environment variables, then
/// the system keychain), the user's providers and the app's settings.
class AppServices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppServices)

public:
    explicit AppServices(const QString &dataDir, QObject *parent = nullptr);
    ~AppServices() override;

    [[nodiscard]] const QString &dataDir() const { return m_dataDir; }
    [[nodiscard]] CompareUi::CompareContext compareContext() const;
    /// The usage log, on its own thread; every call the app makes lands there.
    [[nodiscard]] Usage::UsageStore *usage() const { return m_usage; }
    /// The data folder's audit log: providers, keys, budgets, routing configs
    /// and every call are entered in it (docs/governance.md).
    [[nodiscard]] const std::shared_ptr<Audit::AuditLog> &audit() const { return m_audit; }
    /// This month's spend against the budgets, kept fresh from the usage log.
    [[nodiscard]] Usage::BudgetMonitor *budgets() const { return m_budgets; }
    [[nodiscard]] ProvidersUi::ProvidersContext providersContext() const;
    /// What a Router needs to send for real: the enabled providers, their
    /// keys, prices, the usage log, the budgets and the time limits.
    [[nodiscard]] Routing::Router::Services routerServices() const;
    /// The app's router, deciding by the active routing config: Compare and
    /// the gateway send through it.
    [[nodiscard]] Routing::Router *router() const { return m_router; }
    [[nodiscard]] RoutingUi::RoutingContext routingContext() const;
    [[nodiscard]] Providers::ProviderRegistry *registry() const { return m_registry; }
    [[nodiscard]] Settings::AppSettings *settings() const { return m_settings; }
    /// The local gateway the toolbar switches on and off.
    [[nodiscard]] GatewayUi::GatewayController *gateway() const { return m_gateway; }

private:
    void importVoteLog();

    QString m_dataDir;
    std::shared_ptr<Audit::AuditLog> m_audit;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<Catalog::PriceCatalog> m_catalog;
    Secrets::KeychainKeyStore *m_keychain = nullptr;
    Secrets::EnvironmentKeys *m_environment = nullptr;
    Secrets::KeyResolver *m_keys = nullptr;
    Usage::UsageStore *m_usage = nullptr;
    Usage::BudgetMonitor *m_budgets = nullptr;
    std::unique_ptr<Compare::ComparisonHistory> m_history;
    Providers::ProviderRegistry *m_registry = nullptr;
    Settings::AppSettings *m_settings = nullptr;
    Routing::Router *m_router = nullptr;
    GatewayUi::GatewayController *m_gateway = nullptr;
};

} // namespace Switchyard::Shell
