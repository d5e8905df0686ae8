#include "settings/appsettings.h"

#include <QHostAddress>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Switchyard::Settings {
namespace {

bool isLoopback(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// The proxy setting as a factory, so loopback can be exempted per request.
class ProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit ProxyFactory(const AppSettings::Proxy &proxy)
        : m_proxy(proxy)
    {
    }

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (isLoopback(query.peerHostName()))
            return {QNetworkProxy::NoProxy};
        if (m_proxy.mode == AppSettings::Proxy::Mode::System)
            return systemProxyForQuery(query);
        return {QNetworkProxy(m_proxy.socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, m_proxy.host,
                              m_proxy.port)};
    }

private:
    AppSettings::Proxy m_proxy;
};

bool inRange(int ms)
{
    return ms >= AppSettings::MinTimeoutMs && ms <= AppSettings::MaxTimeoutMs;
}

bool sizesInRange(qint64 eventBytes, qint64 answerBytes)
{
    return eventBytes >= AppSettings::MinEventBytes && eventBytes <= answerBytes
        && answerBytes <= AppSettings::MaxAnswerBytes;
}

QString outOfRange()
{
    return u"A time limit is between %1 s and %2 s."_s.arg(AppSettings::MinTimeoutMs / 1000)
        .arg(AppSettings::MaxTimeoutMs / 1000);
}

} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent)
{
    QSettings settings;
    settings.beginGroup(u"Settings"_s);
    const auto themes = QMetaEnum::fromType<Theme>();
    bool known = false;
    const int theme = themes.keyToValue(settings.value(u"theme"_s).toString().toLatin1().constData(), &known);
    m_theme = known ? Theme(theme) : Theme::System;

    m_parameters.systemPrompt = settings.value(u"systemPrompt"_s).toString();
    if (const double t = settings.value(u"temperature"_s, -1).toDouble(); t >= 0)
        m_parameters.temperature = t;
    if (const int m = settings.value(u"maxTokens"_s, 0).toInt(); m > 0)
        m_parameters.maxTokens = m;
    m_parameters.reasoningEffort = settings.value(u"reasoningEffort"_s).toString();

    const auto timeout = [&settings](const QString &key, int fallback) {
        const int ms = settings.value(key, fallback).toInt();
        return inRange(ms) ? ms : fallback;
    };
    m_timeouts.firstByteMs = timeout(u"firstByteMs"_s, m_timeouts.firstByteMs);
    m_timeouts.stallMs = timeout(u"stallMs"_s, m_timeouts.stallMs);
    m_timeouts.totalMs = timeout(u"totalMs"_s, m_timeouts.totalMs);
    m_modelListTimeoutMs = timeout(u"modelListMs"_s, m_modelListTimeoutMs);
    const qint64 eventBytes = settings.value(u"maxEventBytes"_s, m_timeouts.maxEventBytes).toLongLong();
    const qint64 answerBytes = settings.value(u"maxAnswerBytes"_s, m_timeouts.maxAnswerBytes).toLongLong();
    if (sizesInRange(eventBytes, answerBytes)) {
        m_timeouts.maxEventBytes = eventBytes;
        m_timeouts.maxAnswerBytes = answerBytes;
    }

    m_proxy.mode = settings.value(u"proxy"_s).toString() == "manual"_L1 ? Proxy::Mode::Manual : Proxy::Mode::System;
    m_proxy.socks = settings.value(u"proxySocks"_s, false).toBool();
    m_proxy.host = settings.value(u"proxyHost"_s).toString();
    m_proxy.port = quint16(settings.value(u"proxyPort"_s, 0).toUInt());
    if (m_proxy.mode == Proxy::Mode::Manual && (m_proxy.host.isEmpty() || m_proxy.port == 0))
        m_proxy.mode = Proxy::Mode::System;
    m_activeRoutingConfig = settings.value(u"activeRoutingConfig"_s).toString();
    m_gatewayEnabled = settings.value(u"gatewayEnabled"_s, false).toBool();
    if (const uint port = settings.value(u"gatewayPort"_s, DefaultGatewayPort).toUInt(); port > 0 && port <= 65535)
        m_gatewayPort = quint16(port);
    m_gatewayAddress = settings.value(u"gatewayAddress"_s).toString();
    m_gatewayAllowedOrigins = settings.value(u"gatewayAllowedOrigins"_s).toStringList();
}

AppSettings::~AppSettings() = default;

template<typename T>
bool AppSettings::update(T &field, const T &value)
{
    if (field == value)
        return false;
    field = value;
    save();
    return true;
}

void AppSettings::setActiveRoutingConfig(const QString &fileName)
{
    if (!update(m_activeRoutingConfig, fileName))
        return;
    Q_EMIT activeRoutingConfigChanged(fileName);
    Q_EMIT changed();
}

