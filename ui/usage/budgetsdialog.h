#pragma once

#include "usage/budget.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QToolButton;

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::UsageUi {

/// Edits the budgets: a monthly total and limits per provider, each with what
/// happens at 100% — block the calls it covers, or switch them to a route of
/// the routing config (named here as free text until the routing page can
/// offer its routes). Reads and writes them on the usage store's thread.
class BudgetsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetsDialog)

public:
    /// providers: the ids offered for a new provider limit.
    BudgetsDialog(Usage::UsageStore *store, const QStringList &providers, QWidget *parent = nullptr);
    ~BudgetsDialog() override;

    /// The budgets as they stand in the dialog, the total first.
    [[nodiscard]] QList<Usage::Budget> budgets() const;
    /// Why the budgets cannot be saved as they are; empty when they can.
    [[nodiscard]] QString problem() const;
    /// Replaces what the dialog shows (done by itself once the database answers).
    void setStatuses(const QList<Usage::BudgetStatus> &statuses);
    void addProviderLimit(const QString &provider);
    /// Writes the budgets and closes; on failure the reason stays in the dialog.
    void save();

Q_SIGNALS:
    void loaded();
    /// The budgets were written.
    void saved();

private:
    struct Row {
        QString scope;
        QWidget *name = nullptr; // the total's check box, or a provider's label
        QDoubleSpinBox *limit = nullptr;
        QComboBox *action = nullptr;
        QLineEdit *route = nullptr;
        QLabel *spent = nullptr;
        QToolButton *remove = nullptr;
    };

    Row &addRow(const QString &scope);
    void removeRow(const QString &scope);
    void setRow(Row &row, const Usage::BudgetStatus &status);
    [[nodiscard]] bool isActive(const Row &row) const;
    void updateState();

    Usage::UsageStore *m_store;
    QGridLayout *m_grid = nullptr;
    QList<Row> m_rows; // the total first
    QStringList m_stored; // scopes in the database when loaded
    QComboBox *m_newProvider = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_loading = true;
    bool m_saving = false;
};

} // namespace Switchyard::UsageUi
