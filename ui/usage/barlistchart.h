#pragma once

#include "usage/chartview.h"

#include <QAbstractBarSeries>
#include <QColor>
#include <QList>
#include <QPointer>
#include <QString>

namespace Switchyard::UsageUi {

/// One horizontal bar per item, top to bottom in the order given, each in its
/// own colour (a model's, so it matches the other charts and the table). A bar
/// may carry a second, fainter part up to an upper value: the median of a
/// latency solid, its 95th percentile faint beyond it.
class BarListChart final : public ChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BarListChart)

public:
    struct Bar {
        QString label;
        QColor color;
        double value = 0;
        double upper = -1; // drawn faint from value to upper when above value
        QString toolTip;
    };

    explicit BarListChart(QWidget *parent = nullptr);
    ~BarListChart() override;

    /// prefix and suffix frame the axis numbers ("$", " s", " tok/s").
    void setBars(const QString &title, QList<Bar> bars, const QString &prefix, const QString &suffix);
    /// Where the value axis ends: at the longest bar, or, when one or two
    /// bars are outliers (over ten times the median), at the longest of the
    /// rest; the outliers are cut at the axis and marked "▸".
    [[nodiscard]] static double axisMaximum(const QList<Bar> &bars);
    [[nodiscard]] const QList<Bar> &bars() const { return m_bars; }
    /// Tall enough for every bar to be read, not so tall that a few bars turn into slabs.
    QSize sizeHint() const override;
    /// Room for up to six bars: squeezed below that, Qt Charts elides every
    /// bar's name to "…".
    QSize minimumSizeHint() const override;

private:
    [[nodiscard]] int heightFor(qsizetype bars) const;
    void rebuild() override;
    void fitBarThickness();

    QString m_title;
    QList<Bar> m_bars;
    QPointer<QAbstractBarSeries> m_series; // the current one; a rebuild replaces it
    QString m_prefix;
    QString m_suffix;
};

} // namespace Switchyard::UsageUi
