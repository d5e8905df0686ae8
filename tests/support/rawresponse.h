#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

namespace Switchyard::TestSupport {

/// An HTTP/1.1 answer as a raw client socket read it, for tests that write
/// requests by hand: status, headers (names in lower case), the body of
/// Content-Length bytes, and whatever came after it (a pipelined answer).
struct RawResponse {
    int status = 0;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    QByteArray rest;

    [[nodiscard]] static RawResponse parse(const QByteArray &bytes)
    {
        RawResponse out;
        const qsizetype split = bytes.indexOf("\r\n\r\n");
        if (split < 0)
            return out;
        const QList<QByteArray> lines = bytes.first(split).split('\n');
        out.status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                out.headers.insert(line.first(colon).toLower(), line.mid(colon + 1).trimmed());
        }
        const bool sized = out.headers.contains("content-length");
        const qsizetype length = sized ? out.headers.value("content-length").toLongLong() : bytes.size() - split - 4;
        out.body = bytes.mid(split + 4, length);
        out.rest = bytes.mid(split + 4 + length);
        return out;
    }
};

} // namespace Switchyard::TestSupport
