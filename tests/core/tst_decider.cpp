// Routing decisions: which rule matches, which route it picks, in which
// order each strategy tries the targets, and which targets the constraints,
// cooldowns and budgets pass over — with the reason a user will read.

#include "routing/configreader.h"
#include "routing/configtests.h"
#include "routing/cooldowns.h"
#include "routing/decider.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Routing;
using Switchyard::Catalog::Capability;
using Switchyard::Usage::Budget;
using Switchyard::Usage::BudgetStatus;

class TestDecider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void teamConfigPassesItsTests();
    void rules_data();
    void rules();
    void regexRules_data();
    void regexRules();
    void askedFor_data();
    void askedFor();
    void withoutRoutes_data();
    void withoutRoutes();
    void strategies_data();
    void strategies();
    void constraints_data();
    void constraints();
    void promptTooLongAndCapabilities();
    void weightedSplit();
    void cooldowns();
    void budgets_data();
    void budgets();
    void failingTestIsReported();
};

namespace {

RoutingConfig read(const QByteArray &text)
{
    const auto result = ConfigReader::read(text);
    if (!result) {
        for (const ConfigError &e : result.error())
            qWarning("%s", qPrintable(e.toString()));
        qFatal("test config does not read");
    }
    return result->config;
}

RoutingConfig team()
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA_DIR "/routing/team.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read team.yaml");
    return read(file.readAll());
}

ModelFacts priced(double inUsd, double outUsd, qint64 context = 128000,
                  Switchyard::Catalog::Capabilities caps = Capability::Tools | Capability::Vision)
{
    ModelFacts f;
    f.inCatalog = true;
    f.inputPrice = Switchyard::Catalog::Price::fromUsdPerMillion(inUsd);
    f.outputPrice = Switchyard::Catalog::Price::fromUsdPerMillion(outUsd);
    f.contextLength = context;
    f.capabilities = caps;
    return f;
}

QStringList order(const Decider &decider, const Decision &decision)
{
    QStringList keys;
    for (const TargetRef &ref : decision.candidates)
        keys.append(decider.target(ref).key());
    return keys;
}

QStringList skipped(const Decider &decider, const Decision &decision)
{
    QStringList out;
    for (const Skip &skip : decision.skipped)
        out.append(decider.target(skip.ref).key() + u'=' + skipReasonName(skip.reason));
    return out;
}

const QByteArray fourTargets = "version: 1\n"
                               "routes:\n"
                               "  r:\n"
                               "    strategy: STRATEGY\n"
                               "    targets: [a/one, b/two, c/three, d/four]\n";

} // namespace

void TestDecider::teamConfigPassesItsTests()
{
    const Decider decider(team());
    const QList<TestOutcome> outcomes = ConfigTests::runAll(decider);
    QCOMPARE(outcomes.size(), 5);
    for (const TestOutcome &o : outcomes)
        QVERIFY2(o.passed, qPrintable(o.message));
}

void TestDecider::rules_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<qint64>("tokens");
    QTest::addColumn<bool>("images");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("rule"); // -1: the default route

    QTest::newRow("private key") << u"-----BEGIN RSA PRIVATE KEY-----"_s << QStringList() << 20LL << false << u"auto"_s
                                 << u"private"_s << 0;
    QTest::newRow("ssn") << u"my number is 123-45-6789"_s << QStringList() << 10LL << false << QString() << u"private"_s
                         << 0;
    QTest::newRow("API_KEY any case") << u"where do I put the Api-Key?"_s << QStringList() << 10LL << false << QString()
                                      << u"private"_s << 0;
    QTest::newRow("tag hr") << u"hello"_s << QStringList{u"x"_s, u"hr"_s} << 10LL << false << QString() << u"private"_s
                            << 1;
    QTest::newRow("other tag") << u"hello"_s << QStringList{u"marketing"_s} << 10LL << false << QString()
                               << u"fast-cheap"_s << -1;
    QTest::newRow("long beats code") << u"def f(): pass"_s << QStringList() << 70000LL << false << QString()
                                     << u"long-context"_s << 2;
    QTest::newRow("exactly at threshold") << u"hello"_s << QStringList() << 60000LL << false << QString()
                                          << u"fast-cheap"_s << -1;
    QTest::newRow("code fence") << u"```\nint x;\n```"_s << QStringList() << 100LL << false << QString() << u"code"_s
                                << 3;
    QTest::newRow("word class") << u"what is a class in C++"_s << QStringList() << 100LL << false << QString()
                                << u"code"_s << 3;
    QTest::newRow("classic is not class") << u"a classic novel"_s << QStringList() << 100LL << false << QString()
                                          << u"fast-cheap"_s << -1;
    QTest::newRow("secret outranks tag") << u"password reset"_s << QStringList{u"hr"_s} << 10LL << false << QString()
                                         << u"private"_s << 0;
}

