#pragma once

#include "usage/chartview.h"
#include "usage/usagesummary.h"

#include <QDate>
#include <QList>

#include <optional>

namespace Switchyard::UsageUi {

/// This month's spend added up day by day, against the monthly budget when
/// one is set: how close the month is to its limit, and how fast it gets there.
class MonthChart final : public ChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonthChart)

public:
    explicit MonthChart(QWidget *parent = nullptr);
    ~MonthChart() override;

    /// days: this month's calls by day, up to today. budgetNanoUsd: the total
    /// monthly budget, if any.
    void setData(const QList<Usage::UsageGroup> &days, QDate today, std::optional<qint64> budgetNanoUsd);
    /// Dollars spent by the end of each day of the month so far.
    [[nodiscard]] const QList<double> &cumulative() const { return m_cumulative; }

private:
    void rebuild() override;

    QDate m_today;
    QList<double> m_cumulative; // index 0: the 1st
    Usage::UsageGroup m_total;
    std::optional<qint64> m_budget;
};

} // namespace Switchyard::UsageUi
