#include "providers/chatcall.h"

#include "providers/provideradapter.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

constexpr qsizetype MaxBufferedBody = 8 * 1024 * 1024;

std::optional<int> retryAfter(QByteArrayView value)
{
    bool ok = false;
    const int seconds = value.trimmed().toInt(&ok);
    if (ok)
        return std::max(seconds, 0);
    const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    if (when.isValid())
        return int(std::max<qint64>(QDateTime::currentDateTimeUtc().secsTo(QDateTime(when.date(), when.time(), QTimeZone::UTC)), 0));
    return std::nullopt;
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
    m_timings.started = QDateTime::currentDateTimeUtc();
    m_clock.start();

    m_reply = m_network->post(adapter.chatRequest(m_provider, m_request, m_key), adapter.chatBody(m_provider, m_request));
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_timings.requestSentNs = now(); });
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

    const QByteArray bytes = m_reply->readAll();
    if (m_body != Body::Stream) {
        if (m_buffered.size() + bytes.size() > MaxBufferedBody) {
            fail({.kind = CallError::Kind::Protocol,
                  .message = u"%1 sent a response larger than 8 MB; stopped reading"_s.arg(m_provider.displayName)});
            return;
        }
        m_buffered += bytes;
        return;
    }
    QList<ChatEvent> events;
    m_decoder->feed(bytes, events);
    handle(events);
}

void ChatCall::handle(QList<ChatEvent> &events)
{
    if (events.isEmpty())
        return;
    std::optional<CallError> failure;
    for (const ChatEvent &e : std::as_const(events)) {
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
    if (!m_error)
        m_error = std::move(error);
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
        fail(errorForStatus(m_provider.displayName, m_httpStatus, m_buffered, m_reply->rawHeaderPairs()));
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        fail(networkError());
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

CallError ChatCall::networkError() const
{
    const QUrl url = m_reply->url();
    const QString where = url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString());
    CallError e;
    switch (m_reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        e = {.kind = CallError::Kind::ConnectionRefused,
             .message = u"Could not connect to %1 at %2 (connection refused) — is the server running?"_s.arg(m_provider.displayName, where)};
        break;
    case QNetworkReply::HostNotFoundError:
        e = {.kind = CallError::Kind::HostNotFound,
             .message = u"The host %1 was not found — check the base URL of %2 and the network."_s.arg(url.host(), m_provider.displayName)};
        break;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        e = {.kind = CallError::Kind::Tls,
             .message = u"The secure connection to %1 failed: %2"_s.arg(where, m_reply->errorString())};
        break;
    case QNetworkReply::TimeoutError:
        e = {.kind = CallError::Kind::Timeout, .message = u"The connection to %1 timed out."_s.arg(where)};
        break;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProxyConnectionClosedError:
        if (m_timings.firstByteNs >= 0) {
            e = {.kind = CallError::Kind::StreamCut,
                 .message = u"The connection to %1 ended before the answer was complete. The partial answer is kept."_s.arg(m_provider.displayName)};
            break;
        }
        [[fallthrough]];
    default:
        e = {.kind = CallError::Kind::Network,
             .message = u"Network error talking to %1: %2"_s.arg(m_provider.displayName, m_reply->errorString())};
        break;
    }
    return e;
}

CallError ChatCall::errorForStatus(const QString &providerName, int status, QByteArrayView body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QString detail = ProviderAdapter::errorMessageFromBody(body);
    if (detail.isEmpty() && !body.trimmed().isEmpty() && !body.trimmed().startsWith('<'))
        detail = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 300))).trimmed();
    const QString said = detail.isEmpty() ? QString() : u" It said: "_s + detail;

    CallError e{.httpStatus = status};
    QStringList limits;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "retry-after")
            e.retryAfterSeconds = retryAfter(value);
        else if (lower.startsWith("x-ratelimit-") || lower.startsWith("anthropic-ratelimit-"))
            limits.append(QString::fromLatin1(lower + ": " + value));
    }
    e.rateLimit = limits.join(u", "_s);

    if (status == 401 || status == 403) {
        e.kind = CallError::Kind::InvalidKey;
        e.message = u"Invalid key for %1 (HTTP %2): the provider rejected the API key. Check it in Providers.%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status == 429) {
        e.kind = CallError::Kind::RateLimited;
        e.message = u"%1 is rate-limiting this key (HTTP 429)%2.%3"_s.arg(providerName,
            e.retryAfterSeconds ? u"; retry after %1 s"_s.arg(*e.retryAfterSeconds) : QString(), said);
    } else if (status == 529 || status == 503) {
        e.kind = CallError::Kind::Overloaded;
        e.message = u"%1 is overloaded (HTTP %2); try again shortly or pick another model.%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status >= 500) {
        e.kind = CallError::Kind::ServerError;
        e.message = u"%1 had a server error (HTTP %2).%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status == 404) {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 answered 404 Not Found — check the model name and the base URL.%2"_s.arg(providerName, said);
    } else if (status >= 300 && status < 400) {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 redirected the request (HTTP %2); check the base URL — keys are never sent on to another address."_s.arg(providerName).arg(status);
    } else {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 refused the request (HTTP %2).%3"_s.arg(providerName).arg(status).arg(said);
    }
    return e;
}

} // namespace Switchyard::Providers
