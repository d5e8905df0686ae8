#include "decider.h"

#include "base/units.h"
#include "routing/cooldowns.h"
#include "usage/budgetgate.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

constexpr std::array skipReasonNames{
    "resting"_L1,         "too_expensive"_L1, "context_too_small"_L1, "prompt_too_long"_L1, "too_slow"_L1,
    "provider_not_allowed"_L1, "missing_capability"_L1, "data_policy"_L1, "budget_reached"_L1,
    "budget_rerouted"_L1};

QString usdPerMillion(qint64 amount)
{
    return u"$%1/M"_s.arg(Catalog::Price::toUsdPerMillion(amount), 0, 'f', 2);
}

QString capabilityList(Catalog::Capabilities caps)
{
    QStringList names;
    if (caps & Catalog::Capability::Tools)
        names.append(u"tools"_s);
    if (caps & Catalog::Capability::Vision)
        names.append(u"vision"_s);
    if (caps & Catalog::Capability::JsonMode)
        names.append(u"JSON mode"_s);
    if (caps & Catalog::Capability::Reasoning)
        names.append(u"reasoning"_s);
    return names.join(u", ");
}

} // namespace

QString skipReasonName(SkipReason reason)
{
    return skipReasonNames.at(std::size_t(reason));
}

Decider::Decider(RoutingConfig config, RoutingFacts facts)
    : m_config(std::move(config))
    , m_facts(std::move(facts))
{
    compile();
}

void Decider::compile()
{
    const qint32 fallback = qint32(m_config.defaultRoute.isEmpty() ? (m_config.routes.isEmpty() ? -1 : 0)
                                                                   : m_config.routeIndex(m_config.defaultRoute));
    m_fallbackRoute = fallback;

    // Budgets are read once per facts: a reached budget stays reached for the
    // rest of its period, so there is nothing to re-check per request. A
    // gateway key's budget stops that key's calls only, at the gateway and
    // in the call path, not everyone's routes.
    bool totalReached = false;
    bool anyReached = false;
    QStringList providersReached;
    for (const Usage::BudgetStatus &status : std::as_const(m_facts.budgets)) {
        if (status.level() != Usage::BudgetStatus::Level::Reached || !status.budget.key.isEmpty())
            continue;
        anyReached = true;
        if (status.budget.isTotal())
            totalReached = true;
        else
            providersReached.append(status.budget.scope);
    }

    m_rules.clear();
    for (const Rule &rule : std::as_const(m_config.rules)) {
        CompiledRule compiled;
        compiled.route = qint32(m_config.routeIndex(rule.route));
        if (!rule.when.regex.isEmpty()) {
            compiled.regex = QRegularExpression(rule.when.regex);
            compiled.regex.optimize();
            compiled.hasRegex = true;
        }
        const QString &budget = rule.when.budgetReached;
        if (!budget.isEmpty())
            compiled.budgetHolds = budget == "any"_L1 ? anyReached
                : budget == "total"_L1               ? totalReached
                                                     : providersReached.contains(budget);
        m_rules.append(std::move(compiled));
    }
    compileAnyRegex();

    m_routes.clear();
    for (qint32 r = 0; r < m_config.routes.size(); ++r) {
        const Route &route = m_config.routes.at(r);
        const Constraints &c = route.constraints;
        CompiledRoute compiled;
        QList<qint32> order;
        for (qint32 t = 0; t < route.targets.size(); ++t)
            order.append(t);

        auto factsOf = [this, &route](qint32 t) { return m_facts.model(route.targets.at(t).key()); };
        // Targets with no figure go after those with one, in the order written.
        auto sortBy = [&order, &factsOf](auto value) {
            std::stable_sort(order.begin(), order.end(), [&](qint32 a, qint32 b) {
                const std::optional<double> va = value(factsOf(a));
                const std::optional<double> vb = value(factsOf(b));
                if (va.has_value() != vb.has_value())
                    return va.has_value();
                return va && *va < *vb;
            });
        };
        switch (route.strategy) {
        case Strategy::Fallback:
        case Strategy::Weighted:
            break;
        case Strategy::Cheapest:
            sortBy([](const ModelFacts *f) -> std::optional<double> {
                if (!f || !f->blendedPrice())
                    return std::nullopt;
                return double(*f->blendedPrice());
            });
            break;
        case Strategy::Fastest:
            sortBy([](const ModelFacts *f) { return f ? f->ttftP50Ms : std::nullopt; });
            break;
        case Strategy::BestVoted:
            sortBy([](const ModelFacts *f) -> std::optional<double> {
                if (!f || !f->winRate)
                    return std::nullopt;
                return -*f->winRate;
            });
            break;
        case Strategy::BestRated:
            sortBy([&route](const ModelFacts *f) -> std::optional<double> {
                if (!f || !f->ratings.contains(route.ratedBy))
                    return std::nullopt;
                return -f->ratings.value(route.ratedBy);
            });
            break;
        }

        for (qint32 t : std::as_const(order)) {
            const Target &target = route.targets.at(t);
            const ModelFacts *f = factsOf(t);
            std::optional<SkipReason> reason;
            if ((!c.allowProviders.isEmpty() && !c.allowProviders.contains(target.provider))
                || c.denyProviders.contains(target.provider))
                reason = SkipReason::ProviderNotAllowed;
            else if (!m_config.meets(target.provider, c.data))
                reason = SkipReason::DataPolicy;
            // A limit is only enforced on what is known: a model missing
            // from the catalog is not assumed to break it.
            else if (f && ((c.maxInputPrice && f->inputPrice && *f->inputPrice > *c.maxInputPrice)
                           || (c.maxOutputPrice && f->outputPrice && *f->outputPrice > *c.maxOutputPrice)))
                reason = SkipReason::TooExpensive;
            else if (f && c.minContext && f->contextLength > 0 && f->contextLength < *c.minContext)
                reason = SkipReason::ContextTooSmall;
            else if (f && f->inCatalog && c.capabilities && (f->capabilities & c.capabilities) != c.capabilities)
                reason = SkipReason::MissingCapability;
            else if (f && c.maxP95LatencyMs && f->totalP95Ms && *f->totalP95Ms > *c.maxP95LatencyMs)
                reason = SkipReason::TooSlow;
            else if (!m_facts.budgets.isEmpty()) {
                const Usage::BudgetGate gate = Usage::BudgetGate::decide(m_facts.budgets, target.provider);
                if (gate.verdict == Usage::BudgetGate::Verdict::Block)
                    reason = SkipReason::BudgetReached;
                else if (gate.verdict == Usage::BudgetGate::Verdict::Reroute) {
                    // The route a budget reroutes to is where its calls are
                    // meant to go: there they pass. A reroute to a route the
                    // config lacks blocks.
                    const qint32 to = qint32(m_config.routeIndex(gate.route));
                    if (to < 0)
                        reason = SkipReason::BudgetReached;
                    else if (to != r) {
                        reason = SkipReason::BudgetRerouted;
                        compiled.reroute = to;
                    }
                }
            }
            if (reason)
                compiled.staticSkips.append({{r, t}, *reason});
            else
                compiled.order.append(t);
        }
        m_routes.append(std::move(compiled));
    }
}

