#pragma once

#include "usage/spendchart.h"
#include "usage/usagereport.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}

namespace Switchyard::UsageUi {

class BarListChart;
class BudgetsDialog;
class CsvExport;
class DatabaseBanner;
class MonthChart;
class UsageFilterBar;
class UsageTableModel;

/// The Usage page: what the calls in the usage log cost and how fast they
/// were, for a date range, provider, model, source and project — spend over
/// time stacked by model or provider, this month against the budget, latency
/// and speed per model, a table of models and one of projects — and the
/// filtered calls as CSV. Every figure is read on the usage store's thread
/// (UsageStore::query); the page refreshes when calls are recorded, at most
/// about once a second and only while it is shown.
class UsagePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsagePage)

public:
    /// How long after a recorded call the page looks again; calls recorded
    /// meanwhile are shown by the same refresh.
    static constexpr int RefreshDelayMs = 1000;

    /// budgets may be null; when given, it is told when the budgets are edited.
    explicit UsagePage(Usage::UsageStore *store, Usage::BudgetMonitor *budgets = nullptr, QWidget *parent = nullptr);
    ~UsagePage() override;

    /// Reads the figures for the current filters again.
    void refresh();
    /// Starts writing the calls shown to path; false when an export is running.
    bool exportCsv(const QString &path);
    /// Opens the Budgets dialog (window-modal); it is returned for tests.
    BudgetsDialog *editBudgets();

    [[nodiscard]] const UsageReport &report() const { return m_report; }
    [[nodiscard]] UsageFilterBar *filterBar() const { return m_filters; }
    [[nodiscard]] UsageTableModel *modelTable() const { return m_models; }
    [[nodiscard]] UsageTableModel *projectTable() const { return m_projects; }
    [[nodiscard]] UsageTableModel *keyTable() const { return m_keys; }
    [[nodiscard]] CsvExport *csvExport() const { return m_export; }
    [[nodiscard]] DatabaseBanner *banner() const { return m_banner; }

Q_SIGNALS:
    /// A report has been read and shown.
    void refreshed();
    /// The empty state's "Start a comparison" was chosen.
    void startComparisonRequested();
    /// "Set price…": a model of this provider has calls without a price.
    void setPriceRequested(const QString &providerId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createSummary();
    QWidget *createSpendTab();
    QWidget *createSpeedTab();
    /// A bar chart of spend over a table: the Projects and Keys tabs.
    QWidget *createGroupTab(BarListChart *&chart, UsageTableModel *model, const QString &name);
    QWidget *createEmptyState();
    QWidget *createNoMatchState();
    QWidget *createExportRow();
    QTableView *createTable(UsageTableModel *model, const QString &name);
    void scheduleRefresh();
    void display(UsageReport report);
    void showSummary();
    void showSpend();
    void showSpeed();
    void showGroups(BarListChart *chart, UsageTableModel *model, const QList<Usage::UsageGroup> &groups,
                    const QString &title);
    void chooseExportFile();
    void exportFinished(qint64 rows, const QString &path, const QString &error, bool cancelled);
    void setAsideDone(const QString &newPath, const QString &error);
    void saveSettings() const;
    void restoreSettings();

    Usage::UsageStore *m_store;
    Usage::BudgetMonitor *m_budgets;
    UsageReport m_report;
    bool m_loaded = false;       // a report has been shown
    bool m_querying = false;     // a report is being read
    bool m_refreshAgain = false; // asked again while reading: the answer is stale
    bool m_stale = false;        // calls were recorded while hidden
    QTimer *m_refreshTimer = nullptr;

    UsageFilterBar *m_filters = nullptr;
    DatabaseBanner *m_banner = nullptr;
    QStackedWidget *m_states = nullptr;
    QWidget *m_content = nullptr;
    QWidget *m_noMatch = nullptr;
    QWidget *m_empty = nullptr;
    QLabel *m_noMatchText = nullptr;
    QLabel *m_emptyTitle = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_emptyAction = nullptr;
    QTabWidget *m_tabs = nullptr;
    QList<QLabel *> m_summaryValues;
    QPushButton *m_setPrice = nullptr;

    SpendChart::StackBy m_stackBy = SpendChart::StackBy::Model;
    QToolButton *m_byModel = nullptr;
    QToolButton *m_byProvider = nullptr;
    SpendChart *m_spendChart = nullptr;
    MonthChart *m_monthChart = nullptr;
    QSplitter *m_spendSplitter = nullptr;
    UsageTableModel *m_models = nullptr;
    BarListChart *m_ttftChart = nullptr;
    BarListChart *m_totalChart = nullptr;
    BarListChart *m_speedChart = nullptr;
    BarListChart *m_projectChart = nullptr;
    UsageTableModel *m_projects = nullptr;
    BarListChart *m_keyChart = nullptr;
    UsageTableModel *m_keys = nullptr;
    QWidget *m_keysTab = nullptr;

    CsvExport *m_export = nullptr;
    QWidget *m_exportRow = nullptr;
    QProgressBar *m_exportProgress = nullptr;
    QPushButton *m_exportCancel = nullptr;
    QLabel *m_exportStatus = nullptr;
    QAction *m_exportAction = nullptr;
};

} // namespace Switchyard::UsageUi
