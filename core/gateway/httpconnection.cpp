#include "gateway/httpconnection.h"

#include "gateway/httpresponder.h"
#include "gateway/httpserver.h"

#include <QHttpHeaders>
#include <QSocketNotifier>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace Switchyard::Gateway {

namespace {

HttpConnection *self(llhttp_t *parser)
{
    return static_cast<HttpConnection *>(parser->data);
}

HttpRequest::Method methodOf(uint8_t method)
{
    switch (method) {
    case HTTP_GET: return HttpRequest::Method::Get;
    case HTTP_HEAD: return HttpRequest::Method::Head;
    case HTTP_POST: return HttpRequest::Method::Post;
    case HTTP_PUT: return HttpRequest::Method::Put;
    case HTTP_DELETE: return HttpRequest::Method::Delete;
    case HTTP_OPTIONS: return HttpRequest::Method::Options;
    case HTTP_PATCH: return HttpRequest::Method::Patch;
    default: return HttpRequest::Method::Other;
    }
}

QByteArrayView reasonOf(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 499: return "Client Closed Request";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

} // namespace

const llhttp_settings_t &HttpConnection::settings()
{
    static const llhttp_settings_t settings = [] {
        llhttp_settings_t s;
        llhttp_settings_init(&s);
        s.on_message_begin = &HttpConnection::onMessageBegin;
        s.on_url = &HttpConnection::onUrl;
        s.on_header_field = &HttpConnection::onHeaderField;
        s.on_header_value = &HttpConnection::onHeaderValue;
        s.on_header_value_complete = &HttpConnection::onHeaderValueComplete;
        s.on_headers_complete = &HttpConnection::onHeadersComplete;
        s.on_body = &HttpConnection::onBody;
        s.on_message_complete = &HttpConnection::onMessageComplete;
        return s;
    }();
    return settings;
}

HttpConnection::HttpConnection(int fd, const QHostAddress &peer, quint16 peerPort, HttpServer *server)
    : QObject(server)
    , m_server(server)
    , m_fd(fd)
    , m_peer(peer)
    , m_peerPort(peerPort)
{
    // Strict: none of llhttp's lenient flags, so that a request smuggled past
    // a proxy (two lengths, a length beside chunked, bare LFs) is refused.
    llhttp_init(&m_parser, HTTP_REQUEST, &settings());
    m_parser.data = this;
    m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
    // A client that connects and says nothing gets as long as a slow head.
    setDeadline(m_server->limits().headerTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    if (m_fd >= 0) {
        // The server going away: no one is told, and nothing waits.
        m_readNotifier->setEnabled(false);
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
        ::close(m_fd);
    }
}

void HttpConnection::setDeadline(int fromNowMs)
{
    m_deadline = HttpServer::now() + fromNowMs;
}

// --- reading ---------------------------------------------------------------

void HttpConnection::onReadable()
{
    // One buffer for every connection of the thread: requests are parsed from
    // it in place, and only what a request keeps is copied.
    static thread_local char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (got > 0) {
            input(buffer, got);
            if (m_state == State::Closed || got < qsizetype(sizeof buffer))
                return; // the notifier fires again if more came meanwhile
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        // End of stream or a broken connection: the client has gone.
        close();
        return;
    }
}

void HttpConnection::input(const char *data, qsizetype size)
{
    switch (m_state) {
    case State::Closed:
        return;
    case State::Closing:
        // Thrown away, so the client reads the answer rather than a reset;
        // a client that keeps sending is cut off.
        m_discarded += size;
        if (m_discarded > m_server->limits().maxBodyBytes)
            close();
        return;
    case State::Complete:
    case State::Handling:
        // The next request of a pipeline waits for this one's answer; the
        // socket is still read so that the client's leaving is seen, but
        // only so much is kept.
        m_pending.append(data, size);
        if (m_pending.size() > m_server->limits().maxHeadBytes)
            m_readNotifier->setEnabled(false);
        return;
    case State::Idle:
    case State::Head:
    case State::Body:
        break;
    }
    const qsizetype used = parse(data, size);
    if (m_state == State::Complete) {
        if (used < size)
            m_pending.append(data + used, size - used);
        dispatchReady();
    }
}

qsizetype HttpConnection::parse(const char *data, qsizetype size)
{
    const llhttp_errno_t error = llhttp_execute(&m_parser, data, size_t(size));
    if (error == HPE_OK)
        return size;
    if (error == HPE_PAUSED || error == HPE_PAUSED_UPGRADE) {
        // Paused at the end of a request: the rest is the next one's.
        const qsizetype used = llhttp_get_error_pos(&m_parser) - data;
        if (error == HPE_PAUSED_UPGRADE) {
            m_keepAlive = false; // no protocol but HTTP/1.1 is spoken here
            llhttp_resume_after_upgrade(&m_parser);
        } else {
            llhttp_resume(&m_parser);
        }
        return used;
    }
    if (m_state == State::Closing || m_state == State::Closed)
        return size; // refused by the handler, which has answered
    refuse(m_refusal.value_or(HttpHandler::Refusal{
        .status = 400,
        .code = u"invalid_http"_s,
        .message = u"the request is not valid HTTP/1.1: %1"_s.arg(QString::fromLatin1(llhttp_get_error_reason(&m_parser))),
    }));
    return size;
}

bool HttpConnection::countHead(size_t length)
{
    m_headBytes += qint64(length);
    if (m_headBytes <= m_server->limits().maxHeadBytes)
        return true;
    m_refusal = HttpHandler::Refusal{
        .status = 431,
        .code = u"headers_too_large"_s,
        .message = u"the request line and headers are over %1 bytes"_s.arg(m_server->limits().maxHeadBytes),
    };
    return false;
}

int HttpConnection::onMessageBegin(llhttp_t *parser)
{
    HttpConnection *c = self(parser);
    c->m_request = HttpRequest();
    c->m_request.headers.reserve(16);
    c->m_headBytes = 0;
    c->m_refusal.reset();
    c->m_state = State::Head;
    ++c->m_serial;
    c->setDeadline(c->m_server->limits().headerTimeoutMs);
    return 0;
}

int HttpConnection::onUrl(llhttp_t *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHead(length))
        return HPE_USER;
    c->m_request.target.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderField(llhttp_t *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHead(length))
        return HPE_USER;
    c->m_field.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValue(llhttp_t *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHead(length))
        return HPE_USER;
    c->m_value.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValueComplete(llhttp_t *parser)
{
    HttpConnection *c = self(parser);
    if (c->m_request.headers.size() >= c->m_server->limits().maxHeaders) {
        c->m_refusal = HttpHandler::Refusal{
            .status = 431,
            .code = u"headers_too_large"_s,
            .message = u"the request has more than %1 headers"_s.arg(c->m_server->limits().maxHeaders),
        };
        return -1;
    }
    for (char &ch : c->m_field)
        if (ch >= 'A' && ch <= 'Z')
            ch = char(ch + ('a' - 'A'));
    QByteArrayView value = trimmed(c->m_value);
    c->m_request.headers.emplace_back(std::exchange(c->m_field, {}),
                                      value.size() == c->m_value.size() ? c->m_value : value.toByteArray());
    c->m_value.clear();
    return 0;
}

int HttpConnection::onHeadersComplete(llhttp_t *parser)
{
    return self(parser)->headComplete();
}

int HttpConnection::headComplete()
{
    const HttpLimits &limits = m_server->limits();
    m_request.method = methodOf(llhttp_get_method(&m_parser));
    m_request.chunked = (m_parser.flags & F_CHUNKED) != 0;
    m_request.contentLength = (m_parser.flags & F_CONTENT_LENGTH) ? qint64(m_parser.content_length) : -1;
    m_request.peer = m_peer;
    m_request.peerPort = m_peerPort;
    m_keepAlive = llhttp_should_keep_alive(&m_parser) != 0;
    m_headRequest = m_request.method == HttpRequest::Method::Head;
    m_http10 = llhttp_get_http_major(&m_parser) == 1 && llhttp_get_http_minor(&m_parser) == 0;

    int hosts = 0;
    for (const auto &header : m_request.headers)
        hosts += header.first == "host";
    if (hosts > 1) {
        m_refusal = HttpHandler::Refusal{.status = 400, .code = u"invalid_http"_s,
                                         .message = u"the request has more than one Host header"_s};
        return -1;
    }

    // The handler's checks (Host, Origin, token) on the head alone.
    bool accepted = false;
    {
        HttpResponder responder(this, m_serial);
        m_answerOpen = true;
        accepted = m_server->handler()->acceptHead(m_request, responder);
        m_answerOpen = false;
    }
    if (m_state == State::Closing || m_state == State::Closed)
        return -1;
    if (!accepted) {
        m_refusal = HttpHandler::Refusal{.status = 403, .code = u"refused"_s, .message = u"refused"_s};
        return -1;
    }
    if (m_request.contentLength > limits.maxBodyBytes) {
        m_refusal = HttpHandler::Refusal{
            .status = 413,
            .code = u"request_too_large"_s,
            .message = u"the body is %1 bytes; the gateway takes at most %2"_s.arg(m_request.contentLength)
                           .arg(limits.maxBodyBytes),
        };
        return -1;
    }
    if (m_request.contentLength > 0 || m_request.chunked) {
        // The client waiting for a go-ahead (curl with a large body) gets it
        // only now that its head has passed.
        if (m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
            send(QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        if (m_request.contentLength > 0)
            m_request.body.reserve(m_request.contentLength);
        m_state = State::Body;
        setDeadline(limits.bodyTimeoutMs);
    }
    return 0;
}

int HttpConnection::onBody(llhttp_t *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    const qint64 max = c->m_server->limits().maxBodyBytes;
    if (c->m_request.body.size() + qint64(length) > max) {
        // A chunked body, counted as it comes.
        c->m_refusal = HttpHandler::Refusal{
            .status = 413,
            .code = u"request_too_large"_s,
            .message = u"the body is over %1 bytes, the most the gateway takes"_s.arg(max),
        };
        return HPE_USER;
    }
    c->m_request.body.append(at, qsizetype(length));
    c->setDeadline(c->m_server->limits().bodyTimeoutMs);
    return 0;
}

int HttpConnection::onMessageComplete(llhttp_t *parser)
{
    HttpConnection *c = self(parser);
    c->m_state = State::Complete;
    c->m_deadline = 0; // the handler's own time limits apply now
    return HPE_PAUSED;
}

void HttpConnection::dispatchReady()
{
    while (m_state == State::Complete) {
        m_state = State::Handling;
        m_answerOpen = true;
        m_dispatching = true;
        m_server->handler()->handle(std::exchange(m_request, {}), HttpResponder(this, m_serial));
        m_dispatching = false;
        if (m_state != State::Idle)
            return; // answered later, or closing
        m_readNotifier->setEnabled(true);
        if (m_pending.isEmpty())
            return;
        // Answered at once, and the client sent its next request already.
        const QByteArray rest = std::exchange(m_pending, {});
        const qsizetype used = parse(rest.constData(), rest.size());
        if (m_state == State::Complete && used < rest.size())
            m_pending = rest.sliced(used);
    }
}

void HttpConnection::resumeInput()
{
    m_readNotifier->setEnabled(true);
    if (m_pending.isEmpty())
        return;
    const QByteArray rest = std::exchange(m_pending, {});
    const qsizetype used = parse(rest.constData(), rest.size());
    if (m_state == State::Complete) {
        if (used < rest.size())
            m_pending = rest.sliced(used);
        dispatchReady();
    }
}

// --- refusing and closing --------------------------------------------------

void HttpConnection::refuse(const HttpHandler::Refusal &refusal)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    const bool withHead = m_state == State::Body || !m_request.target.isEmpty();
    m_keepAlive = false;
    m_answerOpen = true;
    {
        HttpResponder responder(this, m_serial);
        m_server->handler()->refuse(responder, withHead ? &m_request : nullptr, refusal);
        if (responder.isOpen())
            responder.write(refusal.status, {}, refusal.message.toUtf8());
    }
    m_answerOpen = false;
    if (m_state != State::Closing && m_state != State::Closed)
        beginClosing();
}

void HttpConnection::refuseNow(const HttpHandler::Refusal &refusal)
{
    ++m_serial;
    refuse(refusal);
}

void HttpConnection::timedOut()
{
    switch (m_state) {
    case State::Idle:
    case State::Closing:
        close();
        return;
    case State::Head:
        refuse({.status = 408, .code = u"request_timeout"_s,
                .message = u"the request's headers took longer than %1 ms"_s.arg(m_server->limits().headerTimeoutMs)});
        return;
    case State::Body:
        refuse({.status = 408, .code = u"request_timeout"_s,
                .message = u"the request's body paused for longer than %1 ms"_s.arg(m_server->limits().bodyTimeoutMs)});
        return;
    case State::Complete:
    case State::Handling:
    case State::Closed:
        return;
    }
}

void HttpConnection::beginClosing()
{
    m_state = State::Closing;
    m_pending.clear();
    setDeadline(m_server->limits().lingerMs);
    m_readNotifier->setEnabled(true);
    if (m_outSent >= m_out.size())
        ::shutdown(m_fd, SHUT_WR);
}

void HttpConnection::close()
{
    if (m_state == State::Closed)
        return;
    const bool answering = m_answerOpen && (m_state == State::Handling || m_state == State::Complete);
    m_state = State::Closed;
    m_answerOpen = false;
    m_deadline = 0;
    m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_out.clear();
    m_pending.clear();
    m_server->connectionClosed(this);
    if (answering)
        Q_EMIT clientGone();
    deleteLater();
}

// --- writing ---------------------------------------------------------------

bool HttpConnection::isCurrent(quint64 serial) const
{
    return m_answerOpen && serial == m_serial && m_state != State::Closed;
}

void HttpConnection::abandon(quint64 serial)
{
    // A handler dropped its responder without answering: the client hears
    // the connection close rather than wait for ever.
    if (isCurrent(serial))
        close();
}

void HttpConnection::appendHead(QByteArray &out, int status, const QHttpHeaders &headers) const
{
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(status));
    out.append(' ');
    out.append(reasonOf(status));
    out.append("\r\n");
    for (qsizetype i = 0; i < headers.size(); ++i) {
        out.append(headers.nameAt(i));
        out.append(": ");
        out.append(headers.valueAt(i));
        out.append("\r\n");
    }
    if (!m_keepAlive)
        out.append("Connection: close\r\n");
    else if (m_http10)
        out.append("Connection: keep-alive\r\n");
}

void HttpConnection::respond(quint64 serial, int status, const QHttpHeaders &headers, QByteArrayView body)
{
    if (!isCurrent(serial) || m_streaming)
        return;
    if (m_state != State::Handling)
        m_keepAlive = false; // a refusal: the body, if any, is not read
    QByteArray out;
    out.reserve(128 + headers.size() * 48 + body.size());
    appendHead(out, status, headers);
    const bool noBody = status == 204 || status == 304 || status < 200;
    if (!noBody) {
        out.append("Content-Length: ");
        out.append(QByteArray::number(body.size()));
        out.append("\r\n");
    }
    out.append("\r\n");
    if (!noBody && !m_headRequest)
        out.append(body);
    send(std::move(out));
    answered();
}

void HttpConnection::beginStream(quint64 serial, int status, const QHttpHeaders &headers)
{
    if (!isCurrent(serial) || m_streaming)
        return;
    // HTTP/1.0 has no chunks: the answer then ends when the connection does.
    m_chunkedOut = !m_http10;
    if (!m_chunkedOut)
        m_keepAlive = false;
    QByteArray out;
    out.reserve(160 + headers.size() * 48);
    appendHead(out, status, headers);
    if (m_chunkedOut)
        out.append("Transfer-Encoding: chunked\r\n");
    out.append("\r\n");
    m_streaming = true;
    send(std::move(out));
}

namespace {

void appendChunk(QByteArray &out, QByteArrayView data, bool chunked)
{
    if (data.isEmpty())
        return; // an empty chunk would end the stream
    if (chunked) {
        out.append(QByteArray::number(data.size(), 16));
        out.append("\r\n");
        out.append(data);
        out.append("\r\n");
    } else {
        out.append(data);
    }
}

} // namespace

void HttpConnection::writeChunk(quint64 serial, QByteArrayView data)
{
    if (!isCurrent(serial) || !m_streaming || data.isEmpty())
        return;
    QByteArray out;
    out.reserve(data.size() + 16);
    appendChunk(out, data, m_chunkedOut);
    send(std::move(out));
}

void HttpConnection::endStream(quint64 serial, QByteArrayView last)
{
    if (!isCurrent(serial) || !m_streaming)
        return;
    QByteArray out;
    out.reserve(last.size() + 24);
    appendChunk(out, last, m_chunkedOut);
    if (m_chunkedOut)
        out.append("0\r\n\r\n");
    if (!out.isEmpty())
        send(std::move(out));
    answered();
}

void HttpConnection::send(QByteArray bytes)
{
    if (m_state == State::Closed || bytes.isEmpty())
        return;
    if (m_outSent >= m_out.size()) {
        // Nothing queued: straight to the socket, now.
        ssize_t sent = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
        if (sent == bytes.size())
            return;
        if (sent < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                close(); // the client has gone
                return;
            }
            sent = 0;
        }
        m_out = std::move(bytes);
        m_outSent = sent;
        if (!m_writeNotifier) {
            m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, &HttpConnection::onWritable);
        }
        m_writeNotifier->setEnabled(true);
        return;
    }
    m_out.append(bytes);
    if (m_out.size() - m_outSent > m_server->limits().maxPendingOutputBytes)
        close(); // a client that does not read its answer is not kept in memory
}

void HttpConnection::onWritable()
{
    while (m_outSent < m_out.size()) {
        const ssize_t sent = ::send(m_fd, m_out.constData() + m_outSent, size_t(m_out.size() - m_outSent), MSG_NOSIGNAL);
        if (sent > 0) {
            m_outSent += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close();
        return;
    }
    m_out.clear();
    m_outSent = 0;
    m_writeNotifier->setEnabled(false);
    if (m_state == State::Closing)
        ::shutdown(m_fd, SHUT_WR);
}

void HttpConnection::answered()
{
    if (m_state == State::Closed)
        return;
    m_answerOpen = false;
    m_streaming = false;
    if (!m_keepAlive || m_state != State::Handling) {
        beginClosing(); // refused, or the client or the server asked to close
        return;
    }
    m_state = State::Idle;
    m_request = HttpRequest();
    setDeadline(m_server->limits().idleTimeoutMs);
    if (!m_dispatching)
        resumeInput();
}

} // namespace Switchyard::Gateway
