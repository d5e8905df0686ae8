// The gateway formats: a routing config exported as a LiteLLM proxy config,
// a Portkey config and OpenRouter request templates, and LiteLLM and Portkey
// configs imported back. Outputs are parsed and checked field by field, never
// compared as whole strings; every export's list of what it could not hold is
// checked too, and no key ever appears in any output.
//
// "Keeps the meaning", for the round trips import(export(config)), is what
// meaning() below writes down for each format: the routes by name; each
// route's targets in order with their parameters; the strategy as the format
// can hold it (LiteLLM: fallback, weighted, cheapest, fastest; Portkey:
// fallback and weighted; best_voted is a fallback in both); weights of
// weighted routes; attempts per target, and for Portkey the statuses retried
// on and Retry-After; cooldowns (LiteLLM); the total timeout; and for Portkey
// the rules it can evaluate (tags, models) and the default route. A Portkey
// config of a single route does not keep the route's name.

#include "providers/providerconfig.h"
#include "routing/configformat.h"
#include "routing/configreader.h"
#include "routing/configwriter.h"
#include "routing/formatsupport.h"
#include "routing/litellmformat.h"
#include "routing/openrouterformat.h"
#include "routing/portkeyformat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;
using namespace Switchyard::Routing;

namespace {

enum class Format { LiteLlm, Portkey, OpenRouter };

QByteArray dataFile(const QString &name)
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

RoutingConfig readConfig(const QByteArray &yaml)
{
    const auto read = ConfigReader::read(yaml);
    if (!read) {
        for (const ConfigError &e : read.error())
            qWarning().noquote() << e.toString();
        return {};
    }
    return read->config;
}

// A local OpenAI-compatible server of the user's, as providers.json would hold it.
FormatOptions localOptions()
{
    FormatOptions options;
    options.providers.append({.id = u"local"_s, .displayName = u"Local"_s, .kind = Switchyard::Providers::ApiKind::OpenAi,
                              .baseUrl = QUrl(u"http://127.0.0.1:8089/v1"_s), .keyEnvironmentVariable = {},
                              .extraHeaders = {}});
    return options;
}

ExportResult exportAs(Format format, const RoutingConfig &config, const FormatOptions &options = localOptions())
{
    switch (format) {
    case Format::LiteLlm:
        return LiteLlmFormat::exportConfig(config, options);
    case Format::Portkey:
        return PortkeyFormat::exportConfig(config, options);
    case Format::OpenRouter:
        return OpenRouterFormat::exportConfig(config, options);
    }
    return {};
}

// "litellm_params.model api_base api_key weight" per deployment of a LiteLLM export.
QStringList deployments(const YAML::Node &root)
{
    QStringList out;
    for (const YAML::Node &d : root["model_list"]) {
        const YAML::Node p = d["litellm_params"];
        QString line = QString::fromStdString(d["model_name"].as<std::string>()) + u" → "_s
            + QString::fromStdString(p["model"].as<std::string>());
        for (const char *key : {"api_base", "api_key", "weight", "temperature"})
            if (p[key])
                line += u' ' + QString::fromLatin1(key) + u'=' + QString::fromStdString(p[key].as<std::string>());
        out.append(line);
    }
    return out;
}

// A node in one line: "[{a: [b, c]}]".
QString flow(const YAML::Node &n)
{
    QStringList parts;
    if (n.IsScalar())
        return QString::fromStdString(n.Scalar());
    if (n.IsSequence()) {
        for (const YAML::Node &item : n)
            parts.append(flow(item));
        return u'[' + parts.join(u", "_s) + u']';
    }
    for (auto it = n.begin(); it != n.end(); ++it)
        parts.append(flow(it->first) + u": "_s + flow(it->second));
    return u'{' + parts.join(u", "_s) + u'}';
}

QString setting(const YAML::Node &root, const char *key)
{
    const YAML::Node n = root["router_settings"][key];
    return n ? flow(n) : QString();
}

bool containsAll(const QStringList &lines, const QStringList &wanted, QString *missing)
{
    for (const QString &w : wanted)
        if (!std::ranges::any_of(lines, [&](const QString &l) { return l.contains(w); })) {
            *missing = w;
            return false;
        }
    return true;
}

QString strategyMeaning(Format format, const Route &route)
{
    if (route.targets.size() < 2)
        return u"one"_s;
    switch (route.strategy) {
    case Strategy::Weighted:
        return u"weighted"_s;
    case Strategy::Cheapest:
    case Strategy::Fastest:
        return format == Format::LiteLlm ? strategyName(route.strategy) : u"fallback"_s;
    case Strategy::Fallback:
    case Strategy::BestVoted:
    case Strategy::BestRated:
        return u"fallback"_s;
    }
    return {};
}

// What a config means as far as the format can hold it (see the top of the file).
QStringList meaning(Format format, const RoutingConfig &config)
{
    QStringList out;
    // A Portkey config of one route is that route's config, which has no name.
    const bool unnamed = format == Format::Portkey && config.routes.size() == 1 && config.rules.isEmpty();
    for (const Route &route : config.routes) {
        QString line = u"route %1 %2:"_s.arg(unnamed ? u"(one)"_s : route.name, strategyMeaning(format, route));
        for (const Target &t : route.targets) {
            line += u' ' + t.key();
            if (!t.params.isEmpty())
                line += QString::fromUtf8(QJsonDocument(t.params).toJson(QJsonDocument::Compact));
            if (route.strategy == Strategy::Weighted && route.targets.size() > 1)
                line += u"×%1"_s.arg(t.weight);
        }
        const RetryPolicy &retry = format == Format::LiteLlm ? config.retry : config.retryOf(route);
        line += u" attempts=%1 total=%2"_s.arg(retry.attempts).arg(retry.timeouts.totalMs);
        if (format == Format::LiteLlm)
            line += u" cooldown=%1/%2"_s.arg(retry.cooldownFailures).arg(retry.cooldownFailures ? retry.cooldownSeconds : 0);
        if (format == Format::Portkey && retry.attempts > 1) {
            QStringList statuses;
            for (int s : retry.onStatus)
                statuses.append(QString::number(s));
            line += u" on=%1 retry-after=%2"_s.arg(statuses.join(u','), retry.honourRetryAfter ? u"yes"_s : u"no"_s);
        }
        out.append(line);
    }
    if (format == Format::Portkey) {
        for (const Rule &rule : config.rules) {
            const Condition &c = rule.when;
            const bool expressible = !c.tokensAbove && !c.tokensBelow && c.regex.isEmpty() && !c.hasImages
                && !c.hasTools && c.budgetReached.isEmpty();
            if (expressible)
                out.append(u"rule tags=%1 models=%2 → %3"_s.arg(c.tags.join(u','), c.models.join(u','), rule.route));
        }
        if (config.routes.size() > 1 || !config.rules.isEmpty())
            out.append(u"default %1"_s.arg(config.fallbackRoute() ? config.fallbackRoute()->name : QString()));
    }
    return out;
}

} // namespace

