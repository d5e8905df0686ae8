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

    /// For a consumer whose own unit (an SSE event of many lines) grew too large.
    void markOverflowed()
    {
        m_overflowed = true;
        m_partial = QByteArray();
    }

    void reset()
    {
        m_partial.resize(0);
        m_skipLf = false;
        m_overflowed = false;
    }

    /// The longest line taken; a longer one is never held in memory whole:
    /// the splitter stops there, overflowed() turns true and every later byte
    /// is ignored until reset(). A stream that never sends a line end must
    /// not grow the process without bound.
    void setMaxLine(qsizetype bytes) { m_maxLine = bytes; }
    [[nodiscard]] qsizetype maxLine() const { return m_maxLine; }
    [[nodiscard]] bool overflowed() const { return m_overflowed; }

    static constexpr qsizetype DefaultMaxLine = 16 * 1024 * 1024;

private:
    QByteArray m_partial;
    qsizetype m_maxLine = DefaultMaxLine;
    bool m_skipLf = false; // the previous chunk ended in CR; a leading LF belongs to it
    bool m_overflowed = false;
};

template<typename OnLine>
void LineSplitter::feed(QByteArrayView chunk, OnLine &&onLine)
{
    if (m_overflowed)
        return;
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
            if (m_partial.size() + (end - p) > m_maxLine) {
                m_overflowed = true;
                m_partial = QByteArray(); // its memory given back, not kept
                return;
            }
            m_partial.append(p, end - p);
            return;
        }
        if (m_partial.size() + (eol - p) > m_maxLine) {
            m_overflowed = true;
            m_partial = QByteArray();
            return;
        }
        if (m_partial.isEmpty()) {
            onLine(QByteArrayView(p, eol - p));
        } else {
            m_partial.append(p, eol - p);
            onLine(QByteArrayView(m_partial));
            m_partial.resize(0); // keeps the capacity for the next spanning line
        }
        if (m_overflowed) // onLine may find the line's event too large
            return;
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
    if (!m_partial.isEmpty() && !m_overflowed)
        onLine(QByteArrayView(m_partial));
    m_partial.resize(0);
    m_skipLf = false; // overflowed() stays: the stream's verdict
}

} // namespace Switchyard::Stream
