#pragma once

#include <QProxyStyle>

namespace Switchyard::Shell {

/// Fusion with input frames and check and radio indicators that can be seen
/// on any palette. Fusion draws them in the window colour made 40% darker,
/// which on a dark window is nearly the window itself: text fields, spin boxes
/// and checkboxes vanished in the dark scheme. This draws their outline again
/// in outlineColor(), which has at least 3:1 contrast (WCAG 2.1 for UI
/// components) against both the window and the base colour.
class FramedStyle final : public QProxyStyle
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FramedStyle)

public:
    FramedStyle();
    ~FramedStyle() override;

    /// Text blended into the base: visible on the base and on the window of
    /// the palettes Switchyard ships (and most others).
    [[nodiscard]] static QColor outlineColor(const QPalette &palette);

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;
    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;
};

} // namespace Switchyard::Shell