class TestRoutingFormats final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detectsFormat_data();
    void detectsFormat();
    void liteLlmExport_data();
    void liteLlmExport();
    void portkeyExport_data();
    void portkeyExport();
    void openRouterExport_data();
    void openRouterExport();
    void teamConfig_data();
    void teamConfig();
    void noKeyInAnyExport_data();
    void noKeyInAnyExport();
    void liteLlmImport();
    void liteLlmImportLatency();
    void portkeyImportConditional();
    void portkeyImportFallback();
    void portkeyImportSingle();
    void importErrors_data();
    void importErrors();
    void hugeWeightsAreClamped();
    void roundTrip_data();
    void roundTrip();
    void onlyOneRoute();
    void yamlScalars_data();
    void yamlScalars();
};

void TestRoutingFormats::liteLlmExport_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QStringList>("deployments");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("retries");
    QTest::addColumn<QString>("fallbacks");
    QTest::addColumn<QStringList>("unsupported"); // each a part of some line
    QTest::addColumn<int>("unsupportedCount");

    QTest::newRow("one target, no retries")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  chat:\n    targets: [openai/gpt-4o-mini]\n"_ba
        << QStringList{u"chat → openai/gpt-4o-mini api_key=os.environ/OPENAI_API_KEY"_s} << u"simple-shuffle"_s
        << u"0"_s << QString() << QStringList{} << 0;
    QTest::newRow("fallback chain")
        << "version: 1\ndefaults:\n  retry: {attempts: 1}\nroutes:\n  main:\n    targets: [anthropic/claude-sonnet-4-0, gemini/gemini-2.5-pro, local/qwen]\n"_ba
        << QStringList{u"main → anthropic/claude-sonnet-4-0 api_key=os.environ/ANTHROPIC_API_KEY"_s,
                       u"main:2 → gemini/gemini-2.5-pro api_key=os.environ/GEMINI_API_KEY"_s,
                       u"main:3 → openai/qwen api_base=http://127.0.0.1:8089/v1"_s}
        << u"simple-shuffle"_s << u"0"_s << u"[{main: [main:2, main:3]}]"_s << QStringList{} << 0;
    QTest::newRow("weighted with params")
        << "version: 1\ndefaults:\n  retry: {attempts: 3}\nroutes:\n  ab:\n    strategy: weighted\n    targets:\n      - {model: openai/gpt-4.1, weight: 3, params: {temperature: 0.5}}\n      - {model: groq/llama-3.3-70b, weight: 1}\n"_ba
        << QStringList{u"ab → openai/gpt-4.1 api_key=os.environ/OPENAI_API_KEY weight=3 temperature=0.5"_s,
                       u"ab → groq/llama-3.3-70b api_key=os.environ/GROQ_API_KEY weight=1"_s}
        << u"simple-shuffle"_s << u"2"_s << QString() << QStringList{u"retry backoff"_s} << 1;
    QTest::newRow("cheapest and fastest conflict")
        << "version: 1\ndefaults:\n  retry: {attempts: 1}\nroutes:\n  cheap:\n    strategy: cheapest\n    targets: [openai/gpt-4o-mini, mistral/mistral-small]\n  quick:\n    strategy: fastest\n    targets: [groq/llama-3.1-8b-instant, together/meta-llama/Llama-3-8b]\n"_ba
        << QStringList{u"cheap → openai/gpt-4o-mini api_key=os.environ/OPENAI_API_KEY"_s,
                       u"cheap → mistral/mistral-small api_key=os.environ/MISTRAL_API_KEY"_s,
                       u"quick → groq/llama-3.1-8b-instant api_key=os.environ/GROQ_API_KEY"_s,
                       u"quick → together_ai/meta-llama/Llama-3-8b api_key=os.environ/TOGETHER_API_KEY"_s}
        << u"cost-based-routing"_s << u"0"_s << QString()
        << QStringList{u"route 'quick': strategy fastest needs routing_strategy latency-based-routing"_s} << 1;
    QTest::newRow("constraints, rules, best_voted, unknown provider")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, timeouts: {first_token_ms: 5000, total_ms: 60000}}\n"
           "routes:\n  voted:\n    strategy: best_voted\n    targets: [openai/gpt-4o, somewhere/model-x]\n"
           "    constraints: {min_context: 100000, data: no_training, max_price: {input: 3}}\n"
           "rules:\n  - name: images\n    when: {has_images: true}\n    route: voted\n"_ba
        << QStringList{u"voted → openai/gpt-4o api_key=os.environ/OPENAI_API_KEY"_s, u"voted:2 → openai/model-x"_s}
        << u"simple-shuffle"_s << u"0"_s << u"[{voted: [voted:2]}]"_s
        << QStringList{u"strategy best_voted"_s, u"provider 'somewhere' is not set up"_s, u"min_context 100000"_s,
                       u"data policy no_training"_s, u"max input price $3.00/M"_s, u"rule 'images'"_s,
                       u"first-token timeout 5000 ms"_s}
        << 7;
}

void TestRoutingFormats::liteLlmExport()
{
    QFETCH(QByteArray, config);
    QFETCH(QStringList, deployments);
    QFETCH(QString, strategy);
    QFETCH(QString, retries);
    QFETCH(QString, fallbacks);
    QFETCH(QStringList, unsupported);
    QFETCH(int, unsupportedCount);

    const RoutingConfig c = readConfig(config);
    QVERIFY(!c.routes.isEmpty());
    const ExportResult result = LiteLlmFormat::exportConfig(c, localOptions());
    const YAML::Node root = YAML::Load(result.text.toStdString());
    QCOMPARE(::deployments(root), deployments);
    QCOMPARE(setting(root, "routing_strategy"), strategy);
    QCOMPARE(setting(root, "num_retries"), retries);
    QCOMPARE(setting(root, "fallbacks"), fallbacks);
    QString missing;
    QVERIFY2(containsAll(result.unsupported, unsupported, &missing),
             qPrintable(missing + u" not in:\n"_s + result.unsupported.join(u'\n')));
    QCOMPARE(result.unsupported.size(), unsupportedCount);
}

