#pragma once

#include "routing/decider.h"
#include "usage/usageerror.h"

#include <QDate>
#include <QList>
#include <QString>

#include <expected>
#include <functional>

namespace Switchyard::Usage {
class UsageDatabase;
}

namespace Switchyard::Routing {

/// One route's share of a replay: the calls the config sends there, what
/// those calls actually cost and how fast they actually were, and what they
/// would have cost and how fast they would have been on the route's first
/// candidate.
struct SimulatedRoute {
    QString route; // empty: calls the config cannot place (every target skipped)
    qint64 calls = 0;
    qint64 actualNanoUsd = 0;
    qint64 simulatedNanoUsd = 0;
    qint64 unpricedCalls = 0;        // no price for the simulated target: not in simulatedNanoUsd
    double actualTtftMsSum = 0;      // of the calls that had a TTFT
    qint64 actualTtftCalls = 0;
    double expectedTtftMsSum = 0;    // measured p50 TTFT of the simulated target
    qint64 expectedTtftCalls = 0;
    QHash<QString, qint64> targets;  // "provider/model" → calls sent there

    [[nodiscard]] std::optional<double> actualTtftMs() const
    {
        return actualTtftCalls ? std::optional(actualTtftMsSum / double(actualTtftCalls)) : std::nullopt;
    }
    [[nodiscard]] std::optional<double> expectedTtftMs() const
    {
        return expectedTtftCalls ? std::optional(expectedTtftMsSum / double(expectedTtftCalls)) : std::nullopt;
    }
};

struct SimulationResult {
    QDate from;
    QDate to;
    qint64 calls = 0;
    QList<SimulatedRoute> routes; // in the config's route order; the unplaced last
    qint64 actualNanoUsd = 0;
    qint64 simulatedNanoUsd = 0;
    qint64 unpricedCalls = 0;
    qint64 unanswered = 0; // failed or cancelled calls in the log: not replayed
    int regexRules = 0;    // rules that look at the prompt, which the log does not keep
};

/// Replays the usage log through a config: each logged call becomes a
/// request with its token counts, its project as a tag and the model (or
/// route) the caller asked for; the decider places it, and the simulated
/// target's catalog price and measured speed say what it would have cost and
/// how long it would have taken. Prompts are not logged, so regex rules never
/// match in a replay — the result says how many calls that may concern.
class Simulation final
{
public:
    /// Runs on the caller's thread (the usage store's, for the GUI). progress,
    /// when given, is called now and then with calls done so far; returning
    /// false from it cancels (the result then covers the calls done).
    [[nodiscard]] static std::expected<SimulationResult, Usage::UsageError>
    run(Usage::UsageDatabase &db, const Decider &decider, QDate from, QDate to,
        const std::function<bool(qint64)> &progress = {});
};

} // namespace Switchyard::Routing
