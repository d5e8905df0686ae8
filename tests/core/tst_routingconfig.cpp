// Routing configs on disk: the YAML and JSON forms read into the model,
// written back to an equal config, and every kind of mistake reported at
// its line and column.

#include "routing/configreader.h"
#include "routing/configwriter.h"
#include "routing/starterconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Routing;

class TestRoutingConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTeamConfig();
    void roundTrip_data();
    void roundTrip();
    void jsonReadsLikeYaml();
    void errors_data();
    void errors();
    void reportsEveryError();
    void warnings_data();
    void warnings();
    void quotedTextsStayTexts();
    void targetKeys_data();
    void targetKeys();
    void renameRoute_data();
    void renameRoute();
    void starterConfig();
};

namespace {

QByteArray teamYaml()
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA_DIR "/routing/team.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

QString errorsText(const ConfigErrors &errors)
{
    QStringList lines;
    for (const ConfigError &e : errors)
        lines.append(e.toString());
    return lines.join(u"\n");
}

} // namespace

void TestRoutingConfig::readsTeamConfig()
{
    const auto read = ConfigReader::read(teamYaml());
    QVERIFY2(read, read ? "" : qPrintable(errorsText(read.error())));
    const RoutingConfig &c = read->config;
    QCOMPARE(c.version, 1);
    QCOMPARE(c.name, u"Team default"_s);
    QCOMPARE(c.retry.attempts, 2);
    QCOMPARE(c.retry.initialBackoffMs, 250);
    QCOMPARE(c.retry.maxBackoffMs, 4000);
    QCOMPARE(c.retry.backoffMultiplier, 2.0); // not written: the default
    QCOMPARE(c.retry.cooldownSeconds, 120);
    QCOMPARE(c.retry.timeouts.firstTokenMs, 20000);
    QCOMPARE(c.retry.timeouts.connectMs, 0);
    QCOMPARE(c.noTrainingProviders, (QStringList{u"openai"_s, u"anthropic"_s}));
    QCOMPARE(c.zeroRetentionProviders, QStringList{u"local"_s});

    QCOMPARE(c.routes.size(), 4);
    const Route &cheap = c.routes.at(0);
    QCOMPARE(cheap.name, u"fast-cheap"_s);
    QCOMPARE(cheap.strategy, Strategy::Cheapest);
    QCOMPARE(cheap.targets.size(), 3);
    QCOMPARE(cheap.targets.at(2).provider, u"openrouter"_s);
    QCOMPARE(cheap.targets.at(2).model, u"mistralai/mistral-small"_s); // OpenRouter ids keep their slash
    QCOMPARE(cheap.targets.at(2).params.value(u"temperature"_s).toDouble(), 0.3);
    QCOMPARE(cheap.constraints.maxInputPrice, std::optional<qint64>(1'000'000));
    QCOMPARE(cheap.constraints.maxOutputPrice, std::optional<qint64>(4'000'000));
    QCOMPARE(cheap.position.line, 18);
    QCOMPARE(cheap.position.column, 3);
    QVERIFY(!cheap.retry);

    const Route *code = c.route(u"code");
    QVERIFY(code);
    QCOMPARE(code->strategy, Strategy::Weighted);
    QCOMPARE(code->targets.at(0).weight, 3);
    QCOMPARE(code->constraints.capabilities, Switchyard::Catalog::Capabilities(Switchyard::Catalog::Capability::Tools));
    QVERIFY(code->retry);
    QCOMPARE(code->retry->attempts, 3);
    QCOMPARE(code->retry->initialBackoffMs, 250); // inherited from the defaults
    QCOMPARE(c.retryOf(*code).attempts, 3);
    QCOMPARE(c.retryOf(cheap).attempts, 2);

    QCOMPARE(c.route(u"long-context")->constraints.minContext, std::optional<qint64>(200000));
    QCOMPARE(c.route(u"private")->constraints.data, DataPolicy::ZeroRetention);
    QCOMPARE(c.route(u"private")->targets.at(0).model, u"qwen2.5-coder:14b"_s);

    QCOMPARE(c.rules.size(), 5);
    QCOMPARE(c.rules.at(0).name, u"secrets stay local"_s);
    QVERIFY(c.rules.at(0).when.regex.startsWith(u"(?i)(api"_s));
    QCOMPARE(c.rules.at(1).when.tags, (QStringList{u"private"_s, u"hr"_s}));
    QCOMPARE(c.rules.at(2).when.tokensAbove, std::optional<qint64>(60000));
    QCOMPARE(c.rules.at(3).when.tokensBelow, std::optional<qint64>(60000));
    QCOMPARE(c.rules.at(4).when.budgetReached, u"total"_s);
    QCOMPARE(c.defaultRoute, u"fast-cheap"_s);

    QCOMPARE(c.tests.size(), 5);
    QCOMPARE(c.tests.at(0).expectRule, u"secrets stay local"_s);
    QCOMPARE(c.tests.at(2).tokens, std::optional<qint64>(150000));
    QCOMPARE(c.tests.at(1).tags, QStringList{u"hr"_s});
    QVERIFY2(read->warnings.isEmpty(), qPrintable(errorsText(read->warnings)));
}

