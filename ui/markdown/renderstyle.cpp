#include "markdown/renderstyle.h"

#include <QFontDatabase>
#include <QFontMetricsF>

namespace Switchyard::Markdown {
namespace {

// t of the way from a to b: shades that stay in the palette's family.
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

void setFontSize(QTextCharFormat &format, const QFont &base, qreal factor)
{
    if (base.pointSizeF() > 0)
        format.setFontPointSize(base.pointSizeF() * factor);
    else
        format.setProperty(QTextFormat::FontPixelSize, qRound(base.pixelSize() * factor));
}

} // namespace

RenderStyle RenderStyle::from(const QPalette &palette, const QFont &font)
{
    RenderStyle s;
    s.palette = palette;
    s.font = font;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    s.dark = base.lightnessF() < 0.5;
    const qreal em = QFontMetricsF(font).height();
    s.indentWidth = qRound(em * 1.5);

    s.paragraph.setBottomMargin(qRound(em * 0.5));
    s.tightItem.setBottomMargin(qRound(em * 0.15));

    // Sizes relative to the body font, so the system font size scales them.
    static constexpr std::array<qreal, 6> headingScale{1.5, 1.3, 1.15, 1.05, 1.0, 0.95};
    for (int level = 0; level < 6; ++level) {
        QTextBlockFormat &block = s.headingBlock[level];
        block.setHeadingLevel(level + 1);
        block.setTopMargin(qRound(em * (level < 2 ? 0.8 : 0.6)));
        block.setBottomMargin(qRound(em * 0.35));
        QTextCharFormat &chars = s.headingChar[level];
        setFontSize(chars, font, headingScale[level]);
        chars.setFontWeight(level < 3 ? QFont::Bold : QFont::DemiBold);
    }

    s.rule.setProperty(QTextFormat::BlockTrailingHorizontalRulerWidth,
                       QTextLength(QTextLength::PercentageLength, 100));
    s.rule.setTopMargin(qRound(em * 0.25));
    s.rule.setBottomMargin(qRound(em * 0.5));

    s.quote.setForeground(mix(text, base, 0.3));

    s.link.setForeground(palette.color(QPalette::Link));
    s.link.setFontUnderline(true);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    s.tabWidth = QFontMetricsF(fixed).horizontalAdvance(u' ') * 4;
    s.inlineCode.setFontFamilies({fixed.family()});
    s.inlineCode.setFontFixedPitch(true);
    s.inlineCode.setBackground(mix(base, text, s.dark ? 0.12 : 0.08));

    s.placeholder = s.link;
    s.placeholder.setFontItalic(true);

    const QColor rule = mix(base, text, s.dark ? 0.3 : 0.25);
    s.table.setBorder(1);
    s.table.setBorderBrush(rule);
    s.table.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    s.table.setBorderCollapse(true);
    s.table.setCellPadding(qRound(em * 0.25));
    s.table.setCellSpacing(0);
    s.table.setTopMargin(qRound(em * 0.2));
    s.table.setBottomMargin(qRound(em * 0.5));
    s.table.setHeaderRowCount(1);
    s.tableHeader.setFontWeight(QFont::Bold);
    s.cell.setBorder(1);
    s.cell.setBorderBrush(rule);
    s.cell.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    s.headerCell = s.cell;
    s.headerCell.setBackground(mix(base, text, s.dark ? 0.08 : 0.05));

    s.codeBackground = mix(base, text, s.dark ? 0.07 : 0.045);
    s.codeBorder = mix(base, text, s.dark ? 0.18 : 0.14);
    s.codePadding = qRound(em * 0.45);
    s.codeSpacing = qRound(em * 0.4);
    s.codeHeader.setAlignment(Qt::AlignRight);
    s.codeHeader.setLeftMargin(s.codePadding);
    s.codeHeader.setRightMargin(s.codePadding);
    s.codeHeader.setTopMargin(s.codeSpacing + s.codePadding);
    s.codeLine.setLeftMargin(s.codePadding);
    s.codeLine.setRightMargin(s.codePadding);
    s.codeLanguage.setForeground(palette.color(QPalette::PlaceholderText));
    setFontSize(s.codeLanguage, font, 0.85);
    s.codeCopy = s.link;
    s.codeCopy.setFontUnderline(false);
    setFontSize(s.codeCopy, font, 0.85);

    s.code.setFontFamilies({fixed.family()});
    s.code.setFontFixedPitch(true);

    s.collapsed.setLineHeight(0, QTextBlockFormat::FixedHeight);
    return s;
}

} // namespace Switchyard::Markdown