void TestRoutingFormats::portkeyExport_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QByteArray>("expected"); // JSON, compared as objects
    QTest::addColumn<QStringList>("unsupported");

    QTest::newRow("one target")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  chat:\n    targets: [openai/gpt-4o-mini]\n"_ba
        << R"({"strategy": {"mode": "fallback"}, "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]})"_ba
        << QStringList{};
    QTest::newRow("providers by slug and custom host")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}, timeouts: {total_ms: 30000}}\nroutes:\n  chat:\n    targets:\n      - gemini/gemini-2.5-flash\n      - model: local/qwen\n        params: {temperature: 0.1}\n      - ollama/llama3.1:8b\n      - xai/grok-3\n"_ba
        << R"({"strategy": {"mode": "fallback"}, "request_timeout": 30000, "targets": [
                {"provider": "google", "override_params": {"model": "gemini-2.5-flash"}},
                {"provider": "openai", "custom_host": "http://127.0.0.1:8089/v1", "override_params": {"model": "qwen", "temperature": 0.1}},
                {"provider": "ollama", "custom_host": "http://127.0.0.1:11434", "override_params": {"model": "llama3.1:8b"}},
                {"provider": "x-ai", "override_params": {"model": "grok-3"}}]})"_ba
        << QStringList{};
    QTest::newRow("retry")
        << "version: 1\nroutes:\n  chat:\n    targets: [openai/gpt-4o-mini]\n    retry: {attempts: 3, on_status: [429, 503]}\n"_ba
        << R"({"retry": {"attempts": 2, "on_status_codes": [429, 503], "use_retry_after_header": true},
              "strategy": {"mode": "fallback"},
              "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]})"_ba
        << QStringList{u"retry backoff"_s, u"on_errors (timeout, network, connection_refused)"_s,
                       u"cooldown after 3 failures for 60 s"_s};
    QTest::newRow("weighted: branches that fall back")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  split:\n    strategy: weighted\n    targets:\n      - {model: openai/a, weight: 1}\n      - {model: openai/b, weight: 2}\n      - {model: openai/c, weight: 1}\n"_ba
        << R"({"strategy": {"mode": "loadbalance"}, "targets": [
               {"weight": 1, "strategy": {"mode": "fallback"}, "targets": [
                 {"provider": "openai", "override_params": {"model": "a"}}, {"provider": "openai", "override_params": {"model": "b"}},
                 {"provider": "openai", "override_params": {"model": "c"}}]},
               {"weight": 2, "strategy": {"mode": "fallback"}, "targets": [
                 {"provider": "openai", "override_params": {"model": "b"}}, {"provider": "openai", "override_params": {"model": "a"}},
                 {"provider": "openai", "override_params": {"model": "c"}}]},
               {"weight": 1, "strategy": {"mode": "fallback"}, "targets": [
                 {"provider": "openai", "override_params": {"model": "c"}}, {"provider": "openai", "override_params": {"model": "a"}},
                 {"provider": "openai", "override_params": {"model": "b"}}]}]})"_ba
        << QStringList{};
    QTest::newRow("rules: conditional")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  a:\n    targets: [openai/gpt-4o-mini]\n  b:\n    targets: [anthropic/claude-sonnet-4-0]\n"
           "rules:\n  - name: hr\n    when: {tags: [hr, legal]}\n    route: b\n  - name: long\n    when: {tokens_above: 1000}\n    route: b\n  - name: by model\n    when: {model: [gpt-4]}\n    route: b\ndefault: a\n"_ba
        << R"({"strategy": {"mode": "conditional", "default": "a", "conditions": [
                {"query": {"params.model": {"$eq": "a"}}, "then": "a"},
                {"query": {"params.model": {"$eq": "b"}}, "then": "b"},
                {"query": {"metadata.tag": {"$in": ["hr", "legal"]}}, "then": "b"},
                {"query": {"params.model": {"$in": ["gpt-4"]}}, "then": "b"}]},
              "targets": [
                {"name": "a", "strategy": {"mode": "fallback"}, "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]},
                {"name": "b", "strategy": {"mode": "fallback"}, "targets": [{"provider": "anthropic", "override_params": {"model": "claude-sonnet-4-0"}}]}]})"_ba
        << QStringList{u"rule 'long' (→ b): Portkey's conditions cannot look at prompt tokens"_s};
    QTest::newRow("cheapest and constraints")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  c:\n    strategy: cheapest\n    targets: [openai/gpt-4o-mini, openai/gpt-4.1-nano]\n    constraints: {data: zero_retention, capabilities: [tools]}\n"_ba
        << R"({"strategy": {"mode": "fallback"}, "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}},
               {"provider": "openai", "override_params": {"model": "gpt-4.1-nano"}}]})"_ba
        << QStringList{u"strategy cheapest"_s, u"data policy zero_retention"_s, u"required capabilities"_s};
}

void TestRoutingFormats::portkeyExport()
{
    QFETCH(QByteArray, config);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, unsupported);

    const RoutingConfig c = readConfig(config);
    QVERIFY(!c.routes.isEmpty());
    const ExportResult result = PortkeyFormat::exportConfig(c, localOptions());
    const QJsonObject got = QJsonDocument::fromJson(result.text).object();
    const QJsonObject want = QJsonDocument::fromJson(expected).object();
    QVERIFY(!want.isEmpty());
    QVERIFY2(got == want, result.text.constData());
    QString missing;
    QVERIFY2(containsAll(result.unsupported, unsupported, &missing),
             qPrintable(missing + u" not in:\n"_s + result.unsupported.join(u'\n')));
    QCOMPARE(result.unsupported.size(), unsupported.size());
}

void TestRoutingFormats::openRouterExport_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("unsupported");

    QTest::newRow("fallback over vendors")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  r:\n    targets: [openrouter/mistralai/mistral-small, anthropic/claude-sonnet-4, gemini/gemini-2.5-pro]\n"_ba
        << R"({"models": ["mistralai/mistral-small", "anthropic/claude-sonnet-4", "google/gemini-2.5-pro"]})"_ba
        << QStringList{};
    QTest::newRow("no training, prices, shared params")
        << "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  r:\n    targets:\n      - {model: openai/gpt-4o-mini, params: {temperature: 0.2}}\n      - {model: openrouter/meta-llama/llama-3.3-70b-instruct, params: {temperature: 0.2}}\n"
           "    constraints: {data: no_training, max_price: {input: 1.5, output: 6}}\n"_ba
        << R"({"models": ["openai/gpt-4o-mini", "meta-llama/llama-3.3-70b-instruct"], "temperature": 0.2,
               "provider": {"data_collection": "deny", "max_price": {"prompt": 1.5, "completion": 6}}})"_ba
        << QStringList{};
    QTest::newRow("zero retention, cheapest, local target")
        << "version: 1\ndefaults:\n  retry: {attempts: 2, cooldown: {failures: 0}}\nroutes:\n  r:\n    strategy: cheapest\n    targets: [local/qwen, openrouter/qwen/qwen-2.5-72b-instruct]\n    constraints: {data: zero_retention, min_context: 32000}\n"_ba
        << R"({"models": ["qwen/qwen-2.5-72b-instruct"], "provider": {"data_collection": "deny", "zdr": true, "sort": "price"}})"_ba
        << QStringList{u"target local/qwen: OpenRouter does not serve provider 'local'"_s, u"strategy cheapest"_s,
                       u"min_context 32000"_s, u"2 attempts per target"_s};
}

