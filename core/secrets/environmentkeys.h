#pragma once

#include "secrets/keystore.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QStringList>

#include <expected>

namespace Switchyard::Secrets {

/// API keys from environment variables: the conventional one(s) for each known
/// provider (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or
/// GOOGLE_API_KEY, ...) or a variable the caller names for a provider, as the
/// CLI's --key-env VAR does. Read-only: writes and removes fail with ReadOnly.
/// It reads a snapshot of the environment taken at construction (or the one it
/// is given, which is how tests use it), so lookup() is synchronous and cheap;
/// readKey() serves the same answer through the KeyStore interface.
///
/// A variable that is set but empty, or only whitespace, counts as unset.
class EnvironmentKeys final : public KeyStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentKeys)

public:
    /// Reads this process's environment.
    explicit EnvironmentKeys(QObject *parent = nullptr);
    explicit EnvironmentKeys(const QProcessEnvironment &environment, QObject *parent = nullptr);
    ~EnvironmentKeys() override;

    /// The conventional variables for a provider, in the order they are tried;
    /// empty for a provider this table does not know.
    [[nodiscard]] static QStringList standardVariables(QStringView providerId);
    /// The provider ids that have conventional variables.
    [[nodiscard]] static QStringList knownProviders();
    /// POSIX shell names: a letter or '_', then letters, digits or '_'.
    [[nodiscard]] static bool isValidVariableName(QStringView name);
    /// What to tell a user who needs another way to give the key, completing
    /// "...; <this> instead": "set OPENAI_API_KEY", "set GEMINI_API_KEY or
    /// GOOGLE_API_KEY", or a general phrase for unknown providers.
    [[nodiscard]] static QString setVariableHint(QStringView providerId);

    /// From now on, read this provider's key from `variable` and from nothing
    /// else — not the conventional variables, and (in KeyResolver) not the
    /// keychain: the caller asked for exactly that one.
    [[nodiscard]] std::expected<void, KeyError> setExplicitVariable(const QString &providerId,
                                                                    const QString &variable);
    [[nodiscard]] bool hasExplicitVariable(const QString &providerId) const;
    /// The variables lookup() tries for this provider, in order.
    [[nodiscard]] QStringList variablesFor(const QString &providerId) const;

    /// The first variable of variablesFor() that is set, or NotFound (or
    /// InvalidArgument for a malformed provider id).
    [[nodiscard]] std::expected<ApiKey, KeyError> lookup(const QString &providerId) const;

    [[nodiscard]] KeyJob *readKey(const QString &providerId) override;
    /// lookup(), remembered: the environment is read once, when this object
    /// is made, so its answers cannot change (an explicit variable set later
    /// starts over) — and the gateway asks for every request.
    [[nodiscard]] std::optional<std::expected<ApiKey, KeyError>> readKeyNow(const QString &providerId) override;
    [[nodiscard]] KeyJob *writeKey(const QString &providerId, const QString &key) override;
    [[nodiscard]] KeyJob *removeKey(const QString &providerId) override;

private:
    [[nodiscard]] KeyJob *refuseChange(KeyOperation operation, const QString &providerId);

    QProcessEnvironment m_environment;
    QHash<QString, QString> m_explicitVariables;
    mutable QHash<QString, std::expected<ApiKey, KeyError>> m_answers; // readKeyNow()'s, by provider
};

} // namespace Switchyard::Secrets