void TestDecider::rules()
{
    QFETCH(QString, prompt);
    QFETCH(QStringList, tags);
    QFETCH(qint64, tokens);
    QFETCH(bool, images);
    QFETCH(QString, model);
    QFETCH(QString, route);
    QFETCH(int, rule);
    const Decider decider(team());
    const RequestFacts facts{.model = model, .tags = tags, .promptTokens = tokens, .lastUserMessage = prompt,
                             .hasImages = images};
    const Decision d = decider.decide(facts);
    QCOMPARE(decider.routeOf(d)->name, route);
    QCOMPARE(d.rule, rule);
    QCOMPARE(d.via, rule >= 0 ? Decision::Via::Rule : Decision::Via::Default);
    QVERIFY(!d.candidates.isEmpty());
}

// The regex rules are scanned together first (one pass for a message that
// matches none); first match wins must still hold, and patterns that cannot
// join the others (back-references, named groups) still work alone.
void TestDecider::regexRules_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<QString>("route");

    QTest::newRow("first of two matches") << u"ALPHA then gamma"_s << QStringList{u"x"_s} << u"a"_s;
    QTest::newRow("back-reference") << u"zzzz"_s << QStringList() << u"b"_s;
    QTest::newRow("back-reference needs four") << u"zzz"_s << QStringList() << u"z"_s;
    QTest::newRow("named group") << u"say beta"_s << QStringList() << u"c"_s;
    QTest::newRow("regex without its tag") << u"gamma"_s << QStringList() << u"z"_s;
    QTest::newRow("regex with its tag") << u"delta"_s << QStringList{u"x"_s} << u"d"_s;
    QTest::newRow("anchored") << u"start here"_s << QStringList() << u"e"_s;
    QTest::newRow("anchor is per pattern") << u"we start"_s << QStringList() << u"z"_s;
    QTest::newRow("case flag stays in its pattern") << u"START"_s << QStringList() << u"z"_s;
    QTest::newRow("nothing") << u"hello"_s << QStringList{u"x"_s} << u"z"_s;
}

void TestDecider::regexRules()
{
    QFETCH(QString, prompt);
    QFETCH(QStringList, tags);
    QFETCH(QString, route);
    const Decider decider(read("version: 1\n"
                               "routes:\n"
                               "  z: {targets: [p/z]}\n"
                               "  a: {targets: [p/a]}\n"
                               "  b: {targets: [p/b]}\n"
                               "  c: {targets: [p/c]}\n"
                               "  d: {targets: [p/d]}\n"
                               "  e: {targets: [p/e]}\n"
                               "rules:\n"
                               "  - {when: {regex: '(?i)alpha'}, route: a}\n"
                               "  - {when: {regex: '(\\w)\\1{3}'}, route: b}\n"
                               "  - {when: {regex: '(?<word>beta)'}, route: c}\n"
                               "  - {when: {regex: 'gamma|delta', tags: [x]}, route: d}\n"
                               "  - {when: {regex: '^start'}, route: e}\n"));
    const Decision d = decider.decide({.model = u"auto"_s, .tags = tags, .lastUserMessage = prompt});
    QCOMPARE(decider.routeOf(d)->name, route);
}

