#pragma once

#include "secrets/keystore.h"

#include <memory>

namespace Switchyard::Audit {
class AuditLog;
}

namespace Switchyard::Secrets {

class EnvironmentKeys;

/// The key store the app and the CLI use: it finds a provider's key in the
/// environment or in the system keychain and says which (KeyOrigin), so the UI
/// can show "****wxyz from OPENAI_API_KEY".
///
/// A read tries, in order: the variable named explicitly for the provider
/// (--key-env), and only that if there is one; then the provider's
/// conventional variables; then the keychain. The environment comes first, as
/// with gh, aws and docker, because a variable is set for one shell or one
/// launch and so is the more deliberate, more local choice; it also means a
/// machine without a keychain works with no keychain errors at all. Writes and
/// removes go to the keychain, the only writable place; a key written while a
/// variable for the same provider is set stays shadowed by that variable until
/// it is unset, which the origin of the next read shows.
///
/// When the keychain cannot be reached, reads that find no variable fail with
/// NoKeychain and a message naming the variable to set; nothing falls back to
/// a file. The resolver owns neither store; both must outlive it.
class KeyResolver final : public KeyStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyResolver)

public:
    KeyResolver(KeyStore *keychain, EnvironmentKeys *environment, QObject *parent = nullptr);
    ~KeyResolver() override;

    [[nodiscard]] KeyJob *readKey(const QString &providerId) override;
    [[nodiscard]] std::optional<std::expected<ApiKey, KeyError>> readKeyNow(const QString &providerId) override;
    [[nodiscard]] KeyJob *writeKey(const QString &providerId, const QString &key) override;
    [[nodiscard]] KeyJob *removeKey(const QString &providerId) override;

    /// Keys written or removed from now on are entered in log ("key.set",
    /// "key.removed": the provider and where — never the key, not even
    /// masked). Null for none.
    void setAuditLog(std::shared_ptr<Audit::AuditLog> log) { m_audit = std::move(log); }

private:
    [[nodiscard]] KeyJob *relay(KeyOperation operation, const QString &providerId, KeyJob *inner);

    KeyStore *m_keychain = nullptr;
    EnvironmentKeys *m_environment = nullptr;
    std::shared_ptr<Audit::AuditLog> m_audit;
};

} // namespace Switchyard::Secrets
