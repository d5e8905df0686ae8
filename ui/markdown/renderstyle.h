#pragma once

#include <QFont>
#include <QPalette>
#include <QTextFormat>

#include <array>

namespace Switchyard::Markdown {

/// Every format the renderer puts into a document, derived once from a
/// palette and a font, so that light, dark and high-contrast palettes and the
/// system font size all carry through. Changing either means rendering again.
struct RenderStyle {
    [[nodiscard]] static RenderStyle from(const QPalette &palette, const QFont &font);

    QPalette palette;
    QFont font;
    bool dark = false; // the base colour is dark: syntax colours come from a dark theme
    qreal indentWidth = 24;
    qreal tabWidth = 32; // four spaces of the code font

    QTextBlockFormat paragraph;
    QTextBlockFormat tightItem;
    std::array<QTextBlockFormat, 6> headingBlock;
    std::array<QTextCharFormat, 6> headingChar;
    QTextBlockFormat rule;
    QTextCharFormat quote;
    QTextCharFormat link;
    QTextCharFormat inlineCode;
    QTextCharFormat placeholder; // image placeholders: a link that says what it is

    QTextTableFormat table;
    QTextCharFormat tableHeader;
    QTextTableCellFormat cell;       // ruled: with border collapse, cells draw the lines
    QTextTableCellFormat headerCell; // the same, on the header row's background

    // A code block is a header line (language, Copy) and one block per line,
    // inset by codePadding on each side; the view paints the box around them
    // in codeBackground and codeBorder. (A QTextFrame would draw it, but
    // every frame inserted or removed makes QTextDocument rescan all of its
    // fragments, which an open code block would do on every flush.)
    QTextBlockFormat codeHeader;
    QTextCharFormat codeLanguage;
    QTextCharFormat codeCopy;
    QTextBlockFormat codeLine;
    QTextCharFormat code;
    qreal codePadding = 6;
    qreal codeSpacing = 8; // between the box and the blocks around it
    QColor codeBackground;
    QColor codeBorder;

    /// The empty block QTextDocument keeps at its start and after every table
    /// or frame; until a block takes it over it must take no space.
    QTextBlockFormat collapsed;
};

} // namespace Switchyard::Markdown
