#include "usage/spendchart.h"

#include "usage/usageformat.h"
#include "widgets/modelcolors.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHash>
#include <QLegend>
#include <QLocale>
#include <QResizeEvent>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

using Period = SpendChart::Columns::Period;

QDate periodStart(QDate day, Period period)
{
    switch (period) {
    case Period::Day:
        return day;
    case Period::Week:
        return day.addDays(1 - day.dayOfWeek()); // Monday
    case Period::Month:
        return QDate(day.year(), day.month(), 1);
    }
    return day;
}

QDate nextStart(QDate start, Period period)
{
    switch (period) {
    case Period::Day:
        return start.addDays(1);
    case Period::Week:
        return start.addDays(7);
    case Period::Month:
        return start.addMonths(1);
    }
    return start.addDays(1);
}

} // namespace

SpendChart::Columns SpendChart::columns(const QList<Usage::UsageGroup> &groups, QDate from, QDate to,
                                        StackBy stackBy, int maxSeries)
{
    Columns result;
    if (!from.isValid() || !to.isValid() || from > to)
        return result;
    const qint64 days = from.daysTo(to) + 1;
    result.period = days <= 45 ? Period::Day : days <= 200 ? Period::Week : Period::Month;
    for (QDate start = periodStart(from, result.period); start <= to; start = nextStart(start, result.period))
        result.starts.append(start);

    auto keyOf = [stackBy](const Usage::UsageGroup &g) {
        return stackBy == StackBy::Model ? g.modelKey() : g.provider;
    };
    // Rank by known spend over the range, then calls, then name: stable.
    QHash<QString, Usage::UsageGroup> totals;
    for (const Usage::UsageGroup &g : groups)
        UsageFormat::accumulate(totals[keyOf(g)], g);
    QStringList ranked = totals.keys();
    std::ranges::sort(ranked, [&totals](const QString &a, const QString &b) {
        const auto &ta = totals[a];
        const auto &tb = totals[b];
        if (ta.costNanoUsd != tb.costNanoUsd)
            return ta.costNanoUsd > tb.costNanoUsd;
        if (ta.calls != tb.calls)
            return ta.calls > tb.calls;
        return a < b;
    });
    maxSeries = std::max(maxSeries, 2);
    const bool needOther = ranked.size() > maxSeries;
    result.keys = ranked.mid(0, needOther ? maxSeries - 1 : maxSeries);
    if (needOther)
        result.keys.append(QString());

    result.cells.resize(result.keys.size());
    for (auto &row : result.cells)
        row.resize(result.starts.size());
    for (const Usage::UsageGroup &g : groups) {
        if (g.day < from || g.day > to)
            continue;
        const auto column = std::ranges::upper_bound(result.starts, g.day) - result.starts.begin() - 1;
        qsizetype row = result.keys.indexOf(keyOf(g));
        if (row < 0)
            row = result.keys.size() - 1; // Other
        if (column >= 0)
            UsageFormat::accumulate(result.cells[row][column], g);
    }
    return result;
}

SpendChart::SpendChart(QWidget *parent)
    : ChartView(parent)
{
    chart()->legend()->setAlignment(Qt::AlignRight);
}

SpendChart::~SpendChart() = default;

void SpendChart::setData(const QList<Usage::UsageGroup> &groups, QDate from, QDate to, StackBy stackBy)
{
    m_groups = groups;
    m_from = from;
    m_to = to;
    m_stackBy = stackBy;
    regroup();
}

void SpendChart::regroup()
{
    m_fitted = fittingSeries();
    m_columns = columns(m_groups, m_from, m_to, m_stackBy, m_fitted);
    rebuild();
}

int SpendChart::fittingSeries() const
{
    // The legend on the right lists one series a line, below the title; a
    // legend that does not fit drops entries without a word.
    const int line = fontMetrics().height() + 6;
    const int room = height() - 3 * fontMetrics().height() - 16;
    return std::clamp(room / line, 2, MaxSeries);
}

void SpendChart::resizeEvent(QResizeEvent *event)
{
    ChartView::resizeEvent(event);
    if (fittingSeries() != m_fitted && !m_groups.isEmpty())
        regroup();
}

QString SpendChart::columnLabel(int column) const
{
    const QDate start = m_columns.starts.at(column);
    switch (m_columns.period) {
    case Period::Day:
        // A week fits weekday names; a month only the day of the month.
        return m_columns.starts.size() <= 10 ? QLocale().toString(start, u"ddd d"_s) : QString::number(start.day());
    case Period::Week:
        return QLocale().toString(start, u"d MMM"_s);
    case Period::Month:
        return QLocale().toString(start, u"MMM yy"_s);
    }
    return {};
}

