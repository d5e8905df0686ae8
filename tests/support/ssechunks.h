#pragma once

#include <QByteArray>
#include <QList>

#include <initializer_list>
#include <utility>

namespace Switchyard::TestSupport {

/// Server-sent events as a fixture sends them, one chunk each: "data: …" lines
/// (OpenAI, Gemini) …
inline QList<QByteArray> sse(std::initializer_list<const char *> datas)
{
    QList<QByteArray> chunks;
    for (const char *d : datas)
        chunks.append("data: " + QByteArray(d) + "\n\n");
    return chunks;
}

/// … or named events with their data (Anthropic).
inline QList<QByteArray> named(std::initializer_list<std::pair<const char *, const char *>> events)
{
    QList<QByteArray> chunks;
    for (const auto &[type, data] : events)
        chunks.append("event: " + QByteArray(type) + "\ndata: " + QByteArray(data) + "\n\n");
    return chunks;
}

} // namespace Switchyard::TestSupport
