#pragma once

#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace Switchyard::Gateway {

/// The TCP server under the gateway's HTTP server. Qt HttpServer 6.8 does not
/// tell a request handler that its client has gone, and the gateway must
/// cancel the upstream call at once when that happens; so this server makes
/// each connection's socket itself and finds it again by the peer's port.
class ClientTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTcpServer)

public:
    using QTcpServer::QTcpServer;

    /// The connection from this peer address and port, if it is still open.
    [[nodiscard]] QTcpSocket *connectionFrom(const QHostAddress &address, quint16 port) const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    [[nodiscard]] static QString peerKey(const QHostAddress &address, quint16 port);

    QHash<QString, QPointer<QTcpSocket>> m_connections;
};

} // namespace Switchyard::Gateway
