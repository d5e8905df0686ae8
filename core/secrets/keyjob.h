#pragma once

#include "secrets/keyresult.h"

#include <QObject>

namespace Switchyard::Secrets {

/// One pending key operation, handed out by a KeyStore. Connect to finished()
/// right after the call that made the job: the signal always comes from a later
/// turn of the event loop, never from inside that call, so nobody misses it.
/// The store owns the job (as its QObject child) and the job deletes itself
/// once finished() has been delivered; keep a QPointer if you need it longer.
/// A job whose store is destroyed first ends without emitting finished().
class KeyJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyJob)

public:
    KeyJob(KeyOperation operation, const QString &providerId, QObject *parent = nullptr);
    ~KeyJob() override;

    [[nodiscard]] KeyOperation operation() const { return m_result.operation; }
    [[nodiscard]] QString providerId() const { return m_result.providerId; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// The outcome; meaningful once isFinished().
    [[nodiscard]] const KeyResult &result() const { return m_result; }

    /// For KeyStore implementations: sets the outcome and schedules finished()
    /// and the job's deletion. Only the first call counts.
    void finish(std::expected<ApiKey, KeyError> outcome);
    void fail(KeyError::Kind kind, const QString &message);

Q_SIGNALS:
    void finished(const Switchyard::Secrets::KeyResult &result);

private:
    KeyResult m_result;
    bool m_finished = false;
};

} // namespace Switchyard::Secrets
