#include "secrets/keyresolver.h"

#include "audit/auditlog.h"
#include "secrets/environmentkeys.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

KeyResolver::KeyResolver(KeyStore *keychain, EnvironmentKeys *environment, QObject *parent)
    : KeyStore(parent)
    , m_keychain(keychain)
    , m_environment(environment)
{
    Q_ASSERT(keychain);
    Q_ASSERT(environment);
}

KeyResolver::~KeyResolver() = default;

KeyJob *KeyResolver::readKey(const QString &providerId)
{
    KeyJob *job = createJob(KeyOperation::Read, providerId);
    if (job->isFinished())
        return job;

    auto fromEnvironment = m_environment->lookup(providerId);
    if (fromEnvironment || m_environment->hasExplicitVariable(providerId)) {
        job->finish(std::move(fromEnvironment));
        return job;
    }

    const QString notInEnvironment = fromEnvironment.error().message;
    KeyJob *inner = m_keychain->readKey(providerId);
    connect(inner, &KeyJob::finished, job, [job, providerId, notInEnvironment](const KeyResult &result) {
        if (!result.ok() && result.outcome.error().kind == KeyError::Kind::NotFound) {
            job->fail(KeyError::Kind::NotFound,
                      u"no API key for %1: the system keychain has none, and %2"_s.arg(providerId,
                                                                                       notInEnvironment));
            return;
        }
        job->finish(result.outcome);
    });
    return job;
}

std::optional<std::expected<ApiKey, KeyError>> KeyResolver::readKeyNow(const QString &providerId)
{
    // The same order as readKey(): a variable wins; an explicit one is the
    // only place looked at. Only the keychain needs waiting for.
    auto fromEnvironment = m_environment->readKeyNow(providerId);
    if (*fromEnvironment || m_environment->hasExplicitVariable(providerId))
        return fromEnvironment;
    return std::nullopt;
}

KeyJob *KeyResolver::writeKey(const QString &providerId, const QString &key)
{
    return relay(KeyOperation::Write, providerId, m_keychain->writeKey(providerId, key));
}

KeyJob *KeyResolver::removeKey(const QString &providerId)
{
    return relay(KeyOperation::Remove, providerId, m_keychain->removeKey(providerId));
}

KeyJob *KeyResolver::relay(KeyOperation operation, const QString &providerId, KeyJob *inner)
{
    KeyJob *job = createJob(operation, providerId);
    if (job->isFinished())
        return job;
    connect(inner, &KeyJob::finished, job, [job, audit = m_audit, operation, providerId](const KeyResult &result) {
        if (audit && result.ok()) {
            audit->record(operation == KeyOperation::Write ? u"key.set"_s : u"key.removed"_s,
                          {{u"provider"_s, providerId}, {u"store"_s, u"keychain"_s}});
        }
        job->finish(result.outcome);
    });
    return job;
}

} // namespace Switchyard::Secrets
