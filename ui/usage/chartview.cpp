#include "usage/chartview.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QCursor>
#include <QLegend>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

ChartView::ChartView(QWidget *parent)
    : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    // Small enough that the whole page fits an 800×600 screen; charts grow with the window.
    setMinimumHeight(120);
    chart()->setAnimationOptions(QChart::NoAnimation);
    chart()->legend()->setShowToolTips(true); // a legend label cut short shows in full
    chart()->setBackgroundRoundness(0);
}

ChartView::~ChartView() = default;

void ChartView::clear()
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
}

void ChartView::finish()
{
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    const QColor muted = p.color(QPalette::PlaceholderText);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(110);
    QChart *c = chart();
    c->setBackgroundBrush(p.color(QPalette::Base));
    c->setBackgroundPen(QPen(p.color(QPalette::Mid)));
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(text);
    QFont titleFont = font();
    titleFont.setWeight(QFont::DemiBold);
    c->setTitleFont(titleFont);
    c->setMargins(QMargins(4, 4, 8, 4));
    c->legend()->setLabelColor(text);
    c->legend()->setFont(font());
    // Axis numbers slightly smaller than the text, in tabular figures.
    QFont axisFont = font();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 0.9);
    axisFont.setFeature(QFont::Tag("tnum"), 1);
    for (QAbstractAxis *axis : c->axes()) {
        axis->setLabelsBrush(text);
        axis->setLabelsFont(axisFont);
        axis->setTitleBrush(muted);
        axis->setTitleFont(axisFont);
        axis->setLinePenColor(p.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setShadesVisible(false);
        axis->setMinorGridLineVisible(false);
    }
    setBackgroundBrush(p.color(QPalette::Window));
}

void ChartView::hover(bool on, const QString &text)
{
    if (!on) {
        QToolTip::hideText();
        return;
    }
    m_hoverText = text;
    QToolTip::showText(QCursor::pos(), text, this);
}

QValueAxis *ChartView::valueAxis(double max, const QString &prefix, const QString &suffix)
{
    auto *axis = new QValueAxis;
    axis->setRange(0, max > 0 ? max : 1);
    axis->setTickCount(5);
    axis->applyNiceNumbers();
    const double step = (axis->max() - axis->min()) / std::max(1, axis->tickCount() - 1);
    const int decimals = step > 0 ? std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 6) : 0;
    // The format is printf-like; a literal '%' in a prefix or suffix must be doubled.
    QString escapedPrefix = prefix, escapedSuffix = suffix;
    escapedPrefix.replace(u'%', u"%%"_s);
    escapedSuffix.replace(u'%', u"%%"_s);
    axis->setLabelFormat(escapedPrefix + u"%." + QString::number(decimals) + u'f' + escapedSuffix);
    return axis;
}

void ChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) && !m_rebuilding) {
        m_rebuilding = true;
        rebuild();
        m_rebuilding = false;
    }
}

} // namespace Switchyard::UsageUi
