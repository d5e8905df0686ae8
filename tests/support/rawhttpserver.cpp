#include "support/rawhttpserver.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport {

RawHttpServer::RawHttpServer()
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++connections;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                ++closedByClient;
                m_in.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

bool RawHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost);
}

QUrl RawHttpServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
}

void RawHttpServer::onRead(QTcpSocket *socket)
{
    QByteArray &in = m_in[socket];
    in += socket->readAll();
    const qsizetype headEnd = in.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    qsizetype length = 0;
    for (const QByteArray &line : in.first(headEnd).split('\n'))
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    if (in.size() < headEnd + 4 + length)
        return;
    requests.append(in.first(headEnd + 4 + length));
    in.remove(0, headEnd + 4 + length);
    if (answers.isEmpty())
        return;
    const Answer answer = answers.takeFirst();
    write(socket, answer, 0);
}

void RawHttpServer::write(QTcpSocket *socket, const Answer &answer, qsizetype from)
{
    const qsizetype size = pieceSize > 0 ? pieceSize : answer.bytes.size();
    socket->write(answer.bytes.mid(from, size));
    socket->flush();
    if (from + size < answer.bytes.size()) {
        QTimer::singleShot(1, socket, [this, socket, answer, from, size] { write(socket, answer, from + size); });
        return;
    }
    if (answer.close)
        socket->disconnectFromHost();
}

} // namespace Switchyard::TestSupport