namespace {

// Patterns that keep their meaning as one alternative among others: no
// back-references or recursion by number or name (the numbers would shift),
// no named groups (two rules may use the same name).
bool isCombinable(const QString &pattern)
{
    static const QRegularExpression numbered(uR"(\\[1-9gk]|\(\?(P|&|R|[0-9+-]|<[A-Za-z_]|'))"_s);
    return !pattern.contains(numbered);
}

} // namespace

void Decider::compileAnyRegex()
{
    m_anyRegex = {};
    QStringList alternatives;
    QList<qsizetype> covered;
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const CompiledRule &rule = m_rules.at(i);
        if (rule.hasRegex && rule.regex.isValid() && isCombinable(rule.regex.pattern())) {
            alternatives.append(u"(?:"_s + rule.regex.pattern() + u')');
            covered.append(i);
        }
    }
    if (alternatives.size() < 2)
        return;
    QRegularExpression any(alternatives.join(u'|'));
    if (!any.isValid())
        return;
    any.optimize();
    m_anyRegex = std::move(any);
    for (qsizetype i : std::as_const(covered))
        m_rules[i].inAnyRegex = true;
}

bool Decider::matches(qsizetype index, const RequestFacts &request, AnyRegex &anyRegex) const
{
    const Condition &when = m_config.rules.at(index).when;
    const CompiledRule &compiled = m_rules.at(index);
    if (!compiled.budgetHolds)
        return false;
    if (when.tokensAbove && !(request.promptTokens > *when.tokensAbove))
        return false;
    if (when.tokensBelow && !(request.promptTokens < *when.tokensBelow))
        return false;
    if (when.hasImages && *when.hasImages != request.hasImages)
        return false;
    if (when.hasTools && *when.hasTools != request.hasTools)
        return false;
    if (!when.models.isEmpty() && !when.models.contains(request.model))
        return false;
    if (!when.tags.isEmpty()) {
        const bool tagged = std::any_of(when.tags.cbegin(), when.tags.cend(),
                                        [&request](const QString &tag) { return request.tags.contains(tag); });
        if (!tagged)
            return false;
    }
    // The regex last: it is the one condition whose cost grows with the prompt.
    if (compiled.hasRegex) {
        if (compiled.inAnyRegex) {
            if (anyRegex == AnyRegex::Unknown)
                anyRegex = m_anyRegex.matchView(request.lastUserMessage).hasMatch() ? AnyRegex::Matched
                                                                                    : AnyRegex::NoMatch;
            if (anyRegex == AnyRegex::NoMatch)
                return false;
        }
        if (!compiled.regex.matchView(request.lastUserMessage).hasMatch())
            return false;
    }
    return true;
}

