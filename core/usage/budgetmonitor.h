#pragma once

#include "usage/budget.h"
#include "usage/budgetgate.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>

namespace Switchyard::Usage {

class UsageStore;

/// The budgets and this month's spend against them, kept fresh for a GUI: it
/// asks the store again (on the store's thread) shortly after calls are
/// recorded and when the budgets change, so a caller about to send decides
/// from figures in memory — without waiting on the disk — through gate().
class BudgetMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetMonitor)

public:
    explicit BudgetMonitor(UsageStore *store, QObject *parent = nullptr);

    [[nodiscard]] const QList<BudgetStatus> &statuses() const { return m_statuses; }
    [[nodiscard]] BudgetGate gate(const QString &provider, const QString &keyName = {}) const
    {
        return BudgetGate::decide(m_statuses, provider, keyName);
    }
    /// Re-reads budgets and spend now (after the user edited a budget).
    void refresh();
    /// Whether the first reading is in: before it, no budget applies.
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    /// Grows when the budgets, or the level any of them is at (ok, warning,
    /// reached), change — not with every cent spent: what a router's
    /// decisions depend on.
    [[nodiscard]] quint64 levelGeneration() const { return m_levelGeneration; }

Q_SIGNALS:
    /// The statuses changed, or the first reading is in.
    void changed();

private:
    UsageStore *m_store;
    QTimer m_coalesce;
    QList<BudgetStatus> m_statuses;
    quint64 m_levelGeneration = 0;
    std::atomic<bool> m_rereadAsked = false; // a re-read is on its way
    bool m_loaded = false;
};

} // namespace Switchyard::Usage
