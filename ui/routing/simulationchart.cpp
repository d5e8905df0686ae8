#include "routing/simulationchart.h"

#include "base/units.h"
#include "widgets/modelcolors.h"
#include "widgets/statuscolors.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QLegend>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {

SimulationChart::SimulationChart(QWidget *parent)
    : ChartView(parent)
{
    setObjectName(u"simulationChart"_s);
    setMinimumHeight(220);
}

SimulationChart::~SimulationChart() = default;

void SimulationChart::setData(const QString &title, const QStringList &categories, QList<Series> series)
{
    m_title = title;
    m_categories = categories;
    m_series = std::move(series);
    rebuild();
}

void SimulationChart::rebuild()
{
    clear();
    QChart *c = chart();
    c->setTitle(m_title);
    c->legend()->setVisible(m_series.size() > 1);
    c->legend()->setAlignment(Qt::AlignBottom);
    if (m_categories.isEmpty()) {
        finish();
        return;
    }
    auto *bars = new QBarSeries;
    bars->setBarWidth(0.75);
    double max = 0;
    // Actual in the palette's neutral, this config in the accent, the other
    // one in a warm colour that neither can be mistaken for.
    const QList<QColor> fallback{Widgets::ModelColors::other(palette()), palette().color(QPalette::Highlight),
                                 Widgets::StatusColors::warning(palette())};
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const Series &s = m_series.at(i);
        auto *set = new QBarSet(s.name);
        for (double value : s.dollars) {
            set->append(value);
            max = std::max(max, value);
        }
        const QColor color = s.color.isValid() ? s.color : fallback.value(i, fallback.last());
        set->setColor(color);
        set->setBorderColor(color);
        connect(set, &QBarSet::hovered, this, [this, set, name = s.name](bool on, int index) {
            const QString category = m_categories.value(index);
            hover(on, u"%1 — %2: %3"_s.arg(category, name,
                                           Base::Units::usd(qint64(std::llround(set->at(index) * 1e9)))));
        });
        bars->append(set);
    }
    c->addSeries(bars);
    auto *axisX = new QBarCategoryAxis;
    axisX->append(m_categories);
    axisX->setGridLineVisible(false);
    c->addAxis(axisX, Qt::AlignBottom);
    bars->attachAxis(axisX);
    QValueAxis *axisY = valueAxis(max, u"$"_s, {});
    c->addAxis(axisY, Qt::AlignLeft);
    bars->attachAxis(axisY);
    finish();
}

} // namespace Switchyard::RoutingUi
