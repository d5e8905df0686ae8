#pragma once

#include "secrets/keystore.h"

namespace Switchyard::Secrets {

/// API keys in the system keychain through QtKeychain: the Secret Service
/// (GNOME Keyring, KeePassXC, ...) or KWallet on Linux, the Keychain on macOS,
/// the Credential Manager on Windows. Each provider's key is one entry, named
/// by the provider id, under the service name "Switchyard".
///
/// QtKeychain's plain-file fallback stays off: when no keychain is reachable
/// (no Secret Service on the D-Bus session bus, or no bus), every call fails
/// with NoKeychain and a message that names the environment variable to use
/// instead. Keys are never written anywhere else.
///
/// Jobs run one after the other in the order they were started (QtKeychain
/// queues them), so a read started after a write sees the written key.
class KeychainKeyStore final : public KeyStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainKeyStore)

public:
    explicit KeychainKeyStore(QObject *parent = nullptr);
    /// A different service name keeps entries apart, e.g. for a second profile.
    explicit KeychainKeyStore(const QString &service, QObject *parent = nullptr);
    ~KeychainKeyStore() override;

    [[nodiscard]] static QString defaultService();
    [[nodiscard]] QString service() const { return m_service; }

    [[nodiscard]] KeyJob *readKey(const QString &providerId) override;
    [[nodiscard]] KeyJob *writeKey(const QString &providerId, const QString &key) override;
    [[nodiscard]] KeyJob *removeKey(const QString &providerId) override;

private:
    QString m_service = defaultService();
};

} // namespace Switchyard::Secrets
