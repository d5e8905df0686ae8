#pragma once

#include "gateway/httphandler.h"
#include "gateway/httprequest.h"

#include <QByteArray>
#include <QObject>

#include <optional>

#include <llhttp.h>

class QHttpHeaders;
class QSocketNotifier;

namespace Switchyard::Gateway {

class HttpServer;

/// One client connection of the gateway's HTTP transport, on a socket of its
/// own (non-blocking, Nagle off). Requests are read strictly with llhttp, one
/// at a time: the head is bounded in bytes, header count and time, and handed
/// to the handler before any of the body is read; a declared length over the
/// limit is refused at once, a chunked body as it passes the limit. While a
/// request is answered the socket is still watched, so that a client who
/// leaves is noticed at once (`clientGone`). A refused request is answered,
/// the rest of what the client sends read and thrown away for a moment, and
/// the connection closed. Owned by its `HttpServer`; deletes itself (later)
/// once closed.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    enum class State : quint8 {
        Idle,     // between requests, nothing of the next one read yet
        Head,     // reading a request line and headers
        Body,     // reading a body its head was allowed
        Complete, // read whole, about to go to the handler
        Handling, // with the handler; its answer not complete
        Closing,  // answered; the last bytes go out, what comes in is thrown away
        Closed,
    };

    HttpConnection(int fd, const QHostAddress &peer, quint16 peerPort, HttpServer *server);
    ~HttpConnection() override;

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const QHostAddress &peer() const { return m_peer; }
    /// When the state's time limit runs out (steady clock, ms); 0: none.
    [[nodiscard]] qint64 deadline() const { return m_deadline; }

    /// The server's sweep found the deadline passed.
    void timedOut();
    /// Refuses at once, before any request is read (too many connections).
    void refuseNow(const HttpHandler::Refusal &refusal);
    /// Closes now; a request under way hears that its client has gone.
    void close();

Q_SIGNALS:
    /// The client went before the answer was complete.
    void clientGone();

private:
    friend class HttpResponder;
    // llhttp's callbacks.
    static int onMessageBegin(llhttp_t *parser);
    static int onUrl(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderField(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderValue(llhttp_t *parser, const char *at, size_t length);
    static int onHeaderValueComplete(llhttp_t *parser);
    static int onHeadersComplete(llhttp_t *parser);
    static int onBody(llhttp_t *parser, const char *at, size_t length);
    static int onMessageComplete(llhttp_t *parser);
    static const llhttp_settings_t &settings();

    void onReadable();
    void onWritable();
    void input(const char *data, qsizetype size);
    /// How many bytes llhttp used: all, or up to the end of a request.
    qsizetype parse(const char *data, qsizetype size);
    void dispatchReady();
    bool countHead(size_t length);
    int headComplete();
    void refuse(const HttpHandler::Refusal &refusal);

    // From the responder.
    [[nodiscard]] bool isCurrent(quint64 serial) const;
    void respond(quint64 serial, int status, const QHttpHeaders &headers, QByteArrayView body);
    void beginStream(quint64 serial, int status, const QHttpHeaders &headers);
    void writeChunk(quint64 serial, QByteArrayView data);
    void endStream(quint64 serial, QByteArrayView last);
    void abandon(quint64 serial);

    void appendHead(QByteArray &out, int status, const QHttpHeaders &headers) const;
    void send(QByteArray bytes);
    void answered();
    void resumeInput();
    void beginClosing();
    void setDeadline(int fromNowMs);

    HttpServer *m_server;
    int m_fd;
    QHostAddress m_peer;
    quint16 m_peerPort;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    llhttp_t m_parser{};
    State m_state = State::Idle;
    qint64 m_deadline = 0;

    HttpRequest m_request;
    QByteArray m_field; // the header name being read
    QByteArray m_value; // and its value
    qint64 m_headBytes = 0;
    std::optional<HttpHandler::Refusal> m_refusal; // a limit a callback ran into

    quint64 m_serial = 0;      // the request the responder answers
    bool m_answerOpen = false; // a responder may answer the request m_serial
    bool m_keepAlive = true;   // for the request under way
    bool m_headRequest = false; // HEAD: an answer's body is left out
    bool m_http10 = false;
    bool m_streaming = false;  // its answer is a chunked stream
    bool m_chunkedOut = false; // chunked framing (HTTP/1.1); else until close
    bool m_dispatching = false;

    QByteArray m_pending; // read but not parsed: the next request of a pipeline
    QByteArray m_out;     // not yet taken by the socket
    qsizetype m_outSent = 0;
    qint64 m_discarded = 0; // thrown away while closing
};

} // namespace Switchyard::Gateway
