#include "shell/colorscheme.h"

#include "shell/framedstyle.h"

#include <QApplication>
#include <QStyle>

namespace Switchyard::Shell::ColorScheme {
namespace {

struct Colors {
    QColor window, windowText, base, alternateBase, text, button, buttonText, highlight,
        highlightedText, link, placeholder, toolTipBase, toolTipText, disabledText;
};

QPalette build(const Colors &c)
{
    QPalette p;
    p.setColor(QPalette::Window, c.window);
    p.setColor(QPalette::WindowText, c.windowText);
    p.setColor(QPalette::Base, c.base);
    p.setColor(QPalette::AlternateBase, c.alternateBase);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, c.button);
    p.setColor(QPalette::ButtonText, c.buttonText);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Highlight, c.highlight);
    p.setColor(QPalette::HighlightedText, c.highlightedText);
    p.setColor(QPalette::Link, c.link);
    p.setColor(QPalette::LinkVisited, c.link.darker(120));
    p.setColor(QPalette::PlaceholderText, c.placeholder);
    p.setColor(QPalette::ToolTipBase, c.toolTipBase);
    p.setColor(QPalette::ToolTipText, c.toolTipText);
    p.setColor(QPalette::Light, c.button.lighter(150));
    p.setColor(QPalette::Midlight, c.button.lighter(125));
    p.setColor(QPalette::Mid, c.button.darker(130));
    p.setColor(QPalette::Dark, c.button.darker(160));
    p.setColor(QPalette::Shadow, QColor(0, 0, 0, 160));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, c.disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, c.disabledText);
    return p;
}

} // namespace

QPalette palette(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Light:
        return build({.window = QColor(0xef, 0xf0, 0xf1), .windowText = QColor(0x23, 0x26, 0x29),
                      .base = QColor(0xff, 0xff, 0xff), .alternateBase = QColor(0xf7, 0xf7, 0xf7),
                      .text = QColor(0x23, 0x26, 0x29), .button = QColor(0xfc, 0xfc, 0xfc),
                      .buttonText = QColor(0x23, 0x26, 0x29), .highlight = QColor(0x2b, 0x6c, 0xb0),
                      .highlightedText = QColor(0xff, 0xff, 0xff), .link = QColor(0x1d, 0x62, 0xa8),
                      .placeholder = QColor(0x63, 0x69, 0x6f), .toolTipBase = QColor(0xf7, 0xf7, 0xf7),
                      .toolTipText = QColor(0x23, 0x26, 0x29), .disabledText = QColor(0xa0, 0xa3, 0xa6)});
    case Scheme::Dark:
        return build({.window = QColor(0x20, 0x23, 0x26), .windowText = QColor(0xfc, 0xfc, 0xfc),
                      .base = QColor(0x14, 0x16, 0x18), .alternateBase = QColor(0x1d, 0x1f, 0x22),
                      .text = QColor(0xfc, 0xfc, 0xfc), .button = QColor(0x29, 0x2c, 0x30),
                      .buttonText = QColor(0xfc, 0xfc, 0xfc), .highlight = QColor(0x2b, 0x74, 0xbd),
                      .highlightedText = QColor(0xfc, 0xfc, 0xfc), .link = QColor(0x5a, 0xb0, 0xf5),
                      .placeholder = QColor(0xa1, 0xa9, 0xb1), .toolTipBase = QColor(0x29, 0x2c, 0x30),
                      .toolTipText = QColor(0xfc, 0xfc, 0xfc), .disabledText = QColor(0x6e, 0x74, 0x7a)});
    case Scheme::System:
        break;
    }
    return QApplication::style()->standardPalette();
}

void apply(Scheme scheme)
{
    // Fusion, with frames and indicators that show on either palette.
    if (scheme != Scheme::System && !qobject_cast<FramedStyle *>(QApplication::style()))
        QApplication::setStyle(new FramedStyle);
    QApplication::setPalette(palette(scheme));
}

} // namespace Switchyard::Shell::ColorScheme