void TestDecider::askedFor_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("via");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("direct");
    QTest::newRow("route by name") << u"code"_s << int(Decision::Via::Route) << u"code"_s << QString();
    QTest::newRow("route skips rules") << u"long-context"_s << int(Decision::Via::Route) << u"long-context"_s
                                       << QString();
    QTest::newRow("provider/model") << u"openai/gpt-4o"_s << int(Decision::Via::Model) << QString()
                                    << u"openai/gpt-4o"_s;
    QTest::newRow("openrouter id") << u"openrouter/meta-llama/llama-3-8b"_s << int(Decision::Via::Model) << QString()
                                   << u"openrouter/meta-llama/llama-3-8b"_s;
    QTest::newRow("auto") << u"auto"_s << int(Decision::Via::Default) << u"fast-cheap"_s << QString();
    QTest::newRow("bare model") << u"gpt-4o"_s << int(Decision::Via::Default) << u"fast-cheap"_s << QString();
}

void TestDecider::askedFor()
{
    QFETCH(QString, model);
    QFETCH(int, via);
    QFETCH(QString, route);
    QFETCH(QString, direct);
    const Decider decider(team());
    const Decision d = decider.decide({.model = model, .promptTokens = 10, .lastUserMessage = u"hi"_s});
    QCOMPARE(int(d.via), via);
    QCOMPARE(d.route >= 0 ? decider.routeOf(d)->name : QString(), route);
    QCOMPARE(d.direct ? d.direct->key() : QString(), direct);
    QVERIFY(d.hasTargets());
}

// The gateway without a config: provider/model goes straight there, anything
// else is an error that says what to do.
void TestDecider::withoutRoutes_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("direct");
    QTest::addColumn<QString>("error");
    QTest::newRow("provider/model") << u"bench/tiny"_s << u"bench/tiny"_s << QString();
    QTest::newRow("openrouter id") << u"openrouter/meta-llama/llama-3-8b"_s << u"openrouter/meta-llama/llama-3-8b"_s
                                   << QString();
    QTest::newRow("bare model") << u"gpt-4o"_s << QString() << u"the routing config has no routes: name a provider/model"_s;
    QTest::newRow("no model") << QString() << QString() << u"the routing config has no routes: name a provider/model"_s;
}

void TestDecider::withoutRoutes()
{
    QFETCH(QString, model);
    QFETCH(QString, direct);
    QFETCH(QString, error);
    const Decider decider{RoutingConfig{}};
    const Decision d = decider.decide({.model = model, .promptTokens = 10, .lastUserMessage = u"hi"_s});
    QCOMPARE(d.error, error);
    QCOMPARE(d.direct ? d.direct->key() : QString(), direct);
    QCOMPARE(d.hasTargets(), !direct.isEmpty());
}

void TestDecider::strategies_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("fallback") << u"fallback"_s << QStringList{u"a/one"_s, u"b/two"_s, u"c/three"_s, u"d/four"_s};
    // Blended 3:1 prices: one 3.25, two 0.75, three unknown, four 0.30.
    QTest::newRow("cheapest") << u"cheapest"_s << QStringList{u"d/four"_s, u"b/two"_s, u"a/one"_s, u"c/three"_s};
    // TTFT p50: one 900, two none, three 200, four 450; unmeasured last.
    QTest::newRow("fastest") << u"fastest"_s << QStringList{u"c/three"_s, u"d/four"_s, u"a/one"_s, u"b/two"_s};
    // Win rates: two 0.7, four 0.4, others never voted on.
    QTest::newRow("best_voted") << u"best_voted"_s << QStringList{u"b/two"_s, u"d/four"_s, u"a/one"_s, u"c/three"_s};
    // Ratings over everything: three 1080, one 990; the others unrated.
    QTest::newRow("best_rated") << u"best_rated"_s << QStringList{u"c/three"_s, u"a/one"_s, u"b/two"_s, u"d/four"_s};
    // The support suite's ratings alone: four 1120, three 950.
    QTest::newRow("best_rated by a suite") << u"best_rated\n    rated_by: support"_s
                                           << QStringList{u"d/four"_s, u"c/three"_s, u"a/one"_s, u"b/two"_s};
}

