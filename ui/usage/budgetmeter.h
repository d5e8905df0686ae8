#pragma once

#include "usage/budget.h"
#include "usage/usagesummary.h"

#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QTimer;

namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}

namespace Switchyard::UsageUi {

/// Today's and this month's spend for the main window's status bar, with a
/// small meter of the month against the total budget when there is one. It
/// turns amber when any budget is at 80% and red when one is used up, and
/// says which in its tooltip. A click asks for the Usage page.
class BudgetMeter final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetMeter)

public:
    /// monitor may be null: then only the spend is shown.
    BudgetMeter(Usage::UsageStore *store, const Usage::BudgetMonitor *monitor, QWidget *parent = nullptr);
    ~BudgetMeter() override;

    /// Reads today's and this month's spend again.
    void refresh();
    [[nodiscard]] QString text() const;
    /// The most urgent level of any budget.
    [[nodiscard]] Usage::BudgetStatus::Level level() const;
    [[nodiscard]] bool showsMeter() const;

Q_SIGNALS:
    void clicked();
    /// The spend was read and shown.
    void updated();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Spend {
        bool readable = false; // the usage log could be read
        Usage::UsageGroup today;
        Usage::UsageGroup month;
    };
    void updateView();

    Usage::UsageStore *m_store;
    const Usage::BudgetMonitor *m_monitor;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QTimer *m_coalesce = nullptr;
    std::optional<Spend> m_spend; // none until first read
    bool m_querying = false;
    bool m_updatingPalette = false;
};

} // namespace Switchyard::UsageUi