void TestRoutingFormats::openRouterExport()
{
    QFETCH(QByteArray, config);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, unsupported);

    const RoutingConfig c = readConfig(config);
    QVERIFY(!c.routes.isEmpty());
    const ExportResult result = OpenRouterFormat::exportConfig(c);
    QVERIFY2(QJsonDocument::fromJson(result.text).object() == QJsonDocument::fromJson(expected).object(),
             result.text.constData());
    QString missing;
    QVERIFY2(containsAll(result.unsupported, unsupported, &missing),
             qPrintable(missing + u" not in:\n"_s + result.unsupported.join(u'\n')));
    QCOMPARE(result.unsupported.size(), unsupported.size());
}

void TestRoutingFormats::teamConfig_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QStringList>("unsupported");
    QTest::newRow("litellm") << int(Format::LiteLlm)
                             << QStringList{u"rule 'secrets stay local' (→ private): LiteLLM has no request rules"_s,
                                            u"rule 'over budget'"_s,
                                            u"route 'code': strategy weighted needs routing_strategy simple-shuffle"_s,
                                            u"route 'code': a retry policy of its own"_s,
                                            u"route 'fast-cheap': max input price $1.00/M"_s,
                                            u"route 'long-context': min_context 200000"_s,
                                            u"route 'private': data policy zero_retention"_s,
                                            u"first-token timeout 20000 ms"_s, u"retry backoff"_s};
    QTest::newRow("portkey") << int(Format::Portkey)
                             << QStringList{u"rule 'secrets stay local' (→ private): Portkey's conditions cannot look at a regex"_s,
                                            u"rule 'long prompts' (→ long-context): Portkey's conditions cannot look at prompt tokens"_s,
                                            u"rule 'over budget' (→ fast-cheap): Portkey's conditions cannot look at budgets"_s,
                                            u"route 'fast-cheap': strategy cheapest"_s,
                                            u"defaults: cooldown after 3 failures for 120 s"_s,
                                            u"route 'code': retry backoff"_s};
    QTest::newRow("openrouter") << int(Format::OpenRouter)
                                << QStringList{u"route 'fast-cheap': target groq/llama-3.1-8b-instant: OpenRouter does not serve"_s,
                                               u"route 'private': target local/qwen2.5-coder:14b"_s,
                                               u"route 'code': strategy weighted"_s, u"rule 'tagged private'"_s};
}

void TestRoutingFormats::teamConfig()
{
    QFETCH(int, format);
    QFETCH(QStringList, unsupported);
    const RoutingConfig team = readConfig(dataFile(u"team.yaml"_s));
    QCOMPARE(team.routes.size(), 4);
    const ExportResult result = exportAs(Format(format), team);
    QString missing;
    QVERIFY2(containsAll(result.unsupported, unsupported, &missing),
             qPrintable(missing + u" not in:\n"_s + result.unsupported.join(u'\n')));
    // Every rule is either exported or listed: none silently dropped.
    for (const Rule &rule : team.rules) {
        const bool listed = std::ranges::any_of(result.unsupported, [&](const QString &l) { return l.contains(rule.name); });
        const bool exported = result.text.contains(rule.name.toUtf8()) || !rule.when.tags.isEmpty();
        QVERIFY2(listed || (Format(format) == Format::Portkey && exported), qPrintable(rule.name));
    }
    switch (Format(format)) {
    case Format::LiteLlm: {
        const YAML::Node root = YAML::Load(result.text.toStdString());
        QCOMPARE(root["model_list"].size(), std::size_t(9));
        QCOMPARE(setting(root, "routing_strategy"), u"cost-based-routing"_s);
        QCOMPARE(setting(root, "num_retries"), u"1"_s);
        QCOMPARE(setting(root, "allowed_fails"), u"3"_s);
        QCOMPARE(setting(root, "cooldown_time"), u"120"_s);
        QCOMPARE(setting(root, "timeout"), u"180"_s);
        QCOMPARE(setting(root, "fallbacks"), u"[{long-context: [long-context:2]}, {private: [private:2]}]"_s);
        QVERIFY(::deployments(root).contains(
            u"fast-cheap → openrouter/mistralai/mistral-small api_key=os.environ/OPENROUTER_API_KEY temperature=0.3"_s));
        QVERIFY(::deployments(root).contains(u"private → openai/qwen2.5-coder:14b api_base=http://127.0.0.1:8089/v1"_s));
        break;
    }
    case Format::Portkey: {
        const QJsonObject root = QJsonDocument::fromJson(result.text).object();
        const QJsonObject strategy = root.value(u"strategy"_s).toObject();
        QCOMPARE(strategy.value(u"mode"_s).toString(), u"conditional"_s);
        QCOMPARE(strategy.value(u"default"_s).toString(), u"fast-cheap"_s);
        const QJsonArray conditions = strategy.value(u"conditions"_s).toArray();
        QCOMPARE(conditions.size(), 5); // four routes by name, the tags rule
        QCOMPARE(conditions.at(4).toObject().value(u"then"_s).toString(), u"private"_s);
        QCOMPARE(conditions.at(4).toObject().value(u"query"_s).toObject().value(u"metadata.tag"_s).toObject()
                     .value(u"$in"_s).toArray(), (QJsonArray{u"private"_s, u"hr"_s}));
        const QJsonArray targets = root.value(u"targets"_s).toArray();
        QCOMPARE(targets.size(), 4);
        const QJsonObject code = targets.at(1).toObject();
        QCOMPARE(code.value(u"name"_s).toString(), u"code"_s);
        QCOMPARE(code.value(u"strategy"_s).toObject().value(u"mode"_s).toString(), u"loadbalance"_s);
        QCOMPARE(code.value(u"retry"_s).toObject().value(u"attempts"_s).toInt(), 2);
        QCOMPARE(root.value(u"retry"_s).toObject().value(u"attempts"_s).toInt(), 1);
        QCOMPARE(root.value(u"request_timeout"_s).toInt(), 180000);
        break;
    }
    case Format::OpenRouter: {
        const QJsonObject root = QJsonDocument::fromJson(result.text).object();
        QCOMPARE(root.keys(), (QStringList{u"code"_s, u"fast-cheap"_s, u"long-context"_s, u"private"_s}));
        QCOMPARE(root.value(u"fast-cheap"_s).toObject().value(u"models"_s).toArray(),
                 (QJsonArray{u"openai/gpt-4o-mini"_s, u"mistralai/mistral-small"_s}));
        QCOMPARE(root.value(u"fast-cheap"_s).toObject().value(u"provider"_s).toObject().value(u"max_price"_s).toObject(),
                 (QJsonObject{{u"prompt"_s, 1.0}, {u"completion"_s, 4.0}}));
        QVERIFY(root.value(u"private"_s).toObject().value(u"models"_s).toArray().isEmpty());
        QCOMPARE(root.value(u"private"_s).toObject().value(u"provider"_s).toObject().value(u"zdr"_s), QJsonValue(true));
        break;
    }
    }
}

