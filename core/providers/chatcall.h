#pragma once

#include "providers/chatevent.h"
#include "providers/chatrequest.h"
#include "providers/providerconfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Switchyard::Providers {

class StreamDecoder;

/// The limits one call keeps to: time, and the size of what it holds, so a
/// runaway or hostile server costs a bounded amount of memory. The same in
/// every wire format: the timers look at bytes, not at events.
struct CallTimeouts {
    int firstByteMs = 60'000; // connect + the provider's thinking before its first byte
    int stallMs = 30'000;     // no byte for this long once the stream has started
    int totalMs = 600'000;
    qint64 maxEventBytes = 16 * 1024 * 1024;  // one SSE event or NDJSON line
    qint64 maxAnswerBytes = 64 * 1024 * 1024; // the whole answer as sent, stream or body

    bool operator==(const CallTimeouts &) const = default;
};

/// Offsets from start() in nanoseconds; -1 where the moment has not come.
struct CallTimings {
    QDateTime started;
    qint64 requestSentNs = -1;
    qint64 firstByteNs = -1;
    qint64 firstTokenNs = -1;
    qint64 doneNs = -1;
};

/// One request to one provider: owns its QNetworkReply, decodes the stream as
/// it arrives, enforces the timeouts, and keeps everything seen so far — text,
/// reasoning, tool calls, usage — so a failure mid-stream loses nothing. Emits
/// the decoded events per network read, then finished() exactly once, whether
/// the call succeeded, failed or was cancelled. Never blocks.
class ChatCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatCall)

public:
    ChatCall(QNetworkAccessManager *network, ProviderConfig provider, ChatRequest request, QString key,
             QObject *parent = nullptr);
    ~ChatCall() override;

    void setTimeouts(const CallTimeouts &timeouts) { m_timeouts = timeouts; }
    void start();
    /// Stops the request at once; finished() follows with a Cancelled error.
    void cancel();

    [[nodiscard]] const ProviderConfig &provider() const { return m_provider; }
    [[nodiscard]] const ChatRequest &request() const { return m_request; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const QString &text() const { return m_text; }
    [[nodiscard]] const QString &reasoning() const { return m_reasoning; }
    [[nodiscard]] const QList<ToolCall> &toolCalls() const { return m_toolCalls; }
    [[nodiscard]] const TokenUsage &usage() const { return m_usage; }
    [[nodiscard]] const QString &finishReason() const { return m_finishReason; }
    [[nodiscard]] const std::optional<CallError> &error() const { return m_error; }
    /// The answer stopped before its end: an error came after some output.
    [[nodiscard]] bool isIncomplete() const { return m_error && m_timings.firstTokenNs >= 0; }
    [[nodiscard]] const CallTimings &timings() const { return m_timings; }
    /// Nanoseconds since start(); -1 before it. Stops moving once finished.
    [[nodiscard]] qint64 elapsedNs() const
    {
        return m_finished ? m_timings.doneNs : m_clock.isValid() ? m_clock.nsecsElapsed() : -1;
    }
    [[nodiscard]] int httpStatus() const { return m_httpStatus; }

Q_SIGNALS:
    void eventsReceived(const QList<Switchyard::Providers::ChatEvent> &events);
    void finished();

private:
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void handle(QList<ChatEvent> &events);
    void fail(CallError error);
    void finish();
    [[nodiscard]] qint64 now() const { return m_clock.nsecsElapsed(); }

    QNetworkAccessManager *m_network = nullptr;
    ProviderConfig m_provider;
    ChatRequest m_request;
    QString m_key;
    CallTimeouts m_timeouts;

    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<StreamDecoder> m_decoder;
    QTimer m_watchdog; // first byte, then stall
    QTimer m_deadline; // total
    QElapsedTimer m_clock;
    std::optional<CallError::Kind> m_abortReason;

    enum class Body { Undecided, Stream, WholeJson, Error } m_body = Body::Undecided;
    QByteArray m_buffered; // an error body or a whole JSON answer
    qint64 m_receivedBytes = 0;
    int m_httpStatus = 0;

    QString m_text;
    QString m_reasoning;
    QList<ToolCall> m_toolCalls;
    TokenUsage m_usage;
    QString m_finishReason;
    std::optional<CallError> m_error;
    CallTimings m_timings;
    bool m_finished = false;
};

} // namespace Switchyard::Providers
