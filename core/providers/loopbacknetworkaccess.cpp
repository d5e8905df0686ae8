#include "providers/loopbacknetworkaccess.h"

#include "providers/loopbackreply.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

// Beyond this many idle connections to one server, those returned are closed:
// a burst opens what it needs, and the server is not left holding them.
constexpr qsizetype MaxIdlePerHost = 32;

} // namespace

LoopbackNetworkAccess::LoopbackNetworkAccess(QObject *parent)
    : QNetworkAccessManager(parent)
{
}

LoopbackNetworkAccess::~LoopbackNetworkAccess()
{
    // The idle sockets are children and go with this object; their signals
    // must not reach forget() while it is being destroyed.
    for (const QList<QTcpSocket *> &sockets : std::as_const(m_idle))
        for (QTcpSocket *socket : sockets)
            socket->disconnect(this);
}

bool LoopbackNetworkAccess::isLoopbackHttp(const QUrl &url)
{
    if (url.scheme() != "http"_L1 || !url.userInfo().isEmpty())
        return false;
    const QString host = url.host();
    if (host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QNetworkReply *LoopbackNetworkAccess::createRequest(Operation operation, const QNetworkRequest &request,
                                                    QIODevice *outgoingData)
{
    if ((operation == GetOperation || operation == PostOperation) && isLoopbackHttp(request.url())) {
        // post() hands the body over as a buffer in memory: read at once.
        QByteArray body = outgoingData ? outgoingData->readAll() : QByteArray();
        auto *reply = new LoopbackReply(this, operation, request, std::move(body));
        reply->start();
        return reply;
    }
    return QNetworkAccessManager::createRequest(operation, request, outgoingData);
}

int LoopbackNetworkAccess::idleConnections() const
{
    qsizetype count = 0;
    for (const QList<QTcpSocket *> &sockets : m_idle)
        count += sockets.size();
    return int(count);
}

QTcpSocket *LoopbackNetworkAccess::takeIdle(const QString &hostPort)
{
    const auto it = m_idle.find(hostPort);
    while (it != m_idle.end() && !it->isEmpty()) {
        QTcpSocket *socket = it->takeLast();
        socket->disconnect(this);
        // Closed by the server meanwhile (its keep-alive timeout) without the
        // close read yet: LoopbackReply tries once more on a new connection
        // when a reused one fails before any answer.
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
        socket->deleteLater();
    }
    return nullptr;
}

void LoopbackNetworkAccess::giveBack(const QString &hostPort, QTcpSocket *socket)
{
    QList<QTcpSocket *> &idle = m_idle[hostPort];
    socket->setParent(this);
    if (idle.size() >= MaxIdlePerHost || socket->state() != QAbstractSocket::ConnectedState) {
        socket->deleteLater();
        return;
    }
    idle.append(socket);
    // Closed by the server while idle, or sent something unasked: not reusable.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { forget(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { forget(socket); });
}

void LoopbackNetworkAccess::forget(QTcpSocket *socket)
{
    for (QList<QTcpSocket *> &sockets : m_idle)
        sockets.removeOne(socket);
    socket->disconnect(this);
    socket->deleteLater();
}

} // namespace Switchyard::Providers
