#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

class QWidget;

/// The screenshot tool's automatic look at a window, a dialog or a popup
/// before it is saved: what a person would squint at, found by rule.
/// - Text clipped: a label, button, checkbox or radio button narrower (or, for
///   a wrapping label, lower) than its text needs, unless the widget says it
///   elides on purpose (property "elidesText"; its tooltip holds the text).
/// - Siblings that overlap: two visible children of one parent whose
///   rectangles intersect.
/// - A popup that leaves its screen.
/// - Contrast below WCAG 2.1: text against its background under 4.5:1, input
///   frames and check and radio indicators against theirs under 3:1.
/// Every problem is one line naming the shot, the widget and the figures.
class LayoutCheck
{
public:
    void check(const QWidget *top, const QString &shot);
    void checkPopup(const QWidget *popup, const QString &shot);

    [[nodiscard]] const QStringList &problems() const { return m_problems; }

    /// WCAG 2.1 contrast ratio, 1 to 21.
    [[nodiscard]] static double contrast(const QColor &a, const QColor &b);

private:
    void report(const QString &shot, const QWidget *widget, const QString &what);
    void checkText(const QWidget *widget, const QString &shot);
    void checkOverlap(const QWidget *parent, const QString &shot);
    void checkContrast(const QWidget *widget, const QString &shot);

    QStringList m_problems;
};
