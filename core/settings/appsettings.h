#pragma once

#include "compare/parameters.h"
#include "providers/chatcall.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <expected>

class QNetworkAccessManager;

namespace Switchyard::Settings {

/// The app's preferences that are not a page's own state: colour theme,
/// the parameters a new comparison starts with, network timeouts and the
/// proxy. Read from QSettings (group "Settings") at construction and written
/// back at every change, which is signalled so that the window re-themes and
/// the network re-routes at once, without a restart.
///
/// UI-free: the theme is only a choice here; the shell applies it.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    struct Proxy
    {
        enum class Mode { System, Manual };
        Mode mode = Mode::System;
        bool socks = false; ///< a SOCKS5 proxy rather than an HTTP one
        QString host;
        quint16 port = 0;
        bool operator==(const Proxy &) const = default;
    };

    static constexpr int MinTimeoutMs = 1000;
    static constexpr int MaxTimeoutMs = 3'600'000;
    static constexpr qint64 MinEventBytes = 64 * 1024;
    static constexpr qint64 MaxAnswerBytes = qint64(4) * 1024 * 1024 * 1024;

    explicit AppSettings(QObject *parent = nullptr);
    ~AppSettings() override;

    [[nodiscard]] Theme theme() const { return m_theme; }
    void setTheme(Theme theme);

    /// What a new comparison's shared parameters start as.
    [[nodiscard]] const Compare::Parameters &defaultParameters() const { return m_parameters; }
    void setDefaultParameters(const Compare::Parameters &parameters);

    [[nodiscard]] const Providers::CallTimeouts &callTimeouts() const { return m_timeouts; }
    /// Each time limit between MinTimeoutMs and MaxTimeoutMs; one event from
    /// MinEventBytes up to the answer's limit, an answer up to MaxAnswerBytes.
    [[nodiscard]] std::expected<void, QString> setCallTimeouts(const Providers::CallTimeouts &timeouts);
    /// For a model listing (a connection test), all pages included.
    [[nodiscard]] int modelListTimeoutMs() const { return m_modelListTimeoutMs; }
    [[nodiscard]] std::expected<void, QString> setModelListTimeoutMs(int ms);

    [[nodiscard]] const Proxy &proxy() const { return m_proxy; }
    /// A manual proxy needs a host and a port.
    [[nodiscard]] std::expected<void, QString> setProxy(const Proxy &proxy);
    /// Routes network's requests by the proxy setting. Requests to this
    /// computer (127.0.0.1, ::1, localhost) never go through a proxy: a local
    /// model server is not on the other side of it.
    void applyProxy(QNetworkAccessManager *network) const;

    /// The file name (in the data folder's routing/ folder) of the routing
    /// config the gateway and Compare's "auto" use; empty for none.
    [[nodiscard]] const QString &activeRoutingConfig() const { return m_activeRoutingConfig; }
    void setActiveRoutingConfig(const QString &fileName);

    /// Whether the local gateway was on when the app last ran: it is started
    /// again at launch.
    [[nodiscard]] bool gatewayEnabled() const { return m_gatewayEnabled; }
    void setGatewayEnabled(bool enabled);
    /// The port the app's gateway listens on (the CLI's 4141 by default).
    [[nodiscard]] quint16 gatewayPort() const { return m_gatewayPort; }
    void setGatewayPort(quint16 port);
    static constexpr quint16 DefaultGatewayPort = 4141;
    /// The address the app's gateway listens on; empty: 127.0.0.1, this
    /// computer only. Anything else is the user's explicit choice.
    [[nodiscard]] const QString &gatewayAddress() const { return m_gatewayAddress; }
    void setGatewayAddress(const QString &address);
    /// Origins (scheme://host[:port]) whose web pages may call the gateway.
    [[nodiscard]] const QStringList &gatewayAllowedOrigins() const { return m_gatewayAllowedOrigins; }
    void setGatewayAllowedOrigins(const QStringList &origins);

    [[nodiscard]] static QString themeName(Theme theme);

Q_SIGNALS:
    void themeChanged(Switchyard::Settings::AppSettings::Theme theme);
    void proxyChanged();
    void activeRoutingConfigChanged(const QString &fileName);
    /// After any change.
    void changed();

private:
    void save() const;
    /// Sets field and saves, if value differs; whether it did.
    template<typename T>
    bool update(T &field, const T &value);

    Theme m_theme = Theme::System;
    Compare::Parameters m_parameters;
    Providers::CallTimeouts m_timeouts;
    int m_modelListTimeoutMs = 20'000;
    Proxy m_proxy;
    QString m_activeRoutingConfig;
    bool m_gatewayEnabled = false;
    quint16 m_gatewayPort = DefaultGatewayPort;
    QString m_gatewayAddress;
    QStringList m_gatewayAllowedOrigins;
};

} // namespace Switchyard::Settings