void TestRoutingFormats::noKeyInAnyExport_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("litellm") << int(Format::LiteLlm);
    QTest::newRow("portkey") << int(Format::Portkey);
    QTest::newRow("openrouter") << int(Format::OpenRouter);
}

void TestRoutingFormats::noKeyInAnyExport()
{
    QFETCH(int, format);
    const QList<std::pair<QByteArray, QByteArray>> keys{
        {"OPENAI_API_KEY", "sk-fake-openai-0123456789"},   {"ANTHROPIC_API_KEY", "sk-ant-fake-0123456789"},
        {"GEMINI_API_KEY", "AIza-fake-0123456789"},        {"OPENROUTER_API_KEY", "sk-or-fake-0123456789"},
        {"GROQ_API_KEY", "gsk-fake-0123456789"},           {"MISTRAL_API_KEY", "mistral-fake-0123456789"},
    };
    for (const auto &[name, value] : keys)
        qputenv(name.constData(), value);
    const RoutingConfig team = readConfig(dataFile(u"team.yaml"_s));
    const ExportResult result = exportAs(Format(format), team);
    const QByteArray everything = result.text + result.unsupported.join(u'\n').toUtf8() + result.notes.join(u'\n').toUtf8();
    for (const auto &[name, value] : keys) {
        QVERIFY2(!everything.contains(value), name.constData());
        QVERIFY2(!everything.contains(value.left(12)), name.constData());
        qunsetenv(name.constData());
    }
    if (Format(format) == Format::LiteLlm)
        QVERIFY(result.text.contains("api_key: os.environ/OPENAI_API_KEY"));
    else
        QVERIFY(!result.text.contains("api_key"));
}

void TestRoutingFormats::liteLlmImport()
{
    const QByteArray source = dataFile(u"litellm-proxy.yaml"_s);
    QVERIFY(!source.isEmpty());
    const auto imported = LiteLlmFormat::importConfig(source);
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    const RoutingConfig &c = imported->config;
    QCOMPARE(c.routes.size(), 4);
    QCOMPARE(meaning(Format::LiteLlm, c),
             (QStringList{u"route claude-sonnet one: anthropic/claude-sonnet-4-20250514{\"max_tokens\":4096} attempts=4 total=600000 cooldown=2/30"_s,
                          u"route gpt-4o weighted: openai/gpt-4o×2 openrouter/openai/gpt-4o×1 anthropic/claude-sonnet-4-20250514{\"max_tokens\":4096}×1 attempts=4 total=600000 cooldown=2/30"_s,
                          u"route local-llama fallback: ollama/llama3.1:8b anthropic/claude-sonnet-4-20250514{\"max_tokens\":4096} attempts=4 total=600000 cooldown=2/30"_s,
                          u"route vllm-qwen one: gpu-box/Qwen/Qwen2.5-7B-Instruct{\"temperature\":0.2} attempts=4 total=600000 cooldown=2/30"_s}));
    QCOMPARE(c.retry.initialBackoffMs, 5000);
    QCOMPARE(c.routes.at(0).position.line, 6);
    // The literal keys are left behind and said so; nothing carries them.
    const QString notes = imported->notes.join(u'\n');
    QVERIFY2(notes.contains(u"deployment 1 of 'vllm-qwen': api_key is written into the file: not imported"_s), qPrintable(notes));
    QVERIFY(notes.contains(u"no provider is set up at http://gpu-box.lan:8000/v1: named 'gpu-box'"_s));
    QVERIFY(notes.contains(u"general_settings is not imported"_s));
    QVERIFY(notes.contains(u"context_window_fallbacks to claude-sonnet"_s));
    const QByteArray written = ConfigWriter::toYaml(c);
    for (const QByteArray &secret : {"never-copied"_ba})
        QVERIFY(!written.contains(secret) && !notes.toUtf8().contains(secret));
    // What was imported is a config our reader takes back unchanged.
    const auto reread = ConfigReader::read(written);
    QVERIFY(reread);
    QCOMPARE(reread->config, c);
}

void TestRoutingFormats::liteLlmImportLatency()
{
    const auto imported = LiteLlmFormat::importConfig(dataFile(u"litellm-latency.yaml"_s));
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    QCOMPARE(meaning(Format::LiteLlm, imported->config),
             QStringList{u"route chat fastest: groq/llama-3.1-8b-instant gemini/gemini-2.0-flash openai/gpt-4o-mini attempts=1 total=45000 cooldown=0/0"_s});
}

void TestRoutingFormats::portkeyImportConditional()
{
    const auto imported = PortkeyFormat::importConfig(dataFile(u"portkey-conditional.json"_s));
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    const RoutingConfig &c = imported->config;
    QCOMPARE(meaning(Format::Portkey, c),
             (QStringList{u"route finetuned one: openai/ft:gpt-4o-mini:acme::abc123 attempts=3 total=0 on=429,503 retry-after=no"_s,
                          u"route fast weighted: groq/llama-3.1-8b-instant×7 openai/gpt-4o-mini×3 attempts=3 total=0 on=429,503 retry-after=no"_s,
                          u"route private one: ollama/llama3.1:8b attempts=4 total=0 on=429,500,502,503,504 retry-after=no"_s,
                          u"rule tags=hr,legal models= → private"_s, u"default fast"_s}));
    QCOMPARE(c.rules.size(), 1);
    QCOMPARE(c.routes.at(2).position.line, 27); // the target's opening brace
    const QString notes = imported->notes.join(u'\n');
    QVERIFY2(notes.contains(u"cannot look at metadata.user_plan"_s), qPrintable(notes));
    QVERIFY(notes.contains(u"virtual_key is not imported"_s));
    QVERIFY(!ConfigWriter::toYaml(c).contains("openai-virtual-key"));
}

