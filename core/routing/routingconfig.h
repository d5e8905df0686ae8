#pragma once

#include "catalog/modelinfo.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard::Routing {

/// Where something was written in a config file, 1-based; 0 when it was not
/// read from a file (made in the editor, imported from another format).
struct SourcePosition {
    int line = 0;
    int column = 0;
    [[nodiscard]] bool isKnown() const { return line > 0; }
    /// Where a thing was written is not part of what it means: two configs
    /// that say the same are equal wherever their parts were written.
    bool operator==(const SourcePosition &) const { return true; }
};

/// One model a route may send a request to: a provider id and the model id
/// that provider's API takes, with parameters that replace the caller's.
struct Target {
    QString provider; // "openai", "openrouter", "local", ...
    QString model;    // "gpt-4o-mini", "anthropic/claude-3.5-sonnet", ...
    /// Replaces the caller's parameters for this target only: temperature,
    /// max_tokens, top_p, reasoning_effort, or any other body field.
    QJsonObject params;
    int weight = 1; // weighted split: this target's share
    SourcePosition position;

    /// "provider/model", the form configs and the usage log name a model by.
    [[nodiscard]] QString key() const { return provider + u'/' + model; }
    /// Splits "provider/model" at the first slash (OpenRouter ids keep theirs).
    [[nodiscard]] static std::optional<Target> fromKey(QStringView key);
    bool operator==(const Target &) const = default;
};

/// How a route orders its targets. The first that can take the request gets
/// it; the others are the fallbacks, in order.
enum class Strategy : quint8 {
    Fallback,  ///< as written
    Cheapest,  ///< lowest price (input + output per million) from the price catalog first
    Fastest,   ///< lowest measured time to first token in the usage log first; untried ones after, as written
    Weighted,  ///< one picked at random by weight, then the rest as written (A/B splits)
    BestVoted, ///< highest Compare win rate first; unvoted ones after, as written
    BestRated, ///< highest rating (Votes::Ratings: votes and judge scores) for the route's rated_by tag first; unrated ones after, as written
};

[[nodiscard]] QString strategyName(Strategy strategy);
[[nodiscard]] std::optional<Strategy> strategyFromName(QStringView name);

/// What a provider promises about the data it is sent.
enum class DataPolicy : quint8 {
    Any,           ///< no promise needed
    NoTraining,    ///< providers the user marked as not training on requests (zero-retention ones count too)
    ZeroRetention, ///< providers the user marked as keeping nothing
};

[[nodiscard]] QString dataPolicyName(DataPolicy policy);
[[nodiscard]] std::optional<DataPolicy> dataPolicyFromName(QStringView name);

/// Limits a target must meet to be tried on a route. Empty fields do not limit.
struct Constraints {
    std::optional<qint64> maxInputPrice;  // Catalog::Price units: micro-USD per million tokens
    std::optional<qint64> maxOutputPrice;
    std::optional<qint64> minContext;     // tokens
    std::optional<double> maxP95LatencyMs; // of the total time, measured in the usage log
    QStringList allowProviders;            // empty: any
    QStringList denyProviders;
    Catalog::Capabilities capabilities;    // all of these are needed
    DataPolicy data = DataPolicy::Any;

    [[nodiscard]] bool isEmpty() const { return *this == Constraints{}; }
    bool operator==(const Constraints &) const = default;
};

/// Limits on one attempt, in milliseconds; 0 keeps the engine's default.
struct Timeouts {
    int connectMs = 0;
    int firstTokenMs = 0;
    int totalMs = 0;
    bool operator==(const Timeouts &) const = default;
};

