#include "providers/chatcall.h"

#include "providers/callerrors.h"
#include "providers/provideradapter.h"
#include "secrets/redaction.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

QString mebibytes(qint64 bytes)
{
    return u"%1 MiB"_s.arg(double(bytes) / (1024 * 1024), 0, 'g', 4);
}

} // namespace

ChatCall::ChatCall(QNetworkAccessManager *network, ProviderConfig provider, ChatRequest request, QString key,
                   QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_provider(std::move(provider))
    , m_request(std::move(request))
    , m_key(std::move(key))
{
    m_watchdog.setSingleShot(true);
    m_deadline.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &ChatCall::onTimeout);
    connect(&m_deadline, &QTimer::timeout, this, &ChatCall::onTimeout);
}

ChatCall::~ChatCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ChatCall::start()
{
    Q_ASSERT(!m_reply && !m_finished);
    const ProviderAdapter &adapter = ProviderAdapter::forKind(m_provider.kind);
    m_decoder = adapter.streamDecoder();
    m_decoder->setMaxEventBytes(m_timeouts.maxEventBytes);
    m_timings.started = QDateTime::currentDateTimeUtc();
    m_clock.start();

    if (QString refusal = adapter.refusal(m_request); !refusal.isEmpty()) {
        // Queued, as every other failure arrives after start() returns.
        QMetaObject::invokeMethod(
            this,
            [this, refusal = std::move(refusal)] {
                fail({.kind = CallError::Kind::BadRequest, .message = m_provider.displayName + u": "_s + refusal});
            },
            Qt::QueuedConnection);
        return;
    }
    m_reply = m_network->post(adapter.chatRequest(m_provider, m_request, m_key), adapter.chatBody(m_provider, m_request));
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_timings.requestSentNs = now(); });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (auto bad = CallErrors::forHead(m_provider.displayName, m_reply->rawHeaderPairs()))
            fail(*bad);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatCall::onFinished);
    m_watchdog.start(m_timeouts.firstByteMs);
    m_deadline.start(m_timeouts.totalMs);
}

void ChatCall::cancel()
{
    if (m_finished || !m_reply)
        return;
    m_abortReason = CallError::Kind::Cancelled;
    m_reply->abort(); // finished() follows synchronously
}

void ChatCall::onTimeout()
{
    if (m_finished || !m_reply)
        return;
    m_abortReason = CallError::Kind::Timeout;
    m_reply->abort();
}

void ChatCall::onReadyRead()
{
    if (m_timings.firstByteNs < 0)
        m_timings.firstByteNs = now();
    m_watchdog.start(m_timeouts.stallMs);

    if (m_body == Body::Undecided) {
        m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
        if (m_httpStatus < 200 || m_httpStatus >= 300)
            m_body = Body::Error;
        else if (!m_request.stream || type.startsWith("application/json"))
            m_body = Body::WholeJson; // asked for no stream, or a server that ignored stream: true
        else
            m_body = Body::Stream;
        if (m_body != Body::Error && type.startsWith("text/html")) {
            fail({.kind = CallError::Kind::Protocol,
                  .message = u"%1 answered with a web page instead of a model response — is the base URL %2 right?"_s.arg(
                      m_provider.displayName, m_provider.baseUrl.toString())});
            return;
        }
    }

    // Checked before reading, so that an answer past the limit is never held whole.
    if (m_receivedBytes + m_reply->bytesAvailable() > m_timeouts.maxAnswerBytes) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent more than %2 for one answer; stopped reading there. The partial answer is kept."_s.arg(
                  m_provider.displayName, mebibytes(m_timeouts.maxAnswerBytes))});
        return;
    }
    const QByteArray bytes = m_reply->readAll();
    m_receivedBytes += bytes.size();
    if (m_body != Body::Stream) {
        m_buffered += bytes;
        return;
    }
    QList<ChatEvent> events;
    m_decoder->feed(bytes, events);
    handle(events);
    if (!m_finished && m_decoder->overflowed())
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent one stream event larger than %2; stopped reading there. The partial answer is kept."_s.arg(
                  m_provider.displayName, mebibytes(m_timeouts.maxEventBytes))});
}

