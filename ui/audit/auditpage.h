#pragma once

#include "audit/auditentry.h"
#include "audit/auditverification.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Switchyard::AuditUi {

class AuditTableModel;

/// The Audit page: the data folder's audit log (Audit::AuditLog) as a table,
/// newest first, filtered by kind, source and period, and a Verify button
/// that checks the hash chain and says whether it is intact or which entry
/// broke it. Reading and verifying run off the GUI thread — the log grows by
/// an entry per call — and come back by signal. Read again when shown and on
/// Refresh.
class AuditPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPage)

public:
    explicit AuditPage(QString dataDir, QWidget *parent = nullptr);
    ~AuditPage() override;

    [[nodiscard]] AuditTableModel *model() const { return m_model; }
    [[nodiscard]] QComboBox *kindBox() const { return m_kind; }
    [[nodiscard]] QComboBox *sourceBox() const { return m_source; }
    [[nodiscard]] QComboBox *periodBox() const { return m_period; }

public Q_SLOTS:
    /// Reads the log again; refreshed() when the table shows it.
    void refresh();
    /// Checks the chain; verified() with the outcome, also shown on the page.
    void verify();

Q_SIGNALS:
    void refreshed();
    void verified(const Switchyard::Audit::AuditVerification &result);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilters();
    void showVerification(const Audit::AuditVerification &result);
    [[nodiscard]] QWidget *createEmptyState();

    QString m_dataDir;
    QList<Audit::AuditEntry> m_all;
    AuditTableModel *m_model = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_source = nullptr;
    QComboBox *m_period = nullptr;
    QPushButton *m_verify = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_banner = nullptr;
    QTableView *m_table = nullptr;
    QStackedWidget *m_states = nullptr;
    QWidget *m_empty = nullptr;
    bool m_reading = false;
};

} // namespace Switchyard::AuditUi
