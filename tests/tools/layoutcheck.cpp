#include "layoutcheck.h"

#include "shell/framedstyle.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QStyle>
#include <QStyleOptionButton>
#include <QToolButton>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr double TextContrast = 4.5;
constexpr double ComponentContrast = 3.0;
constexpr int OverlapTolerance = 2; // px: frames that share a border line

double luminance(const QColor &color)
{
    const auto channel
        = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

QString describe(const QWidget *widget)
{
    QString name = QString::fromLatin1(widget->metaObject()->className());
    if (!widget->objectName().isEmpty())
        name += u" '"_s + widget->objectName() + u'\'';
    QString text;
    if (const auto *label = qobject_cast<const QLabel *>(widget))
        text = label->text();
    else if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
        text = button->text();
    if (!text.isEmpty())
        name += u" \""_s + (text.size() > 60 ? text.left(57) + u"..."_s : text) + u'"';
    return name;
}

bool isShown(const QWidget *widget)
{
    return widget->isVisible() && !widget->isWindow() && widget->width() > 0 && widget->height() > 0;
}

// The colour a widget's text is drawn on: its own background when it fills
// it, else the nearest ancestor's that does, else the window's.
QColor background(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (w->autoFillBackground() || w->isWindow())
            return w->palette().color(w->backgroundRole());
        // The viewport of a list or text view is painted with the base colour.
        if (qobject_cast<const QAbstractScrollArea *>(w->parentWidget())
            && static_cast<const QAbstractScrollArea *>(w->parentWidget())->viewport() == w)
            return w->palette().color(QPalette::Base);
    }
    return widget->palette().color(QPalette::Window);
}

QString withoutMnemonic(QString text)
{
    text.replace(u"&&"_s, u"\x01"_s);
    text.remove(u'&');
    text.replace(u'\x01', u'&');
    return text;
}

} // namespace

double LayoutCheck::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

void LayoutCheck::report(const QString &shot, const QWidget *widget, const QString &what)
{
    const QString line = u"%1: %2: %3"_s.arg(shot, describe(widget), what);
    if (!m_problems.contains(line))
        m_problems.append(line);
}

void LayoutCheck::check(const QWidget *top, const QString &shot)
{
    QList<const QWidget *> widgets{top};
    widgets += top->findChildren<const QWidget *>();
    for (const QWidget *widget : std::as_const(widgets)) {
        if (widget != top && (!isShown(widget) || !widget->isVisibleTo(top)))
            continue;
        checkText(widget, shot);
        checkOverlap(widget, shot);
        checkContrast(widget, shot);
    }
    checkPopup(top, shot);
}

void LayoutCheck::checkPopup(const QWidget *popup, const QString &shot)
{
    // Popups (menus, combo lists, popovers) are placed by the application;
    // a main window or dialog by the window manager.
    if (!popup->isWindow() || !popup->isVisible() || popup->windowType() != Qt::Popup)
        return;
    const QScreen *screen = popup->screen();
    if (!screen)
        return;
    const QRect frame = popup->geometry();
    if (!screen->geometry().contains(frame))
        report(shot, popup,
               u"leaves its screen: %1,%2 %3×%4 on a %5×%6 screen"_s.arg(frame.x())
                   .arg(frame.y())
                   .arg(frame.width())
                   .arg(frame.height())
                   .arg(screen->geometry().width())
                   .arg(screen->geometry().height()));
}

