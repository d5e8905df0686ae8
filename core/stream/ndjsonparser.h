#pragma once

#include "stream/linesplitter.h"

#include <QByteArrayView>

namespace Switchyard::Stream {

/// Incremental framing for newline-delimited JSON (Ollama's /api/chat): hands
/// out each non-blank line, whatever the chunking, and a last line without a
/// newline at finish(). It does not parse the JSON; that is the adapter's job.
class NdjsonParser final
{
public:
    template<typename OnRecord>
    void feed(QByteArrayView chunk, OnRecord &&onRecord)
    {
        m_lines.feed(chunk, [&](QByteArrayView line) { deliver(line, onRecord); });
    }

    template<typename OnRecord>
    void finish(OnRecord &&onRecord)
    {
        m_lines.finish([&](QByteArrayView line) { deliver(line, onRecord); });
    }

    void reset() { m_lines.reset(); }

    /// The longest record taken; past it the parser stops, see LineSplitter::setMaxLine().
    void setMaxRecordBytes(qsizetype bytes) { m_lines.setMaxLine(bytes); }
    [[nodiscard]] bool overflowed() const { return m_lines.overflowed(); }

private:
    template<typename OnRecord>
    static void deliver(QByteArrayView line, OnRecord &onRecord)
    {
        line = line.trimmed();
        if (!line.isEmpty())
            onRecord(line);
    }

    LineSplitter m_lines;
};

} // namespace Switchyard::Stream
