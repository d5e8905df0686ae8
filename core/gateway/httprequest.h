#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include <utility>

namespace Switchyard::Gateway {

/// One HTTP request as the gateway's transport read it (`HttpConnection`,
/// strictly, with llhttp). A route handler first sees only the head — the
/// method, target and headers — to refuse it before any of the body is read;
/// then, if it let it through, the whole request with its body.
struct HttpRequest {
    enum class Method : quint8 { Other, Get, Head, Post, Put, Delete, Options, Patch };

    Method method = Method::Other;
    /// As sent, e.g. "/v1/chat/completions?x=1".
    QByteArray target;
    /// In the order sent; names in lower case, values without surrounding blanks.
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /// The declared Content-Length, or -1 (none, or a chunked body).
    qint64 contentLength = -1;
    bool chunked = false;
    QHostAddress peer;
    quint16 peerPort = 0;

    /// The first value of a header, by its lower-case name; empty if absent.
    [[nodiscard]] QByteArray header(QByteArrayView lowerName) const
    {
        for (const auto &[name, value] : headers)
            if (name == lowerName)
                return value;
        return {};
    }
    [[nodiscard]] bool hasHeader(QByteArrayView lowerName) const
    {
        for (const auto &header : headers)
            if (header.first == lowerName)
                return true;
        return false;
    }
    /// The target without its query.
    [[nodiscard]] QByteArrayView path() const
    {
        const QByteArrayView all(target);
        const qsizetype query = all.indexOf('?');
        return query < 0 ? all : all.first(query);
    }
};

} // namespace Switchyard::Gateway
