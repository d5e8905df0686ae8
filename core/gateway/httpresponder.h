#pragma once

#include <QByteArrayView>
#include <QHttpHeaders>
#include <QMetaObject>
#include <QPointer>

#include <functional>

namespace Switchyard::Gateway {

class HttpConnection;

/// How a route handler answers one request: a whole answer, or a stream of
/// pieces (chunked; an SSE stream is pieces of text/event-stream). Move-only;
/// kept by whoever answers later (a chat exchange). Every call is a no-op once
/// the client has gone or the answer is complete, so a handler never writes
/// into a closed connection. Bytes go to the socket at once, not at the next
/// turn of the event loop. A responder dropped without an answer closes the
/// connection: the client hears that, rather than waiting for ever.
class HttpResponder
{
public:
    HttpResponder() = default;
    HttpResponder(HttpResponder &&other) noexcept;
    HttpResponder &operator=(HttpResponder &&other) noexcept;
    HttpResponder(const HttpResponder &) = delete;
    HttpResponder &operator=(const HttpResponder &) = delete;
    ~HttpResponder();

    /// The client is still there and the answer not complete.
    [[nodiscard]] bool isOpen() const;

    /// A whole answer; Content-Length is added.
    void write(int status, const QHttpHeaders &headers, QByteArrayView body = {});
    /// The head of a streamed answer; then writeChunk() and endStream().
    void beginStream(int status, const QHttpHeaders &headers);
    void writeChunk(QByteArrayView data);
    /// The last piece (may be empty), and the end of the answer.
    void endStream(QByteArrayView last = {});

    /// `slot` is called, on `context`'s thread and while it lives, when the
    /// client goes before the answer is complete (it closed, or the connection
    /// broke or was cut off).
    QMetaObject::Connection onClientGone(const QObject *context, std::function<void()> slot) const;

private:
    friend class HttpConnection;
    HttpResponder(HttpConnection *connection, quint64 serial);
    [[nodiscard]] HttpConnection *live() const;

    QPointer<HttpConnection> m_connection;
    quint64 m_serial = 0;
};

} // namespace Switchyard::Gateway