void ChatCall::handle(QList<ChatEvent> &events)
{
    if (events.isEmpty())
        return;
    std::optional<CallError> failure;
    for (ChatEvent &e : events) {
        switch (e.type) {
        case ChatEvent::Type::TextDelta:
            m_text += e.text;
            break;
        case ChatEvent::Type::ReasoningDelta:
            m_reasoning += e.text;
            break;
        case ChatEvent::Type::ToolCallDelta:
            if (e.toolIndex >= m_toolCalls.size())
                m_toolCalls.resize(e.toolIndex + 1);
            if (!e.toolId.isEmpty())
                m_toolCalls[e.toolIndex].id = e.toolId;
            if (!e.toolName.isEmpty())
                m_toolCalls[e.toolIndex].name = e.toolName;
            m_toolCalls[e.toolIndex].arguments += e.text;
            break;
        case ChatEvent::Type::Usage:
            m_usage = e.usage;
            break;
        case ChatEvent::Type::Finish:
            m_finishReason = e.finishReason;
            break;
        case ChatEvent::Type::Error:
            e.error.message = Secrets::redacted(e.error.message, m_key);
            if (!failure)
                failure = e.error;
            break;
        }
        if (m_timings.firstTokenNs < 0
            && (e.type == ChatEvent::Type::TextDelta || e.type == ChatEvent::Type::ReasoningDelta
                || e.type == ChatEvent::Type::ToolCallDelta))
            m_timings.firstTokenNs = now();
    }
    Q_EMIT eventsReceived(events);
    if (failure)
        fail(*failure);
}

void ChatCall::fail(CallError error)
{
    if (m_finished)
        return;
    if (!m_error) {
        // Whatever a provider said goes out from here — shown, stored,
        // forwarded — so the key it may repeat is masked here, once.
        error.message = Secrets::redacted(error.message, m_key);
        m_error = std::move(error);
    }
    if (m_reply && m_reply->isRunning()) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    finish();
}

void ChatCall::onFinished()
{
    if (m_finished)
        return;
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished)
        return;

    if (m_abortReason) {
        CallError e{.kind = *m_abortReason};
        if (*m_abortReason == CallError::Kind::Cancelled)
            e.message = u"Stopped."_s;
        else if (m_timings.firstByteNs < 0)
            e.message = u"%1 sent nothing for %2 s; gave up waiting."_s.arg(m_provider.displayName).arg(m_timeouts.firstByteMs / 1000.0);
        else if (m_deadline.isActive())
            e.message = u"The stream from %1 stalled: no data for %2 s. The partial answer is kept."_s.arg(m_provider.displayName).arg(m_timeouts.stallMs / 1000.0);
        else
            e.message = u"The call to %1 took longer than the %2 s limit. The partial answer is kept."_s.arg(m_provider.displayName).arg(m_timeouts.totalMs / 1000.0);
        fail(e);
        return;
    }
    if (m_httpStatus >= 300 || m_body == Body::Error) {
        fail(CallErrors::forStatus(m_provider.displayName, m_httpStatus, m_buffered, m_reply->rawHeaderPairs()));
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        CallError e = CallErrors::forNetworkError(m_provider, m_reply->error(), m_reply->errorString(), m_reply->url(),
                                                  m_timings.firstByteNs >= 0);
        if (e.kind == CallError::Kind::StreamCut) // unlike a model list, a cut answer is worth keeping
            e.message += u" The partial answer is kept."_s;
        fail(e);
        return;
    }
    QList<ChatEvent> events;
    if (m_body == Body::WholeJson) {
        events = ProviderAdapter::forKind(m_provider.kind).decodeResponse(m_buffered);
        handle(events);
    } else {
        m_decoder->finish(events);
        handle(events);
        if (!m_finished && !m_decoder->isComplete()) {
            fail({.kind = CallError::Kind::StreamCut,
                  .message = u"The connection to %1 ended before the answer was complete. The partial answer is kept."_s.arg(
                      m_provider.displayName)});
            return;
        }
    }
    finish();
}

void ChatCall::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_watchdog.stop();
    m_deadline.stop();
    m_timings.doneNs = now();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_error) {
        QList<ChatEvent> last{ChatEvent::failure(*m_error)};
        Q_EMIT eventsReceived(last);
    }
    Q_EMIT finished();
}

} // namespace Switchyard::Providers
