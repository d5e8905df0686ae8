#pragma once

#include <QByteArray>
#include <QString>

namespace Switchyard::Gateway {

struct HttpRequest;
class HttpResponder;

/// What the gateway's HTTP transport (`HttpServer`) asks of the routes above
/// it. Each request comes twice: its head alone, before a byte of its body is
/// read, so that a request without a token, from a foreign Host or Origin or
/// too large costs nothing; then, if the head was let through, the whole
/// request. The transport's own refusals (malformed, too large, too slow, too
/// many connections) are written by the handler too, in its API's shape.
class HttpHandler
{
public:
    /// Why the transport refuses a request on its own.
    struct Refusal {
        int status = 400;
        QString code;    // "request_too_large", "headers_too_large", ...
        QString message; // for people
    };

    virtual ~HttpHandler() = default;

    /// True lets the body be read and the request reach handle(); false
    /// refuses it: the handler has answered through `responder`, and the
    /// connection is closed after the answer without reading the body.
    virtual bool acceptHead(const HttpRequest &head, HttpResponder &responder) = 0;
    /// A whole request; `responder` may be kept to answer later.
    virtual void handle(HttpRequest &&request, HttpResponder responder) = 0;
    /// Answers a refusal of the transport's; `head` is null when none was
    /// read (a connection refused as it came). The connection then closes.
    virtual void refuse(HttpResponder &responder, const HttpRequest *head, const Refusal &refusal) = 0;

protected:
    HttpHandler() = default;
    HttpHandler(const HttpHandler &) = default;
    HttpHandler &operator=(const HttpHandler &) = default;
};

} // namespace Switchyard::Gateway
