#include "providers/loopbackreply.h"

#include "providers/loopbacknetworkaccess.h"

#include <QHostAddress>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

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
    m_stage = Stage::Answer;
    m_parser.reset();
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
    if (m_stage == Stage::Answer && m_parser.started()) {
        switch (m_parser.finish()) {
        case HttpResponseParser::Event::MessageComplete:
            complete(); // an answer that ends when the server closes
            return;
        case HttpResponseParser::Event::Error:
            // Cut short: below, as a closed connection, so a caller keeps what came.
        case HttpResponseParser::Event::NeedMore:
        case HttpResponseParser::Event::Head:
            break;
        }
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

bool LoopbackReply::parse()
{
    while (m_stage == Stage::Answer && !isFinished()) {
        if (m_bodyPos > 0 && m_bodyPos == m_body.size()) {
            m_body.clear();
            m_bodyPos = 0;
        }
        const qsizetype bodyBefore = m_body.size();
        qsizetype consumed = 0;
        const HttpResponseParser::Event event =
            m_parser.feed(QByteArrayView(m_in).sliced(m_inPos), consumed, m_body);
        m_inPos += consumed;
        if (m_body.size() > bodyBefore)
            m_pendingRead = true;
        if (event == HttpResponseParser::Event::NeedMore)
            break;
        if (event == HttpResponseParser::Event::Error) {
            fail(ProtocolFailure, m_parser.errorMessage());
            return false;
        }
        if (event == HttpResponseParser::Event::MessageComplete) {
            complete();
            return false;
        }
        if (!headReceived())
            return false;
    }
    if (isFinished())
        return false;
    if (m_inPos > 0) {
        m_in.remove(0, m_inPos);
        m_inPos = 0;
    }
    return flushReadyRead();
}

bool LoopbackReply::headReceived()
{
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_parser.status());
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, m_parser.reason());
    // Repeated names joined with ", " as Qt's HTTP does; a hash keeps it
    // linear in the number of headers.
    QList<QPair<QByteArray, QByteArray>> joined;
    QHash<QByteArray, qsizetype> index;
    for (const auto &[name, value] : m_parser.headers()) {
        const QByteArray lower = name.toLower();
        if (const auto it = index.constFind(lower); it != index.cend()) {
            joined[*it].second += ", " + value;
        } else {
            index.insert(lower, joined.size());
            joined.append({name, value});
        }
    }
    for (const auto &[name, value] : std::as_const(joined)) {
        setRawHeader(name, value);
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            setHeader(QNetworkRequest::ContentTypeHeader, value);
    }
    const QPointer<LoopbackReply> alive(this);
    Q_EMIT metaDataChanged();
    return alive && !isFinished();
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
    if (const int status = m_parser.status(); status >= 400) {
        const NetworkError code = errorForStatus(status);
        setError(code, u"Error transferring %1 - server replied: %2"_s.arg(
                           url().toString(), attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
        Q_EMIT errorOccurred(code);
        if (isFinished())
            return;
    }
    // The whole answer read and nothing after it: the connection can serve the next request.
    if (m_socket && m_parser.keepAlive() && m_access && m_inPos == m_in.size() && m_socket->bytesAvailable() == 0) {
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
