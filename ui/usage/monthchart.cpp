#include "usage/monthchart.h"

#include "base/units.h"
#include "usage/usageformat.h"

#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

MonthChart::MonthChart(QWidget *parent)
    : ChartView(parent)
{
    chart()->legend()->setAlignment(Qt::AlignBottom);
}

MonthChart::~MonthChart() = default;

void MonthChart::setData(const QList<Usage::UsageGroup> &days, QDate today, std::optional<qint64> budgetNanoUsd)
{
    m_today = today;
    m_budget = budgetNanoUsd;
    m_total = {};
    m_cumulative.fill(0.0, today.isValid() ? today.day() : 0);
    for (const Usage::UsageGroup &g : days) {
        if (g.day.year() != today.year() || g.day.month() != today.month() || g.day > today)
            continue;
        m_cumulative[g.day.day() - 1] += UsageFormat::spendUsd(g);
        UsageFormat::accumulate(m_total, g);
    }
    for (qsizetype i = 1; i < m_cumulative.size(); ++i)
        m_cumulative[i] += m_cumulative[i - 1];
    rebuild();
}

void MonthChart::rebuild()
{
    clear();
    QChart *c = chart();
    if (!m_today.isValid())
        return;
    const QString month = QLocale().toString(m_today, u"MMMM"_s);
    // The title is one short line in a narrow chart: the known amount; the
    // unpriced calls are in the tooltip (and the page's Spend above it).
    Usage::UsageGroup priced = m_total;
    priced.unpricedCalls = 0;
    const QString spent = m_total.calls ? UsageFormat::spend(priced) : Base::Units::usd(0);
    const QString unpriced = m_total.unpricedCalls > 0 ? u" *"_s : QString();
    if (m_budget) {
        const double fraction = *m_budget > 0 ? double(m_total.costNanoUsd) / double(*m_budget) : 1.0;
        c->setTitle(
            tr("%1: %2%3 of %4 (%5)")
                .arg(month, spent, unpriced, UsageFormat::limit(*m_budget), UsageFormat::percent(fraction)));
    } else {
        c->setTitle(tr("%1 so far: %2%3").arg(month, spent, unpriced));
    }
    setToolTip(m_total.unpricedCalls > 0
                   ? tr("* and %1").arg(UsageFormat::spend(m_total).section(u" + "_s, 1)) + u"\n"_s
                       + UsageFormat::spendToolTip(m_total)
                   : UsageFormat::spendToolTip(m_total));

    const int daysInMonth = m_today.daysInMonth();
    auto *line = new QLineSeries;
    line->setName(tr("Spent, all calls"));
    QPen pen(palette().color(QPalette::Highlight), 2.5);
    line->setPen(pen);
    line->setPointsVisible(true);
    line->setMarkerSize(5);
    line->append(0.5, 0); // the month starts at nothing
    for (qsizetype i = 0; i < m_cumulative.size(); ++i)
        line->append(double(i + 1), m_cumulative.at(i));
    connect(line, &QLineSeries::hovered, this, [this](const QPointF &point, bool on) {
        const int day = int(std::lround(point.x()));
        if (day < 1 || day > m_cumulative.size())
            return hover(false, {});
        const QDate date(m_today.year(), m_today.month(), day);
        hover(on, tr("By the end of %1: %2").arg(QLocale().toString(date, QLocale::ShortFormat),
                                                 Base::Units::usd(qint64(std::llround(m_cumulative.at(day - 1) * 1e9)))));
    });
    c->addSeries(line);

    double max = m_cumulative.isEmpty() ? 0.0 : m_cumulative.constLast();
    if (m_budget) {
        const double limit = double(*m_budget) / 1e9;
        auto *budget = new QLineSeries;
        budget->setName(tr("Budget %1").arg(UsageFormat::limit(*m_budget)));
        QPen dashed(palette().color(QPalette::Text), 1.5, Qt::DashLine);
        budget->setPen(dashed);
        budget->append(0.5, limit);
        budget->append(daysInMonth + 0.5, limit);
        c->addSeries(budget);
        max = std::max(max, limit);
    }

    auto *axisX = new QValueAxis;
    axisX->setRange(0.5, daysInMonth + 0.5);
    axisX->setTickType(QValueAxis::TicksDynamic);
    axisX->setTickAnchor(1);
    axisX->setTickInterval(7);
    axisX->setLabelFormat(u"%d"_s);
    axisX->setGridLineVisible(false);
    // No axis title: the chart's title names the month, and on a 700 px
    // screen the line it took turned every day number into "…".
    c->addAxis(axisX, Qt::AlignBottom);
    QValueAxis *axisY = valueAxis(max * 1.08, u"$"_s, QString());
    c->addAxis(axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : c->series()) {
        series->attachAxis(axisX);
        series->attachAxis(axisY);
    }
    finish();
}

} // namespace Switchyard::UsageUi