void TestRoutingFormats::portkeyImportFallback()
{
    const auto imported = PortkeyFormat::importConfig(dataFile(u"portkey-fallback.json"_s));
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    QCOMPARE(meaning(Format::Portkey, imported->config),
             QStringList{u"route (one) fallback: anthropic/claude-3-5-sonnet-20240620{\"max_tokens\":1024} lmstudio/qwen2.5-7b-instruct attempts=6 total=10000 on=429,500,502,503,504 retry-after=no"_s});
    const QString notes = imported->notes.join(u'\n');
    QVERIFY2(notes.contains(u"strategy.on_status_codes"_s), qPrintable(notes));
    QVERIFY(notes.contains(u"api_key is not imported"_s));
    QVERIFY(!notes.contains(u"never-copied"_s));
    QVERIFY(!ConfigWriter::toYaml(imported->config).contains("never-copied"));
}

void TestRoutingFormats::portkeyImportSingle()
{
    // No strategy is Portkey's single mode: the first target only.
    const auto imported = PortkeyFormat::importConfig(R"({"targets": [
        {"provider": "openai", "override_params": {"model": "gpt-4o"}},
        {"provider": "anthropic", "override_params": {"model": "claude-sonnet-4-0"}}]})");
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    QCOMPARE(meaning(Format::Portkey, imported->config), QStringList{u"route (one) one: openai/gpt-4o attempts=1 total=0"_s});
    QVERIFY2(imported->notes.join(u'\n').contains(u"strategy single uses only the first target: the other 1 are not imported"_s),
             qPrintable(imported->notes.join(u'\n')));
}

void TestRoutingFormats::importErrors_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column"); // 0: not checked
    QTest::addColumn<QString>("message");

    const int liteLlm = int(Format::LiteLlm);
    const int portkey = int(Format::Portkey);
    QTest::newRow("litellm: broken YAML") << liteLlm << "model_list:\n  - model_name: [a\n"_ba << 3 << 0 << u"not valid YAML"_s;
    QTest::newRow("litellm: no model_list") << liteLlm << "router_settings:\n  num_retries: 2\n"_ba << 1 << 1 << u"model_list must be a list"_s;
    QTest::newRow("litellm: deployment without a model")
        << liteLlm << "model_list:\n  - model_name: a\n    litellm_params:\n      api_key: os.environ/X\n"_ba << 4 << 7
        << u"litellm_params.model"_s;
    QTest::newRow("litellm: deployment without a name")
        << liteLlm << "model_list:\n  - litellm_params: {model: openai/gpt-4o}\n"_ba << 2 << 5 << u"needs a model_name"_s;
    QTest::newRow("litellm: fallback to nowhere")
        << liteLlm << "model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\nrouter_settings:\n  fallbacks: [{a: [b]}]\n"_ba
        << 5 << 0 << u"fallback to 'b'"_s;
    QTest::newRow("litellm: retries not a number")
        << liteLlm << "model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\nrouter_settings:\n  num_retries: many\n"_ba
        << 5 << 16 << u"num_retries must be a number"_s;
    // fuzz_import_litellm found 1e30 retries made an int with undefined behaviour.
    QTest::newRow("litellm: retries no int holds")
        << liteLlm << "model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\nrouter_settings:\n  num_retries: 1e30\n"_ba
        << 5 << 16 << u"num_retries must be a number from 0 to 1000000"_s;
    QTest::newRow("portkey: broken JSON") << portkey << "{\"strategy\": {\"mode\": \"fallback\"},\n \"targets\": [}\n"_ba << 2 << 14
                                          << u"not valid JSON"_s;
    QTest::newRow("portkey: unknown mode")
        << portkey << "{\n  \"strategy\": {\"mode\": \"roundrobin\"},\n  \"targets\": [{\"provider\": \"openai\", \"override_params\": {\"model\": \"x\"}}]\n}\n"_ba
        << 2 << 24 << u"unknown strategy.mode 'roundrobin'"_s;
    QTest::newRow("portkey: target without a model")
        << portkey << "{\"strategy\": {\"mode\": \"fallback\"},\n \"targets\": [\n  {\"provider\": \"openai\"}]}\n"_ba << 3 << 3
        << u"has no override_params.model"_s;
    QTest::newRow("portkey: condition to nowhere")
        << portkey << "{\"strategy\": {\"mode\": \"conditional\", \"conditions\": [\n  {\"query\": {\"metadata.tag\": \"x\"}, \"then\": \"nope\"}]},\n \"targets\": [{\"name\": \"a\", \"provider\": \"openai\", \"override_params\": {\"model\": \"m\"}}]}\n"_ba
        << 2 << 44 << u"goes to 'nope'"_s;
    QTest::newRow("portkey: not an object") << portkey << "[1, 2]"_ba << 1 << 1 << u"is a JSON object"_s;
}

void TestRoutingFormats::importErrors()
{
    QFETCH(int, format);
    QFETCH(QByteArray, source);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto imported = Format(format) == Format::LiteLlm ? LiteLlmFormat::importConfig(source)
                                                            : PortkeyFormat::importConfig(source);
    QVERIFY(!imported);
    const ConfigError &e = imported.error().first();
    QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    QCOMPARE(e.position.line, line);
    if (column)
        QCOMPARE(e.position.column, column);
}

void TestRoutingFormats::hugeWeightsAreClamped()
{
    // fuzz_import_portkey found a weight of 2.2e77, made an int with undefined
    // behaviour; it is clamped now, and its share stays the larger.
    const QByteArray source = R"({"strategy": {"mode": "loadbalance"}, "targets": [
        {"provider": "groq", "override_params": {"model": "a"}, "weight": 2.2e77},
        {"provider": "openai", "override_params": {"model": "b"}, "weight": 0.3}]})";
    const auto imported = PortkeyFormat::importConfig(source);
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString()));
    const auto &targets = imported->config.routes.first().targets;
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets.at(0).weight, std::numeric_limits<int>::max());
    QVERIFY(targets.at(1).weight >= 1);
}

