#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;
class QPushButton;

#include "compare/historyentry.h"

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

Q_SIGNALS:
    /// The list shows the answer to the latest search (it comes from the
    /// usage store's thread, a moment after the search changed).
    void listed();

private:
    void reload();
    void showEntries(const QList<Compare::HistoryEntry> &entries, const QString &search);
    void removeSelected();

    const Compare::ComparisonHistory &m_history;
    QLineEdit *m_search = nullptr;
    QListWidget *m_list = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_delete = nullptr;
    QString m_chosen;
    int m_generation = 0;
};

} // namespace Switchyard::CompareUi
