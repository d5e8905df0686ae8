#include "gateway/httpserver.h"

#include "gateway/httpconnection.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

Q_LOGGING_CATEGORY(lcHttp, "switchyard.gateway.http")

constexpr int MaxAcceptsPerWake = 64; // then the event loop's other work gets a turn
constexpr int ShortagePauseMs = 100;

bool isAnyAddress(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::Any);
}

// Linux makes a socket non-blocking and close-on-exec in the call that makes
// it; elsewhere (macOS) that takes fcntl, and SIGPIPE is turned off per socket.
#ifndef __linux__
int configured(int fd)
{
    if (fd >= 0) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
#ifdef SO_NOSIGPIPE
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
    }
    return fd;
}
#endif

int newSocket(int family)
{
#ifdef __linux__
    return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    return configured(::socket(family, SOCK_STREAM, 0));
#endif
}

int acceptFrom(int listenFd, sockaddr *address, socklen_t *length)
{
#ifdef __linux__
    return ::accept4(listenFd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    return configured(::accept(listenFd, address, length));
#endif
}

} // namespace

HttpServer::HttpServer(HttpHandler *handler, HttpLimits limits, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
    , m_limits(limits)
{
    // One sweep for every connection's deadline, often enough for the
    // shortest limit to be kept to within a quarter of itself.
    const int shortest = std::min({m_limits.headerTimeoutMs, m_limits.bodyTimeoutMs, m_limits.idleTimeoutMs,
                                   m_limits.lingerMs});
    m_sweep.setInterval(std::clamp(shortest / 4, 5, 1000));
    m_sweep.setTimerType(Qt::CoarseTimer);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_acceptNotifier && !m_fullUp)
            m_acceptNotifier->setEnabled(true);
    });
}

HttpServer::~HttpServer()
{
    if (m_acceptNotifier)
        m_acceptNotifier->setEnabled(false);
    // The connections are children and close their own sockets; no one is
    // told, since whoever would listen is going away with the server.
    const QList<HttpConnection *> connections = std::exchange(m_connections, {});
    qDeleteAll(connections);
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    if (m_spareFd >= 0)
        ::close(m_spareFd);
}

qint64 HttpServer::now()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::expected<quint16, QString> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_listenFd >= 0)
        return m_port;
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol || isAnyAddress(address);
    const int fd = newSocket(v6 ? AF_INET6 : AF_INET);
    if (fd < 0)
        return std::unexpected(QString::fromLocal8Bit(std::strerror(errno)));
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        // QHostAddress::Any is both families on one socket.
        const int v6only = isAnyAddress(address) ? 0 : 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = isAnyAddress(address) ? QHostAddress(QHostAddress::AnyIPv6).toIPv6Address()
                                                       : address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        in6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        const int error = errno;
        ::close(fd);
        return std::unexpected(error == EADDRINUSE ? u"the port is in use by another program"_s
                                                   : QString::fromLocal8Bit(std::strerror(error)));
    }
    length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    m_port = ntohs(storage.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                                                 : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    m_listenFd = fd;
    // Kept to be given up when descriptors run out: with it the server can
    // still accept the waiting client to close it, instead of leaving it in
    // the backlog and being woken for it again and again.
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    m_acceptNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &HttpServer::onAcceptable);
    return m_port;
}