void TestRoutingFormats::roundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("config");

    const QList<std::pair<const char *, QByteArray>> configs{
        {"one target", "version: 1\nroutes:\n  chat:\n    targets: [openai/gpt-4o-mini]\n"},
        {"fallback of three", "version: 1\nroutes:\n  main:\n    targets: [anthropic/claude-sonnet-4-0, gemini/gemini-2.5-pro, local/qwen]\n"},
        {"weighted", "version: 1\nroutes:\n  ab:\n    strategy: weighted\n    targets:\n      - {model: openai/gpt-4.1, weight: 3}\n      - {model: anthropic/claude-sonnet-4-0, weight: 1}\n"},
        {"weighted three, params", "version: 1\nroutes:\n  ab:\n    strategy: weighted\n    targets:\n      - {model: openai/a, weight: 1, params: {temperature: 0.2, max_tokens: 500}}\n      - {model: groq/b, weight: 5}\n      - {model: mistral/c, weight: 2}\n"},
        {"retries and timeout", "version: 1\ndefaults:\n  retry: {attempts: 4, on_status: [429, 500, 503], timeouts: {total_ms: 90000}, cooldown: {failures: 5, seconds: 30}}\nroutes:\n  r:\n    targets: [openai/gpt-4o, deepseek/deepseek-chat]\n"},
        {"no retries, no cooldown", "version: 1\ndefaults:\n  retry: {attempts: 1, cooldown: {failures: 0}}\nroutes:\n  r:\n    targets: [xai/grok-3, fireworks/accounts/fireworks/models/llama-v3p1-8b-instruct]\n"},
        {"two routes", "version: 1\nroutes:\n  fast:\n    targets: [groq/llama-3.1-8b-instant, openai/gpt-4o-mini]\n  smart:\n    strategy: weighted\n    targets:\n      - {model: anthropic/claude-opus-4-0, weight: 1}\n      - {model: openai/o3, weight: 1}\n"},
        {"best voted", "version: 1\nroutes:\n  v:\n    strategy: best_voted\n    targets: [openai/gpt-4o, anthropic/claude-sonnet-4-0]\n"},
        {"ollama and openrouter", "version: 1\nroutes:\n  r:\n    targets: [ollama/llama3.1:8b, openrouter/meta-llama/llama-3.3-70b-instruct, together/meta-llama/Llama-3-8b]\n"},
        {"rules on tags and models", "version: 1\nroutes:\n  a:\n    targets: [openai/gpt-4o-mini]\n  b:\n    targets: [anthropic/claude-sonnet-4-0, openai/gpt-4o]\nrules:\n  - name: hr\n    when: {tags: [hr]}\n    route: b\n  - name: asked for gpt-4\n    when: {model: [gpt-4, gpt-4-turbo]}\n    route: b\ndefault: b\n"},
        {"route with its own retry", "version: 1\ndefaults:\n  retry: {attempts: 1}\nroutes:\n  a:\n    targets: [openai/gpt-4o-mini]\n  b:\n    targets: [openai/gpt-4o]\n    retry: {attempts: 3, on_status: [429], respect_retry_after: false}\n"},
    };
    for (const auto &[name, yaml] : configs) {
        QTest::addRow("litellm: %s", name) << int(Format::LiteLlm) << yaml;
        QTest::addRow("portkey: %s", name) << int(Format::Portkey) << yaml;
    }
    QTest::addRow("litellm: cheapest") << int(Format::LiteLlm)
                                       << "version: 1\nroutes:\n  c:\n    strategy: cheapest\n    targets: [openai/gpt-4o-mini, mistral/mistral-small]\n"_ba;
    QTest::addRow("litellm: fastest") << int(Format::LiteLlm)
                                      << "version: 1\nroutes:\n  f:\n    strategy: fastest\n    targets: [groq/llama-3.1-8b-instant, openai/gpt-4o-mini]\n  single:\n    targets: [openai/gpt-4o]\n"_ba;
    QTest::addRow("portkey: team.yaml") << int(Format::Portkey) << dataFile(u"team.yaml"_s);
}

void TestRoutingFormats::roundTrip()
{
    QFETCH(int, format);
    QFETCH(QByteArray, config);
    const RoutingConfig original = readConfig(config);
    QVERIFY(!original.routes.isEmpty());
    const FormatOptions options = localOptions();
    const ExportResult exported = exportAs(Format(format), original, options);
    const auto imported = Format(format) == Format::LiteLlm ? LiteLlmFormat::importConfig(exported.text, options)
                                                            : PortkeyFormat::importConfig(exported.text, options);
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().first().toString() + u"\n"_s + QString::fromUtf8(exported.text)));
    QCOMPARE(meaning(Format(format), imported->config), meaning(Format(format), original));
}

void TestRoutingFormats::onlyOneRoute()
{
    // --route: one route of a config with rules is a config of its own.
    const RoutingConfig team = readConfig(dataFile(u"team.yaml"_s));
    FormatOptions options = localOptions();
    options.route = u"code"_s;
    const ExportResult portkey = PortkeyFormat::exportConfig(team, options);
    const QJsonObject root = QJsonDocument::fromJson(portkey.text).object();
    QCOMPARE(root.value(u"strategy"_s).toObject().value(u"mode"_s).toString(), u"loadbalance"_s);
    QCOMPARE(root.value(u"targets"_s).toArray().size(), 2);
    const ExportResult openRouter = OpenRouterFormat::exportConfig(team, options);
    QCOMPARE(QJsonDocument::fromJson(openRouter.text).object().value(u"models"_s).toArray(),
             (QJsonArray{u"anthropic/claude-sonnet-4-0"_s, u"openai/gpt-4.1"_s}));
    const ExportResult liteLlm = LiteLlmFormat::exportConfig(team, options);
    QCOMPARE(YAML::Load(liteLlm.text.toStdString())["model_list"].size(), std::size_t(2));
}

void TestRoutingFormats::detectsFormat_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    QTest::newRow("ours, yaml") << QByteArray("version: 1\nroutes:\n  a: {targets: [x/y]}\n")
                                << int(ConfigFormat::Switchyard);
    QTest::newRow("ours, json") << QByteArray(R"({"version": 1, "routes": {}})") << int(ConfigFormat::Switchyard);
    QTest::newRow("litellm") << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {model: openai/x}\n")
                             << int(ConfigFormat::LiteLlm);
    QTest::newRow("litellm after a comment") << QByteArray("# proxy\nrouter_settings: {}\nmodel_list: []\n")
                                             << int(ConfigFormat::LiteLlm);
    QTest::newRow("nested model_list is not litellm") << QByteArray("version: 1\nx:\n  model_list: []\n")
                                                      << int(ConfigFormat::Switchyard);
    QTest::newRow("portkey fallback") << QByteArray(R"({"strategy": {"mode": "fallback"}, "targets": []})")
                                      << int(ConfigFormat::Portkey);
    QTest::newRow("portkey single") << QByteArray(R"({"provider": "openai", "override_params": {}})")
                                    << int(ConfigFormat::Portkey);
    QTest::newRow("broken") << QByteArray("version: [") << int(ConfigFormat::Switchyard);
    QTest::newRow("broken portkey json")
        << QByteArray("{\"strategy\": {\"mode\": \"fallback\"},\n \"targets\": [}\n")
        << int(ConfigFormat::Portkey);
    QTest::newRow("broken json of ours") << QByteArray("{\"version\": 1, \"routes\": {\"a\": }}")
                                         << int(ConfigFormat::Switchyard);
    QTest::newRow("ours, json, routes only") << QByteArray(R"({"routes": {"a": {"targets": ["x/y"]}}})")
                                             << int(ConfigFormat::Switchyard);
    QTest::newRow("json of nothing known") << QByteArray(R"({"name": "x"})") << int(ConfigFormat::Switchyard);
}

