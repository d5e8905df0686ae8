#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace Switchyard::TestSupport {

/// A server on 127.0.0.1 that answers each request it reads with exactly the
/// next scripted bytes, written in pieces of pieceSize (0: at once) a
/// millisecond apart: for clients facing answers no real server library
/// would write (bad framing, huge heads, endless lines).
class RawHttpServer final : public QObject
{
public:
    struct Answer {
        QByteArray bytes;
        bool close = false; // close the connection after writing
        bool stall = false; // write and keep the connection open, answering nothing more
    };

    RawHttpServer();

    bool listen();
    [[nodiscard]] QUrl url(const QString &path = QStringLiteral("/v1/chat")) const;

    QList<Answer> answers;
    int pieceSize = 0;
    int connections = 0;
    int closedByClient = 0;
    QList<QByteArray> requests; // head and body

private:
    void onRead(QTcpSocket *socket);
    void write(QTcpSocket *socket, const Answer &answer, qsizetype from);

    QHash<QTcpSocket *, QByteArray> m_in; // before the server: its sockets go first
    QTcpServer m_server;
};

} // namespace Switchyard::TestSupport
