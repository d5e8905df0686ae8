#include "simulation.h"

#include "catalog/cost.h"
#include "usage/usagedatabase.h"

namespace Switchyard::Routing {

namespace {

// What the logged call would have cost at the target's price: prompt and
// answer tokens as logged. Cached tokens are billed as input, the dearer
// guess, since another provider may not cache the same prefix.
std::optional<qint64> costAt(const ModelFacts *facts, const Usage::UsageRecord &record)
{
    if (!facts || !facts->inputPrice || !facts->outputPrice)
        return std::nullopt;
    Catalog::ModelInfo model;
    model.price.input = facts->inputPrice;
    model.price.output = facts->outputPrice;
    Catalog::TokenCounts tokens;
    tokens.input = record.tokensIn.value_or(0);
    tokens.output = record.tokensOut.value_or(0);
    return Catalog::costOf(model, tokens).nanoUsd;
}

} // namespace

std::expected<SimulationResult, Usage::UsageError> Simulation::run(Usage::UsageDatabase &db, const Decider &decider,
                                                                   QDate from, QDate to,
                                                                   const std::function<bool(qint64)> &progress)
{
    const RoutingConfig &config = decider.config();
    SimulationResult result{.from = from, .to = to};
    for (const Route &route : config.routes)
        result.routes.append({.route = route.name});
    SimulatedRoute unplaced;
    for (const Rule &rule : config.rules)
        result.regexRules += rule.when.regex.isEmpty() ? 0 : 1;

    qint64 seen = 0;
    const auto visited = db.forEachCall({.from = from, .to = to}, [&](const Usage::UsageRecord &record) {
        if (progress && ++seen % 20'000 == 0 && !progress(seen))
            return false;
        if (record.status == Usage::Status::Error || record.status == Usage::Status::Cancelled) {
            ++result.unanswered;
            return true;
        }
        // The name the caller used: a routed call's route; else the bare
        // model id, which rules may list. Never "provider/model": that would
        // send each call straight back where it went.
        RequestFacts facts{.model = record.route.isEmpty() ? record.model : record.route,
                           .promptTokens = record.tokensIn.value_or(0)};
        if (!record.project.isEmpty())
            facts.tags.append(record.project);
        const Decision decision = decider.decide(facts);
        SimulatedRoute &bucket = decision.candidates.isEmpty() ? unplaced : result.routes[decision.route];
        ++bucket.calls;
        ++result.calls;
        const qint64 actual = record.costNanoUsd.value_or(0);
        bucket.actualNanoUsd += actual;
        result.actualNanoUsd += actual;
        if (record.ttftMs) {
            bucket.actualTtftMsSum += *record.ttftMs;
            ++bucket.actualTtftCalls;
        }
        if (decision.candidates.isEmpty()) {
            ++bucket.unpricedCalls;
            ++result.unpricedCalls;
            return true;
        }
        const Target &target = decider.target(decision.candidates.first());
        const QString key = target.key();
        ++bucket.targets[key];
        const ModelFacts *modelFacts = decider.facts().model(key);
        if (const auto cost = costAt(modelFacts, record)) {
            bucket.simulatedNanoUsd += *cost;
            result.simulatedNanoUsd += *cost;
        } else {
            ++bucket.unpricedCalls;
            ++result.unpricedCalls;
        }
        if (modelFacts && modelFacts->ttftP50Ms) {
            bucket.expectedTtftMsSum += *modelFacts->ttftP50Ms;
            ++bucket.expectedTtftCalls;
        }
        return true;
    });
    if (!visited)
        return std::unexpected(visited.error());
    if (unplaced.calls > 0)
        result.routes.append(unplaced);
    return result;
}

} // namespace Switchyard::Routing
