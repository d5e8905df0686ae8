#include "secrets/keychainkeystore.h"

#include "secrets/environmentkeys.h"
#include "secrets/secretslog.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

namespace {

QString operationVerb(KeyOperation operation)
{
    switch (operation) {
    case KeyOperation::Read:
        return u"read"_s;
    case KeyOperation::Write:
        return u"store"_s;
    case KeyOperation::Remove:
        return u"remove"_s;
    }
    return {};
}

KeyError keychainError(const QKeychain::Job &job, KeyOperation operation, const QString &providerId)
{
    QString detail = job.errorString().trimmed();
    while (detail.endsWith(u'.'))
        detail.chop(1);
    if (detail.isEmpty())
        detail = u"no details given"_s;

    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return {KeyError::Kind::NotFound, u"the system keychain has no key for %1"_s.arg(providerId)};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {KeyError::Kind::AccessDenied,
                u"the system keychain refused access (%1); unlock it, or %2 instead"_s.arg(
                    detail, EnvironmentKeys::setVariableHint(providerId))};
    // On Linux, OtherError is what QtKeychain reports when libsecret cannot
    // reach a Secret Service at all: no session bus ("Could not connect: ..."),
    // or a bus where nobody provides org.freedesktop.secrets. Those are the
    // common OtherErrors, and the detail is kept in the message either way.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return {KeyError::Kind::NoKeychain,
                u"no system keychain is available: %1; %2 instead"_s.arg(
                    detail, EnvironmentKeys::setVariableHint(providerId))};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoError:
        break;
    }
    return {KeyError::Kind::Failed,
            u"the system keychain could not %1 the key for %2: %3"_s.arg(operationVerb(operation), providerId,
                                                                         detail)};
}

// A QtKeychain job for one of our jobs. It has no parent and deletes itself
// when done: libsecret's callbacks hold a raw pointer to it, so it must live
// until they have run even if our KeyJob (or the whole store) is gone by then.
template<typename QKeychainJob>
QKeychainJob *createKeychainJob(const QString &service, const QString &providerId)
{
    auto *keychainJob = new QKeychainJob(service);
    keychainJob->setAutoDelete(true);
    // The default, set anyway because it is the promise this class makes: with
    // it on, QtKeychain would put keys in a plain QSettings file whenever no
    // keychain answers.
    keychainJob->setInsecureFallback(false);
    keychainJob->setKey(providerId);
    return keychainJob;
}

// Starts keychainJob and finishes `job` with its outcome. The connection's
// context is our job, so a late answer for a job nobody waits for is dropped.
template<typename QKeychainJob, typename OnSuccess>
void runKeychainJob(QKeychainJob *keychainJob, KeyJob *job, OnSuccess onSuccess)
{
    QObject::connect(keychainJob, &QKeychain::Job::finished, job, [job, onSuccess](QKeychain::Job *done) {
        const KeyOperation operation = job->operation();
        const QString providerId = job->providerId();
        const QKeychain::Error error = done->error();
        // Removing what is not there is not a failure: the caller wanted no
        // key, and there is none.
        if (error == QKeychain::NoError
            || (operation == KeyOperation::Remove && error == QKeychain::EntryNotFound)) {
            qCDebug(lcSecrets).noquote()
                << "keychain:" << operationVerb(operation) << "the key for" << providerId << "done";
            job->finish(onSuccess(static_cast<QKeychainJob *>(done)));
            return;
        }
        KeyError failure = keychainError(*done, operation, providerId);
        if (failure.kind == KeyError::Kind::NotFound)
            qCDebug(lcSecrets).noquote() << "keychain: no key for" << providerId;
        else
            qCWarning(lcSecrets).noquote()
                << "keychain:" << KeyError::kindName(failure.kind) << "-" << failure.message;
        job->finish(std::unexpected(std::move(failure)));
    });
    keychainJob->start();
}

ApiKey storedInKeychain(const QKeychain::Job *)
{
    return ApiKey{.secret = {}, .origin = KeyOrigin::keychain()};
}

} // namespace

KeychainKeyStore::KeychainKeyStore(QObject *parent)
    : KeyStore(parent)
{
}

KeychainKeyStore::KeychainKeyStore(const QString &service, QObject *parent)
    : KeyStore(parent)
    , m_service(service)
{
}

KeychainKeyStore::~KeychainKeyStore() = default;

QString KeychainKeyStore::defaultService()
{
    return u"Switchyard"_s;
}

KeyJob *KeychainKeyStore::readKey(const QString &providerId)
{
    KeyJob *job = createJob(KeyOperation::Read, providerId);
    if (job->isFinished())
        return job;
    runKeychainJob(createKeychainJob<QKeychain::ReadPasswordJob>(m_service, providerId), job,
                   [](const QKeychain::ReadPasswordJob *done) {
                       return ApiKey{.secret = done->textData(), .origin = KeyOrigin::keychain()};
                   });
    return job;
}

KeyJob *KeychainKeyStore::writeKey(const QString &providerId, const QString &key)
{
    KeyJob *job = createJob(KeyOperation::Write, providerId);
    if (job->isFinished())
        return job;
    const auto normalized = normalizeKey(key);
    if (!normalized) {
        job->finish(std::unexpected(normalized.error()));
        return job;
    }
    auto *write = createKeychainJob<QKeychain::WritePasswordJob>(m_service, providerId);
    write->setTextData(*normalized);
    runKeychainJob(write, job, storedInKeychain);
    return job;
}

KeyJob *KeychainKeyStore::removeKey(const QString &providerId)
{
    KeyJob *job = createJob(KeyOperation::Remove, providerId);
    if (job->isFinished())
        return job;
    runKeychainJob(createKeychainJob<QKeychain::DeletePasswordJob>(m_service, providerId), job,
                   storedInKeychain);
    return job;
}

} // namespace Switchyard::Secrets
