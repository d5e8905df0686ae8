#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

namespace Switchyard::Providers {

/// Reads HTTP/1.x answers strictly, with llhttp: an invalid, negative or
/// repeated Content-Length, Content-Length beside Transfer-Encoding, a bad
/// chunk size, more than MaxHeaders headers or a head over MaxHeadBytes are
/// errors, not guesses. Knows no socket and emits no signal, so LoopbackReply
/// drives it and a fuzzer can too. Headers are kept in arrival order in one
/// list (linear in their number); 1xx interim answers are skipped.
///
/// checkHead() is the same judgement of a head for answers that Qt's own HTTP
/// read, so that one set of bytes gets one verdict whichever client read it.
class HttpResponseParser final
{
public:
    static constexpr int MaxHeaders = 100;
    static constexpr qsizetype MaxHeadBytes = 64 * 1024;

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    enum class Event : quint8 {
        NeedMore,        // every byte given was consumed
        Head,            // the final answer's status and headers are known
        MessageComplete, // the answer ended
        Error,           // see errorMessage(); nothing more is parsed
    };

    HttpResponseParser();
    ~HttpResponseParser();
    HttpResponseParser(const HttpResponseParser &) = delete;
    HttpResponseParser &operator=(const HttpResponseParser &) = delete;

    /// Ready for a new answer (on a connection that is kept).
    void reset();

    /// Parses from bytes until an event other than NeedMore, or the end of
    /// bytes; consumed says how many were used. The body, de-chunked, is
    /// appended to body. After Head, call it again even with no bytes left:
    /// an answer without a body completes then.
    Event feed(QByteArrayView bytes, qsizetype &consumed, QByteArray &body);
    /// The connection closed: MessageComplete for an answer that ends so,
    /// NeedMore when nothing of an answer had arrived, else Error.
    Event finish();

    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] const QByteArray &reason() const { return m_reason; }
    [[nodiscard]] const Headers &headers() const { return m_headers; }
    /// Whether the connection may carry another request once this answer ended.
    [[nodiscard]] bool keepAlive() const { return m_keepAlive; }
    /// Whether anything of an answer was parsed.
    [[nodiscard]] bool started() const { return m_started; }
    [[nodiscard]] const QString &errorMessage() const { return m_error; }

    /// What is wrong with a head as a client of Qt's HTTP sees it (repeated
    /// headers joined with ", "): the same rules as feed(); empty when fine.
    [[nodiscard]] static QString checkHead(const Headers &headers);

private:
    struct Llhttp;
    friend struct Callbacks;

    std::unique_ptr<Llhttp> m_llhttp;
    Headers m_headers;
    QByteArray m_reason;
    QByteArray *m_body = nullptr; // during feed()
    QString m_error;
    qsizetype m_headBytes = 0;
    int m_status = 0;
    Event m_event = Event::NeedMore; // what a callback paused for
    bool m_inValue = false;          // the last header callback was for a value
    bool m_keepAlive = true;
    bool m_started = false;
    bool m_failed = false;
};

} // namespace Switchyard::Providers
