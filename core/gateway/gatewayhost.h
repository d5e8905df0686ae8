#pragma once

#include "gateway/gatewayoptions.h"
#include "routing/router.h"
#include "routing/routingconfig.h"
#include "routing/routingfacts.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <expected>
#include <memory>

namespace Switchyard::Secrets {
class KeyStore;
}

namespace Switchyard::Gateway {

class GatewayServer;
class GatewayToken;
class ToolKeyring;

/// The local gateway as something a program switches on and off while it
/// runs: the app's toolbar toggle and `switchyard-cli serve` both use it, so
/// that the token, the router behind the server, the models it lists and the
/// config it routes by are wired in one place. Owns its Router (built from
/// the given services: the caller's network, keys, providers, catalog and
/// usage log, so the gateway's calls land in that log with source Gateway)
/// and, while running, the GatewayServer. Starting is asynchronous (the token
/// may come from the keychain); nothing here blocks the thread it lives on.
class GatewayHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayHost)

public:
    enum class State : quint8 { Off, Starting, Running };
    Q_ENUM(State)

    /// tokenStore: where the gateway's token is kept (the system keychain);
    /// may be null, then only SWITCHYARD_GATEWAY_TOKEN gives one.
    GatewayHost(Routing::Router::Services router, Secrets::KeyStore *tokenStore, QObject *parent = nullptr);
    /// The same over a router of the caller's, which outlives the host (the
    /// app's, which its Compare page sends through too).
    GatewayHost(Routing::Router *router, Secrets::KeyStore *tokenStore, QObject *parent = nullptr);
    ~GatewayHost() override;

    /// Reads a routing config file (YAML or JSON); when it cannot be used,
    /// the errors one per line, "path:line:column: message" where known.
    [[nodiscard]] static std::expected<Routing::RoutingConfig, QString> readConfig(const QString &path);
    /// The concrete "provider/model" targets of a config, in order, once each.
    [[nodiscard]] static QStringList modelsOf(const Routing::RoutingConfig &config);

    /// What the router decides by from now on (calls under way keep theirs)
    /// and the name shown for it. Works while running: no restart needed.
    void setConfig(const Routing::RoutingConfig &config, Routing::RoutingFacts facts, const QString &name);
    [[nodiscard]] const QString &configName() const { return m_configName; }

    /// Fetches the token, then listens. stateChanged(Starting) at once;
    /// later stateChanged(Running), or failed() and stateChanged(Off).
    /// Ignored unless Off.
    void start(GatewayOptions options);
    /// Closes the port at once; clients still connected are cut off.
    void stop();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isRunning() const { return m_state == State::Running; }
    /// While running: the port it got, and http://ADDRESS:PORT/v1.
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QUrl baseUrl() const;
    /// The bearer token clients send, once known (kept in memory only), and
    /// where it came from: "environment", "keychain" or "new".
    [[nodiscard]] const QString &token() const { return m_token; }
    [[nodiscard]] const QString &tokenOrigin() const { return m_tokenOrigin; }
    /// Whether SWITCHYARD_GATEWAY_TOKEN gives the token: then it cannot be
    /// renewed here (the variable wins over the keychain).
    [[nodiscard]] static bool isTokenFromEnvironment();
    /// Replaces the token kept in the keychain with a new one; while running,
    /// the old one is refused from then on. tokenRenewed() or
    /// tokenRenewalFailed() once the keychain has answered; refused while
    /// starting (the start is reading the keychain).
    void renewToken();
    [[nodiscard]] bool isRenewingToken() const { return !m_renewal.isNull(); }

    /// The origins whose web pages may call the gateway; applied at once
    /// when running, and kept for the next start.
    void setAllowedOrigins(const QStringList &origins);
    /// Requests answered since the last start, and those under way now.
    [[nodiscard]] qint64 requestCount() const { return m_requests; }
    [[nodiscard]] int activeCount() const { return m_active; }
    /// Why the last start failed; empty after a successful one.
    [[nodiscard]] const QString &lastError() const { return m_lastError; }

    [[nodiscard]] Routing::Router *router() const { return m_router; }
    /// The per-tool keys the server lets in (read from the router's usage
    /// store; refresh() it after changing one).
    [[nodiscard]] ToolKeyring *keyring() const { return m_keys.get(); }
    /// The running server, or null.
    [[nodiscard]] GatewayServer *server() const { return m_server.get(); }

Q_SIGNALS:
    void stateChanged(Switchyard::Gateway::GatewayHost::State state);
    void failed(const QString &message);
    /// requestCount() or activeCount() changed.
    void countsChanged();
    void configChanged();
    void tokenRenewed();
    void tokenRenewalFailed(const QString &message);

private:
    void fetchToken();
    void onToken(const std::expected<QString, QString> &token, const QString &origin);
    void listen();
    void setState(State state);
    void closeServer();
    void fail(const QString &message);

    std::unique_ptr<Routing::Router> m_ownRouter;
    Routing::Router *m_router = nullptr;
    Secrets::KeyStore *m_tokenStore = nullptr;
    std::unique_ptr<GatewayServer> m_server;
    std::unique_ptr<ToolKeyring> m_keys;
    QMetaObject::Connection m_waitForKeys;
    QPointer<GatewayToken> m_pendingToken;
    QPointer<GatewayToken> m_renewal;
    GatewayOptions m_options;
    QStringList m_models;
    QString m_configName;
    QString m_token;
    QString m_tokenOrigin;
    QString m_lastError;
    State m_state = State::Off;
    bool m_startAfterRenewal = false;
    qint64 m_requests = 0;
    int m_active = 0;
};

} // namespace Switchyard::Gateway
