#include "providers/loopbackreply.h"

#include "providers/loopbacknetworkaccess.h"

#include <QHostAddress>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

// A status line or header longer than this is not an HTTP server talking.
constexpr qsizetype MaxLine = 64 * 1024;

// The codes Qt's own HTTP gives an answer with this status.
QNetworkReply::NetworkError errorForStatus(int status)
{
    switch (status) {
    case 400:
    case 418:
        return QNetworkReply::ProtocolInvalidOperationError;
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 407:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        return status >= 500 ? QNetworkReply::UnknownServerError : QNetworkReply::UnknownContentError;
    }
}

QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    return host + ':' + QByteArray::number(url.port(80));
}

} // namespace

LoopbackReply::LoopbackReply(LoopbackNetworkAccess *access, QNetworkAccessManager::Operation operation,
                             const QNetworkRequest &request, QByteArray body)
    : QNetworkReply(access)
    , m_access(access)
{
    const QUrl url = request.url();
    setRequest(request);
    setUrl(url);
    setOperation(operation);
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    const QByteArray host = hostHeader(url);
    m_hostPort = QString::fromLatin1(host);
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    const bool post = operation == QNetworkAccessManager::PostOperation;
    m_requestBytes.reserve(512 + body.size());
    m_requestBytes += (post ? "POST " : "GET ") + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    // Known headers set with setHeader() are in the raw list too.
    const QList<QByteArray> names = request.rawHeaderList();
    for (const QByteArray &name : names) {
        const QByteArray lower = name.toLower();
        if (lower == "host" || lower == "content-length" || lower == "connection")
            continue;
        m_requestBytes += name + ": " + request.rawHeader(name) + "\r\n";
    }
    if (post)
        m_requestBytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    m_requestBytes += "\r\n";
    m_requestBytes += body;
}

LoopbackReply::~LoopbackReply()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void LoopbackReply::start()
{
    if (m_access)
        m_socket = m_access->takeIdle(m_hostPort);
    if (!m_socket) {
        connectFresh();
        return;
    }
    m_reused = true;
    attach(m_socket);
    send();
}

void LoopbackReply::connectFresh()
{
    m_socket = new QTcpSocket(this);
    attach(m_socket);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        // Small writes (a request, then nothing until the answer): Nagle's
        // delay would only wait for an acknowledgement. Once per connection.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        send();
    });
    m_socket->connectToHost(url().host(), quint16(url().port(80)));
}

void LoopbackReply::attach(QTcpSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &LoopbackReply::onReadyRead);
    connect(socket, &QTcpSocket::errorOccurred, this, &LoopbackReply::onConnectionLost);
}

void LoopbackReply::send()
{
    m_stage = Stage::StatusLine;
    m_socket->write(m_requestBytes);
    m_socket->flush();
    // Queued, as Qt's own: the caller connects to it after post() returns.
    QMetaObject::invokeMethod(this, &QNetworkReply::requestSent, Qt::QueuedConnection);
}

void LoopbackReply::onReadyRead()
{
    if (isFinished() || !m_socket)
        return;
    m_in += m_socket->readAll();
    if (m_in.size() > m_inPos)
        m_answered = true;
    parse();
}

void LoopbackReply::onConnectionLost(QAbstractSocket::SocketError error)
{
    if (isFinished() || !m_socket)
        return;
    // What arrived before the close is part of the answer.
    if (m_socket->bytesAvailable() > 0) {
        m_in += m_socket->readAll();
        m_answered = true;
        if (!parse())
            return;
    }
    if (m_reused && !m_answered && !m_retried) {
        // A kept connection the server had closed: once more on a new one.
        m_retried = true;
        m_reused = false;
        dropSocket();
        connectFresh();
        return;
    }
    if (m_stage == Stage::Body && m_remaining < 0) {
        complete(); // an answer that ends when the server closes
        return;
    }
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(ConnectionRefusedError, u"Connection refused"_s);
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(HostNotFoundError, u"Host %1 not found"_s.arg(url().host()));
        break;
    case QAbstractSocket::SocketTimeoutError:
        fail(TimeoutError, u"Socket operation timed out"_s);
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(RemoteHostClosedError, u"Connection closed"_s);
        break;
    default:
        fail(UnknownNetworkError, m_socket->errorString());
        break;
    }
}

