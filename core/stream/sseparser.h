#pragma once

#include "stream/linesplitter.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Switchyard::Stream {

/// One server-sent event. The views point into the parser and are valid only
/// during the callback that receives the event.
struct SseEvent {
    QByteArrayView type; // "message" when the event named none
    QByteArrayView data; // data lines joined with LF
    QByteArrayView id;   // the last event id seen, which persists across events
};

/// Incremental parser for text/event-stream as the HTML standard defines it:
/// fields data, event, id and retry; comments (lines starting with ':');
/// several data lines joined with LF; LF, CRLF or CR line ends; a leading BOM.
/// Unlike a browser it also delivers a final event that lacks its blank line
/// when finish() is called, because providers' streams do end that way.
/// Knows nothing of any provider. Buffers are reused, so in steady state it
/// allocates nothing per event.
class SseParser final
{
public:
    template<typename OnEvent>
    void feed(QByteArrayView chunk, OnEvent &&onEvent)
    {
        m_lines.feed(chunk, [&](QByteArrayView line) {
            if (processLine(line) && !overflowed())
                dispatch(onEvent);
        });
    }

    template<typename OnEvent>
    void finish(OnEvent &&onEvent)
    {
        m_lines.finish([&](QByteArrayView line) { processLine(line); });
        if (!overflowed())
            dispatch(onEvent);
    }

    void reset();

    /// The largest event taken (its data lines together), and so the longest
    /// line; past it the parser stops, see LineSplitter::setMaxLine().
    void setMaxEventBytes(qsizetype bytes) { m_lines.setMaxLine(bytes); }
    [[nodiscard]] bool overflowed() const { return m_lines.overflowed(); }

    /// The reconnection time the server last asked for with "retry:".
    [[nodiscard]] std::optional<int> retryMilliseconds() const { return m_retryMs; }

private:
    /// Returns true when the line is blank, i.e. the pending event is complete.
    bool processLine(QByteArrayView line);

    template<typename OnEvent>
    void dispatch(OnEvent &onEvent)
    {
        if (m_hasData) {
            onEvent(SseEvent{m_type.isEmpty() ? QByteArrayView("message") : QByteArrayView(m_type),
                             QByteArrayView(m_data), QByteArrayView(m_id)});
        }
        m_data.resize(0);
        m_type.resize(0);
        m_hasData = false;
    }

    LineSplitter m_lines;
    QByteArray m_data;
    QByteArray m_type;
    QByteArray m_id;
    std::optional<int> m_retryMs;
    bool m_hasData = false;
    bool m_atStart = true;
};

} // namespace Switchyard::Stream
