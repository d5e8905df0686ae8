#pragma once

#include "providers/httpresponseparser.h"

#include <QAbstractSocket>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

class QTcpSocket;

namespace Switchyard::Providers {

class LoopbackNetworkAccess;

/// One HTTP/1.1 exchange of LoopbackNetworkAccess, read and written on the
/// thread the reply lives on, behaving as a QNetworkReply from Qt's own HTTP
/// does for what the providers use: the status and headers (metaDataChanged),
/// the body as it arrives, Content-Length, chunked or until-close, decoded
/// (readyRead), the finish (finished), errors with QNetworkReply's codes
/// (connection refused, closed, an HTTP status of 400 or more) and abort().
/// The answer is read strictly by HttpResponseParser: one that breaks HTTP's
/// framing rules fails with ProtocolFailure rather than being guessed at.
/// A whole answer on a keep-alive connection gives the connection back for
/// the next request; a reused connection that fails before any answer is
/// tried once more on a new one, as Qt does.
class LoopbackReply final : public QNetworkReply
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackReply)

public:
    LoopbackReply(LoopbackNetworkAccess *access, QNetworkAccessManager::Operation operation,
                  const QNetworkRequest &request, QByteArray body);
    ~LoopbackReply() override;

    /// Sends the request, on an idle connection when there is one.
    void start();

    void abort() override;
    void close() override;
    [[nodiscard]] qint64 bytesAvailable() const override;
    [[nodiscard]] bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    enum class Stage : quint8 { Connecting, Answer, Done };

    void connectFresh();
    void attach(QTcpSocket *socket);
    void send();
    void onReadyRead();
    void onConnectionLost(QAbstractSocket::SocketError error);
    /// Works through what has been read; false once the reply is finished.
    bool parse();
    /// Takes over the head the parser read; false if the reply finished meanwhile.
    bool headReceived();
    /// Emits readyRead for what deliver() added; false if that finished the reply.
    bool flushReadyRead();
    void complete();
    void fail(NetworkError code, const QString &message);
    void dropSocket();
    void end();

    QPointer<LoopbackNetworkAccess> m_access;
    QString m_hostPort;
    QByteArray m_requestBytes;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_in;        // read, not yet parsed (from m_inPos)
    qsizetype m_inPos = 0;
    QByteArray m_body;      // decoded, not yet read by the caller (from m_bodyPos)
    qsizetype m_bodyPos = 0;
    HttpResponseParser m_parser;
    Stage m_stage = Stage::Connecting;
    bool m_reused = false;
    bool m_retried = false;
    bool m_answered = false; // any byte of the answer arrived
    bool m_pendingRead = false;
};

} // namespace Switchyard::Providers