bool LoopbackReply::takeLine(QByteArrayView &line)
{
    const qsizetype end = m_in.indexOf('\n', m_inPos);
    if (end < 0) {
        if (m_in.size() - m_inPos > MaxLine)
            fail(ProtocolFailure, u"The server sent a header line longer than 64 KB"_s);
        return false;
    }
    line = QByteArrayView(m_in).sliced(m_inPos, end - m_inPos);
    if (line.endsWith('\r'))
        line.chop(1);
    m_inPos = end + 1;
    return true;
}

bool LoopbackReply::parse()
{
    bool running = true;
    while (running && !isFinished()) {
        QByteArrayView line;
        switch (m_stage) {
        case Stage::Connecting:
        case Stage::Done:
            running = false;
            break;
        case Stage::StatusLine: {
            if (!takeLine(line)) {
                running = false;
                break;
            }
            // "HTTP/1.1 200 OK"
            const QByteArrayView version = line.first(qMin<qsizetype>(8, line.size()));
            const QByteArrayView rest = line.size() > 9 ? line.sliced(9) : QByteArrayView();
            bool ok = false;
            m_status = rest.first(qMin<qsizetype>(3, rest.size())).toInt(&ok);
            if (!line.startsWith("HTTP/1.") || !ok) {
                fail(ProtocolFailure, u"The server's answer is not HTTP/1.x"_s);
                return false;
            }
            m_keepAlive = version == "HTTP/1.1";
            setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_status);
            setAttribute(QNetworkRequest::HttpReasonPhraseAttribute,
                         rest.size() > 4 ? rest.sliced(4).toByteArray() : QByteArray());
            m_stage = Stage::Headers;
            break;
        }
        case Stage::Headers:
            if (!takeLine(line)) {
                running = false;
                break;
            }
            if (line.isEmpty())
                running = headersDone();
            else
                header(line);
            break;
        case Stage::Body: {
            const qint64 available = m_in.size() - m_inPos;
            if (m_remaining < 0) {
                deliver(available);
                running = false;
                break;
            }
            deliver(qMin(available, m_remaining));
            if (m_remaining == 0)
                complete();
            running = false;
            break;
        }
        case Stage::ChunkSize: {
            if (!takeLine(line)) {
                running = false;
                break;
            }
            if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
                line = line.first(semicolon);
            bool ok = false;
            m_remaining = line.trimmed().toLongLong(&ok, 16);
            if (!ok || m_remaining < 0) {
                fail(ProtocolFailure, u"The server sent a malformed chunk size"_s);
                return false;
            }
            m_stage = m_remaining == 0 ? Stage::Trailers : Stage::ChunkData;
            break;
        }
        case Stage::ChunkData:
            deliver(qMin<qint64>(m_in.size() - m_inPos, m_remaining));
            if (m_remaining > 0)
                running = false;
            else
                m_stage = Stage::ChunkEnd;
            break;
        case Stage::ChunkEnd:
            if (!takeLine(line))
                running = false;
            else
                m_stage = Stage::ChunkSize;
            break;
        case Stage::Trailers:
            if (!takeLine(line))
                running = false;
            else if (line.isEmpty())
                complete();
            break;
        }
    }
    if (isFinished())
        return false;
    if (m_inPos > 0) {
        m_in.remove(0, m_inPos);
        m_inPos = 0;
    }
    return flushReadyRead();
}

void LoopbackReply::header(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return; // not a header; Qt's HTTP skips it too
    const QByteArray name = line.first(colon).trimmed().toByteArray();
    const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
    const QByteArray lower = name.toLower();
    if (lower == "content-length") {
        m_remaining = value.toLongLong();
    } else if (lower == "transfer-encoding") {
        m_chunked = value.toLower().contains("chunked");
    } else if (lower == "connection") {
        const QByteArray connection = value.toLower();
        if (connection.contains("close"))
            m_keepAlive = false;
        else if (connection.contains("keep-alive"))
            m_keepAlive = true;
    }
    const QByteArray earlier = rawHeader(name);
    setRawHeader(name, earlier.isEmpty() ? value : earlier + ", " + value);
    if (lower == "content-type")
        setHeader(QNetworkRequest::ContentTypeHeader, value);
}