QString SpendChart::periodName(int column) const
{
    const QDate start = m_columns.starts.at(column);
    switch (m_columns.period) {
    case Period::Day:
        return QLocale().toString(start, QLocale::LongFormat);
    case Period::Week:
        return tr("Week of %1").arg(QLocale().toString(start, QLocale::ShortFormat));
    case Period::Month:
        return QLocale().toString(start, u"MMMM yyyy"_s);
    }
    return {};
}

void SpendChart::rebuild()
{
    clear();
    QChart *c = chart();
    const QStringList periods{tr("Spend per day"), tr("Spend per week"), tr("Spend per month")};
    // An empty chart says why it is empty instead of showing a bare grid.
    Usage::UsageGroup total;
    for (const auto &row : std::as_const(m_columns.cells)) {
        for (const Usage::UsageGroup &cell : row)
            UsageFormat::accumulate(total, cell);
    }
    QString title = periods.at(int(m_columns.period));
    if (total.costNanoUsd == 0) {
        if (total.calls == 0)
            title = tr("%1 — no calls in this range").arg(title);
        else if (total.unpricedCalls == total.calls)
            title = tr("%1 — these calls have no price yet (Set price… above)").arg(title);
        else
            title = tr("%1 — every call in this range cost $0").arg(title);
    }
    c->setTitle(title);

    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.75);
    double max = 0;
    QList<double> stacks(m_columns.starts.size(), 0.0);
    for (qsizetype row = 0; row < m_columns.keys.size(); ++row) {
        const QString &key = m_columns.keys.at(row);
        auto *set = new QBarSet(key.isEmpty() ? tr("Other") : key);
        const QColor color = key.isEmpty() ? Widgets::ModelColors::other(palette())
                                           : Widgets::ModelColors::of(key, palette());
        set->setColor(color);
        set->setBorderColor(color);
        const auto &cells = m_columns.cells.at(row);
        for (qsizetype column = 0; column < cells.size(); ++column) {
            const double usd = UsageFormat::spendUsd(cells.at(column));
            set->append(usd);
            stacks[column] += usd;
        }
        connect(set, &QBarSet::hovered, this, [this, row](bool on, int column) {
            const Usage::UsageGroup &cell = m_columns.cells.at(row).at(column);
            const QString &name = m_columns.keys.at(row);
            QString text = u"%1\n%2: %3 · %4"_s.arg(name.isEmpty() ? tr("Other") : name, periodName(column),
                                                  UsageFormat::spend(cell),
                                                  UsageFormat::calls(cell.calls));
            if (const QString why = UsageFormat::spendToolTip(cell); !why.isEmpty())
                text += u'\n' + why;
            hover(on, text);
        });
        series->append(set);
    }
    for (double stack : std::as_const(stacks))
        max = std::max(max, stack);
    c->addSeries(series);

    // A label per column does not fit a month of days: every step-th column
    // is named, counting back from the last (today), and the others get
    // distinct invisible labels (the axis refuses duplicates). Labels are not
    // cut to their column's width, so a named one may use its neighbours'.
    auto *axisX = new QBarCategoryAxis;
    const qsizetype n = m_columns.starts.size();
    const int labelWidth = m_columns.period == Period::Day && n > 10 ? 20 : 56;
    const qsizetype step = std::max<qsizetype>(1, (n * labelWidth + 379) / 380);
    QStringList labels;
    for (qsizetype column = 0; column < n; ++column)
        labels.append((n - 1 - column) % step == 0 ? columnLabel(int(column))
                                                   : QString(column + 1, QChar(0x200B)));
    axisX->append(labels);
    axisX->setTruncateLabels(false);
    axisX->setGridLineVisible(false);
    if (!m_columns.starts.isEmpty() && m_columns.period == Period::Day && m_columns.starts.size() > 10) {
        // Day numbers alone need the month they belong to.
        const QDate first = m_columns.starts.constFirst(), last = m_columns.starts.constLast();
        axisX->setTitleText(first.month() == last.month()
                                ? QLocale().toString(first, u"MMMM yyyy"_s)
                                : u"%1 – %2"_s.arg(QLocale().toString(first, u"d MMM"_s),
                                                   QLocale().toString(last, u"d MMM yyyy"_s)));
    }
    c->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    QValueAxis *axisY = valueAxis(max, u"$"_s, QString());
    c->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    c->legend()->setVisible(!m_columns.keys.isEmpty() && total.costNanoUsd > 0);
    finish();
}

} // namespace Switchyard::UsageUi
