#include "secrets/keyjob.h"

#include "secrets/secretslog.h"

namespace Switchyard::Secrets {

KeyJob::KeyJob(KeyOperation operation, const QString &providerId, QObject *parent)
    : QObject(parent)
{
    m_result.operation = operation;
    m_result.providerId = providerId;
}

KeyJob::~KeyJob() = default;

void KeyJob::finish(std::expected<ApiKey, KeyError> outcome)
{
    if (m_finished) {
        qCWarning(lcSecrets) << "a key job for" << m_result.providerId << "was finished twice";
        return;
    }
    m_finished = true;
    m_result.outcome = std::move(outcome);
    // Queued even when the store answers at once (environment variables, bad
    // arguments), so that a caller connecting after readKey() returns still
    // hears the answer.
    QMetaObject::invokeMethod(
        this,
        [this] {
            Q_EMIT finished(m_result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

void KeyJob::fail(KeyError::Kind kind, const QString &message)
{
    finish(std::unexpected(KeyError{.kind = kind, .message = message}));
}

} // namespace Switchyard::Secrets