void TestDecider::strategies()
{
    QFETCH(QString, strategy);
    QFETCH(QStringList, expected);
    RoutingFacts facts;
    facts.models[u"a/one"_s] = priced(2.5, 5.5);
    facts.models[u"b/two"_s] = priced(0.5, 1.5);
    facts.models[u"d/four"_s] = priced(0.2, 0.6);
    facts.models[u"a/one"_s].ttftP50Ms = 900;
    facts.models[u"c/three"_s].ttftP50Ms = 200;
    facts.models[u"d/four"_s].ttftP50Ms = 450;
    facts.models[u"b/two"_s].winRate = 0.7;
    facts.models[u"d/four"_s].winRate = 0.4;
    facts.models[u"c/three"_s].ratings = {{QString(), 1080}, {u"support"_s, 950}};
    facts.models[u"a/one"_s].ratings = {{QString(), 990}};
    facts.models[u"d/four"_s].ratings = {{u"support"_s, 1120}};
    const Decider decider(read(QByteArray(fourTargets).replace("STRATEGY", strategy.toUtf8())), facts);
    const Decision d = decider.decide({.promptTokens = 10});
    QCOMPARE(order(decider, d), expected);
    QVERIFY(d.skipped.isEmpty());
}

void TestDecider::constraints_data()
{
    QTest::addColumn<QByteArray>("constraints");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QStringList>("skips");
    QTest::addColumn<QString>("description"); // of the first skip

    QTest::newRow("max input price") << QByteArray("{max_price: {input: 1.0}}") << QStringList{u"b/two"_s, u"c/three"_s, u"d/four"_s}
                                     << QStringList{u"a/one=too_expensive"_s} << u"input $2.50/M is above the route's max $1.00/M"_s;
    QTest::newRow("max output price") << QByteArray("{max_price: {output: 1.0}}") << QStringList{u"c/three"_s, u"d/four"_s}
                                      << QStringList{u"a/one=too_expensive"_s, u"b/two=too_expensive"_s}
                                      << u"output $5.50/M is above the route's max $1.00/M"_s;
    QTest::newRow("min context") << QByteArray("{min_context: 200000}") << QStringList{u"c/three"_s, u"d/four"_s}
                                 << QStringList{u"a/one=context_too_small"_s, u"b/two=context_too_small"_s}
                                 << u"context of 128000 tokens is below the route's min_context 200000"_s;
    QTest::newRow("allow") << QByteArray("{providers: {allow: [b, d]}}") << QStringList{u"b/two"_s, u"d/four"_s}
                           << QStringList{u"a/one=provider_not_allowed"_s, u"c/three=provider_not_allowed"_s}
                           << u"provider a is not allowed on this route"_s;
    QTest::newRow("deny") << QByteArray("{providers: {deny: [a]}}") << QStringList{u"b/two"_s, u"c/three"_s, u"d/four"_s}
                          << QStringList{u"a/one=provider_not_allowed"_s} << u"provider a is not allowed on this route"_s;
    QTest::newRow("json mode") << QByteArray("{capabilities: [json]}") << QStringList{u"c/three"_s, u"d/four"_s}
                               << QStringList{u"a/one=missing_capability"_s, u"b/two=missing_capability"_s}
                               << u"lacks JSON mode"_s;
    QTest::newRow("zero retention") << QByteArray("{data: zero_retention}") << QStringList{u"d/four"_s}
                                    << QStringList{u"a/one=data_policy"_s, u"b/two=data_policy"_s, u"c/three=data_policy"_s}
                                    << u"provider a is not marked zero-retention"_s;
    QTest::newRow("no training") << QByteArray("{data: no_training}") << QStringList{u"c/three"_s, u"d/four"_s}
                                 << QStringList{u"a/one=data_policy"_s, u"b/two=data_policy"_s}
                                 << u"provider a is not marked no-training"_s;
    QTest::newRow("p95") << QByteArray("{max_p95_ms: 3000}") << QStringList{u"a/one"_s, u"c/three"_s, u"d/four"_s}
                         << QStringList{u"b/two=too_slow"_s} << u"measured p95 of 9.00 s is above the route's max 3.00 s"_s;
}