void HttpServer::onAcceptable()
{
    for (int i = 0; i < MaxAcceptsPerWake; ++i) {
        sockaddr_storage storage{};
        socklen_t length = sizeof storage;
        const int fd = acceptFrom(m_listenFd, reinterpret_cast<sockaddr *>(&storage), &length);
        if (fd < 0) {
            switch (errno) {
            case EINTR:
            case ECONNABORTED:
            case EPROTO:
                continue;
            case EAGAIN:
#if EAGAIN != EWOULDBLOCK
            case EWOULDBLOCK:
#endif
                return;
            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
                outOfDescriptors();
                return;
            default:
                qCWarning(lcHttp) << "accept failed:" << std::strerror(errno);
                pauseAccepting(ShortagePauseMs);
                return;
            }
        }
        QHostAddress peer(reinterpret_cast<const sockaddr *>(&storage));
        // IPv4 clients of a dual-stack socket come as ::ffff:a.b.c.d; one spelling.
        bool isV4 = false;
        if (const quint32 v4 = peer.toIPv4Address(&isV4); isV4 && peer.protocol() != QAbstractSocket::IPv4Protocol)
            peer = QHostAddress(v4);
        const quint16 peerPort = ntohs(storage.ss_family == AF_INET6
                                           ? reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port
                                           : reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
        if (m_connections.size() >= m_limits.maxConnections && shedIdle(1) == 0) {
            // Full of connections at work: this client hears so, and the
            // next ones wait in the backlog until a connection closes.
            accepted(fd, peer, peerPort)->refuseNow({.status = 503, .code = u"too_many_connections"_s,
                                                     .message = u"the gateway has %1 connections open; try again"_s.arg(
                                                         m_limits.maxConnections)});
            m_fullUp = true;
            m_acceptNotifier->setEnabled(false);
            return;
        }
        accepted(fd, peer, peerPort);
    }
}

HttpConnection *HttpServer::accepted(int fd, const QHostAddress &peer, quint16 peerPort)
{
    // Event streams go out a piece at a time: Nagle's algorithm would hold
    // each piece until the client acknowledged the one before.
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    auto *connection = new HttpConnection(fd, peer, peerPort, this);
    m_connections.append(connection);
    int &fromPeer = m_perClient[peer];
    ++fromPeer;
    if (!m_sweep.isActive())
        m_sweep.start();
    if (fromPeer > m_limits.maxConnectionsPerClient)
        connection->refuseNow({.status = 503, .code = u"too_many_connections"_s,
                               .message = u"more than %1 connections from this address; close some"_s.arg(
                                   m_limits.maxConnectionsPerClient)});
    return connection;
}

void HttpServer::outOfDescriptors()
{
    ++m_shortages;
    const int shed = shedIdle(int(m_connections.size()));
    if (shed == 0 && m_spareFd >= 0) {
        // Nothing to give up: let the waiting client go with a close rather
        // than leave it in the backlog, where it wakes this loop again.
        ::close(m_spareFd);
        if (const int fd = ::accept(m_listenFd, nullptr, nullptr); fd >= 0)
            ::close(fd);
        m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    if (m_shortages == 1 || m_shortages % 100 == 0)
        qCWarning(lcHttp) << "out of file descriptors (" << m_shortages << "times); closed" << shed
                          << "idle connections and paused accepting";
    pauseAccepting(ShortagePauseMs);
}

int HttpServer::shedIdle(int atMost)
{
    // The oldest idle connections first: a client that kept one open the
    // longest is the least likely to be about to use it.
    int shed = 0;
    const QList<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections) {
        if (shed >= atMost)
            break;
        if (connection->state() == HttpConnection::State::Idle) {
            connection->close();
            ++shed;
        }
    }
    return shed;
}

void HttpServer::pauseAccepting(int ms)
{
    m_acceptNotifier->setEnabled(false);
    m_resume.start(ms);
}

void HttpServer::connectionClosed(HttpConnection *connection)
{
    m_connections.removeOne(connection);
    const auto it = m_perClient.find(connection->peer());
    if (it != m_perClient.end() && --*it <= 0)
        m_perClient.erase(it);
    if (m_fullUp && m_connections.size() < m_limits.maxConnections) {
        m_fullUp = false;
        if (!m_resume.isActive())
            m_acceptNotifier->setEnabled(true);
    }
    if (m_connections.isEmpty())
        m_sweep.stop();
}

void HttpServer::sweep()
{
    const qint64 time = now();
    const QList<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections)
        if (const qint64 deadline = connection->deadline(); deadline != 0 && deadline <= time)
            connection->timedOut();
}

} // namespace Switchyard::Gateway