void TestRoutingConfig::roundTrip_data()
{
    QTest::addColumn<RoutingConfig>("config");

    QTest::newRow("team") << ConfigReader::read(teamYaml())->config;

    RoutingConfig minimal;
    minimal.routes.append({.name = u"only"_s, .targets = {{.provider = u"openai"_s, .model = u"gpt-4o-mini"_s}}});
    QTest::newRow("minimal") << minimal;

    RoutingConfig rated = minimal;
    rated.routes.first().strategy = Strategy::BestRated;
    rated.routes.first().ratedBy = u"support-replies"_s;
    QTest::newRow("best rated by a suite") << rated;

    RoutingConfig everything = minimal;
    everything.name = u"Everything: \"quoted\", #hash, 'single'"_s;
    everything.retry.attempts = 5;
    everything.retry.backoffMultiplier = 1.5;
    everything.retry.jitter = 0;
    everything.retry.onStatus = {429, 503};
    everything.retry.onErrors = {u"stream_cut"_s};
    everything.retry.honourRetryAfter = false;
    everything.retry.maxRetryAfterMs = 1000;
    everything.retry.cooldownFailures = 0;
    everything.retry.timeouts = {.connectMs = 3000, .firstTokenMs = 9000, .totalMs = 60000};
    Route &r = everything.routes.first();
    r.description = u"multi\nline: yes"_s;
    r.strategy = Strategy::BestVoted;
    r.targets.append({.provider = u"openrouter"_s, .model = u"meta-llama/llama-3.1-8b:free"_s,
                      .params = {{u"temperature"_s, 0.0}, {u"stop"_s, QJsonArray{u"\n\n"_s}},
                                 {u"reasoning_effort"_s, u"low"_s}, {u"seed"_s, u"42"_s}},
                      .weight = 7});
    r.constraints = {.maxInputPrice = 2'500'000,
                     .maxOutputPrice = 0,
                     .minContext = 8192,
                     .maxP95LatencyMs = 1500.5,
                     .allowProviders = {u"openai"_s, u"openrouter"_s},
                     .denyProviders = {u"groq"_s},
                     .capabilities = Switchyard::Catalog::Capability::Vision | Switchyard::Catalog::Capability::JsonMode,
                     .data = DataPolicy::NoTraining};
    RetryPolicy own = everything.retry;
    own.attempts = 1;
    r.retry = own;
    everything.noTrainingProviders = {u"openai"_s};
    everything.routes.append({.name = u"second"_s, .strategy = Strategy::Fastest,
                              .targets = {{.provider = u"local"_s, .model = u"llama3.1:8b"_s}},
                              .retry = everything.retry}); // its own block, equal to the defaults
    everything.rules = {
        {.name = u"all"_s,
         .when = {.tokensAbove = 10, .tokensBelow = 5000, .regex = u"^\\s*(yes|no):"_s, .tags = {u"a"_s},
                  .hasImages = false, .hasTools = true, .models = {u"gpt-4o"_s, u"true"_s}, .budgetReached = u"any"_s},
         .route = u"second"_s},
        {.when = {.tags = {u"123"_s}}, .route = u"only"_s},
    };
    everything.defaultRoute = u"second"_s;
    everything.tests = {{.name = u"t"_s, .prompt = u"null"_s, .tags = {u"a"_s}, .model = u"auto"_s, .tokens = 12,
                         .images = true, .tools = true, .expectRoute = u"second"_s, .expectRule = u"all"_s}};
    QTest::newRow("everything") << everything;
}

