#include "usage/barlistchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {
constexpr int MaxLabelWidth = 230; // px: "openrouter/deepseek/deepseek-chat" fits
} // namespace

BarListChart::BarListChart(QWidget *parent)
    : ChartView(parent)
{
    chart()->legend()->hide(); // each bar is named on its axis
    // A bar is as thick with two models as with ten, whatever the chart's
    // height: its width (a share of its row) follows the plot area.
    connect(chart(), &QChart::plotAreaChanged, this, &BarListChart::fitBarThickness);
}

void BarListChart::fitBarThickness()
{
    if (!m_series || m_bars.isEmpty())
        return;
    const double row = chart()->plotArea().height() / double(m_bars.size());
    const double thickness = fontMetrics().height() + 2; // a line of text, like a table row
    m_series->setBarWidth(row > 0 ? std::clamp(thickness / row, 0.2, 0.8) : 0.7);
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

// The axis reaches the longest bar, unless one or two bars are far beyond the
// rest (a model measured on a handful of calls, a stray 40,000 tok/s): then
// it stops at the longest of the others, so they stay readable. Ten times the
// median bar is "far": a reasoning model's first token may well come five
// times later than a small model's, and that is worth seeing.
double BarListChart::axisMaximum(const QList<Bar> &bars)
{
    QList<double> values;
    double max = 0;
    for (const Bar &bar : bars) {
        values.append(bar.value);
        max = std::max({max, bar.value, bar.upper});
    }
    if (values.size() < 3)
        return max;
    std::ranges::sort(values);
    const double median = values.at(values.size() / 2);
    constexpr double OutlierFactor = 10.0;
    if (median <= 0)
        return max;
    // The bars themselves (medians) decide what is an outlier; the others'
    // faint p95 parts stay whole.
    double within = 0;
    for (const Bar &bar : bars) {
        if (bar.value <= OutlierFactor * median)
            within = std::max({within, bar.value, bar.upper});
    }
    return within > 0 ? within : max;
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
    m_series = series;
    const qsizetype n = m_bars.size();
    const double max = axisMaximum(m_bars);
    QStringList categories;
    for (qsizetype row = 0; row < n; ++row) {
        // The category axis counts from the bottom; the first bar goes on top.
        const Bar &bar = m_bars.at(n - 1 - row);
        // Names shortened in the middle here (the tooltip has them whole):
        // one name longer than Qt Charts allows turns every name into "…".
        // A bar beyond the axis is cut at its end and says so.
        const QString name = fontMetrics().elidedText(bar.label, Qt::ElideMiddle, MaxLabelWidth);
        categories.append(bar.value > max ? name + u" ▸"_s : name);
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
    fitBarThickness();
}

} // namespace Switchyard::UsageUi
