#pragma once

#include "routing/requestfacts.h"
#include "routing/routingconfig.h"
#include "routing/routingfacts.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace Switchyard::Routing {

class Cooldowns;

/// Why a target of the chosen route was not a candidate.
enum class SkipReason : quint8 {
    Resting,           ///< in cooldown after failing repeatedly
    TooExpensive,      ///< above the route's max price
    ContextTooSmall,   ///< below the route's min_context
    PromptTooLong,     ///< the request's estimated tokens exceed the model's context
    TooSlow,           ///< measured p95 above the route's max_p95_ms
    ProviderNotAllowed,///< not in providers.allow, or in providers.deny
    MissingCapability, ///< lacks a capability the route or the request needs (tools, vision, json)
    DataPolicy,        ///< the provider is not marked no-training / zero-retention as the route needs
    BudgetReached,     ///< the provider's budget or the monthly total is reached
    BudgetRerouted,    ///< a reached budget sends this provider's calls to another route
};

[[nodiscard]] QString skipReasonName(SkipReason reason);

/// A target by its place in the config: routes[route].targets[target].
struct TargetRef {
    qint32 route = -1;
    qint32 target = -1;
    bool operator==(const TargetRef &) const = default;
};

struct Skip {
    TargetRef ref;
    SkipReason reason = SkipReason::Resting;
};

/// What the router is to do with one request, and why.
struct Decision {
    enum class Via : quint8 {
        Rule,    ///< rules[rule] matched
        Default, ///< no rule matched: the default route
        Route,   ///< the caller asked for a route by name
        Model,   ///< the caller asked for provider/model: sent there, no route
        None,    ///< nothing to send to: error says why
    };
    Via via = Via::None;
    qint32 rule = -1;
    qint32 route = -1;
    qint32 reroutedTo = -1; ///< a reached budget added this route's targets after the route's own
    /// Where to send the request, first choice first; the rest are fallbacks,
    /// tried only while no token has reached the caller.
    QVarLengthArray<TargetRef, 8> candidates;
    QVarLengthArray<Skip, 8> skipped;
    std::optional<Target> direct; ///< Via::Model
    QString error;                ///< Via::None

    [[nodiscard]] bool hasTargets() const { return !candidates.isEmpty() || direct.has_value(); }
};

/// The decision half of the router: which rule matches a request, which
/// route that picks, and in which order its targets are to be tried. Pure
/// and fast (a config of 100 rules decides in microseconds): the config is
/// compiled once — regexes, price and speed orders, the constraints each
/// target fails — and decide() only walks the rules and filters targets.
/// Requests that name a route or a provider/model go there, past the rules.
///
/// Copyable and immutable once built, so the GUI, the gateway's threads and
/// the simulation can each hold one.
class Decider final
{
public:
    Decider() = default;
    Decider(RoutingConfig config, RoutingFacts facts = {});

    [[nodiscard]] const RoutingConfig &config() const { return m_config; }
    [[nodiscard]] const RoutingFacts &facts() const { return m_facts; }

    /// random is a number in [0, 1) that picks the target of a weighted
    /// route; cooldowns may be null. nowMs is on the cooldowns' clock.
    [[nodiscard]] Decision decide(const RequestFacts &request, const Cooldowns *cooldowns = nullptr,
                                  qint64 nowMs = 0, double random = 0.0) const;

    [[nodiscard]] const Route *routeOf(const Decision &decision) const
    {
        return decision.route >= 0 ? &m_config.routes.at(decision.route) : nullptr;
    }
    [[nodiscard]] const Target &target(TargetRef ref) const { return m_config.routes.at(ref.route).targets.at(ref.target); }
    /// "gpt-4o: above max price $5.00/M in" — for hop lists and the CLI.
    [[nodiscard]] QString describe(const Skip &skip) const;
    /// "rule 'long prompts' → route long-context" or "default route fast-cheap".
    [[nodiscard]] QString describeChoice(const Decision &decision) const;

private:
    struct CompiledRule {
        QRegularExpression regex;
        bool hasRegex = false;
        bool inAnyRegex = false; // its pattern is one of m_anyRegex's alternatives
        bool budgetHolds = true; // budget_reached is evaluated once, at compile time
        qint32 route = -1;
    };
    struct CompiledRoute {
        QList<qint32> order;     // the strategy's order, before per-request filtering
        QList<Skip> staticSkips; // constraints that do not depend on the request
        qint32 reroute = -1;     // a reached budget's reroute for some of its providers
    };
    /// Whether m_anyRegex matched this request: computed at most once per decision.
    enum class AnyRegex : quint8 { Unknown, Matched, NoMatch };
    [[nodiscard]] bool matches(qsizetype rule, const RequestFacts &request, AnyRegex &anyRegex) const;
    void fill(Decision &decision, qint32 route, const RequestFacts &request, const Cooldowns *cooldowns,
              qint64 nowMs, double random, bool allowReroute) const;
    void compile();
    void compileAnyRegex();

    RoutingConfig m_config;
    RoutingFacts m_facts;
    QList<CompiledRule> m_rules;
    /// The regex rules' patterns as one alternation: a message that matches
    /// none of them (most messages) is scanned once, not once per rule.
    QRegularExpression m_anyRegex;
    QList<CompiledRoute> m_routes;
    qint32 m_fallbackRoute = -1;
};

} // namespace Switchyard::Routing