void TestRoutingFormats::detectsFormat()
{
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QCOMPARE(int(detectConfigFormat(text)), format);
}

void TestRoutingFormats::yamlScalars_data()
{
    // One reading of YAML scalars everywhere: the YAML 1.2 core schema plus
    // YAML 1.1's yes/no/on/off booleans (formatsupport.h says why).
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QJsonValue>("json");

    QTest::newRow("true") << QByteArray("true") << QJsonValue(true);
    QTest::newRow("True") << QByteArray("True") << QJsonValue(true);
    QTest::newRow("TRUE") << QByteArray("TRUE") << QJsonValue(true);
    QTest::newRow("false") << QByteArray("false") << QJsonValue(false);
    QTest::newRow("False") << QByteArray("False") << QJsonValue(false);
    QTest::newRow("FALSE") << QByteArray("FALSE") << QJsonValue(false);
    QTest::newRow("yes") << QByteArray("yes") << QJsonValue(true);
    QTest::newRow("Yes") << QByteArray("Yes") << QJsonValue(true);
    QTest::newRow("no") << QByteArray("no") << QJsonValue(false);
    QTest::newRow("NO") << QByteArray("NO") << QJsonValue(false);
    QTest::newRow("on") << QByteArray("on") << QJsonValue(true);
    QTest::newRow("off") << QByteArray("off") << QJsonValue(false);
    QTest::newRow("y is a text") << QByteArray("y") << QJsonValue(u"y"_s);
    QTest::newRow("tRUE is a text") << QByteArray("tRUE") << QJsonValue(u"tRUE"_s);
    QTest::newRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("Null") << QByteArray("Null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("NULL") << QByteArray("NULL") << QJsonValue(QJsonValue::Null);
    QTest::newRow("~") << QByteArray("~") << QJsonValue(QJsonValue::Null);
    QTest::newRow("nothing") << QByteArray("") << QJsonValue(QJsonValue::Null);
    QTest::newRow("int") << QByteArray("42") << QJsonValue(42);
    QTest::newRow("negative int") << QByteArray("-7") << QJsonValue(-7);
    QTest::newRow("int with +") << QByteArray("+3") << QJsonValue(3);
    QTest::newRow("leading zero is decimal") << QByteArray("010") << QJsonValue(10);
    QTest::newRow("octal") << QByteArray("0o17") << QJsonValue(15);
    QTest::newRow("hex") << QByteArray("0x1F") << QJsonValue(31);
    QTest::newRow("bad octal") << QByteArray("0o8") << QJsonValue(u"0o8"_s);
    QTest::newRow("signed hex") << QByteArray("0x-1") << QJsonValue(u"0x-1"_s);
    QTest::newRow("float") << QByteArray("0.7") << QJsonValue(0.7);
    QTest::newRow("negative float") << QByteArray("-1.25") << QJsonValue(-1.25);
    QTest::newRow("exponent") << QByteArray("1e3") << QJsonValue(1000.0);
    QTest::newRow("leading dot") << QByteArray(".5") << QJsonValue(0.5);
    QTest::newRow("trailing dot") << QByteArray("2.") << QJsonValue(2.0);
    QTest::newRow("too long for 64 bits")
        << QByteArray("123456789012345678901") << QJsonValue(123456789012345678901.0);
    QTest::newRow(".inf is a text") << QByteArray(".inf") << QJsonValue(u".inf"_s);
    QTest::newRow(".nan is a text") << QByteArray(".nan") << QJsonValue(u".nan"_s);
    QTest::newRow("inf is a text") << QByteArray("inf") << QJsonValue(u"inf"_s);
    QTest::newRow("underscores are a text") << QByteArray("1_000") << QJsonValue(u"1_000"_s);
    QTest::newRow("text") << QByteArray("hello") << QJsonValue(u"hello"_s);
    QTest::newRow("quoted int") << QByteArray("\"42\"") << QJsonValue(u"42"_s);
    QTest::newRow("quoted true") << QByteArray("'true'") << QJsonValue(u"true"_s);
    QTest::newRow("quoted yes") << QByteArray("\"yes\"") << QJsonValue(u"yes"_s);
    QTest::newRow("quoted null") << QByteArray("\"null\"") << QJsonValue(u"null"_s);
    QTest::newRow("quoted nothing") << QByteArray("\"\"") << QJsonValue(u""_s);
}

void TestRoutingFormats::yamlScalars()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QJsonValue, json);

    // The function itself.
    QCOMPARE(FormatSupport::json(YAML::Load("v: " + yaml.toStdString())["v"]), json);

    // Switchyard's reader: a target's params, and a field that must be a boolean.
    const auto params = ConfigReader::read("version: 1\nroutes:\n  a:\n    targets:\n"
                                           "      - model: openai/x\n        params:\n          v: "
                                           + yaml + '\n');
    QVERIFY2(params, params ? "" : qPrintable(params.error().first().toString()));
    QCOMPARE(params->config.routes.first().targets.first().params.value("v"_L1), json);
    const auto rule = ConfigReader::read("version: 1\nroutes:\n  a:\n    targets: [openai/x]\nrules:\n"
                                         "  - when:\n      has_images: "
                                         + yaml + "\n    route: a\n");
    if (json.isBool()) {
        QVERIFY2(rule, rule ? "" : qPrintable(rule.error().first().toString()));
        QCOMPARE(rule->config.rules.first().when.hasImages, json.toBool());
    } else {
        QVERIFY(!rule);
        QVERIFY(rule.error().first().message.contains("has_images must be true or false"_L1));
    }

    // LiteLLM's import: a deployment's extra params, and a boolean setting.
    const auto liteLlm = LiteLlmFormat::importConfig(
        "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n      v: " + yaml
        + "\nrouter_settings:\n  allowed_fails: 3\n  disable_cooldowns: " + yaml + '\n');
    QVERIFY2(liteLlm, liteLlm ? "" : qPrintable(liteLlm.error().first().toString()));
    QCOMPARE(liteLlm->config.routes.first().targets.first().params.value("v"_L1), json);
    QCOMPARE(liteLlm->config.retry.cooldownFailures, json.isBool() && json.toBool() ? 0 : 3);
}

QTEST_GUILESS_MAIN(TestRoutingFormats)
#include "tst_routingformats.moc"