void Decider::fill(Decision &decision, qint32 route, const RequestFacts &request, const Cooldowns *cooldowns,
                   qint64 nowMs, double random, bool allowReroute) const
{
    const Route &config = m_config.routes.at(route);
    const CompiledRoute &compiled = m_routes.at(route);
    for (const Skip &skip : compiled.staticSkips)
        decision.skipped.append(skip);

    const qsizetype first = decision.candidates.size();
    for (qint32 t : compiled.order) {
        const Target &target = config.targets.at(t);
        const TargetRef ref{route, t};
        if (cooldowns && !cooldowns->isEmpty() && cooldowns->isResting(target.key(), nowMs)) {
            decision.skipped.append({ref, SkipReason::Resting});
            continue;
        }
        if (const ModelFacts *f = m_facts.model(target.key()); f && f->inCatalog) {
            if (f->contextLength > 0 && request.promptTokens > f->contextLength) {
                decision.skipped.append({ref, SkipReason::PromptTooLong});
                continue;
            }
            if ((request.hasImages && !(f->capabilities & Catalog::Capability::Vision))
                || (request.hasTools && !(f->capabilities & Catalog::Capability::Tools))) {
                decision.skipped.append({ref, SkipReason::MissingCapability});
                continue;
            }
        }
        decision.candidates.append(ref);
    }

    if (config.strategy == Strategy::Weighted && decision.candidates.size() - first > 1) {
        int total = 0;
        for (qsizetype i = first; i < decision.candidates.size(); ++i)
            total += config.targets.at(decision.candidates.at(i).target).weight;
        double point = std::clamp(random, 0.0, 0.999999) * total;
        qsizetype picked = first;
        for (qsizetype i = first; i < decision.candidates.size(); ++i) {
            point -= config.targets.at(decision.candidates.at(i).target).weight;
            if (point < 0) {
                picked = i;
                break;
            }
        }
        // The pick goes first; the others stay as fallbacks in written order.
        const TargetRef chosen = decision.candidates.at(picked);
        decision.candidates.remove(picked);
        decision.candidates.insert(first, chosen);
    }

    if (allowReroute && compiled.reroute >= 0) {
        decision.reroutedTo = compiled.reroute;
        fill(decision, compiled.reroute, request, cooldowns, nowMs, random, false);
    }
}

Decision Decider::decide(const RequestFacts &request, const Cooldowns *cooldowns, qint64 nowMs, double random) const
{
    Decision decision;
    // A config without routes still lets a caller name provider/model: that
    // is the gateway run without a config, a logging pass-through.
    if (!request.model.isEmpty()) {
        if (const qsizetype asked = m_config.routeIndex(request.model); asked >= 0) {
            decision.via = Decision::Via::Route;
            decision.route = qint32(asked);
        } else if (request.model.contains(u'/')) {
            if (auto target = Target::fromKey(request.model)) {
                decision.via = Decision::Via::Model;
                // A provider whose budget reroutes sends a named model's
                // calls to that route too: one rule for every way of asking.
                // A blocking budget is the call path's to refuse (Calls::Attempt).
                if (!m_facts.budgets.isEmpty()) {
                    const Usage::BudgetGate gate = Usage::BudgetGate::decide(m_facts.budgets, target->provider);
                    const qint32 to = gate.verdict == Usage::BudgetGate::Verdict::Reroute
                        ? qint32(m_config.routeIndex(gate.route))
                        : -1;
                    if (to >= 0) {
                        decision.route = to;
                        decision.reroutedTo = to;
                        fill(decision, to, request, cooldowns, nowMs, random, false);
                        if (decision.candidates.isEmpty())
                            decision.error = u"every target of route '%1' was skipped"_s.arg(m_config.routes.at(to).name);
                        return decision;
                    }
                }
                decision.direct = std::move(target);
                return decision;
            }
        }
    }
    if (m_config.routes.isEmpty()) {
        decision.error = u"the routing config has no routes: name a provider/model"_s;
        return decision;
    }
    if (decision.via == Decision::Via::None) {
        AnyRegex anyRegex = AnyRegex::Unknown;
        for (qsizetype i = 0; i < m_rules.size(); ++i) {
            if (m_rules.at(i).route >= 0 && matches(i, request, anyRegex)) {
                decision.via = Decision::Via::Rule;
                decision.rule = qint32(i);
                decision.route = m_rules.at(i).route;
                break;
            }
        }
    }
    if (decision.via == Decision::Via::None) {
        if (m_fallbackRoute < 0) {
            decision.error = u"no rule matched and there is no default route"_s;
            return decision;
        }
        decision.via = Decision::Via::Default;
        decision.route = m_fallbackRoute;
    }
    fill(decision, decision.route, request, cooldowns, nowMs, random, true);
    if (decision.candidates.isEmpty())
        decision.error = u"every target of route '%1' was skipped"_s.arg(m_config.routes.at(decision.route).name);
    return decision;
}

