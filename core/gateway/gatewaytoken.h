#pragma once

#include <QObject>
#include <QString>

#include <expected>

namespace Switchyard::Secrets {
class KeyStore;
struct KeyResult;
}

namespace Switchyard::Gateway {

/// The bearer token of the local gateway: from SWITCHYARD_GATEWAY_TOKEN when
/// set, else the one kept in the system keychain, else a new random one,
/// written there on first start so that clients configured once keep working.
/// Asynchronous like every keychain access: start(), then ready() once.
class GatewayToken final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayToken)

public:
    /// The keychain entry's name, beside the providers' keys.
    static constexpr QLatin1StringView keychainId{"switchyard-gateway"};
    static constexpr QLatin1StringView environmentVariable{"SWITCHYARD_GATEWAY_TOKEN"};

    explicit GatewayToken(Secrets::KeyStore *keys, QObject *parent = nullptr);

    void start();
    /// Replaces the kept token with a new one (clients must be told the new one).
    void renew();

    /// "sy-" and 43 characters of base64url: 256 random bits.
    [[nodiscard]] static QString generate();

Q_SIGNALS:
    /// The token and where it came from ("environment", "keychain", "new"), or why there is none.
    void ready(const std::expected<QString, QString> &token, const QString &origin);

private:
    void onRead(const Secrets::KeyResult &result);
    void store(const QString &token);

    Secrets::KeyStore *m_keys = nullptr;
};

} // namespace Switchyard::Gateway
