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

    QTextFrameFormat codeFrame;
    QTextBlockFormat codeHeader;
    QTextCharFormat codeLanguage;
    QTextCharFormat codeCopy;
    QTextBlockFormat codeLine;
    QTextCharFormat code;

    /// The empty block QTextDocument keeps at its start and after every table
    /// or frame; until a block takes it over it must take no space.
    QTextBlockFormat collapsed;
};

} // namespace Switchyard::Markdown
