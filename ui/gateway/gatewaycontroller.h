#pragma once

#include "gateway/keysdialog.h"
#include "routing/router.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QStringList>

namespace Switchyard::Gateway {
class GatewayHost;
}
namespace Switchyard::Secrets {
class KeyStore;
}
namespace Switchyard::Settings {
class AppSettings;
}
namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::GatewayUi {

/// The app's local gateway: switches the core GatewayHost on and off on
/// 127.0.0.1 at the port kept in AppSettings, feeds it the active routing
/// config (the one the Routing page marks active), and remembers whether it
/// was on so that it comes back at the next launch. The toolbar button and
/// its panel are views of this object; a test drives it the same way.
class GatewayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayController)

public:
    struct Context {
        /// The data folder; the active config is its routing/<file>.
        QString dataDir;
        /// What the gateway's router sends with; its usage log gets the calls (source Gateway).
        Routing::Router::Services router;
        /// Where the token is kept (the system keychain); may be null.
        Secrets::KeyStore *tokenStore = nullptr;
        Settings::AppSettings *settings = nullptr; // may be null: port 4141, nothing remembered
        /// A router of the app's to use instead of one made from `router`:
        /// then the active config is loaded into it from the start (and on
        /// every change), running or not, since others send through it too.
        Routing::Router *sharedRouter = nullptr;
    };

    explicit GatewayController(Context context, QObject *parent = nullptr);
    ~GatewayController() override;

    [[nodiscard]] Gateway::GatewayHost *host() const { return m_host; }

    /// Starts (asynchronously) or stops the gateway, as the user asked:
    /// the choice is remembered for the next launch.
    void setOn(bool on);
    /// At launch: starts the gateway if it was on when the app last closed.
    void restore();

    /// The port the next start listens on.
    [[nodiscard]] quint16 port() const;
    void setPort(quint16 port);
    /// The address the next start listens on: 127.0.0.1 unless the user chose
    /// another (then other computers can reach it; the panel warns).
    [[nodiscard]] QHostAddress address() const { return m_address; }
    void setAddress(const QHostAddress &address);
    /// The origins whose web pages may call the gateway, normalised;
    /// applied at once, running or not.
    [[nodiscard]] const QStringList &allowedOrigins() const { return m_allowedOrigins; }
    void setAllowedOrigins(const QStringList &origins);

    /// The active config's display name, "none" without one, and why it
    /// could not be used when it could not (then clients name provider/model).
    [[nodiscard]] const QString &configName() const { return m_configName; }
    [[nodiscard]] const QString &configProblem() const { return m_configProblem; }
    /// The active config's routes, by name; empty without a usable one.
    [[nodiscard]] const QStringList &routeNames() const { return m_routeNames; }
    /// What the Keys dialog works with: the usage store, the keychain, the
    /// host's keyring, the routes and the origin clients are to use.
    [[nodiscard]] KeysDialog::Context keysContext() const;

Q_SIGNALS:
    /// The config name or its problem changed.
    void configChanged();

private:
    void start();
    /// Sets the config's name from the settings (a problem found by an
    /// earlier read is forgotten) and returns the file name, empty for none.
    QString describeConfig();
    /// Reads the active config and hands it, with its routing facts, to the host.
    void loadConfig();

    Context m_context;
    Gateway::GatewayHost *m_host = nullptr;
    quint16 m_port = 0;
    QHostAddress m_address{QHostAddress::LocalHost};
    QStringList m_allowedOrigins;
    QString m_configName;
    QString m_configProblem;
    QStringList m_routeNames;
    int m_configGeneration = 0; // the usage facts of an older load are dropped
};

} // namespace Switchyard::GatewayUi
