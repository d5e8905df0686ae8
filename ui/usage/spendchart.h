#pragma once

#include "usage/chartview.h"
#include "usage/usagesummary.h"

#include <QDate>
#include <QList>
#include <QStringList>

namespace Switchyard::UsageUi {

/// Known spend over time as stacked columns, one colour per model or per
/// provider. A column is a day for ranges up to about six weeks, a week up to
/// about half a year, a month beyond; the most expensive few models keep a
/// colour of their own and the rest are stacked as "Other".
class SpendChart final : public ChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpendChart)

public:
    enum class StackBy { Model, Provider };
    static constexpr int MaxSeries = 8;

    /// The columns to draw: one stack per key, one entry per period.
    struct Columns {
        enum class Period { Day, Week, Month };
        Period period = Period::Day;
        QList<QDate> starts;             // first day of each column
        QStringList keys;                // models or providers; "" for Other
        QList<QList<Usage::UsageGroup>> cells; // [key][column]
    };
    /// groups are by day and model (or provider); from and to bound the range.
    /// At most maxSeries keys: beyond that the last is "Other", the rest.
    [[nodiscard]] static Columns columns(const QList<Usage::UsageGroup> &groups, QDate from, QDate to,
                                         StackBy stackBy, int maxSeries = MaxSeries);

    explicit SpendChart(QWidget *parent = nullptr);
    ~SpendChart() override;

    void setData(const QList<Usage::UsageGroup> &groups, QDate from, QDate to, StackBy stackBy);
    [[nodiscard]] const Columns &shown() const { return m_columns; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild() override;
    /// How many series the legend can list at this height, up to MaxSeries:
    /// every one it shows is named, the rest are grouped as "Other".
    [[nodiscard]] int fittingSeries() const;
    void regroup();
    [[nodiscard]] QString columnLabel(int column) const;
    [[nodiscard]] QString periodName(int column) const;

    Columns m_columns;
    QList<Usage::UsageGroup> m_groups;
    QDate m_from, m_to;
    StackBy m_stackBy = StackBy::Model;
    int m_fitted = MaxSeries;
};

} // namespace Switchyard::UsageUi
