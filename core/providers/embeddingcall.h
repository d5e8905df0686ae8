#pragma once

#include "providers/chatcall.h"
#include "providers/chatevent.h"
#include "providers/embeddingrequest.h"
#include "providers/providerconfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Switchyard::Providers {

/// One embeddings request to one provider, in its wire format (the
/// adapter's embeddings methods) — sent as several requests one after
/// another where the format takes fewer inputs at once (Gemini: 100), the
/// vectors joined in order. Owns its QNetworkReply, holds each answer
/// only up to CallTimeouts::maxAnswerBytes, keeps to the same first-byte,
/// stall and total time limits as a ChatCall, and maps failures through
/// CallErrors, so a hostile or broken upstream — malformed JSON, a wrong
/// number of vectors, a huge body, a stall — ends in a named error in
/// bounded time and memory. A format without embeddings (Anthropic) fails
/// as a bad request without sending. Emits finished() exactly once, never
/// from inside start(). Never blocks.
class EmbeddingCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingCall)

public:
    EmbeddingCall(QNetworkAccessManager *network, ProviderConfig provider, EmbeddingRequest request, QString key,
                  QObject *parent = nullptr);
    ~EmbeddingCall() override;

    void setTimeouts(const CallTimeouts &timeouts) { m_timeouts = timeouts; }
    void start();
    /// Stops at once; finished() follows with a Cancelled error.
    void cancel();

    [[nodiscard]] const ProviderConfig &provider() const { return m_provider; }
    [[nodiscard]] const EmbeddingRequest &request() const { return m_request; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// Whether a request went out (false for one the format refused).
    /// Requests sent: more than one where the format's batches are smaller.
    [[nodiscard]] bool wasSent() const { return m_requests > 0; }
    [[nodiscard]] int requestCount() const { return m_requests; }
    /// The vectors, in input order, once finished without error.
    [[nodiscard]] const EmbeddingResult &result() const { return m_result; }
    [[nodiscard]] const std::optional<CallError> &error() const { return m_error; }
    [[nodiscard]] QDateTime started() const { return m_started; }
    /// Nanoseconds from start() to the end; the time so far while running.
    [[nodiscard]] qint64 elapsedNs() const
    {
        return m_finished ? m_doneNs : m_clock.isValid() ? m_clock.nsecsElapsed() : -1;
    }

Q_SIGNALS:
    void finished();

private:
    void sendBatch();
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void fail(CallError error);
    void finish();

    QNetworkAccessManager *m_network = nullptr;
    ProviderConfig m_provider;
    EmbeddingRequest m_request;
    QString m_key;
    CallTimeouts m_timeouts;

    QPointer<QNetworkReply> m_reply;
    QTimer m_watchdog; // first byte, then stall
    QTimer m_deadline; // total
    QElapsedTimer m_clock;
    QDateTime m_started;
    qint64 m_doneNs = -1;
    std::optional<CallError::Kind> m_abortReason;
    QByteArray m_body;
    bool m_gotBytes = false;
    int m_requests = 0;
    qsizetype m_held = 0; // bytes of the vectors kept from earlier requests
    qsizetype m_batchStart = 0; // the first input of the request under way
    qsizetype m_batchSize = 0;

    EmbeddingResult m_result;
    std::optional<CallError> m_error;
    bool m_finished = false;
};

} // namespace Switchyard::Providers
