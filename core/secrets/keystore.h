#pragma once

#include "secrets/keyjob.h"

#include <QObject>
#include <QStringView>

#include <expected>
#include <optional>

namespace Switchyard::Secrets {

/// Where Switchyard gets providers' API keys: the one interface that the app,
/// the CLI and the provider engine ask, and that tests can replace. Every call
/// returns at once with a KeyJob whose finished() signal carries the result,
/// because the real store (the system keychain) answers over D-Bus and the GUI
/// thread must never wait for it. The store owns the jobs it returns.
///
/// Implementations: KeychainKeyStore (the system keychain), EnvironmentKeys
/// (read-only environment variables) and KeyResolver, which combines the two
/// and is what the app uses. None of them ever keeps a key in a plain file.
class KeyStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyStore)

public:
    explicit KeyStore(QObject *parent = nullptr);
    ~KeyStore() override;

    [[nodiscard]] virtual KeyJob *readKey(const QString &providerId) = 0;
    /// The answer readKey() would give, when the store has it without waiting
    /// (an environment variable): then no job is made and nothing is left for
    /// the event loop to do — the gateway reads a key for every request.
    /// Empty when only readKey() can tell (the keychain).
    [[nodiscard]] virtual std::optional<std::expected<ApiKey, KeyError>> readKeyNow(const QString &providerId)
    {
        Q_UNUSED(providerId)
        return std::nullopt;
    }
    /// Stores the key, replacing any earlier one. Surrounding whitespace (a
    /// pasted newline) is dropped; an empty key is an InvalidArgument error.
    [[nodiscard]] virtual KeyJob *writeKey(const QString &providerId, const QString &key) = 0;
    /// Removing a key that is not there succeeds.
    [[nodiscard]] virtual KeyJob *removeKey(const QString &providerId) = 0;

    /// Provider ids are short ASCII names such as "openai" or "x-ai.beta":
    /// letters, digits, '.', '_' and '-'.
    [[nodiscard]] static bool isValidProviderId(QStringView providerId);

    /// The key as stores keep it: without surrounding whitespace. Empty keys
    /// and keys with whitespace or control characters inside (two pasted
    /// lines, a "Bearer " prefix) are InvalidArgument errors.
    [[nodiscard]] static std::expected<QString, KeyError> normalizeKey(const QString &key);

protected:
    /// A new job owned by this store. If the provider id is malformed, the job
    /// comes back already finished with InvalidArgument: check isFinished().
    [[nodiscard]] KeyJob *createJob(KeyOperation operation, const QString &providerId);
};

} // namespace Switchyard::Secrets
