#pragma once

#include "usage/chartview.h"

#include <QColor>
#include <QList>
#include <QStringList>

namespace Switchyard::RoutingUi {

/// What a replay would have cost per route, as grouped columns: what the
/// calls actually cost, what this config would have cost, and (when
/// comparing) what the other config would have cost.
class SimulationChart final : public UsageUi::ChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationChart)

public:
    struct Series {
        QString name;
        QList<double> dollars; // one per category
        QColor color;          // invalid: from the palette
    };

    explicit SimulationChart(QWidget *parent = nullptr);
    ~SimulationChart() override;

    void setData(const QString &title, const QStringList &categories, QList<Series> series);
    [[nodiscard]] const QList<Series> &series() const { return m_series; }
    [[nodiscard]] const QStringList &categories() const { return m_categories; }

protected:
    void rebuild() override;

private:
    QString m_title;
    QStringList m_categories;
    QList<Series> m_series;
};

} // namespace Switchyard::RoutingUi