void TestRoutingConfig::roundTrip()
{
    QFETCH(RoutingConfig, config);
    const QByteArray yaml = ConfigWriter::toYaml(config);
    const auto fromYaml = ConfigReader::read(yaml);
    QVERIFY2(fromYaml, fromYaml ? "" : qPrintable(errorsText(fromYaml.error()) + u"\n"_s + QString::fromUtf8(yaml)));
    // Writing what was read gives the same text: a save without changes is no diff.
    QCOMPARE(QString::fromUtf8(ConfigWriter::toYaml(fromYaml->config)), QString::fromUtf8(yaml));
    QCOMPARE(fromYaml->config, config);

    const QByteArray json = ConfigWriter::toJson(config);
    const auto fromJson = ConfigReader::read(json);
    QVERIFY2(fromJson, fromJson ? "" : qPrintable(errorsText(fromJson.error()) + u"\n"_s + QString::fromUtf8(json)));
    QCOMPARE(fromJson->config, config);
}

void TestRoutingConfig::jsonReadsLikeYaml()
{
    const QByteArray json = R"({
  "version": 1,
  "routes": {
    "a": {"strategy": "fallback", "targets": ["openai/gpt-4o", {"model": "local/llama3", "weight": 2}]}
  },
  "rules": [{"when": {"tokens_above": 100}, "route": "a"}]
})";
    const auto read = ConfigReader::read(json);
    QVERIFY2(read, read ? "" : qPrintable(errorsText(read.error())));
    QCOMPARE(read->config.routes.at(0).targets.at(1).weight, 2);
    QCOMPARE(read->config.routes.at(0).targets.at(1).position.line, 4);
    QCOMPARE(read->config.rules.at(0).when.tokensAbove, std::optional<qint64>(100));
}