bool LoopbackReply::headersDone()
{
    if (m_status >= 100 && m_status < 200) {
        // "100 Continue" and the like: the real answer follows.
        m_stage = Stage::StatusLine;
        m_remaining = -1;
        m_chunked = false;
        return true;
    }
    if (m_chunked) {
        m_stage = Stage::ChunkSize;
        m_remaining = 0;
    } else {
        m_stage = Stage::Body;
        if (m_status == 204 || m_status == 304)
            m_remaining = 0;
        if (m_remaining < 0)
            m_keepAlive = false; // the end of the body is the end of the connection
    }
    Q_EMIT metaDataChanged();
    if (isFinished())
        return false;
    if (m_stage == Stage::Body && m_remaining == 0) {
        complete();
        return false;
    }
    return true;
}

void LoopbackReply::deliver(qint64 size)
{
    if (size <= 0)
        return;
    if (m_bodyPos > 0 && m_bodyPos == m_body.size()) {
        m_body.clear();
        m_bodyPos = 0;
    }
    m_body.append(QByteArrayView(m_in).sliced(m_inPos, size));
    m_inPos += size;
    if (m_remaining > 0)
        m_remaining -= size;
    m_pendingRead = true;
}

bool LoopbackReply::flushReadyRead()
{
    if (!m_pendingRead)
        return !isFinished();
    m_pendingRead = false;
    const QPointer<LoopbackReply> alive(this);
    Q_EMIT readyRead();
    return alive && !isFinished();
}

void LoopbackReply::complete()
{
    m_stage = Stage::Done;
    if (!flushReadyRead())
        return;
    if (m_status >= 400) {
        const NetworkError code = errorForStatus(m_status);
        setError(code, u"Error transferring %1 - server replied: %2"_s.arg(
                           url().toString(), attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
        Q_EMIT errorOccurred(code);
        if (isFinished())
            return;
    }
    // The whole answer read and nothing after it: the connection can serve the next request.
    if (m_socket && m_keepAlive && m_access && m_inPos == m_in.size() && m_socket->bytesAvailable() == 0) {
        m_socket->disconnect(this);
        QTcpSocket *socket = std::exchange(m_socket, nullptr);
        m_access->giveBack(m_hostPort, socket);
    }
    end();
}

void LoopbackReply::fail(NetworkError code, const QString &message)
{
    m_stage = Stage::Done;
    if (!flushReadyRead())
        return;
    dropSocket();
    setError(code, message);
    Q_EMIT errorOccurred(code);
    if (!isFinished())
        end();
}

void LoopbackReply::abort()
{
    if (isFinished())
        return;
    m_stage = Stage::Done;
    m_pendingRead = false;
    dropSocket();
    setError(OperationCanceledError, u"Operation canceled"_s);
    Q_EMIT errorOccurred(OperationCanceledError);
    if (!isFinished())
        end();
}

void LoopbackReply::close()
{
    abort();
    QNetworkReply::close();
}

void LoopbackReply::dropSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort(); // closed now: a server streaming to it sees the client go
    socket->deleteLater();
}

void LoopbackReply::end()
{
    dropSocket();
    setFinished(true);
    Q_EMIT finished();
}

qint64 LoopbackReply::bytesAvailable() const
{
    return (m_body.size() - m_bodyPos) + QIODevice::bytesAvailable();
}

qint64 LoopbackReply::readData(char *data, qint64 maxSize)
{
    const qint64 count = qMin<qint64>(maxSize, m_body.size() - m_bodyPos);
    if (count <= 0)
        return isFinished() ? -1 : 0;
    std::memcpy(data, m_body.constData() + m_bodyPos, size_t(count));
    m_bodyPos += count;
    if (m_bodyPos == m_body.size()) {
        m_body.clear();
        m_bodyPos = 0;
    }
    return count;
}

} // namespace Switchyard::Providers
