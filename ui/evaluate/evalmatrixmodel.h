#pragma once

#include "eval/caseresult.h"
#include "eval/runcomparison.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace Switchyard::EvaluateUi {

/// A run's matrix: a row per case, a column per target, each cell the
/// case's answers at that target (repeats together) — pass/fail, judge score,
/// cost and latency in its text; the change against a baseline in ChangeRole
/// and its background. Rows and columns keep their order while a run fills
/// them in, so a cell the user looks at does not move.
class EvalMatrixModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalMatrixModel)

public:
    static constexpr int ChangeRole = Qt::UserRole + 1; ///< int(Eval::EvalCell::Change)
    static constexpr int PassedRole = Qt::UserRole + 2; ///< bool; invalid for an empty cell

    explicit EvalMatrixModel(QObject *parent = nullptr);

    /// The rows (case keys in order, with their prompts) and columns (targets)
    /// before any result: a run about to start shows its whole matrix empty.
    void setLayout(const QStringList &caseKeys, const QStringList &prompts, const QStringList &targets);
    /// The cells, from RunComparison (cases and targets not in the layout are added).
    void setCells(const QList<Eval::EvalCell> &cells);
    void clear();

    [[nodiscard]] const Eval::EvalCell *cell(const QModelIndex &index) const;
    [[nodiscard]] const QStringList &targets() const { return m_targets; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_keys;
    QStringList m_prompts;
    QStringList m_targets;
    QHash<QString, Eval::EvalCell> m_cells; // case key + '\x1f' + target
};

} // namespace Switchyard::EvaluateUi
