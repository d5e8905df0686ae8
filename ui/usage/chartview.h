#pragma once

#include <QChartView>

class QAbstractAxis;
class QValueAxis;

namespace Switchyard::UsageUi {

/// What the usage page's charts share: colours taken from the palette (and
/// taken again when it changes, by rebuilding), no animation, a tooltip for
/// whatever is under the mouse, and value axes with units and sensible decimals.
/// A subclass keeps its data and draws it in rebuild().
class ChartView : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartView)

public:
    explicit ChartView(QWidget *parent = nullptr);
    ~ChartView() override;

    /// The tooltip last shown for a hovered bar or point; for tests.
    [[nodiscard]] const QString &hoverText() const { return m_hoverText; }

protected:
    /// Draws the data again from scratch (series, axes); called on a palette change.
    virtual void rebuild() = 0;
    /// Removes every series and axis; the start of a rebuild.
    void clear();
    /// Colours, fonts and margins from the palette; the end of a rebuild.
    void finish();
    /// Shows text by the mouse while on is true (a bar's or point's hovered signal).
    void hover(bool on, const QString &text);
    /// A value axis over [0, max] whose labels read like "$1.25" or "0.5 s":
    /// prefix and suffix around a number with as many decimals as its ticks need.
    static QValueAxis *valueAxis(double max, const QString &prefix, const QString &suffix);

    void changeEvent(QEvent *event) override;

private:
    QString m_hoverText;
    bool m_rebuilding = false;
};

} // namespace Switchyard::UsageUi
