#include "shell/framedstyle.h"

#include <QPainter>
#include <QStyleFactory>
#include <QStyleOption>

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {
namespace {

void outline(QPainter *painter, const QRectF &rect, const QColor &color, qreal radius)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(color, 1));
    painter->drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->restore();
}

} // namespace

FramedStyle::FramedStyle()
    : QProxyStyle(QStyleFactory::create(u"Fusion"_s))
{ }

FramedStyle::~FramedStyle() = default;

QColor FramedStyle::outlineColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    constexpr double TextShare = 0.55;
    return QColor::fromRgbF(float(text.redF() * TextShare + base.redF() * (1 - TextShare)),
                            float(text.greenF() * TextShare + base.greenF() * (1 - TextShare)),
                            float(text.blueF() * TextShare + base.blueF() * (1 - TextShare)));
}

void FramedStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                                const QWidget *widget) const
{
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    const bool focused = option->state & State_HasFocus;
    const QColor color = focused ? option->palette.color(QPalette::Highlight) : outlineColor(option->palette);
    switch (element) {
    case PE_FrameLineEdit:
        // A line edit inside a spin box or combo box gets the control's frame.
        if (widget && widget->parentWidget()
            && (widget->parentWidget()->inherits("QAbstractSpinBox")
                || widget->parentWidget()->inherits("QComboBox")))
            return;
        outline(painter, option->rect, color, 2);
        return;
    case PE_Frame:
        // Multi-line inputs (the prompt, a system prompt, the YAML editor).
        if (widget && (widget->inherits("QPlainTextEdit") || widget->inherits("QTextEdit"))
            && !widget->property("readOnly").toBool())
            outline(painter, option->rect, color, 2);
        return;
    case PE_IndicatorCheckBox:
    case PE_IndicatorItemViewItemCheck:
        if (option->state & State_Enabled)
            outline(painter, QRectF(option->rect).adjusted(0, 0, -1, -1), outlineColor(option->palette), 2);
        return;
    case PE_IndicatorRadioButton:
        if (option->state & State_Enabled) {
            painter->save();
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(outlineColor(option->palette), 1));
            painter->drawEllipse(QRectF(option->rect).adjusted(0.5, 0.5, -1.5, -1.5));
            painter->restore();
        }
        return;
    default:
        return;
    }
}

void FramedStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option,
                                     QPainter *painter, const QWidget *widget) const
{
    QProxyStyle::drawComplexControl(control, option, painter, widget);
    const bool focused = option->state & State_HasFocus;
    const QColor color = focused ? option->palette.color(QPalette::Highlight) : outlineColor(option->palette);
    if (control == CC_SpinBox) {
        if (const auto *spin = qstyleoption_cast<const QStyleOptionSpinBox *>(option); spin && spin->frame)
            outline(painter, option->rect, color, 2);
    } else if (control == CC_ComboBox) {
        if (const auto *combo = qstyleoption_cast<const QStyleOptionComboBox *>(option);
            combo && combo->editable)
            outline(painter, option->rect, color, 2);
    }
}

} // namespace Switchyard::Shell
