#include "routingfacts.h"

#include "catalog/pricecatalog.h"
#include "routing/routingconfig.h"
#include "usage/usagedatabase.h"
#include "votes/ratings.h"
#include "votes/votetable.h"

namespace Switchyard::Routing {

void RoutingFacts::addCatalog(const Catalog::PriceCatalog &catalog, const RoutingConfig &config)
{
    for (const Route &route : config.routes) {
        for (const Target &target : route.targets) {
            const auto info = catalog.find(target.provider, target.model);
            if (!info)
                continue;
            ModelFacts &facts = models[target.key()];
            facts.inCatalog = true;
            facts.inputPrice = info->price.input;
            facts.outputPrice = info->price.output;
            facts.contextLength = info->contextLength;
            facts.capabilities = info->capabilities;
        }
    }
}

std::expected<void, Usage::UsageError> RoutingFacts::addUsage(Usage::UsageDatabase &db, QDate today, int days)
{
    const Usage::UsageFilter filter{.from = today.addDays(-(days - 1)), .to = today};
    const auto groups = db.summarize(filter, Usage::GroupKey::Model, true);
    if (!groups)
        return std::unexpected(groups.error());
    for (const Usage::UsageGroup &group : *groups) {
        if (!group.latencies || group.latencies->ttftMs.isEmpty())
            continue;
        ModelFacts &facts = models[group.modelKey()];
        facts.calls = qint64(group.latencies->ttftMs.count());
        facts.ttftP50Ms = group.latencies->ttftMs.quantile(0.5);
        if (!group.latencies->totalMs.isEmpty())
            facts.totalP95Ms = group.latencies->totalMs.quantile(0.95);
        if (!group.latencies->tokensPerSecond.isEmpty())
            facts.tokensPerSecond = group.latencies->tokensPerSecond.quantile(0.5);
    }
    const auto rates = Votes::VoteTable(db).winRates(filter);
    if (!rates)
        return std::unexpected(rates.error());
    for (const Votes::WinRate &rate : *rates) {
        ModelFacts &facts = models[rate.model];
        facts.winRate = rate.rate();
        facts.contests = rate.contests;
    }
    const auto outcomes = Votes::Ratings::outcomes(db, filter);
    if (!outcomes)
        return std::unexpected(outcomes.error());
    // Without intervals: a route orders by the ratings themselves.
    for (const QString &tag : QStringList{QString()} + Votes::Ratings::tags(*outcomes))
        for (const Votes::Rating &rating : Votes::Ratings::fit(*outcomes, {.bootstrap = 0, .tag = tag}))
            models[rating.model].ratings.insert(tag, rating.rating);
    const auto budgetStatus = db.budgetStatus(today);
    if (!budgetStatus)
        return std::unexpected(budgetStatus.error());
    budgets = *budgetStatus;
    return {};
}

} // namespace Switchyard::Routing
