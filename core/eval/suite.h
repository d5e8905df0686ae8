#pragma once

#include "routing/routingconfig.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard::Eval {

using Routing::SourcePosition;

/// One check of an answer (docs/evaluations.md). The texts of equals,
/// contains and regex may hold {{variables}}, filled from the case's vars.
struct Assertion {
    enum class Type : quint8 {
        Equals,
        Contains,
        Regex,
        IsJson,
        JsonSchema,
        MaxCost,    ///< value: USD
        MaxLatency, ///< value: milliseconds
        MaxTokens,  ///< value: output tokens
        Judge,      ///< value: the rubric; model grades it
    };
    Type type = Type::Contains;
    bool negated = false;     // "not-contains", "not-equals", ...
    bool ignoreCase = false;  // equals, contains, regex
    QString text;             // equals, contains, regex, judge (the rubric)
    QJsonValue schema;        // json-schema
    double limit = 0;         // max-cost, max-latency, max-tokens
    QString model;            // judge: provider/model or a route
    double threshold = 0.5;   // judge: the lowest passing score, 0..1
    SourcePosition position;

    /// "contains", "not-regex", "judge", ... as written in a suite.
    [[nodiscard]] QString typeName() const;
    [[nodiscard]] static std::optional<Assertion> fromTypeName(QStringView name);
};

/// One test as written: its variables, its own prompt (else the suite's
/// prompts) and its assertions.
struct TestCase {
    QString description;
    QHash<QString, QString> vars;
    std::optional<QString> prompt;
    QList<Assertion> assertions;
    SourcePosition position;
    QString origin; // "cases.csv:3" for a test read from a data file; empty inline
};

/// A test with one prompt: what is sent to each target, repeats times.
struct EvalCase {
    int index = 0;
    QString key;         // stable across runs: the description, else the prompt as sent
    QString description;
    QString prompt;      // with its variables filled in
    QHash<QString, QString> vars;
    QList<Assertion> assertions; // the suite's, then the test's
};

/// A suite of prompts, tests, targets and assertions, as read from its YAML
/// file by SuiteReader. Paths in it (CSV and JSON Lines files) were resolved
/// against the suite's folder when it was read.
struct Suite {
    int version = 1;
    QString name;
    QString description;
    QStringList prompts;     // templates with {{variables}}
    QStringList targets;     // provider/model or a route's name
    QString judge;           // the default judge model
    QString systemPrompt;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    int repeats = 1;
    int concurrency = 4;                  // calls at once per provider
    QHash<QString, int> concurrencyPer;   // per provider id (or route name)
    QList<Assertion> assertions;          // for every test
    QList<TestCase> tests;

    /// The tests with each of their prompts, numbered in order.
    [[nodiscard]] QList<EvalCase> cases() const;
    /// How many calls may run at once for a target.
    [[nodiscard]] int concurrencyOf(const QString &target) const;
};

/// Fills {{name}} (spaces inside the braces allowed) from vars; an unknown
/// name is left as written.
[[nodiscard]] QString fillTemplate(const QString &text, const QHash<QString, QString> &vars);
/// The names a template uses, in order of first use.
[[nodiscard]] QStringList templateNames(const QString &text);

} // namespace Switchyard::Eval
