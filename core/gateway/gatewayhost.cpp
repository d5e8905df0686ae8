#include "gateway/gatewayhost.h"

#include "gateway/gatewayserver.h"
#include "gateway/gatewaytoken.h"
#include "gateway/toolkeyring.h"
#include "routing/configreader.h"
#include "routing/decider.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

GatewayHost::GatewayHost(Routing::Router::Services router, Secrets::KeyStore *tokenStore, QObject *parent)
    : QObject(parent)
    , m_ownRouter(std::make_unique<Routing::Router>(std::move(router)))
    , m_router(m_ownRouter.get())
    , m_tokenStore(tokenStore)
    , m_keys(std::make_unique<ToolKeyring>(m_router->services().usage))
{
}

GatewayHost::GatewayHost(Routing::Router *router, Secrets::KeyStore *tokenStore, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_tokenStore(tokenStore)
    , m_keys(std::make_unique<ToolKeyring>(m_router->services().usage))
{
}

GatewayHost::~GatewayHost()
{
    // The server's exchanges hold calls of the router: the server goes first.
    closeServer();
}

std::expected<Routing::RoutingConfig, QString> GatewayHost::readConfig(const QString &path)
{
    auto read = Routing::ConfigReader::readFile(path);
    if (read)
        return std::move(read->config);
    QStringList lines;
    for (const Routing::ConfigError &error : read.error())
        lines.append(error.position.isKnown() ? path + u':' + error.toString() : error.message);
    return std::unexpected(lines.join(u'\n'));
}

QStringList GatewayHost::modelsOf(const Routing::RoutingConfig &config)
{
    QStringList models;
    for (const Routing::Route &route : config.routes)
        for (const Routing::Target &target : route.targets)
            if (!models.contains(target.key()))
                models.append(target.key());
    return models;
}

void GatewayHost::setConfig(const Routing::RoutingConfig &config, Routing::RoutingFacts facts,
                            const QString &name)
{
    m_router->setDecider(Routing::Decider(config, std::move(facts)));
    m_models = modelsOf(config);
    m_configName = name;
    Q_EMIT configChanged();
}

void GatewayHost::start(GatewayOptions options)
{
    if (m_state != State::Off)
        return;
    m_options = std::move(options);
    m_lastError.clear();
    m_requests = 0;
    m_active = 0;
    setState(State::Starting);
    m_keys->setWatching(true);
    // A renewal being written: the token is read once it is in the keychain.
    if (m_renewal) {
        m_startAfterRenewal = true;
        return;
    }
    fetchToken();
}

void GatewayHost::fetchToken()
{
    auto *token = new GatewayToken(m_tokenStore, this);
    m_pendingToken = token;
    connect(token, &GatewayToken::ready, this,
            [this, token](const std::expected<QString, QString> &value, const QString &origin) {
                token->deleteLater();
                // A stop() (or a newer start) while the keychain answered.
                if (m_pendingToken != token)
                    return;
                m_pendingToken.clear();
                onToken(value, origin);
            });
    token->start();
}

void GatewayHost::onToken(const std::expected<QString, QString> &token, const QString &origin)
{
    if (!token) {
        fail(token.error());
        return;
    }
    m_token = *token;
    m_tokenOrigin = origin;
    m_options.token = *token;
    // The tools' keys are in before the port opens, so that none is refused
    // for the moment they are being read.
    if (!m_keys->isLoaded()) {
        m_waitForKeys = connect(m_keys.get(), &ToolKeyring::changed, this, [this] {
            disconnect(m_waitForKeys);
            listen();
        });
        return;
    }
    listen();
}

void GatewayHost::listen()
{
    // The list is read at each GET /v1/models: a config set while running shows at once.
    const GatewayServer::Services services{
        .router = m_router, .models = [this] { return m_models; }, .keys = m_keys.get()};
    m_server = std::make_unique<GatewayServer>(services, m_options);
    const auto port = m_server->listen();
    if (!port) {
        m_server.reset();
        fail(port.error());
        return;
    }
    connect(m_server.get(), &GatewayServer::requestFinished, this, [this, server = m_server.get()] {
        m_requests = server->requestCount();
        Q_EMIT countsChanged();
    });
    connect(m_server.get(), &GatewayServer::activeCountChanged, this, [this](int active) {
        m_active = active;
        Q_EMIT countsChanged();
    });
    setState(State::Running);
}

bool GatewayHost::isTokenFromEnvironment()
{
    return !qEnvironmentVariableIsEmpty(GatewayToken::environmentVariable.data());
}

void GatewayHost::renewToken()
{
    if (m_renewal)
        return;
    // A start reads the keychain itself and might read the old token after
    // the new one is written: one keychain errand at a time.
    if (m_state == State::Starting) {
        Q_EMIT tokenRenewalFailed(u"the gateway is starting; renew the token once it has started"_s);
        return;
    }
    if (isTokenFromEnvironment()) {
        Q_EMIT tokenRenewalFailed(u"the token comes from %1: change the variable instead"_s.arg(
            GatewayToken::environmentVariable));
        return;
    }
    auto *renewal = new GatewayToken(m_tokenStore, this);
    m_renewal = renewal;
    connect(renewal, &GatewayToken::ready, this,
            [this, renewal](const std::expected<QString, QString> &value, const QString &origin) {
                renewal->deleteLater();
                m_renewal.clear();
                if (!value) {
                    Q_EMIT tokenRenewalFailed(value.error());
                    if (std::exchange(m_startAfterRenewal, false) && m_state == State::Starting)
                        fetchToken();
                    return;
                }
                // Off, the next start reads the new one from the keychain.
                if (m_state == State::Running) {
                    m_token = *value;
                    m_tokenOrigin = origin;
                    m_options.token = *value;
                    if (m_server)
                        m_server->setToken(*value);
                }
                Q_EMIT tokenRenewed();
                if (std::exchange(m_startAfterRenewal, false) && m_state == State::Starting)
                    fetchToken();
            });
    renewal->renew();
}

void GatewayHost::setAllowedOrigins(const QStringList &origins)
{
    m_options.allowedOrigins = origins;
    if (m_server)
        m_server->setAllowedOrigins(origins);
}

void GatewayHost::stop()
{
    if (m_state == State::Off)
        return;
    m_pendingToken.clear();
    m_startAfterRenewal = false;
    disconnect(m_waitForKeys);
    m_keys->setWatching(false);
    closeServer();
    m_active = 0;
    Q_EMIT countsChanged();
    setState(State::Off);
}

void GatewayHost::closeServer()
{
    // Exchanges cut off while the server goes may still report; nobody
    // should hear from a server that is half gone.
    if (m_server)
        m_server->disconnect(this);
    m_server.reset();
}

quint16 GatewayHost::port() const
{
    return m_server ? m_server->port() : 0;
}

QUrl GatewayHost::baseUrl() const
{
    return m_server ? m_server->baseUrl() : QUrl();
}

void GatewayHost::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void GatewayHost::fail(const QString &message)
{
    m_keys->setWatching(false);
    m_lastError = message;
    setState(State::Off);
    Q_EMIT failed(message);
}

} // namespace Switchyard::Gateway
