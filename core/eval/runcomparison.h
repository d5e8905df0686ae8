#pragma once

#include "eval/caseresult.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Switchyard::Eval {

/// A cell of a run's matrix: one case at one target, its repeats together.
struct EvalCell {
    enum class Change : quint8 {
        None,      ///< as in the baseline, or no baseline
        Regressed, ///< passed in the baseline, fails now
        Improved,  ///< failed in the baseline, passes now
        New,       ///< the baseline has no such case at this target
    };
    int caseIndex = 0;
    QString caseKey;
    QString prompt;
    QString target;
    int runs = 0;
    int passed = 0;
    int failed = 0;
    int errors = 0;
    std::optional<double> score;       // mean over the repeats that have one
    std::optional<qint64> costNanoUsd; // mean per answer, if every cost is known
    bool costEstimated = false;
    std::optional<double> latencyMs;   // median over the repeats
    Change change = Change::None;

    /// Every repeat passed.
    [[nodiscard]] bool passedAll() const { return runs > 0 && passed == runs; }
    [[nodiscard]] static QString changeName(Change change);
};

/// The matrix of a run and how it compares with a baseline run: a cell
/// regresses when it passed in the baseline (every repeat) and does not now,
/// and improves the other way. Cells are matched by case key and target, so a
/// suite whose tests were reordered still compares case by case.
class RunComparison final
{
public:
    /// The cells of results, in case then target order (targets as first met).
    [[nodiscard]] static QList<EvalCell> cells(const QList<CaseResult> &results);
    /// cells(current) with each cell's change against baseline.
    [[nodiscard]] static QList<EvalCell> compare(const QList<CaseResult> &current, const QList<CaseResult> &baseline);
    [[nodiscard]] static int count(const QList<EvalCell> &cells, EvalCell::Change change);
};

} // namespace Switchyard::Eval
