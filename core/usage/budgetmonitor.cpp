#include "usage/budgetmonitor.h"

#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

namespace Switchyard::Usage {

BudgetMonitor::BudgetMonitor(UsageStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    // Calls finishing in a burst (six panes, a busy gateway) cause one re-read.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(250);
    connect(&m_coalesce, &QTimer::timeout, this, &BudgetMonitor::refresh);
    // Decided on the store's thread, so that a busy gateway's batches (fifty
    // a second) do not each wake this thread: one wake-up per re-read.
    connect(
        store, &UsageStore::recorded, this,
        [this] {
            if (!m_rereadAsked.exchange(true))
                QMetaObject::invokeMethod(this, [this] { m_coalesce.start(); }, Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    refresh();
}

void BudgetMonitor::refresh()
{
    m_rereadAsked = false; // calls recorded from now on ask again
    m_store->query<QList<BudgetStatus>>(
        this,
        [](UsageDatabase *db) {
            if (!db)
                return QList<BudgetStatus>();
            return db->budgetStatus(QDate::currentDate()).value_or(QList<BudgetStatus>());
        },
        [this](QList<BudgetStatus> statuses) {
            const bool first = !std::exchange(m_loaded, true);
            if (statuses == m_statuses && !first)
                return;
            const auto levels = [](const QList<BudgetStatus> &list) {
                QList<std::pair<Budget, BudgetStatus::Level>> out;
                for (const BudgetStatus &status : list)
                    out.append({status.budget, status.level()});
                return out;
            };
            if (levels(statuses) != levels(m_statuses))
                ++m_levelGeneration;
            m_statuses = std::move(statuses);
            Q_EMIT changed();
        });
}

} // namespace Switchyard::Usage