void TestDecider::constraints()
{
    QFETCH(QByteArray, constraints);
    QFETCH(QStringList, candidates);
    QFETCH(QStringList, skips);
    QFETCH(QString, description);
    RoutingFacts facts;
    facts.models[u"a/one"_s] = priced(2.5, 5.5);
    facts.models[u"b/two"_s] = priced(0.5, 1.5);
    facts.models[u"b/two"_s].totalP95Ms = 9000;
    // c/three is not in the catalog: limits are not enforced on what is unknown.
    facts.models[u"d/four"_s] = priced(0.2, 0.6, 1'000'000, Capability::JsonMode | Capability::Tools);
    const QByteArray text = QByteArray(fourTargets).replace("STRATEGY", "fallback")
        + "    constraints: " + constraints + "\n"
        + "data_policy: {no_training: [c], zero_retention: [d]}\n";
    const Decider decider(read(text), facts);
    const Decision d = decider.decide({.promptTokens = 10});
    QCOMPARE(order(decider, d), candidates);
    QCOMPARE(skipped(decider, d), skips);
    QVERIFY2(decider.describe(d.skipped.first()).endsWith(description), qPrintable(decider.describe(d.skipped.first())));
}

void TestDecider::promptTooLongAndCapabilities()
{
    RoutingFacts facts;
    facts.models[u"a/one"_s] = priced(1, 1, 8000, Capability::Tools);
    facts.models[u"b/two"_s] = priced(1, 1, 128000, Capability::Vision);
    const Decider decider(read(QByteArray(fourTargets).replace("STRATEGY", "fallback")), facts);
    Decision d = decider.decide({.promptTokens = 9000});
    QCOMPARE(skipped(decider, d), QStringList{u"a/one=prompt_too_long"_s});
    QCOMPARE(order(decider, d).first(), u"b/two"_s);
    d = decider.decide({.promptTokens = 10, .hasImages = true});
    QCOMPARE(skipped(decider, d), QStringList{u"a/one=missing_capability"_s});
    d = decider.decide({.promptTokens = 10, .hasTools = true});
    QCOMPARE(skipped(decider, d), QStringList{u"b/two=missing_capability"_s});
    QCOMPARE(order(decider, d), (QStringList{u"a/one"_s, u"c/three"_s, u"d/four"_s}));
}

void TestDecider::weightedSplit()
{
    const QByteArray text = "version: 1\nroutes:\n  ab:\n    strategy: weighted\n    targets:\n"
                            "      - {model: a/one, weight: 3}\n      - {model: b/two, weight: 1}\n";
    const Decider decider(read(text));
    // The random number splits [0, 1) by weight: three quarters to a/one.
    QCOMPARE(order(decider, decider.decide({}, nullptr, 0, 0.0)), (QStringList{u"a/one"_s, u"b/two"_s}));
    QCOMPARE(order(decider, decider.decide({}, nullptr, 0, 0.74)), (QStringList{u"a/one"_s, u"b/two"_s}));
    QCOMPARE(order(decider, decider.decide({}, nullptr, 0, 0.76)), (QStringList{u"b/two"_s, u"a/one"_s}));
    QCOMPARE(order(decider, decider.decide({}, nullptr, 0, 0.999)), (QStringList{u"b/two"_s, u"a/one"_s}));
    int first = 0;
    for (int i = 0; i < 1000; ++i)
        first += decider.target(decider.decide({}, nullptr, 0, i / 1000.0).candidates.first()).model == u"one"_s;
    QCOMPARE(first, 750);
}

void TestDecider::cooldowns()
{
    const Decider decider(read(QByteArray(fourTargets).replace("STRATEGY", "fallback")));
    Cooldowns rest;
    RetryPolicy policy;
    policy.cooldownFailures = 2;
    policy.cooldownSeconds = 10;
    QVERIFY(!rest.recordFailure(u"a/one"_s, policy, 1000));
    QCOMPARE(order(decider, decider.decide({}, &rest, 1000)).first(), u"a/one"_s);
    QVERIFY(rest.recordFailure(u"a/one"_s, policy, 2000));
    Decision d = decider.decide({}, &rest, 2000);
    QCOMPARE(order(decider, d).first(), u"b/two"_s);
    QCOMPARE(skipped(decider, d), QStringList{u"a/one=resting"_s});
    QCOMPARE(rest.restingUntil(u"a/one"_s, 2000), 12000);
    // Rested: back in front.
    QCOMPARE(order(decider, decider.decide({}, &rest, 12000)).first(), u"a/one"_s);
    // A success clears the count.
    QVERIFY(!rest.recordFailure(u"b/two"_s, policy, 0));
    rest.recordSuccess(u"b/two"_s);
    QVERIFY(!rest.recordFailure(u"b/two"_s, policy, 0));
}