/// When and how to try a target again, and when to give up on it for a while.
struct RetryPolicy {
    int attempts = 2; // tries per target, the first included
    int initialBackoffMs = 500;
    double backoffMultiplier = 2.0;
    int maxBackoffMs = 8'000;
    double jitter = 0.2; // each wait is multiplied by a random factor in [1 - jitter, 1 + jitter]
    QList<int> onStatus{408, 429, 500, 502, 503, 504, 529};
    /// CallErrors::kindName()s that retry without a status: timeout, network, stream_cut...
    QStringList onErrors{QStringLiteral("timeout"), QStringLiteral("network"), QStringLiteral("connection_refused")};
    bool honourRetryAfter = true;
    int maxRetryAfterMs = 30'000; // a longer retry-after moves on to the next target instead
    int cooldownFailures = 3;     // failures in a row that put a target in cooldown; 0: never
    int cooldownSeconds = 60;
    Timeouts timeouts;
    bool operator==(const RetryPolicy &) const = default;
};

/// A named virtual model: the targets it may use, how it orders them, what
/// they must meet, and how it retries.
struct Route {
    QString name;
    QString description;
    Strategy strategy = Strategy::Fallback;
    /// best_rated: the ratings of this tag only (an evaluation suite's name,
    /// or "compare" for votes alone); empty: every vote and judge score.
    QString ratedBy;
    QList<Target> targets;
    Constraints constraints;
    std::optional<RetryPolicy> retry; // empty: the config's default
    SourcePosition position;
    bool operator==(const Route &) const = default;
};

/// What a rule looks at. Every condition given must hold (and); a rule with
/// none always matches. Lists match when any of their items does (or).
struct Condition {
    std::optional<qint64> tokensAbove; // estimated prompt tokens > this
    std::optional<qint64> tokensBelow; // estimated prompt tokens < this
    QString regex;                     // over the last user message, Perl syntax, case-sensitive unless (?i)
    QStringList tags;                  // the caller gave one of these
    std::optional<bool> hasImages;
    std::optional<bool> hasTools;
    QStringList models;                // the model name the caller asked for is one of these
    /// A budget of the usage log that has been reached: "total" for the
    /// monthly total, else a provider id; "any" for whichever.
    QString budgetReached;

    [[nodiscard]] bool isEmpty() const { return *this == Condition{}; }
    bool operator==(const Condition &) const = default;
};

/// First match wins: the first rule whose condition holds picks the route.
struct Rule {
    QString name;
    Condition when;
    QString route;
    SourcePosition position;
    bool operator==(const Rule &) const = default;
};

/// A sample request and the route it is expected to reach, kept with the
/// config so that changing rules cannot silently break them.
struct TestCase {
    QString name;
    QString prompt;         // the last user message
    QStringList tags;
    QString model;          // the model the caller asks for
    std::optional<qint64> tokens; // prompt size; empty: estimated from prompt
    bool images = false;
    bool tools = false;
    QString expectRoute;
    QString expectRule;     // optional: the rule that should match
    SourcePosition position;
    bool operator==(const TestCase &) const = default;
};

/// A whole routing config as the YAML file holds it (docs/routing.md).
struct RoutingConfig {
    static constexpr int CurrentVersion = 1;

    int version = CurrentVersion;
    QString name;
    RetryPolicy retry; // the default of every route
    QStringList noTrainingProviders;
    QStringList zeroRetentionProviders;
    QList<Route> routes;
    QList<Rule> rules;
    QString defaultRoute; // when no rule matches; empty: the first route
    QList<TestCase> tests;

    [[nodiscard]] const Route *route(QStringView routeName) const;
    [[nodiscard]] Route *route(QStringView routeName);
    [[nodiscard]] qsizetype routeIndex(QStringView routeName) const;
    /// The default route, or the first when none is named.
    [[nodiscard]] const Route *fallbackRoute() const;
    /// Renames the route at index, and with it every place the config names
    /// it: the rules that lead to it, the default route and the tests that
    /// expect it. A name another route has is not refused: validation reports
    /// the duplicate. False, and nothing changed, for an index out of range.
    /// (Budgets that reroute to a route live in the usage database, not here.)
    bool renameRoute(qsizetype index, const QString &newName);
    [[nodiscard]] const RetryPolicy &retryOf(const Route &route) const { return route.retry ? *route.retry : retry; }
    /// Whether provider meets the data policy.
    [[nodiscard]] bool meets(const QString &provider, DataPolicy policy) const;
    bool operator==(const RoutingConfig &) const = default;
};

} // namespace Switchyard::Routing
