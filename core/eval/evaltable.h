#pragma once

#include "eval/caseresult.h"
#include "eval/evalrun.h"
#include "usage/usageerror.h"

#include <QList>

#include <expected>
#include <optional>

namespace Switchyard::Usage {
class UsageDatabase;
class UsageStore;
}

namespace Switchyard::Eval {

/// Evaluation runs and their results in the usage database (the eval_runs and
/// eval_results tables of UsageSchema), through a database the caller has
/// open and uses on its thread — the usage store's through
/// UsageStore::query() and write(), or the CLI's and a test's directly —
/// as Votes::VoteTable does. Holds nothing but the reference.
class EvalTable final
{
public:
    explicit EvalTable(Usage::UsageDatabase &db) : m_db(db) {}

    /// A new run; returns its id.
    [[nodiscard]] std::expected<qint64, Usage::UsageError> createRun(const EvalRun &run);
    [[nodiscard]] std::expected<void, Usage::UsageError> setState(qint64 runId, EvalRun::State state);
    /// Writes (or replaces) one result.
    [[nodiscard]] std::expected<void, Usage::UsageError> record(qint64 runId, const CaseResult &result);
    /// Every run, newest first, with its results counted.
    [[nodiscard]] std::expected<QList<EvalRun>, Usage::UsageError> runs();
    [[nodiscard]] std::expected<std::optional<EvalRun>, Usage::UsageError> run(qint64 runId);
    /// A run's results in case, target and repeat order.
    [[nodiscard]] std::expected<QList<CaseResult>, Usage::UsageError> results(qint64 runId);
    /// Deletes a run and its results.
    [[nodiscard]] std::expected<void, Usage::UsageError> remove(qint64 runId);

    /// record() on the store's thread (UsageStore::write()): never blocks.
    static void queue(Usage::UsageStore &store, qint64 runId, const CaseResult &result);
    static void queueState(Usage::UsageStore &store, qint64 runId, EvalRun::State state);

private:
    Usage::UsageDatabase &m_db;
};

} // namespace Switchyard::Eval
