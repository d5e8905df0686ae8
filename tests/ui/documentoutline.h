#pragma once

// Two views of a rendered QTextDocument for the Markdown tests: an outline a
// test row can spell out ("h1:Title", "li(disc,1):item", "table 2x2[a|b][1|2]",
// "code 0:int x;"), and a fingerprint of every block, fragment and frame with
// all of its format properties, for comparing two renders exactly.

#include "markdown/markdownrenderer.h"

#include <QDebug>
#include <QStringList>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>

namespace DocumentOutline {

using namespace Qt::StringLiterals;

inline bool isCollapsed(const QTextBlock &block)
{
    const QTextBlockFormat f = block.blockFormat();
    return block.text().isEmpty() && f.lineHeightType() == QTextBlockFormat::FixedHeight
        && f.lineHeight() == 0;
}

inline int codeIndex(const QTextBlock &block)
{
    using Switchyard::Markdown::MarkdownRenderer;
    const QVariant index = block.blockFormat().property(MarkdownRenderer::CodeBlockIndex);
    return index.isValid() ? index.toInt() : -1;
}

// The first block of a code block: its language and Copy link.
inline bool isCodeHeader(const QTextBlock &block)
{
    return codeIndex(block) >= 0 && block.blockFormat().alignment() == Qt::AlignRight;
}

inline QString listStyle(const QTextListFormat &format)
{
    switch (format.style()) {
    case QTextListFormat::ListDisc:
        return u"disc"_s;
    case QTextListFormat::ListCircle:
        return u"circle"_s;
    case QTextListFormat::ListSquare:
        return u"square"_s;
    case QTextListFormat::ListDecimal:
        return u"decimal"_s;
    default:
        return u"other"_s;
    }
}

inline QString blockOutline(const QTextBlock &block)
{
    const QTextBlockFormat f = block.blockFormat();
    QString kind = u"p"_s;
    if (f.headingLevel() > 0)
        kind = u"h%1"_s.arg(f.headingLevel());
    else if (f.hasProperty(QTextFormat::BlockTrailingHorizontalRulerWidth))
        kind = u"hr"_s;
    if (QTextList *list = block.textList()) {
        kind = u"li(%1,%2)"_s.arg(listStyle(list->format())).arg(list->format().indent());
        if (list->format().style() == QTextListFormat::ListDecimal)
            kind += u"#"_s + list->itemText(block);
    }
    if (f.marker() == QTextBlockFormat::MarkerType::Checked)
        kind += u"[x]"_s;
    else if (f.marker() == QTextBlockFormat::MarkerType::Unchecked)
        kind += u"[ ]"_s;
    if (const int quote = f.intProperty(QTextFormat::BlockQuoteLevel); quote > 0)
        kind = QString(quote, u'>') + kind;
    return kind + u':' + block.text();
}

inline void outlineFrame(QTextFrame *frame, QStringList &out)
{
    for (auto it = frame->begin(); !it.atEnd(); ++it) {
        if (QTextFrame *child = it.currentFrame()) {
            if (auto *table = qobject_cast<QTextTable *>(child)) {
                QString t = u"table %1x%2"_s.arg(table->rows()).arg(table->columns());
                for (int r = 0; r < table->rows(); ++r) {
                    QStringList cells;
                    for (int c = 0; c < table->columns(); ++c) {
                        const QTextTableCell cell = table->cellAt(r, c);
                        QStringList lines;
                        for (auto b = cell.begin(); !b.atEnd(); ++b)
                            lines << b.currentBlock().text();
                        cells << lines.join(u'/');
                    }
                    t += u'[' + cells.join(u'|') + u']';
                }
                out << t;
            }
        } else if (const QTextBlock block = it.currentBlock(); isCodeHeader(block)) {
            // "code N:" and the lines that follow the header.
            const int index = codeIndex(block);
            QStringList lines;
            auto next = it;
            for (++next; !next.atEnd() && !next.currentFrame() && codeIndex(next.currentBlock()) == index
                 && !isCodeHeader(next.currentBlock());
                 ++next) {
                lines << next.currentBlock().text();
                it = next;
            }
            out << u"code %1:"_s.arg(index) + lines.join(u'\n');
        } else if (!isCollapsed(block)) {
            out << blockOutline(block);
        }
    }
}

/// "h1:Title | p:Some text | li(disc,1):item | table 2x2[a|b][1|2] | code 0:x"
inline QString outline(QTextDocument *document)
{
    QStringList out;
    outlineFrame(document->rootFrame(), out);
    return out.join(u" | "_s);
}

inline QString properties(const QTextFormat &format)
{
    QMap<int, QVariant> props = format.properties();
    // Object indexes number lists and frames in creation order, which differs
    // between a streamed render (tails come and go) and one at once; the
    // structure around them is compared instead.
    props.remove(QTextFormat::ObjectIndex);
    QString s;
    QDebug(&s).nospace().noquote() << props;
    return s;
}

inline void fingerprintFrame(QTextFrame *frame, QStringList &out)
{
    out << u"frame{"_s + properties(frame->frameFormat());
    for (auto it = frame->begin(); !it.atEnd(); ++it) {
        if (QTextFrame *child = it.currentFrame()) {
            if (auto *table = qobject_cast<QTextTable *>(child)) {
                out << u"table %1x%2 "_s.arg(table->rows()).arg(table->columns())
                           + properties(table->format());
                for (int r = 0; r < table->rows(); ++r) {
                    for (int c = 0; c < table->columns(); ++c) {
                        const QTextTableCell cell = table->cellAt(r, c);
                        out << u"cell "_s + properties(cell.format());
                        for (auto b = cell.begin(); !b.atEnd(); ++b) {
                            const QTextBlock block = b.currentBlock();
                            out << u"  block "_s + properties(block.blockFormat());
                            for (auto f = block.begin(); !f.atEnd(); ++f)
                                out << u"    '"_s + f.fragment().text() + u"' "_s
                                           + properties(f.fragment().charFormat());
                        }
                    }
                }
            } else {
                fingerprintFrame(child, out);
            }
            continue;
        }
        const QTextBlock block = it.currentBlock();
        QString b = u"block "_s + properties(block.blockFormat()) + u' ' + properties(block.charFormat());
        if (QTextList *list = block.textList())
            b += u" list "_s + properties(list->format()) + u" item "_s + list->itemText(block);
        out << b;
        for (auto f = block.begin(); !f.atEnd(); ++f)
            out << u"  '"_s + f.fragment().text() + u"' "_s + properties(f.fragment().charFormat());
    }
    out << u"}"_s;
}

inline QStringList fingerprint(QTextDocument *document)
{
    QStringList out;
    fingerprintFrame(document->rootFrame(), out);
    return out;
}

} // namespace DocumentOutline