void AppSettings::setGatewayEnabled(bool enabled)
{
    if (update(m_gatewayEnabled, enabled))
        Q_EMIT changed();
}

void AppSettings::setGatewayPort(quint16 port)
{
    // 0 (any free port) would give clients a new address at every start.
    if (port != 0 && update(m_gatewayPort, port))
        Q_EMIT changed();
}

void AppSettings::setGatewayAddress(const QString &address)
{
    if (update(m_gatewayAddress, address))
        Q_EMIT changed();
}

void AppSettings::setGatewayAllowedOrigins(const QStringList &origins)
{
    if (update(m_gatewayAllowedOrigins, origins))
        Q_EMIT changed();
}

QString AppSettings::themeName(Theme theme)
{
    return QString::fromLatin1(QMetaEnum::fromType<Theme>().valueToKey(int(theme)));
}

void AppSettings::save() const
{
    QSettings settings;
    settings.beginGroup(u"Settings"_s);
    settings.setValue(u"theme"_s, themeName(m_theme));
    settings.setValue(u"activeRoutingConfig"_s, m_activeRoutingConfig);
    settings.setValue(u"gatewayEnabled"_s, m_gatewayEnabled);
    settings.setValue(u"gatewayPort"_s, m_gatewayPort);
    settings.setValue(u"gatewayAddress"_s, m_gatewayAddress);
    settings.setValue(u"gatewayAllowedOrigins"_s, m_gatewayAllowedOrigins);
    settings.setValue(u"systemPrompt"_s, m_parameters.systemPrompt);
    settings.setValue(u"temperature"_s, m_parameters.temperature.value_or(-1));
    settings.setValue(u"maxTokens"_s, m_parameters.maxTokens.value_or(0));
    settings.setValue(u"reasoningEffort"_s, m_parameters.reasoningEffort);
    settings.setValue(u"firstByteMs"_s, m_timeouts.firstByteMs);
    settings.setValue(u"stallMs"_s, m_timeouts.stallMs);
    settings.setValue(u"totalMs"_s, m_timeouts.totalMs);
    settings.setValue(u"modelListMs"_s, m_modelListTimeoutMs);
    settings.setValue(u"maxEventBytes"_s, m_timeouts.maxEventBytes);
    settings.setValue(u"maxAnswerBytes"_s, m_timeouts.maxAnswerBytes);
    settings.setValue(u"proxy"_s, m_proxy.mode == Proxy::Mode::Manual ? u"manual"_s : u"system"_s);
    settings.setValue(u"proxySocks"_s, m_proxy.socks);
    settings.setValue(u"proxyHost"_s, m_proxy.host);
    settings.setValue(u"proxyPort"_s, m_proxy.port);
}

void AppSettings::setTheme(Theme theme)
{
    if (!update(m_theme, theme))
        return;
    Q_EMIT themeChanged(theme);
    Q_EMIT changed();
}

void AppSettings::setDefaultParameters(const Compare::Parameters &parameters)
{
    if (update(m_parameters, parameters))
        Q_EMIT changed();
}

std::expected<void, QString> AppSettings::setCallTimeouts(const Providers::CallTimeouts &timeouts)
{
    if (!inRange(timeouts.firstByteMs) || !inRange(timeouts.stallMs) || !inRange(timeouts.totalMs))
        return std::unexpected(outOfRange());
    if (!sizesInRange(timeouts.maxEventBytes, timeouts.maxAnswerBytes))
        return std::unexpected(u"One stream event may hold from %1 KiB up to the size of a whole answer, and an "
                                "answer at most %2 MiB."_s.arg(MinEventBytes / 1024).arg(MaxAnswerBytes / (1024 * 1024)));
    m_timeouts = timeouts;
    save();
    Q_EMIT changed();
    return {};
}

std::expected<void, QString> AppSettings::setModelListTimeoutMs(int ms)
{
    if (!inRange(ms))
        return std::unexpected(outOfRange());
    m_modelListTimeoutMs = ms;
    save();
    Q_EMIT changed();
    return {};
}

std::expected<void, QString> AppSettings::setProxy(const Proxy &proxy)
{
    if (proxy.mode == Proxy::Mode::Manual && (proxy.host.trimmed().isEmpty() || proxy.port == 0))
        return std::unexpected(u"A manual proxy needs a host and a port."_s);
    if (proxy == m_proxy)
        return {};
    m_proxy = proxy;
    m_proxy.host = m_proxy.host.trimmed();
    save();
    Q_EMIT proxyChanged();
    Q_EMIT changed();
    return {};
}

void AppSettings::applyProxy(QNetworkAccessManager *network) const
{
    network->setProxyFactory(new ProxyFactory(m_proxy)); // the manager owns it
}

} // namespace Switchyard::Settings
