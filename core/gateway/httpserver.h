#pragma once

#include "gateway/httplimits.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>

#include <expected>

class QSocketNotifier;

namespace Switchyard::Gateway {

class HttpConnection;
class HttpHandler;

/// The gateway's HTTP/1.1 transport: a listening socket of its own and its
/// `HttpConnection`s, on the thread that made it. Knows nothing of the APIs it
/// carries: requests go to an `HttpHandler`. Bounds what clients can cost: a
/// cap on connections in all and per peer address, time limits for a head, a
/// body and an idle kept-alive connection (one sweep for all of them, not a
/// timer each). When the process runs out of file descriptors, accept() fails
/// with EMFILE/ENFILE over and over while the client waits in the backlog;
/// the server then closes its idle connections, refuses the waiting client
/// with a spare descriptor kept for that, and pauses accepting for a moment,
/// instead of spinning.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    HttpServer(HttpHandler *handler, HttpLimits limits, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Starts listening; the port it got, or why it could not.
    [[nodiscard]] std::expected<quint16, QString> listen(const QHostAddress &address, quint16 port);
    [[nodiscard]] bool isListening() const { return m_listenFd >= 0; }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    /// Times accept() found no descriptor left; for tests and logs.
    [[nodiscard]] qint64 descriptorShortages() const { return m_shortages; }
    [[nodiscard]] const HttpLimits &limits() const { return m_limits; }
    [[nodiscard]] HttpHandler *handler() const { return m_handler; }

    /// The steady clock the deadlines are on, in ms.
    [[nodiscard]] static qint64 now();

private:
    friend class HttpConnection;
    void onAcceptable();
    HttpConnection *accepted(int fd, const QHostAddress &peer, quint16 peerPort);
    void outOfDescriptors();
    int shedIdle(int atMost);
    void pauseAccepting(int ms);
    void connectionClosed(HttpConnection *connection);
    void sweep();

    HttpHandler *m_handler;
    HttpLimits m_limits;
    int m_listenFd = -1;
    int m_spareFd = -1;
    quint16 m_port = 0;
    QSocketNotifier *m_acceptNotifier = nullptr;
    QTimer m_sweep;
    QTimer m_resume;
    bool m_fullUp = false; // at maxConnections: accepting waits for a close
    QList<HttpConnection *> m_connections;
    QHash<QHostAddress, int> m_perClient;
    qint64 m_shortages = 0;
};

} // namespace Switchyard::Gateway
