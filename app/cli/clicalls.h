#pragma once

#include "routing/router.h"
#include "routing/routingconfig.h"

#include <QCommandLineParser>
#include <QHash>
#include <QString>

#include <expected>
#include <memory>

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Providers {
class LoopbackNetworkAccess;
}
namespace Switchyard::Secrets {
class EnvironmentKeys;
class KeychainKeyStore;
class KeyResolver;
}
namespace Switchyard::Settings {
class AppSettings;
}
namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}

/// What a switchyard-cli command that sends calls (`ask`, `serve`) needs for
/// the one call path, built once and the same way for both: the network, the
/// keys (the keychain, the environment, --key-env), the providers (presets,
/// the app's providers.json and --provider), the price catalog, the usage log
/// with this month's budgets, and the time limits from the app's settings. So
/// a call priced, budgeted and logged by `ask` is priced, budgeted and logged
/// the same by the gateway and the app.
class CliCalls final
{
public:
    /// --key-env, if given, names the key of the providers named here, of
    /// config's targets and of those given by --provider.
    [[nodiscard]] static std::expected<std::unique_ptr<CliCalls>, QString>
    make(const QCommandLineParser &parser, const QHash<QString, Switchyard::Providers::ProviderConfig> &custom,
         const QString &dataDir, const Switchyard::Routing::RoutingConfig &config, QStringList keyEnvProviders = {});
    ~CliCalls();
    Q_DISABLE_COPY_MOVE(CliCalls)

    [[nodiscard]] Switchyard::Routing::Router::Services services() const;
    [[nodiscard]] Switchyard::Providers::LoopbackNetworkAccess &network() const { return *m_network; }
    [[nodiscard]] Switchyard::Catalog::PriceCatalog &catalog() const { return *m_catalog; }
    [[nodiscard]] Switchyard::Usage::UsageStore &usage() const { return *m_usage; }
    [[nodiscard]] Switchyard::Secrets::KeychainKeyStore &keychain() const { return *m_keychain; }
    [[nodiscard]] Switchyard::Settings::AppSettings &settings() const { return *m_settings; }

    /// Waits (in an event loop) for the first reading of the budgets, so the
    /// first call is already checked against them; when the usage log cannot
    /// be used, says so for command (the calls are then neither logged nor
    /// checked, but still made).
    void waitForBudgets(const QString &command);

private:
    CliCalls() = default;
    /// Says once what is wrong with the usage log (found at open, by the
    /// check before the first write, or by a call that met damage).
    void reportProblem(const QString &command);

    QString m_command = QStringLiteral("ask");
    QString m_reported; // the problem already said

    QHash<QString, Switchyard::Providers::ProviderConfig> m_custom;
    QString m_keyEnv;
    std::unique_ptr<Switchyard::Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<Switchyard::Catalog::PriceCatalog> m_catalog;
    std::unique_ptr<Switchyard::Secrets::KeychainKeyStore> m_keychain;
    std::unique_ptr<Switchyard::Secrets::EnvironmentKeys> m_environment;
    std::unique_ptr<Switchyard::Secrets::KeyResolver> m_keys;
    std::unique_ptr<Switchyard::Usage::UsageStore> m_usage;
    std::unique_ptr<Switchyard::Usage::BudgetMonitor> m_budgets;
    std::unique_ptr<Switchyard::Settings::AppSettings> m_settings;
};
