#include "clienttcpserver.h"

namespace Switchyard::Gateway {

QString ClientTcpServer::peerKey(const QHostAddress &address, quint16 port)
{
    // IPv4 peers of a dual-stack socket come as ::ffff:a.b.c.d; one spelling.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return (isV4 ? QHostAddress(v4).toString() : address.toString()) + u'|' + QString::number(port);
}

QTcpSocket *ClientTcpServer::connectionFrom(const QHostAddress &address, quint16 port) const
{
    QTcpSocket *socket = m_connections.value(peerKey(address, port));
    return socket && socket->state() == QAbstractSocket::ConnectedState ? socket : nullptr;
}

void ClientTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Event streams go out a piece at a time: Nagle's algorithm would hold
    // each piece until the client acknowledged the one before.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QString key = peerKey(socket->peerAddress(), socket->peerPort());
    m_connections.insert(key, socket);
    connect(socket, &QObject::destroyed, this, [this, key] {
        // The key may have been taken by a newer connection meanwhile.
        if (const auto it = m_connections.constFind(key); it != m_connections.cend() && !*it)
            m_connections.erase(it);
    });
    addPendingConnection(socket);
}

} // namespace Switchyard::Gateway
