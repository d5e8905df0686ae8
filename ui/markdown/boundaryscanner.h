#pragma once

#include <QByteArrayView>
#include <QList>

namespace Switchyard::Markdown {

/// Proposes where a growing Markdown text may be cut into chunks that md4c
/// renders the same apart as together, so that a streamed answer never parses
/// a finished block twice.
///
/// It reads only complete lines, once each, in order, and keeps what it needs
/// between calls (the open fence, whether the previous line was blank,
/// whether the current chunk holds a list). A line L starts a new chunk when
/// all of these hold:
///   - the line before L is blank (so no paragraph, table or setext heading
///     can continue into or be changed by L; lazy continuation ends at a
///     blank line);
///   - L is not blank and starts at column 0 (an indented line may continue a
///     list item or an indented code block across the blank line);
///   - no fenced code block is open before L (blank lines do not end fences);
///     fences are recognised after block-quote markers and list markers, and
///     one opened inside a block quote or a list item ends where that
///     container visibly ends;
///   - L does not start a list item while the chunk already holds one (a list
///     continues across blank lines, and a later item would turn it loose).
/// These conditions are what make a cut safe against text still to come:
/// nothing after L can change how md4c reads what is before it. Whether md4c
/// reads the text so far the same cut as whole is then asked of md4c itself
/// (BlockProbe), so a line the scanner misreads costs a missed cut, never a
/// wrong one. A text with no blank lines is never cut, which is correct and
/// only costs time.
class BoundaryScanner
{
public:
    /// Scans the complete lines of text (the whole source so far, of which
    /// the part already scanned must be unchanged) that were not scanned yet,
    /// and appends to candidates the offsets of lines that may start a chunk.
    void scan(QByteArrayView text, QList<qsizetype> &candidates);

    /// Where the first line not scanned yet starts.
    [[nodiscard]] qsizetype scannedUpTo() const { return m_lineStart; }

    void reset() { *this = BoundaryScanner(); }

private:
    void scanLine(QByteArrayView line, qsizetype offset, QList<qsizetype> &candidates);

    qsizetype m_lineStart = 0;
    bool m_previousBlank = false;
    bool m_chunkHasListItem = false;
    bool m_seenContent = false;

    // The open fenced code block, if m_fenceLength > 0.
    char m_fenceChar = 0;
    int m_fenceLength = 0;
    int m_fenceQuoteDepth = 0;
    int m_fenceColumn = 0;     // where the fence characters start, after quote markers
    bool m_fenceInList = false; // it ends at a line indented less than m_fenceColumn
};

} // namespace Switchyard::Markdown
