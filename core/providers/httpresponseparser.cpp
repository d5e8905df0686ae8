#include "providers/httpresponseparser.h"

#include <llhttp.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

struct HttpResponseParser::Llhttp {
    llhttp_t parser{};
};

// llhttp's callbacks, with the parser object behind llhttp_t::data.
struct Callbacks {
    static HttpResponseParser &self(llhttp_t *p) { return *static_cast<HttpResponseParser *>(p->data); }

    static int fail(HttpResponseParser &s, QString message)
    {
        s.m_error = std::move(message);
        return HPE_USER;
    }

    static int countHead(HttpResponseParser &s, size_t length)
    {
        s.m_headBytes += qsizetype(length);
        if (s.m_headBytes > HttpResponseParser::MaxHeadBytes)
            return fail(s, u"its head is larger than %1 KiB"_s.arg(HttpResponseParser::MaxHeadBytes / 1024));
        return HPE_OK;
    }

    static int messageBegin(llhttp_t *p)
    {
        HttpResponseParser &s = self(p);
        s.m_headers.clear();
        s.m_reason.clear();
        s.m_headBytes = 0;
        s.m_inValue = true; // the next field starts a header
        s.m_started = true;
        return HPE_OK;
    }

    static int status(llhttp_t *p, const char *at, size_t length)
    {
        HttpResponseParser &s = self(p);
        s.m_reason.append(at, qsizetype(length));
        return countHead(s, length);
    }

    static int headerField(llhttp_t *p, const char *at, size_t length)
    {
        HttpResponseParser &s = self(p);
        if (s.m_inValue) {
            if (s.m_headers.size() >= HttpResponseParser::MaxHeaders)
                return fail(s, u"it sent more than %1 headers"_s.arg(HttpResponseParser::MaxHeaders));
            s.m_headers.append(QPair<QByteArray, QByteArray>());
            s.m_inValue = false;
        }
        s.m_headers.last().first.append(at, qsizetype(length));
        return countHead(s, length);
    }

    static int headerValue(llhttp_t *p, const char *at, size_t length)
    {
        HttpResponseParser &s = self(p);
        s.m_inValue = true;
        if (!s.m_headers.isEmpty())
            s.m_headers.last().second.append(at, qsizetype(length));
        return countHead(s, length);
    }

    static int headersComplete(llhttp_t *p)
    {
        HttpResponseParser &s = self(p);
        s.m_inValue = true; // trailers, if any, are headers again
        if (p->status_code < 200)
            return HPE_OK; // "100 Continue" and the like: the real answer follows
        s.m_status = p->status_code;
        for (auto &[name, value] : s.m_headers)
            value = value.trimmed();
        s.m_event = HttpResponseParser::Event::Head;
        return HPE_PAUSED;
    }

    static int body(llhttp_t *p, const char *at, size_t length)
    {
        HttpResponseParser &s = self(p);
        if (s.m_body)
            s.m_body->append(at, qsizetype(length));
        return HPE_OK;
    }

    static int messageComplete(llhttp_t *p)
    {
        HttpResponseParser &s = self(p);
        if (p->status_code < 200)
            return HPE_OK;
        s.m_keepAlive = llhttp_should_keep_alive(p) != 0;
        s.m_event = HttpResponseParser::Event::MessageComplete;
        return HPE_PAUSED;
    }

    static const llhttp_settings_t &settings()
    {
        static const llhttp_settings_t settings = [] {
            llhttp_settings_t s;
            llhttp_settings_init(&s);
            s.on_message_begin = messageBegin;
            s.on_status = status;
            s.on_header_field = headerField;
            s.on_header_value = headerValue;
            s.on_headers_complete = headersComplete;
            s.on_body = body;
            s.on_message_complete = messageComplete;
            return s;
        }();
        return settings;
    }
};

HttpResponseParser::HttpResponseParser()
    : m_llhttp(std::make_unique<Llhttp>())
{
    llhttp_init(&m_llhttp->parser, HTTP_RESPONSE, &Callbacks::settings());
    m_llhttp->parser.data = this;
    // Qt's HTTP reads bare-LF heads too, and local servers write them.
    llhttp_set_lenient_optional_cr_before_lf(&m_llhttp->parser, 1);
}

HttpResponseParser::~HttpResponseParser() = default;

void HttpResponseParser::reset()
{
    llhttp_reset(&m_llhttp->parser);
    m_llhttp->parser.data = this;
    m_headers.clear();
    m_reason.clear();
    m_error.clear();
    m_headBytes = 0;
    m_status = 0;
    m_event = Event::NeedMore;
    m_inValue = false;
    m_keepAlive = true;
    m_started = false;
    m_failed = false;
}

HttpResponseParser::Event HttpResponseParser::feed(QByteArrayView bytes, qsizetype &consumed, QByteArray &body)
{
    consumed = 0;
    if (m_failed)
        return Event::Error;
    // Called with no bytes too: an answer without a body ends right after its
    // head, and llhttp says so only when run again.
    static constexpr char nothing[1] = {0};
    const char *data = bytes.isEmpty() ? nothing : bytes.data();
    llhttp_t *p = &m_llhttp->parser;
    m_event = Event::NeedMore;
    m_body = &body;
    const llhttp_errno_t result = llhttp_execute(p, data, size_t(bytes.size()));
    m_body = nullptr;
    switch (result) {
    case HPE_OK:
        consumed = bytes.size();
        return Event::NeedMore;
    case HPE_PAUSED:
        consumed = llhttp_get_error_pos(p) - data;
        llhttp_resume(p);
        return m_event;
    case HPE_PAUSED_UPGRADE:
        m_error = u"it switched to another protocol"_s;
        break;
    default:
        if (m_error.isEmpty())
            m_error = QString::fromLatin1(llhttp_get_error_reason(p));
        break;
    }
    if (const char *at = llhttp_get_error_pos(p); at && at >= data)
        consumed = qMin<qsizetype>(at - data, bytes.size());
    m_failed = true;
    return Event::Error;
}

HttpResponseParser::Event HttpResponseParser::finish()
{
    if (m_failed)
        return Event::Error;
    m_event = Event::NeedMore;
    const llhttp_errno_t result = llhttp_finish(&m_llhttp->parser);
    if (m_event == Event::MessageComplete)
        return Event::MessageComplete;
    if (result == HPE_OK)
        return Event::NeedMore;
    m_error = u"the connection closed in the middle of the answer"_s;
    m_failed = true;
    return Event::Error;
}

QString HttpResponseParser::checkHead(const Headers &headers)
{
    if (headers.size() > MaxHeaders)
        return u"it sent more than %1 headers"_s.arg(MaxHeaders);
    qsizetype bytes = 0;
    QList<QByteArray> lengths;
    bool transferEncoding = false;
    for (const auto &[name, value] : headers) {
        bytes += name.size() + value.size();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            for (const QByteArray &part : value.split(','))
                lengths.append(part.trimmed());
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = true;
        }
    }
    if (bytes > MaxHeadBytes)
        return u"its head is larger than %1 KiB"_s.arg(MaxHeadBytes / 1024);
    if (lengths.isEmpty())
        return {};
    if (transferEncoding)
        return u"Content-Length can't be present with Transfer-Encoding"_s;
    if (lengths.size() > 1)
        return u"Duplicate Content-Length"_s;
    const QByteArray &length = lengths.first();
    const bool digits = !length.isEmpty() && length.size() <= 18
        && std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
        return u"Invalid character in Content-Length"_s;
    return {};
}

} // namespace Switchyard::Providers
