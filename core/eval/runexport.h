#pragma once

#include "eval/caseresult.h"
#include "eval/evalrun.h"
#include "eval/runcomparison.h"

#include <QByteArray>
#include <QJsonObject>
#include <optional>

namespace Switchyard::Eval {

/// A run written out for people and programs — the Evaluate page's exports
/// and `switchyard-cli eval show/run` alike: Markdown (a summary and the
/// matrix of cases × targets), JSON (the run, its cells and every result with
/// its answer and assertions) and CSV (a row per result). With a baseline the
/// cells carry their change and the summary counts regressions.
class RunExport final
{
public:
    struct Input {
        EvalRun run;
        QList<CaseResult> results;
        QList<EvalCell> cells; // RunComparison::compare() or cells()
        std::optional<qint64> baselineId;
    };

    [[nodiscard]] static QByteArray markdown(const Input &input);
    [[nodiscard]] static QJsonObject json(const Input &input);
    [[nodiscard]] static QByteArray csv(const Input &input);
    /// "✓ 3/3", "✗ 1/3", "! error" and so on: a cell as text.
    [[nodiscard]] static QString cellText(const EvalCell &cell);
};

} // namespace Switchyard::Eval
