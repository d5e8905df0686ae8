#pragma once

#include <QHash>
#include <QList>
#include <QNetworkAccessManager>

class QTcpSocket;

namespace Switchyard::Providers {

/// A QNetworkAccessManager that carries plain-HTTP GET and POST requests to
/// this machine itself (127.0.0.1, ::1, localhost: a model server such as
/// llama.cpp, Ollama or vLLM, or a test's fixture) over keep-alive
/// connections of its own on the thread it lives on, and hands every other
/// request to QNetworkAccessManager as usual.
///
/// Why: QNetworkAccessManager runs HTTP on a thread of its own, passes each
/// piece of an answer back as a queued event, and reads an answer's head a
/// byte per read(). On a loopback call that is most of the time the call
/// takes beyond the server's own, and the local gateway adds it to every
/// request it forwards. Callers see an ordinary QNetworkReply
/// (LoopbackReply): ChatCall and the rest do not know which path was taken.
///
/// Requests to this machine never go through a proxy (AppSettings::applyProxy
/// says so too), so none is consulted here.
class LoopbackNetworkAccess final : public QNetworkAccessManager
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackNetworkAccess)

public:
    explicit LoopbackNetworkAccess(QObject *parent = nullptr);
    ~LoopbackNetworkAccess() override;

    /// Whether a request to url is carried here rather than by Qt's HTTP.
    [[nodiscard]] static bool isLoopbackHttp(const QUrl &url);

    /// Idle keep-alive connections, all hosts together.
    [[nodiscard]] int idleConnections() const;

    /// For LoopbackReply: a connected idle socket to host:port, or null; and
    /// a socket whose answer was read whole, to be used again.
    [[nodiscard]] QTcpSocket *takeIdle(const QString &hostPort);
    void giveBack(const QString &hostPort, QTcpSocket *socket);

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    void forget(QTcpSocket *socket);

    // The most recently returned last: taken first, as the least likely to
    // have been closed by the server meanwhile.
    QHash<QString, QList<QTcpSocket *>> m_idle;
};

} // namespace Switchyard::Providers