void TestRoutingConfig::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const QByteArray head = "version: 1\nroutes:\n  a:\n    targets: [openai/gpt-4o]\n";
    QTest::newRow("empty") << QByteArray("\n") << 1 << 1 << u"empty"_s;
    QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << 1 << 1 << u"is a mapping"_s;
    QTest::newRow("bad yaml") << QByteArray("version: 1\nroutes:\n  a: [unclosed\n") << 4 << 1 << u"not valid YAML"_s;
    QTest::newRow("bad json") << QByteArray("{\n  \"version\": 1,\n  \"routes\": {,}\n}") << 3 << 14
                              << u"not valid JSON"_s;
    QTest::newRow("no version") << QByteArray("routes:\n  a:\n    targets: [openai/x]\n") << 1 << 1
                                << u"needs 'version: 1'"_s;
    QTest::newRow("newer version") << QByteArray("version: 7\nroutes:\n  a:\n    targets: [openai/x]\n") << 1 << 10
                                   << u"newer"_s;
    QTest::newRow("version not a number") << QByteArray("version: one\nroutes:\n  a:\n    targets: [openai/x]\n") << 1
                                          << 10 << u"whole number"_s;
    QTest::newRow("unknown top key") << head + "rutes: {}\n" << 5 << 1 << u"unknown key 'rutes'"_s;
    QTest::newRow("no routes") << QByteArray("version: 1\n") << 1 << 1 << u"needs routes"_s;
    QTest::newRow("route without targets") << QByteArray("version: 1\nroutes:\n  a:\n    strategy: cheapest\n") << 3
                                           << 3 << u"needs a list of targets"_s;
    QTest::newRow("target without slash") << QByteArray("version: 1\nroutes:\n  a:\n    targets:\n      - gpt-4o\n")
                                          << 5 << 9 << u"'gpt-4o' is not a model"_s;
    QTest::newRow("model with a control character")
        << QByteArray("version: 1\nroutes:\n  a:\n    targets:\n      - \"openai/gpt\\u0007x\"\n") << 5 << 9
        << u"control character (U+0007)"_s;
    QTest::newRow("route name with a newline")
        << QByteArray("version: 1\nroutes:\n  \"a\\nb\":\n    targets: [openai/x]\n") << 3 << 3
        << u"control character (U+000a)"_s;
    QTest::newRow("target map without model")
        << QByteArray("version: 1\nroutes:\n  a:\n    targets:\n      - weight: 2\n") << 5 << 9 << u"needs a model"_s;
    QTest::newRow("zero weight") << QByteArray("version: 1\nroutes:\n  a:\n    targets:\n      - {model: a/b, weight: 0}\n")
                                 << 5 << 30 << u"at least 1"_s;
    QTest::newRow("unknown strategy") << head + "    strategy: cheapest-first\n" << 5 << 15 << u"unknown strategy"_s;
    QTest::newRow("rated_by without best_rated") << head + "    rated_by: support\n" << 5 << 15
                                                 << u"rated_by applies to strategy best_rated only"_s;
    QTest::newRow("unknown route key") << head + "    stratgy: cheapest\n" << 5 << 5 << u"unknown key 'stratgy'"_s;
    QTest::newRow("bad price") << head + "    constraints:\n      max_price: {input: cheap}\n" << 6 << 26
                               << u"must be a number"_s;
    QTest::newRow("negative price") << head + "    constraints:\n      max_price: {output: -1}\n" << 6 << 27
                                    << u"USD per million"_s;
    QTest::newRow("unknown capability") << head + "    constraints:\n      capabilities: [tools, telepathy]\n" << 6
                                        << 21 << u"unknown capability 'telepathy'"_s;
    QTest::newRow("unknown data policy") << head + "    constraints:\n      data: secret\n" << 6 << 13
                                         << u"unknown data policy"_s;
    QTest::newRow("jitter out of range") << head + "    retry:\n      backoff: {jitter: 2}\n" << 6 << 25 << u"between 0 and 1"_s;
    QTest::newRow("status not a code") << head + "    retry:\n      on_status: [429, 999]\n" << 6 << 24
                                       << u"999 is not an HTTP status code"_s;
    QTest::newRow("unknown error class") << head + "    retry:\n      on_errors: [timeout, gremlins]\n" << 6 << 18
                                         << u"unknown error class 'gremlins'"_s;
    QTest::newRow("rule without route") << head + "rules:\n  - when: {tags: [x]}\n" << 6 << 5 << u"needs a route"_s;
    QTest::newRow("rule to nowhere") << head + "rules:\n  - name: r\n    route: b\n" << 6 << 5
                                     << u"rule 'r' names route 'b', which does not exist"_s;
    QTest::newRow("bad regex") << head + "rules:\n  - when: {regex: '(unclosed'}\n    route: a\n" << 6 << 19
                               << u"regex does not compile"_s;
    QTest::newRow("unknown condition") << head + "rules:\n  - when: {tokens_over: 5}\n    route: a\n" << 6 << 12
                                       << u"unknown key 'tokens_over'"_s;
    QTest::newRow("bool not bool") << head + "rules:\n  - when: {has_images: maybe}\n    route: a\n" << 6 << 24
                                   << u"true or false"_s;
    QTest::newRow("rules not a list") << head + "rules: {a: b}\n" << 5 << 8 << u"must be a list"_s;
    QTest::newRow("duplicate route") << QByteArray("version: 1\nroutes:\n  a:\n    targets: [x/y]\n  a:\n    targets: [x/z]\n")
                                     << 5 << 3 << u"two routes are named 'a'"_s;
    QTest::newRow("slash in route name") << QByteArray("version: 1\nroutes:\n  a/b:\n    targets: [x/y]\n") << 3 << 3
                                         << u"has a slash"_s;
    QTest::newRow("default to nowhere") << head + "default: b\n" << 0 << 0 << u"default route 'b' does not exist"_s;
    QTest::newRow("test expects nowhere") << head + "tests:\n  - {prompt: hi, expect: b}\n" << 6 << 5
                                          << u"expects route 'b'"_s;
    QTest::newRow("test without expect") << head + "tests:\n  - {prompt: hi}\n" << 6 << 5 << u"needs the route it expects"_s;
}

void TestRoutingConfig::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto read = ConfigReader::read(text);
    QVERIFY2(!read, "the config was accepted");
    const ConfigError &first = read.error().first();
    QVERIFY2(first.message.contains(message), qPrintable(errorsText(read.error())));
    QVERIFY(first.isError());
    QCOMPARE(first.position.line, line);
    QCOMPARE(first.position.column, column);
}

