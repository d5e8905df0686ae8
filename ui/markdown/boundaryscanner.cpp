#include "markdown/boundaryscanner.h"

namespace Switchyard::Markdown {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

bool isBlank(QByteArrayView line)
{
    for (char c : line) {
        if (!isSpace(c))
            return false;
    }
    return true;
}

// Columns as CommonMark counts them: a tab advances to the next multiple of 4.
int advance(int column, char c)
{
    return c == '\t' ? (column / 4 + 1) * 4 : column + 1;
}

// The length of a list item marker at pos ("- ", "* ", "+ ", "1. ", "12) "),
// not counting the space after it; 0 when there is none. A marker must be
// followed by whitespace or the end of the line, so "---" and "**bold**" are
// not markers.
qsizetype listMarkerLength(QByteArrayView line, qsizetype pos)
{
    const qsizetype n = line.size();
    if (pos >= n)
        return 0;
    qsizetype end = pos;
    const char c = line[pos];
    if (c == '-' || c == '+' || c == '*') {
        end = pos + 1;
    } else {
        while (end < n && end - pos < 9 && line[end] >= '0' && line[end] <= '9')
            ++end;
        if (end == pos || end >= n || (line[end] != '.' && line[end] != ')'))
            return 0;
        ++end;
    }
    if (end < n && !isSpace(line[end]))
        return 0;
    return end - pos;
}

struct Prefix {
    qsizetype pos = 0;   // the first character after the container markers
    int column = 0;      // its column, not counting the '>' markers themselves
    int quoteDepth = 0;
    bool listMarker = false;
};

// Skips the block-quote markers (and list markers, when allowed) that open a
// line, so a fence inside a container is seen where md4c sees it.
Prefix stripContainers(QByteArrayView line, bool allowListMarkers)
{
    Prefix p;
    const qsizetype n = line.size();
    for (;;) {
        while (p.pos < n && (line[p.pos] == ' ' || line[p.pos] == '\t'))
            p.column = advance(p.column, line[p.pos++]);
        if (p.pos < n && line[p.pos] == '>') {
            ++p.quoteDepth;
            ++p.pos;
            p.column = 0;
            continue;
        }
        if (allowListMarkers) {
            const qsizetype marker = listMarkerLength(line, p.pos);
            if (marker > 0 && p.pos + marker < n && !isBlank(line.sliced(p.pos + marker))) {
                p.listMarker = true;
                for (qsizetype i = 0; i < marker; ++i)
                    p.column = advance(p.column, line[p.pos++]);
                continue;
            }
        }
        return p;
    }
}

struct Fence {
    char c = 0;
    int length = 0;
};

Fence fenceAt(QByteArrayView line, qsizetype pos)
{
    const qsizetype n = line.size();
    if (pos >= n || (line[pos] != '`' && line[pos] != '~'))
        return {};
    const char c = line[pos];
    qsizetype end = pos;
    while (end < n && line[end] == c)
        ++end;
    if (end - pos < 3)
        return {};
    // A backtick fence's info string may not contain a backtick; otherwise the
    // line is inline code, e.g. ```a``` in a paragraph.
    if (c == '`' && line.sliced(end).contains('`'))
        return {};
    return {c, int(end - pos)};
}

int indentation(QByteArrayView line, qsizetype from)
{
    int column = 0;
    for (qsizetype i = from; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i)
        column = advance(column, line[i]);
    return column;
}

} // namespace

void BoundaryScanner::scan(QByteArrayView text, QList<qsizetype> &candidates)
{
    for (;;) {
        const qsizetype newline = text.indexOf('\n', m_lineStart);
        if (newline < 0)
            return;
        scanLine(text.sliced(m_lineStart, newline - m_lineStart), m_lineStart, candidates);
        m_lineStart = newline + 1;
    }
}

void BoundaryScanner::scanLine(QByteArrayView line, qsizetype offset, QList<qsizetype> &candidates)
{
    const bool blank = isBlank(line);

    if (m_fenceLength > 0) {
        const Prefix p = stripContainers(line, false);
        // A blank line without '>' ends a block quote, and with it a fence
        // inside; a line indented less than a list item's content ends the
        // item (fenced code has no lazy continuation).
        const bool containerEnded = (m_fenceQuoteDepth > 0 && p.quoteDepth < m_fenceQuoteDepth)
            || (m_fenceInList && !blank && p.column < m_fenceColumn);
        if (!containerEnded) {
            const Fence f = fenceAt(line, p.pos);
            if (f.c == m_fenceChar && f.length >= m_fenceLength && isBlank(line.sliced(p.pos + f.length)))
                m_fenceLength = 0;
            m_previousBlank = blank;
            return;
        }
        m_fenceLength = 0;
    }

    if (!blank && m_previousBlank && m_seenContent && !isSpace(line[0])) {
        const bool listItem = listMarkerLength(line, 0) > 0;
        if (!(listItem && m_chunkHasListItem)) {
            candidates.append(offset);
            m_chunkHasListItem = false;
        }
    }

    if (!blank) {
        m_seenContent = true;
        qsizetype firstNonSpace = 0;
        while (line[firstNonSpace] == ' ' || line[firstNonSpace] == '\t')
            ++firstNonSpace; // stops inside the line: it is not blank
        if (listMarkerLength(line, firstNonSpace) > 0)
            m_chunkHasListItem = true;

        const Prefix p = stripContainers(line, true);
        const Fence f = fenceAt(line, p.pos);
        if (f.length > 0) {
            m_fenceChar = f.c;
            m_fenceLength = f.length;
            m_fenceQuoteDepth = p.quoteDepth;
            m_fenceColumn = p.column;
            m_fenceInList = p.listMarker || (indentation(line, 0) > 0 && m_chunkHasListItem);
        }
    }
    m_previousBlank = blank;
}

} // namespace Switchyard::Markdown