void LayoutCheck::checkText(const QWidget *widget, const QString &shot)
{
    if (widget->property("elidesText").toBool())
        return;
    if (const auto *label = qobject_cast<const QLabel *>(widget)) {
        if (label->text().isEmpty() || label->pixmap().cacheKey() != 0)
            return;
        const QRect room = label->contentsRect();
        if (label->wordWrap()) {
            const int needed = label->heightForWidth(label->width());
            if (needed > label->height() + 1)
                report(
                    shot, widget,
                    u"text cut off at the bottom: %1 px high, needs %2"_s.arg(label->height()).arg(needed));
            return;
        }
        const QSize needed = label->minimumSizeHint();
        if (needed.width() > label->width() + 1
            && room.width() < label->fontMetrics().horizontalAdvance(label->text()))
            report(shot, widget,
                   u"text clipped: %1 px wide, needs %2"_s.arg(label->width()).arg(needed.width()));
        else if (room.height() < label->fontMetrics().height() - 1)
            report(shot, widget,
                   u"text cut off at the bottom: %1 px high, needs %2"_s.arg(room.height())
                       .arg(label->fontMetrics().height()));
        return;
    }
    const auto *button = qobject_cast<const QAbstractButton *>(widget);
    if (!button || button->text().isEmpty())
        return;
    if (const auto *tool = qobject_cast<const QToolButton *>(button);
        tool && tool->toolButtonStyle() == Qt::ToolButtonIconOnly)
        return;
    const int text = button->fontMetrics().horizontalAdvance(withoutMnemonic(button->text()));
    int needed = text;
    if (qobject_cast<const QCheckBox *>(button) || qobject_cast<const QRadioButton *>(button)) {
        const bool check = qobject_cast<const QCheckBox *>(button);
        needed += button->style()->pixelMetric(
                      check ? QStyle::PM_IndicatorWidth : QStyle::PM_ExclusiveIndicatorWidth, nullptr, button)
            + button->style()->pixelMetric(check ? QStyle::PM_CheckBoxLabelSpacing
                                                 : QStyle::PM_RadioButtonLabelSpacing,
                                           nullptr, button);
    } else {
        const auto *tool = qobject_cast<const QToolButton *>(button);
        const bool under = tool && tool->toolButtonStyle() == Qt::ToolButtonTextUnderIcon;
        if (!button->icon().isNull() && !under)
            needed += button->iconSize().width() + 4;
        needed += 4; // the frame and the least padding a style draws
    }
    if (needed > button->width() + 1)
        report(shot, widget, u"text clipped: %1 px wide, needs %2"_s.arg(button->width()).arg(needed));
}

void LayoutCheck::checkOverlap(const QWidget *parent, const QString &shot)
{
    // A scroll area's viewport, bars and corner are placed by the area itself.
    if (qobject_cast<const QAbstractScrollArea *>(parent))
        return;
    QList<const QWidget *> children;
    for (QObject *object : parent->children()) {
        const auto *child = qobject_cast<const QWidget *>(object);
        if (child && isShown(child) && !child->property("overlay").toBool())
            children.append(child);
    }
    for (qsizetype i = 0; i < children.size(); ++i) {
        for (qsizetype j = i + 1; j < children.size(); ++j) {
            const QRect overlap = children.at(i)->geometry().intersected(children.at(j)->geometry());
            if (overlap.width() > OverlapTolerance && overlap.height() > OverlapTolerance)
                report(shot, children.at(i),
                       u"overlaps %1 by %2×%3 px"_s.arg(describe(children.at(j)))
                           .arg(overlap.width())
                           .arg(overlap.height()));
        }
    }
}

void LayoutCheck::checkContrast(const QWidget *widget, const QString &shot)
{
    if (!widget->isEnabled())
        return; // WCAG exempts inactive components
    const QColor back = background(widget);
    const auto *label = qobject_cast<const QLabel *>(widget);
    const auto *button = qobject_cast<const QAbstractButton *>(widget);
    if ((label && !label->text().isEmpty() && label->pixmap().cacheKey() == 0)
        || (qobject_cast<const QCheckBox *>(widget) || qobject_cast<const QRadioButton *>(widget))) {
        const QColor text = widget->palette().color(widget->foregroundRole());
        const double ratio = contrast(text, back);
        if (ratio < TextContrast)
            report(shot, widget,
                   u"text contrast %1:1 (%2 on %3), needs 4.5:1"_s.arg(ratio, 0, 'f', 2)
                       .arg(text.name(), back.name()));
    }
    if (button && (qobject_cast<const QCheckBox *>(widget) || qobject_cast<const QRadioButton *>(widget))) {
        const QColor indicator = Switchyard::Shell::FramedStyle::outlineColor(widget->palette());
        const double ratio = contrast(indicator, back);
        if (ratio < ComponentContrast)
            report(shot, widget, u"indicator contrast %1:1, needs 3:1"_s.arg(ratio, 0, 'f', 2));
    }
    if (const auto *edit = qobject_cast<const QLineEdit *>(widget)) {
        const QColor base = edit->palette().color(QPalette::Base);
        const QColor frame = Switchyard::Shell::FramedStyle::outlineColor(edit->palette());
        const QColor around = background(edit->parentWidget() ? edit->parentWidget() : edit);
        if (edit->hasFrame() && contrast(frame, around) < ComponentContrast)
            report(shot, widget,
                   u"frame contrast %1:1 against %2, needs 3:1"_s.arg(contrast(frame, around), 0, 'f', 2)
                       .arg(around.name()));
        if (edit->text().isEmpty() && !edit->placeholderText().isEmpty()
            && contrast(edit->palette().color(QPalette::PlaceholderText), base) < TextContrast)
            report(shot, widget,
                   u"placeholder contrast %1:1, needs 4.5:1"_s.arg(
                       contrast(edit->palette().color(QPalette::PlaceholderText), base), 0, 'f', 2));
    }
}