void TestRoutingConfig::reportsEveryError()
{
    const QByteArray text = "version: 1\n"
                            "routes:\n"
                            "  a:\n"
                            "    strategy: fastest-ish\n"
                            "    targets: [nomodel]\n"
                            "rules:\n"
                            "  - {when: {colour: red}, route: a}\n";
    const auto read = ConfigReader::read(text);
    QVERIFY(!read);
    QCOMPARE(read.error().size(), 3);
    QCOMPARE(read.error().at(0).position.line, 4);
    QCOMPARE(read.error().at(1).position.line, 5);
    QCOMPARE(read.error().at(2).position.line, 7);
}

void TestRoutingConfig::warnings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray head = "version: 1\nroutes:\n  a:\n    targets: [openai/gpt-4o]\n";
    QTest::newRow("unreached route") << head + "  b:\n    targets: [x/y]\n" << u"no rule leads to route 'b'"_s;
    QTest::newRow("twice in a route") << QByteArray("version: 1\nroutes:\n  a:\n    targets: [x/y, x/y]\n")
                                      << u"x/y is listed twice"_s;
    QTest::newRow("shadowed rule") << head + "rules:\n  - route: a\n  - {when: {tags: [x]}, route: a}\n"
                                   << u"rule #2 is never reached"_s;
    QTest::newRow("impossible tokens") << head + "rules:\n  - {when: {tokens_above: 10, tokens_below: 5}, route: a}\n"
                                       << u"can never match"_s;
}

void TestRoutingConfig::warnings()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const auto read = ConfigReader::read(text);
    QVERIFY2(read, read ? "" : qPrintable(errorsText(read.error())));
    QVERIFY2(errorsText(read->warnings).contains(message), qPrintable(errorsText(read->warnings)));
}

void TestRoutingConfig::quotedTextsStayTexts()
{
    const QByteArray text = "version: 1\nroutes:\n  a:\n    targets:\n"
                            "      - {model: a/b, params: {stop: \"42\", seed: 42, flag: 'true', on: true}}\n";
    const auto read = ConfigReader::read(text);
    QVERIFY(read);
    const QJsonObject params = read->config.routes.at(0).targets.at(0).params;
    QVERIFY(params.value(u"stop"_s).isString());
    QVERIFY(params.value(u"seed"_s).isDouble());
    QVERIFY(params.value(u"flag"_s).isString());
    QVERIFY(params.value(u"on"_s).isBool());
}

void TestRoutingConfig::targetKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("model");
    QTest::newRow("plain") << u"openai/gpt-4o"_s << u"openai"_s << u"gpt-4o"_s;
    QTest::newRow("openrouter") << u"openrouter/anthropic/claude-3.5-sonnet"_s << u"openrouter"_s
                                << u"anthropic/claude-3.5-sonnet"_s;
    QTest::newRow("ollama tag") << u"local/llama3.1:8b"_s << u"local"_s << u"llama3.1:8b"_s;
    QTest::newRow("no slash") << u"gpt-4o"_s << QString() << QString();
    QTest::newRow("no model") << u"openai/"_s << QString() << QString();
    QTest::newRow("no provider") << u"/gpt-4o"_s << QString() << QString();
}

void TestRoutingConfig::targetKeys()
{
    QFETCH(QString, key);
    QFETCH(QString, provider);
    QFETCH(QString, model);
    const auto target = Target::fromKey(key);
    QCOMPARE(target.has_value(), !provider.isEmpty());
    if (target) {
        QCOMPARE(target->provider, provider);
        QCOMPARE(target->model, model);
        QCOMPARE(target->key(), key);
    }
}

