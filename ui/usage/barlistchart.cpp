#include "usage/barlistchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

BarListChart::BarListChart(QWidget *parent)
    : ChartView(parent)
{
    chart()->legend()->hide(); // each bar is named on its axis
}

BarListChart::~BarListChart() = default;

void BarListChart::setBars(const QString &title, QList<Bar> bars, const QString &prefix, const QString &suffix)
{
    m_title = title;
    m_bars = std::move(bars);
    m_prefix = prefix;
    m_suffix = suffix;
    rebuild();
    // Explicit, so a splitter holding the chart cannot squeeze it below the
    // height at which every bar's name turns into "…".
    setMinimumHeight(minimumSizeHint().height());
    updateGeometry();
}

QSize BarListChart::sizeHint() const
{
    return {ChartView::sizeHint().width(), heightFor(std::max<qsizetype>(m_bars.size(), 3))};
}

QSize BarListChart::minimumSizeHint() const
{
    return {ChartView::minimumSizeHint().width(), heightFor(std::clamp<qsizetype>(m_bars.size(), 1, 6))};
}

int BarListChart::heightFor(qsizetype bars) const
{
    // The title and the value axis, then a line and some air per bar.
    const int line = fontMetrics().height();
    return int(4 * line + bars * (line + 12));
}

void BarListChart::rebuild()
{
    clear();
    QChart *c = chart();
    c->setTitle(m_bars.isEmpty() ? tr("%1 — no calls to show").arg(m_title) : m_title);

    // A stacked series with one set per bar (zero in every other row) is how
    // Qt Charts gives each bar a colour of its own.
    auto *series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.7);
    const qsizetype n = m_bars.size();
    double max = 0;
    QStringList categories;
    for (qsizetype row = 0; row < n; ++row) {
        // The category axis counts from the bottom; the first bar goes on top.
        const Bar &bar = m_bars.at(n - 1 - row);
        categories.append(bar.label);
        max = std::max({max, bar.value, bar.upper});
        auto addSet = [&](double value, const QColor &color) {
            auto *set = new QBarSet(bar.label);
            for (qsizetype i = 0; i < n; ++i)
                set->append(i == row ? value : 0.0);
            set->setColor(color);
            set->setBorderColor(color);
            connect(set, &QBarSet::hovered, this, [this, text = bar.toolTip](bool on, int) { hover(on, text); });
            series->append(set);
        };
        addSet(bar.value, bar.color);
        if (bar.upper > bar.value) {
            QColor faint = bar.color;
            faint.setAlphaF(0.35);
            addSet(bar.upper - bar.value, faint);
        }
    }
    c->addSeries(series);

    auto *axisY = new QBarCategoryAxis;
    axisY->append(categories);
    axisY->setGridLineVisible(false);
    c->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    QValueAxis *axisX = valueAxis(max, m_prefix, m_suffix);
    c->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    finish();
}

} // namespace Switchyard::UsageUi
