#include "usage/budgetmeter.h"

#include "base/units.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usageformat.h"
#include "usage/usagestore.h"
#include "widgets/statuscolors.h"

#include <QBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QProgressBar>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

std::optional<Usage::BudgetStatus> totalOf(const QList<Usage::BudgetStatus> &statuses)
{
    for (const Usage::BudgetStatus &status : statuses) {
        if (status.budget.isMonthlyTotal())
            return status;
    }
    return std::nullopt;
}

} // namespace

BudgetMeter::BudgetMeter(Usage::UsageStore *store, const Usage::BudgetMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_monitor(monitor)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_coalesce(new QTimer(this))
{
    setObjectName(u"budgetMeter"_s);
    setCursor(Qt::PointingHandCursor);
    m_label->setObjectName(u"budgetMeterText"_s);
    m_bar->setObjectName(u"budgetMeterBar"_s);
    m_bar->setTextVisible(false);
    m_bar->setRange(0, 1000);
    m_bar->setFixedSize(96, 10);
    m_bar->setVisible(false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(8);
    layout->addStretch(1); // keeps the text next to its meter, however wide the status bar makes this
    layout->addWidget(m_label);
    layout->addWidget(m_bar);

    // The status bar needs no more than a look a second, however busy the gateway.
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(1000);
    connect(m_coalesce, &QTimer::timeout, this, &BudgetMeter::refresh);
    connect(store, &Usage::UsageStore::recorded, this, [this] {
        if (!m_coalesce->isActive())
            m_coalesce->start();
    });
    connect(store, &Usage::UsageStore::setAsideDone, this, &BudgetMeter::refresh);
    if (m_monitor)
        connect(m_monitor, &Usage::BudgetMonitor::changed, this, &BudgetMeter::updateView);
    updateView();
    refresh();
}

BudgetMeter::~BudgetMeter() = default;

void BudgetMeter::refresh()
{
    if (m_querying) {
        m_coalesce->start();
        return;
    }
    m_querying = true;
    const QDate today = QDate::currentDate();
    m_store->query<Spend>(
        this,
        [today](Usage::UsageDatabase *db) {
            Spend spend;
            if (!db)
                return spend;
            const auto days = db->summarize({.from = QDate(today.year(), today.month(), 1), .to = today},
                                            Usage::GroupKey::Day);
            spend.readable = days.has_value();
            for (const Usage::UsageGroup &g : days.value_or(QList<Usage::UsageGroup>())) {
                UsageFormat::accumulate(spend.month, g);
                if (g.day == today)
                    UsageFormat::accumulate(spend.today, g);
            }
            return spend;
        },
        [this](Spend spend) {
            m_querying = false;
            m_spend = std::move(spend);
            updateView();
            Q_EMIT updated();
        });
}

Usage::BudgetStatus::Level BudgetMeter::level() const
{
    auto worst = Usage::BudgetStatus::Level::Ok;
    if (m_monitor) {
        for (const Usage::BudgetStatus &status : m_monitor->statuses())
            worst = std::max(worst, status.level());
    }
    return worst;
}

bool BudgetMeter::showsMeter() const
{
    return !m_bar->isHidden();
}

QString BudgetMeter::text() const
{
    return m_label->text();
}

void BudgetMeter::updateView()
{
    const QList<Usage::BudgetStatus> statuses = m_monitor ? m_monitor->statuses() : QList<Usage::BudgetStatus>();
    const auto total = totalOf(statuses);
    const QString month = QLocale().monthName(QDate::currentDate().month());
    auto spent = [this](const Usage::UsageGroup Spend::*part) {
        if (!m_spend)
            return Base::Units::usd(std::nullopt); // not read yet
        const Usage::UsageGroup &g = (*m_spend).*part;
        return g.calls ? UsageFormat::spend(g) : Base::Units::usd(0);
    };
    const bool readable = !m_spend || m_spend->readable;
    QString text = readable ? tr("Today %1 · %2 %3").arg(spent(&Spend::today), month, spent(&Spend::month))
                            : tr("Spend unknown: the usage log cannot be read");
    if (total && readable)
        text += u' ' + tr("of %1").arg(UsageFormat::limit(total->budget.limitNanoUsd));
    m_label->setText(text);

    m_bar->setVisible(total.has_value());
    if (total)
        m_bar->setValue(int(std::min(1.0, total->fraction()) * 1000));
    const auto worst = level();
    QPalette colors = palette();
    const QColor accent = worst == Usage::BudgetStatus::Level::Reached   ? Widgets::StatusColors::error(palette())
                        : worst == Usage::BudgetStatus::Level::Warning ? Widgets::StatusColors::warning(palette())
                                                                       : palette().color(QPalette::Highlight);
    colors.setColor(QPalette::Highlight, accent);
    m_bar->setPalette(colors);
    QPalette labelColors = palette();
    if (worst != Usage::BudgetStatus::Level::Ok)
        labelColors.setColor(QPalette::WindowText, accent);
    m_label->setPalette(labelColors);

    QStringList lines;
    for (const Usage::BudgetStatus &status : statuses) {
        QString name = status.budget.isMonthlyTotal() ? tr("Monthly total") : status.budget.label();
        if (status.budget.period != Usage::Budget::Period::Month)
            name += u" ("_s + Usage::periodName(status.budget.period) + u')';
        QString line = tr("%1: %2 of %3 (%4)")
                           .arg(name, Base::Units::usd(status.spentNanoUsd), UsageFormat::limit(status.budget.limitNanoUsd),
                                UsageFormat::percent(status.fraction()));
        if (status.level() == Usage::BudgetStatus::Level::Reached)
            line += u" — "_s + (status.budget.action == Usage::Budget::Action::Block
                                    ? tr("calls are blocked")
                                    : tr("calls go to %1").arg(status.budget.rerouteTo));
        else if (status.level() == Usage::BudgetStatus::Level::Warning)
            line += u" — "_s + tr("over 80%");
        lines.append(line);
    }
    if (lines.isEmpty())
        lines.append(tr("No budget is set."));
    if (const QString why = m_spend ? UsageFormat::spendToolTip(m_spend->month) : QString(); !why.isEmpty())
        lines.append(why);
    lines.append(tr("Click for the Usage page."));
    setToolTip(lines.join(u'\n'));
    setAccessibleName(text);
}

void BudgetMeter::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    QWidget::mouseReleaseEvent(event);
}

void BudgetMeter::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_updatingPalette) {
        m_updatingPalette = true;
        updateView();
        m_updatingPalette = false;
    }
}

} // namespace Switchyard::UsageUi
