#pragma once

#include "secrets/keystore.h"

#include <QHash>

namespace Switchyard::TestSupport {

/// A keychain in memory for widget tests that are not about the keychain:
/// answers like KeychainKeyStore (asynchronously, origin "system keychain",
/// keys normalised), and lets the test look at what was stored. The tests
/// that must prove a key reaches no file use PrivateKeyring instead.
class MemoryKeyStore final : public Secrets::KeyStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryKeyStore)

public:
    using KeyStore::KeyStore;
    ~MemoryKeyStore() override = default;

    QHash<QString, QString> keys;
    /// Set: no keychain answers, as on a machine without a session bus; reads
    /// fail with NoKeychain and this (the system's own) message.
    QString unreachable;
    /// Set: writes are refused with this message, as a locked keychain
    /// that the user would not open refuses them.
    QString writesRefused;

    [[nodiscard]] Secrets::KeyJob *readKey(const QString &providerId) override
    {
        Secrets::KeyJob *job = createJob(Secrets::KeyOperation::Read, providerId);
        if (job->isFinished())
            return job;
        if (!unreachable.isEmpty())
            job->fail(Secrets::KeyError::Kind::NoKeychain, unreachable);
        else if (const auto it = keys.constFind(providerId); it != keys.cend())
            job->finish(Secrets::ApiKey{.secret = *it, .origin = Secrets::KeyOrigin::keychain()});
        else
            job->fail(Secrets::KeyError::Kind::NotFound, QStringLiteral("the system keychain has no key for ") + providerId);
        return job;
    }

    [[nodiscard]] Secrets::KeyJob *writeKey(const QString &providerId, const QString &key) override
    {
        Secrets::KeyJob *job = createJob(Secrets::KeyOperation::Write, providerId);
        if (job->isFinished())
            return job;
        if (!writesRefused.isEmpty()) {
            job->fail(Secrets::KeyError::Kind::AccessDenied, writesRefused);
            return job;
        }
        const auto normalized = normalizeKey(key);
        if (!normalized) {
            job->finish(std::unexpected(normalized.error()));
            return job;
        }
        keys.insert(providerId, *normalized);
        job->finish(Secrets::ApiKey{.secret = {}, .origin = Secrets::KeyOrigin::keychain()});
        return job;
    }

    [[nodiscard]] Secrets::KeyJob *removeKey(const QString &providerId) override
    {
        Secrets::KeyJob *job = createJob(Secrets::KeyOperation::Remove, providerId);
        if (job->isFinished())
            return job;
        keys.remove(providerId);
        job->finish(Secrets::ApiKey{.secret = {}, .origin = Secrets::KeyOrigin::keychain()});
        return job;
    }
};

} // namespace Switchyard::TestSupport