void TestDecider::budgets_data()
{
    QTest::addColumn<QList<BudgetStatus>>("budgets");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QStringList>("skips");

    const auto budget = [](const QString &scope, double spentFraction, Budget::Action action = Budget::Action::Block,
                           const QString &to = {}) {
        return BudgetStatus{.budget = {.scope = scope, .limitNanoUsd = 1'000'000'000, .action = action, .rerouteTo = to},
                            .spentNanoUsd = qint64(spentFraction * 1e9)};
    };
    QTest::newRow("none") << QList<BudgetStatus>{} << u"main"_s << QStringList{u"openai/gpt-4o"_s, u"local/llama"_s}
                          << QStringList();
    QTest::newRow("warning only") << QList<BudgetStatus>{budget(u"openai"_s, 0.9)} << u"main"_s
                                  << QStringList{u"openai/gpt-4o"_s, u"local/llama"_s} << QStringList();
    QTest::newRow("provider blocked") << QList<BudgetStatus>{budget(u"openai"_s, 1.0)} << u"main"_s
                                      << QStringList{u"local/llama"_s} << QStringList{u"openai/gpt-4o=budget_reached"_s};
    QTest::newRow("provider rerouted")
        << QList<BudgetStatus>{budget(u"openai"_s, 1.2, Budget::Action::Reroute, u"cheap"_s)} << u"main"_s
        << QStringList{u"local/llama"_s, u"groq/llama-8b"_s} << QStringList{u"openai/gpt-4o=budget_rerouted"_s};
    // The total applies to everyone: the rule for a reached total wins.
    QTest::newRow("total reached: rule") << QList<BudgetStatus>{budget(QString(), 1.0, Budget::Action::Reroute, u"cheap"_s)}
                                         << u"cheap"_s << QStringList{u"groq/llama-8b"_s} << QStringList();
}

void TestDecider::budgets()
{
    QFETCH(QList<BudgetStatus>, budgets);
    QFETCH(QString, route);
    QFETCH(QStringList, candidates);
    QFETCH(QStringList, skips);
    const QByteArray text = "version: 1\nroutes:\n"
                            "  main:\n    targets: [openai/gpt-4o, local/llama]\n"
                            "  cheap:\n    targets: [groq/llama-8b]\n"
                            "rules:\n  - {when: {budget_reached: total}, route: cheap}\n"
                            "default: main\n";
    RoutingFacts facts;
    facts.budgets = budgets;
    const Decider decider(read(text), facts);
    const Decision d = decider.decide({.promptTokens = 10});
    QCOMPARE(decider.routeOf(d)->name, route);
    QCOMPARE(order(decider, d), candidates);
    QCOMPARE(skipped(decider, d), skips);
}

void TestDecider::failingTestIsReported()
{
    RoutingConfig config = team();
    config.tests.first().expectRoute = u"code"_s;
    config.tests[1].expectRule = u"long prompts"_s;
    const QList<TestOutcome> outcomes = ConfigTests::runAll(Decider(config));
    QVERIFY(!outcomes.at(0).passed);
    QCOMPARE(outcomes.at(0).route, u"private"_s);
    QCOMPARE(outcomes.at(0).message, u"expected route code, got rule 'secrets stay local' → route private"_s);
    QVERIFY(!outcomes.at(1).passed);
    QCOMPARE(outcomes.at(1).message, u"expected rule 'long prompts', got rule 'tagged private' → route private"_s);
    QVERIFY(outcomes.at(2).passed);
}

QTEST_GUILESS_MAIN(TestDecider)
#include "tst_decider.moc"
