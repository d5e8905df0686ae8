#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace Switchyard::Compare {
class ComparisonHistory;
}

namespace Switchyard::CompareUi {

/// The saved comparisons, newest first, searchable by title; Open reopens one
/// with all its panes, Delete removes one after asking.
class HistoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryDialog)

public:
    HistoryDialog(const Compare::ComparisonHistory &history, QWidget *parent = nullptr);

    /// The comparison chosen with Open; empty when the dialog was closed.
    [[nodiscard]] QString chosenId() const { return m_chosen; }

private:
    void reload();
    void removeSelected();

    const Compare::ComparisonHistory &m_history;
    QLineEdit *m_search = nullptr;
    QListWidget *m_list = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_delete = nullptr;
    QString m_chosen;
};

} // namespace Switchyard::CompareUi