void TestRoutingConfig::renameRoute_data()
{
    // team.yaml: routes fast-cheap, code, long-context, private; rules to
    // private, private, long-context, code, fast-cheap; default fast-cheap;
    // tests expecting private, private, long-context, code, fast-cheap.
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("renamed");
    QTest::addColumn<QStringList>("routes");
    QTest::addColumn<QStringList>("ruleRoutes");
    QTest::addColumn<QString>("defaultRoute");
    QTest::addColumn<QStringList>("expected"); // the tests' expected routes

    const QStringList routes{u"fast-cheap"_s, u"code"_s, u"long-context"_s, u"private"_s};
    const QStringList rules{u"private"_s, u"private"_s, u"long-context"_s, u"code"_s, u"fast-cheap"_s};
    const QStringList tests{u"private"_s, u"private"_s, u"long-context"_s, u"code"_s, u"fast-cheap"_s};
    auto replaced = [](QStringList list, const QString &from, const QString &to) {
        list.replaceInStrings(QRegularExpression(u"^%1$"_s.arg(QRegularExpression::escape(from))), to);
        return list;
    };

    QTest::newRow("rules and tests follow")
        << 3 << u"on-device"_s << true << replaced(routes, u"private"_s, u"on-device"_s)
        << replaced(rules, u"private"_s, u"on-device"_s) << u"fast-cheap"_s
        << replaced(tests, u"private"_s, u"on-device"_s);
    QTest::newRow("the default follows")
        << 0 << u"cheap"_s << true << replaced(routes, u"fast-cheap"_s, u"cheap"_s)
        << replaced(rules, u"fast-cheap"_s, u"cheap"_s) << u"cheap"_s
        << replaced(tests, u"fast-cheap"_s, u"cheap"_s);
    QTest::newRow("same name") << 1 << u"code"_s << true << routes << rules << u"fast-cheap"_s << tests;
    QTest::newRow("another route's name is not refused")
        << 1 << u"private"_s << true << replaced(routes, u"code"_s, u"private"_s)
        << replaced(rules, u"code"_s, u"private"_s) << u"fast-cheap"_s
        << replaced(tests, u"code"_s, u"private"_s);
    QTest::newRow("no such index") << 4 << u"x"_s << false << routes << rules << u"fast-cheap"_s << tests;
    QTest::newRow("negative index") << -1 << u"x"_s << false << routes << rules << u"fast-cheap"_s << tests;
}

void TestRoutingConfig::renameRoute()
{
    QFETCH(int, index);
    QFETCH(QString, name);
    QFETCH(bool, renamed);
    QFETCH(QStringList, routes);
    QFETCH(QStringList, ruleRoutes);
    QFETCH(QString, defaultRoute);
    QFETCH(QStringList, expected);

    const auto read = ConfigReader::read(teamYaml());
    QVERIFY(read);
    RoutingConfig config = read->config;
    QCOMPARE(config.renameRoute(index, name), renamed);
    QStringList names, rules, tests;
    for (const Route &route : config.routes)
        names.append(route.name);
    for (const Rule &rule : config.rules)
        rules.append(rule.route);
    for (const TestCase &test : config.tests)
        tests.append(test.expectRoute);
    QCOMPARE(names, routes);
    QCOMPARE(rules, ruleRoutes);
    QCOMPARE(config.defaultRoute, defaultRoute);
    QCOMPARE(tests, expected);
    // Nothing else changes (the targets, the expected rules, ...): renamed
    // back, it is the config read. Not for a name taken, which merged two.
    if (renamed && !read->config.route(name)) {
        RoutingConfig back = config;
        back.renameRoute(index, read->config.routes.at(index).name);
        QCOMPARE(back, read->config);
    }
}

void TestRoutingConfig::starterConfig()
{
    // What "New" and a first start open: valid, without warnings, the same
    // config when written back.
    const auto read = ConfigReader::read(Switchyard::Routing::starterConfig());
    QVERIFY2(read, read ? "" : qPrintable(errorsText(read.error())));
    QVERIFY2(read->warnings.isEmpty(), qPrintable(errorsText(read->warnings)));
    QCOMPARE(read->config.routes.size(), 1);
    QCOMPARE(read->config.fallbackRoute(), &read->config.routes.first());
    const auto again = ConfigReader::read(ConfigWriter::toYaml(read->config));
    QVERIFY(again);
    QCOMPARE(again->config.routes, read->config.routes);

    // With the models of the providers the user has set up instead.
    const auto own = ConfigReader::read(
        Switchyard::Routing::starterConfig({u"ollama/qwen3:8b"_s, u"groq/llama-3.1-8b"_s}));
    QVERIFY2(own, own ? "" : qPrintable(errorsText(own.error())));
    QVERIFY2(own->warnings.isEmpty(), qPrintable(errorsText(own->warnings)));
    QCOMPARE(own->config.routes.first().targets.size(), 2);
    QCOMPARE(own->config.routes.first().targets.first().key(), u"ollama/qwen3:8b"_s);
}

QTEST_GUILESS_MAIN(TestRoutingConfig)
#include "tst_routingconfig.moc"
