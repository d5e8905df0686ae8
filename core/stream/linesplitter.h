#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace Switchyard::Stream {

/// Cuts a byte stream that arrives in arbitrary chunks into lines ending in
/// LF, CRLF or a lone CR — the three line ends SSE allows — however the chunks
/// fall, including a CRLF split between two chunks. Complete lines inside a
/// chunk are handed out as views into that chunk without copying; only a line
/// that spans chunks is assembled in a buffer that keeps its capacity, so in
/// steady state nothing is allocated per line. Line ends never occur inside a
/// multi-byte UTF-8 sequence, so splitting bytes is safe for UTF-8 text.
class LineSplitter final
{
public:
    /// Calls onLine(QByteArrayView) for each complete line in chunk, without
    /// its line end. The view is valid only during the call.
    template<typename OnLine>
    void feed(QByteArrayView chunk, OnLine &&onLine);

    /// The stream ended: a last line without a line end is still a line.
    template<typename OnLine>
    void finish(OnLine &&onLine);

    void reset()
    {
        m_partial.resize(0);
        m_skipLf = false;
    }

private:
    QByteArray m_partial;
    bool m_skipLf = false; // the previous chunk ended in CR; a leading LF belongs to it
};

template<typename OnLine>
void LineSplitter::feed(QByteArrayView chunk, OnLine &&onLine)
{
    const char *p = chunk.data();
    const char *const end = p + chunk.size();
    if (m_skipLf && p < end) {
        m_skipLf = false;
        if (*p == '\n')
            ++p;
    }
    // memchr is vectorised; a stream with no CR at all pays for one scan.
    const char *cr = p < end ? static_cast<const char *>(std::memchr(p, '\r', size_t(end - p))) : nullptr;
    while (p < end) {
        if (cr && cr < p)
            cr = static_cast<const char *>(std::memchr(p, '\r', size_t(end - p)));
        const char *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *eol = (cr && (!lf || cr < lf)) ? cr : lf;
        if (!eol) {
            m_partial.append(p, end - p);
            return;
        }
        if (m_partial.isEmpty()) {
            onLine(QByteArrayView(p, eol - p));
        } else {
            m_partial.append(p, eol - p);
            onLine(QByteArrayView(m_partial));
            m_partial.resize(0); // keeps the capacity for the next spanning line
        }
        if (*eol == '\r') {
            if (eol + 1 == end)
                m_skipLf = true;
            else if (eol[1] == '\n')
                ++eol;
        }
        p = eol + 1;
    }
}

template<typename OnLine>
void LineSplitter::finish(OnLine &&onLine)
{
    if (!m_partial.isEmpty())
        onLine(QByteArrayView(m_partial));
    reset();
}

} // namespace Switchyard::Stream