QString Decider::describe(const Skip &skip) const
{
    const Route &route = m_config.routes.at(skip.ref.route);
    const Target &target = route.targets.at(skip.ref.target);
    const Constraints &c = route.constraints;
    const ModelFacts *f = m_facts.model(target.key());
    QString why;
    switch (skip.reason) {
    case SkipReason::Resting:
        why = u"resting after repeated failures"_s;
        break;
    case SkipReason::TooExpensive:
        if (c.maxInputPrice && f && f->inputPrice && *f->inputPrice > *c.maxInputPrice)
            why = u"input %1 is above the route's max %2"_s.arg(usdPerMillion(*f->inputPrice),
                                                                  usdPerMillion(*c.maxInputPrice));
        else if (c.maxOutputPrice && f && f->outputPrice)
            why = u"output %1 is above the route's max %2"_s.arg(usdPerMillion(*f->outputPrice),
                                                                   usdPerMillion(*c.maxOutputPrice));
        else
            why = u"above the route's max price"_s;
        break;
    case SkipReason::ContextTooSmall:
        why = u"context of %1 tokens is below the route's min_context %2"_s.arg(f ? f->contextLength : 0).arg(
            c.minContext.value_or(0));
        break;
    case SkipReason::PromptTooLong:
        why = u"the prompt does not fit its context of %1 tokens"_s.arg(f ? f->contextLength : 0);
        break;
    case SkipReason::TooSlow:
        why = u"measured p95 of %1 is above the route's max %2"_s.arg(
            Base::Units::seconds(f && f->totalP95Ms ? *f->totalP95Ms : -1),
            Base::Units::seconds(c.maxP95LatencyMs.value_or(-1)));
        break;
    case SkipReason::ProviderNotAllowed:
        why = u"provider %1 is not allowed on this route"_s.arg(target.provider);
        break;
    case SkipReason::MissingCapability: {
        Catalog::Capabilities missing = c.capabilities;
        if (f)
            missing &= ~f->capabilities;
        why = missing ? u"lacks %1"_s.arg(capabilityList(missing)) : u"cannot take images or tools as the request needs"_s;
        break;
    }
    case SkipReason::DataPolicy:
        why = u"provider %1 is not marked %2"_s.arg(target.provider, c.data == DataPolicy::ZeroRetention
                                                                         ? u"zero-retention"_s
                                                                         : u"no-training"_s);
        break;
    case SkipReason::BudgetReached:
    case SkipReason::BudgetRerouted:
        why = Usage::BudgetGate::decide(m_facts.budgets, target.provider).message;
        if (why.isEmpty())
            why = u"budget reached"_s;
        break;
    }
    return target.key() + u": "_s + why;
}

QString Decider::describeChoice(const Decision &decision) const
{
    const QString route = decision.route >= 0 ? m_config.routes.at(decision.route).name : QString();
    QString text;
    switch (decision.via) {
    case Decision::Via::Rule: {
        const Rule &rule = m_config.rules.at(decision.rule);
        text = u"rule %1 → route %2"_s.arg(rule.name.isEmpty() ? u"#%1"_s.arg(decision.rule + 1) : u"'%1'"_s.arg(rule.name),
                                            route);
        break;
    }
    case Decision::Via::Default:
        text = u"no rule matched → default route %1"_s.arg(route);
        break;
    case Decision::Via::Route:
        text = u"asked for route %1"_s.arg(route);
        break;
    case Decision::Via::Model:
        if (decision.reroutedTo >= 0)
            return u"asked for a model whose budget is reached → route %1"_s.arg(route);
        return u"asked for %1 directly"_s.arg(decision.direct ? decision.direct->key() : QString());
    case Decision::Via::None:
        return decision.error;
    }
    if (decision.reroutedTo >= 0)
        text += u" (budget reached: also route %1)"_s.arg(m_config.routes.at(decision.reroutedTo).name);
    return text;
}

} // namespace Switchyard::Routing
