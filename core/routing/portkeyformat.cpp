#include "portkeyformat.h"

#include "configreader.h"
#include "formatsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

using namespace FormatSupport;
using Providers::ApiKind;

const QString Format = u"Portkey"_s;

// Our presets by the name Portkey's gateway knows them by.
struct Slug {
    QLatin1StringView provider;
    QLatin1StringView slug;
};
constexpr std::array slugs{
    Slug{"openai"_L1, "openai"_L1},       Slug{"anthropic"_L1, "anthropic"_L1}, Slug{"gemini"_L1, "google"_L1},
    Slug{"openrouter"_L1, "openrouter"_L1}, Slug{"mistral"_L1, "mistral-ai"_L1}, Slug{"groq"_L1, "groq"_L1},
    Slug{"deepseek"_L1, "deepseek"_L1},   Slug{"together"_L1, "together-ai"_L1}, Slug{"xai"_L1, "x-ai"_L1},
    Slug{"fireworks"_L1, "fireworks-ai"_L1},
};

QString kindSlug(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi:
        return u"openai"_s;
    case ApiKind::Anthropic:
        return u"anthropic"_s;
    case ApiKind::Gemini:
        return u"google"_s;
    case ApiKind::Ollama:
        return u"ollama"_s;
    }
    return u"openai"_s;
}

QJsonArray intArray(const QList<int> &values)
{
    QJsonArray a;
    for (int v : values)
        a.append(v);
    return a;
}

class Exporter
{
public:
    const RoutingConfig &config;
    const FormatOptions &options;
    ExportResult &result;
    QSet<QString> keyedProviders;

    QJsonObject leaf(const Target &t)
    {
        QJsonObject o;
        QJsonObject params = t.params;
        params.insert(u"model"_s, t.model);
        o.insert(u"override_params"_s, params);
        if (t.params.contains(u"model"_s))
            result.unsupported.append(u"target %1: a 'model' parameter: the target's model replaces it"_s.arg(t.key()));
        const auto provider = FormatSupport::provider(options, t.provider);
        if (!provider) {
            o.insert(u"provider"_s, u"openai"_s);
            result.unsupported.append(u"target %1: provider '%2' is not set up here, so its base URL is not known: "
                                      "exported as OpenAI-compatible without custom_host"_s.arg(t.key(), t.provider));
            return o;
        }
        const auto slug = std::ranges::find_if(slugs, [&](const Slug &s) { return s.provider == provider->id; });
        if (slug != slugs.end() && hasPresetBaseUrl(*provider)) {
            o.insert(u"provider"_s, QString(slug->slug));
        } else {
            o.insert(u"provider"_s, kindSlug(provider->kind));
            o.insert(u"custom_host"_s, provider->baseUrl.toString());
        }
        if (!provider->keyEnvironmentVariable.isEmpty())
            keyedProviders.insert(provider->id);
        return o;
    }

    static QJsonObject chain(const QList<QJsonObject> &targets)
    {
        QJsonArray list;
        for (const QJsonObject &t : targets)
            list.append(t);
        return {{u"strategy"_s, QJsonObject{{u"mode"_s, u"fallback"_s}}}, {u"targets"_s, list}};
    }

    void retry(QJsonObject &into, const RetryPolicy &retry, const QString &label)
    {
        if (retry.attempts > 1) {
            QJsonObject r{{u"attempts"_s, retry.attempts - 1}, {u"on_status_codes"_s, intArray(retry.onStatus)}};
            if (retry.honourRetryAfter)
                r.insert(u"use_retry_after_header"_s, true);
            into.insert(u"retry"_s, r);
            result.unsupported.append(u"%1: retry backoff (%2 ms ×%3 up to %4 ms, jitter %5%): Portkey waits 1, 2, "
                                      "4 s... between retries"_s.arg(label)
                                          .arg(retry.initialBackoffMs)
                                          .arg(retry.backoffMultiplier)
                                          .arg(retry.maxBackoffMs)
                                          .arg(qRound(retry.jitter * 100)));
            if (!retry.onErrors.isEmpty())
                result.unsupported.append(u"%1: retry on_errors (%2): Portkey retries by status code"_s.arg(
                    label, retry.onErrors.join(u", ")));
            if (retry.honourRetryAfter && retry.maxRetryAfterMs != RetryPolicy().maxRetryAfterMs)
                result.unsupported.append(u"%1: max_retry_after %2 ms: Portkey has no such limit"_s.arg(label).arg(
                    retry.maxRetryAfterMs));
        }
        if (retry.cooldownFailures > 0)
            result.unsupported.append(u"%1: cooldown after %2 failures for %3 s: Portkey has no cooldowns"_s.arg(label)
                                          .arg(retry.cooldownFailures)
                                          .arg(retry.cooldownSeconds));
        if (retry.timeouts.totalMs > 0)
            into.insert(u"request_timeout"_s, retry.timeouts.totalMs);
        if (retry.timeouts.connectMs > 0)
            result.unsupported.append(u"%1: connect timeout: Portkey has one request_timeout"_s.arg(label));
        if (retry.timeouts.firstTokenMs > 0)
            result.unsupported.append(u"%1: first-token timeout: Portkey has one request_timeout"_s.arg(label));
    }

    QJsonObject route(const Route &route, bool withRetry)
    {
        const QString label = routeLabel(route);
        QList<QJsonObject> leaves;
        for (const Target &t : route.targets)
            leaves.append(leaf(t));
        QJsonObject o;
        if (route.strategy == Strategy::Weighted && route.targets.size() > 1) {
            // Portkey's loadbalance picks one branch and stops there; ours
            // falls back to the others in the written order, so each branch
            // is a chain starting with its own target.
            QJsonArray branches;
            for (qsizetype i = 0; i < leaves.size(); ++i) {
                QList<QJsonObject> order{leaves.at(i)};
                for (qsizetype j = 0; j < leaves.size(); ++j)
                    if (j != i)
                        order.append(leaves.at(j));
                QJsonObject branch = chain(order);
                branch.insert(u"weight"_s, route.targets.at(i).weight);
                branches.append(branch);
            }
            o.insert(u"strategy"_s, QJsonObject{{u"mode"_s, u"loadbalance"_s}});
            o.insert(u"targets"_s, branches);
        } else {
            o = chain(leaves);
            if (route.targets.size() > 1 && route.strategy != Strategy::Fallback)
                result.unsupported.append(u"%1: strategy %2: Portkey has no %3 order; exported as a fallback in the "
                                          "written order"_s.arg(label, strategyName(route.strategy),
                                                                route.strategy == Strategy::Cheapest ? u"price"_s
                                                                : route.strategy == Strategy::Fastest
                                                                    ? u"latency"_s
                                                                    : u"vote"_s));
        }
        listConstraints(route, Format, int(Supports::Nothing), result.unsupported);
        if (withRetry)
            retry(o, config.retryOf(route), label);
        return o;
    }

    // A rule as a Portkey query, or nothing after saying what it cannot hold.
    std::optional<QJsonObject> query(const Rule &rule, qsizetype index)
    {
        const Condition &c = rule.when;
        QStringList missing;
        if (c.tokensAbove || c.tokensBelow)
            missing.append(u"prompt tokens"_s);
        if (!c.regex.isEmpty())
            missing.append(u"a regex over the prompt"_s);
        if (c.hasImages)
            missing.append(u"images"_s);
        if (c.hasTools)
            missing.append(u"tools"_s);
        if (!c.budgetReached.isEmpty())
            missing.append(u"budgets"_s);
        if (!missing.isEmpty()) {
            result.unsupported.append(u"%1 (→ %2): Portkey's conditions cannot look at %3"_s.arg(
                ruleLabel(rule, index), rule.route, missing.join(u", ")));
            return std::nullopt;
        }
        QJsonObject q;
        if (!c.models.isEmpty())
            q.insert(u"params.model"_s, QJsonObject{{u"$in"_s, QJsonArray::fromStringList(c.models)}});
        if (!c.tags.isEmpty())
            q.insert(u"metadata.tag"_s, QJsonObject{{u"$in"_s, QJsonArray::fromStringList(c.tags)}});
        return q;
    }
};

// --- import ------------------------------------------------------------------

class Importer
{
public:
    const FormatOptions &options;
    ConfigErrors errors;
    QStringList notes;

    void error(const YAML::Node &at, const QString &message)
    {
        errors.append({ConfigError::Severity::Error, positionOf(at), message});
    }

    static bool isBranch(const YAML::Node &node) { return node.IsMap() && node["targets"]; }

    static QString mode(const YAML::Node &node)
    {
        const YAML::Node strategy = node["strategy"];
        if (!strategy || !strategy.IsMap() || !strategy["mode"])
            return u"single"_s;
        return text(strategy["mode"]);
    }

    std::optional<Target> leaf(const YAML::Node &node, const QString &where)
    {
        if (!node.IsMap()) {
            error(node, u"%1 must be an object"_s.arg(where));
            return std::nullopt;
        }
        Target t;
        t.position = positionOf(node);
        const YAML::Node params = node["override_params"];
        if (params && !params.IsMap()) {
            error(params, u"override_params must be an object"_s);
            return std::nullopt;
        }
        if (params)
            t.params = json(params).toObject();
        QString model = t.params.take(u"model"_s).toString();
        QString slug = node["provider"] ? text(node["provider"]) : QString();
        if (slug.startsWith(u'@')) {
            notes.append(u"%1: %2 is a provider of Portkey's Model Catalog: imported as provider '%3'"_s.arg(
                where, slug, slug.mid(1)));
            slug = slug.mid(1);
        }
        if (model.startsWith(u'@')) { // "@openai-prod/gpt-4o": the provider comes with the model
            slug = model.mid(1).section(u'/', 0, 0);
            model = model.mid(model.indexOf(u'/') + 1);
        }
        if (model.isEmpty()) {
            error(node, u"%1 has no override_params.model: Portkey would send the caller's model, a Switchyard "
                        "target names its own"_s.arg(where));
            return std::nullopt;
        }
        t.model = model;
        if (const YAML::Node host = node["custom_host"]) {
            const QUrl url(text(host));
            if (const auto provider = providerAt(options, url)) {
                t.provider = provider->id;
            } else {
                t.provider = providerIdFor(url);
                notes.append(u"%1: no provider is set up at %2: named '%3'; add it on the Providers page"_s.arg(
                    where, url.toString(), t.provider));
            }
        } else {
            const auto known = std::ranges::find_if(slugs, [&](const Slug &s) { return s.slug == slug; });
            if (known != slugs.end()) {
                t.provider = known->provider;
            } else if (slug == "ollama"_L1) {
                t.provider = u"ollama"_s;
            } else if (!slug.isEmpty()) {
                t.provider = slug;
                notes.append(u"%1: Portkey provider '%2' is not one Switchyard knows; add a provider named '%2'"_s.arg(
                    where, slug));
            } else {
                error(node, u"%1 names no provider"_s.arg(where));
                return std::nullopt;
            }
        }
        for (const char *secret : {"api_key", "virtual_key", "aws_secret_access_key"})
            if (node[secret])
                notes.append(u"%1: %2 is not imported; keys live in the system keychain or the environment"_s.arg(
                    where, QLatin1StringView(secret)));
        return t;
    }

    // The leaves of a branch in order: what a fallback tries.
    void leaves(const YAML::Node &node, const QString &where, QList<Target> &out, bool &flattened)
    {
        if (!isBranch(node)) {
            if (const auto t = leaf(node, where))
                out.append(*t);
            return;
        }
        const YAML::Node targets = node["targets"];
        if (!targets.IsSequence() || targets.size() == 0) {
            error(targets, u"%1.targets must be a non-empty list"_s.arg(where));
            return;
        }
        if (mode(node) != "fallback"_L1 && mode(node) != "single"_L1)
            flattened = true;
        for (std::size_t i = 0; i < targets.size(); ++i)
            leaves(targets[i], u"%1.targets[%2]"_s.arg(where).arg(i), out, flattened);
    }

    std::optional<RetryPolicy> retry(const YAML::Node &node, const RetryPolicy &base)
    {
        const YAML::Node r = node["retry"];
        const YAML::Node timeout = node["request_timeout"];
        if (!r && !timeout)
            return std::nullopt;
        RetryPolicy policy = base;
        if (r) {
            bool ok = false;
            const int attempts = r.IsMap() && r["attempts"] ? text(r["attempts"]).toInt(&ok) : 0;
            if (!ok || attempts < 0) {
                error(r, u"retry.attempts must be a whole number, 0 or more"_s);
                return std::nullopt;
            }
            policy.attempts = attempts + 1;
            policy.onStatus = {PortkeyFormat::DefaultRetryStatuses.begin(), PortkeyFormat::DefaultRetryStatuses.end()};
            if (const YAML::Node codes = r["on_status_codes"]) {
                policy.onStatus.clear();
                if (codes.IsSequence())
                    for (const YAML::Node &c : codes)
                        policy.onStatus.append(text(c).toInt());
                else
                    error(codes, u"retry.on_status_codes must be a list of HTTP statuses"_s);
            }
            policy.honourRetryAfter = FormatSupport::boolean(r["use_retry_after_header"]).value_or(false);
        }
        if (timeout) {
            bool ok = false;
            policy.timeouts.totalMs = text(timeout).toInt(&ok);
            if (!ok || policy.timeouts.totalMs < 0)
                error(timeout, u"request_timeout must be milliseconds"_s);
        }
        return policy;
    }

    Route route(const YAML::Node &node, const QString &name, const QString &where, const RetryPolicy &base)
    {
        Route r;
        r.name = name;
        r.position = positionOf(node);
        bool flattened = false;
        if (isBranch(node) && mode(node) == "loadbalance"_L1) {
            r.strategy = Strategy::Weighted;
            const YAML::Node targets = node["targets"];
            if (!targets.IsSequence() || targets.size() == 0) {
                error(targets, u"%1.targets must be a non-empty list"_s.arg(where));
                return r;
            }
            QList<double> weights;
            QList<QList<Target>> branches;
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const YAML::Node branch = targets[i];
                const QString at = u"%1.targets[%2]"_s.arg(where).arg(i);
                QList<Target> chain;
                bool nested = false;
                leaves(branch, at, chain, nested);
                flattened = flattened || nested;
                if (chain.isEmpty())
                    continue;
                bool ok = false;
                const double w = branch.IsMap() && branch["weight"] ? text(branch["weight"]).toDouble(&ok) : 1.0;
                weights.append(ok || !(branch.IsMap() && branch["weight"]) ? w : 1.0);
                branches.append(chain);
            }
            const QList<int> whole = wholeWeights(weights);
            for (qsizetype i = 0; i < branches.size(); ++i) {
                Target t = branches.at(i).first();
                t.weight = whole.at(i);
                r.targets.append(t);
            }
            // Our export's shape: branch i is target i, then the others in order.
            for (qsizetype i = 0; i < branches.size(); ++i) {
                QList<Target> expected{r.targets.at(i)};
                for (qsizetype j = 0; j < r.targets.size(); ++j)
                    if (j != i)
                        expected.append(r.targets.at(j));
                const QList<Target> &got = branches.at(i);
                const bool same = got.size() == expected.size()
                    && std::ranges::equal(got, expected, [](const Target &a, const Target &b) {
                           return a.key() == b.key() && a.params == b.params;
                       });
                if (!same && got.size() > 1) {
                    notes.append(u"%1: the fallbacks inside loadbalance branch %2 are not kept: a weighted route "
                                 "falls back to its other targets in order"_s.arg(where).arg(i));
                    break;
                }
            }
        } else if (isBranch(node) && mode(node) == "single"_L1 && node["targets"].IsSequence()
                   && node["targets"].size() > 1) {
            // Portkey's single mode uses the first target and nothing else.
            r.strategy = Strategy::Fallback;
            leaves(node["targets"][0], where + u".targets[0]"_s, r.targets, flattened);
            notes.append(u"%1: strategy single uses only the first target: the other %2 are not imported"_s.arg(where)
                             .arg(node["targets"].size() - 1));
        } else {
            r.strategy = Strategy::Fallback;
            leaves(node, where, r.targets, flattened);
            const YAML::Node strategy = node["strategy"];
            if (strategy && strategy.IsMap() && strategy["on_status_codes"])
                notes.append(u"%1: fallback only on some statuses (strategy.on_status_codes) is not imported: "
                             "Switchyard falls back on any failure"_s.arg(where));
        }
        if (flattened)
            notes.append(u"%1: nested strategies were flattened into one list of targets"_s.arg(where));
        if (const auto policy = retry(node, base))
            r.retry = policy;
        return r;
    }

    // A Portkey query as a condition, or nothing after a note.
    bool condition(const YAML::Node &query, Condition &into, const QString &where)
    {
        if (!query.IsMap()) {
            error(query, u"%1.query must be an object"_s.arg(where));
            return false;
        }
        for (auto it = query.begin(); it != query.end(); ++it) {
            const QString key = text(it->first);
            const YAML::Node value = it->second;
            if (key == "$and"_L1 && value.IsSequence()) {
                for (const YAML::Node &part : value)
                    if (!condition(part, into, where))
                        return false;
                continue;
            }
            QStringList values;
            if (value.IsScalar()) {
                values.append(text(value));
            } else if (value.IsMap() && value.size() == 1 && value["$eq"] && value["$eq"].IsScalar()) {
                values.append(text(value["$eq"]));
            } else if (value.IsMap() && value.size() == 1 && value["$in"] && value["$in"].IsSequence()) {
                for (const YAML::Node &v : value["$in"])
                    values.append(text(v));
            } else {
                notes.append(u"%1: the condition on %2 uses an operator Switchyard's rules do not have: the rule is "
                             "not imported"_s.arg(where, key));
                return false;
            }
            if (key == "params.model"_L1) {
                into.models += values;
            } else if (key == "metadata.tag"_L1 || key == "metadata.tags"_L1) {
                into.tags += values;
            } else {
                notes.append(u"%1: Switchyard's rules cannot look at %2: the rule is not imported"_s.arg(where, key));
                return false;
            }
        }
        return true;
    }
};

} // namespace

ExportResult PortkeyFormat::exportConfig(const RoutingConfig &config, const FormatOptions &options)
{
    ExportResult result;
    Exporter ex{.config = config, .options = options, .result = result, .keyedProviders = {}};
    const QList<const Route *> routes = routesToExport(config, options);
    QJsonObject out;
    const bool oneRoute = routes.size() == 1 && (config.rules.isEmpty() || !options.route.isEmpty());
    if (oneRoute) {
        out = ex.route(*routes.first(), true);
    } else if (!routes.isEmpty()) {
        QJsonArray conditions;
        QJsonArray targets;
        for (const Route *route : routes) {
            // Asking for a route by name goes there, before any rule, as in the router.
            conditions.append(QJsonObject{{u"query"_s, QJsonObject{{u"params.model"_s, QJsonObject{{u"$eq"_s, route->name}}}}},
                                          {u"then"_s, route->name}});
            QJsonObject target = ex.route(*route, route->retry.has_value());
            target.insert(u"name"_s, route->name);
            targets.append(target);
        }
        for (qsizetype i = 0; i < config.rules.size(); ++i)
            if (const auto q = ex.query(config.rules.at(i), i))
                conditions.append(QJsonObject{{u"query"_s, *q}, {u"then"_s, config.rules.at(i).route}});
        const Route *fallback = config.fallbackRoute();
        QJsonObject strategy{{u"mode"_s, u"conditional"_s}, {u"conditions"_s, conditions}};
        strategy.insert(u"default"_s, fallback ? fallback->name : routes.first()->name);
        out.insert(u"strategy"_s, strategy);
        out.insert(u"targets"_s, targets);
        // Routes without a policy of their own inherit this one.
        ex.retry(out, config.retry, u"defaults"_s);
        if (std::ranges::any_of(config.rules, [](const Rule &r) { return !r.when.tags.isEmpty(); }))
            result.notes.append(u"rules on tags match the caller's x-portkey-metadata {\"tag\": \"...\"}"_s);
    }
    if (oneRoute)
        for (qsizetype i = 0; i < config.rules.size(); ++i)
            result.notes.append(u"%1 is left out: only route '%2' is exported"_s.arg(ruleLabel(config.rules.at(i), i),
                                                                                   routes.first()->name));
    result.notes.append(u"no keys in the config: send the provider's key with each request (Authorization), or "
                        "attach a virtual key to each target in Portkey's app"_s);
    if (ex.keyedProviders.size() > 1)
        result.notes.append(u"targets of %1 providers need a key each: one Authorization header cannot carry them; "
                            "use virtual keys"_s.arg(ex.keyedProviders.size()));
    if (!config.tests.isEmpty())
        result.notes.append(u"the config's %1 test cases are Switchyard's own and not exported"_s.arg(config.tests.size()));
    result.text = QJsonDocument(out).toJson(QJsonDocument::Indented);
    return result;
}

std::expected<ImportResult, ConfigErrors> PortkeyFormat::importConfig(const QByteArray &source, const FormatOptions &options)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(source, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error,
                                             positionAt(source, std::max<qsizetype>(0, parseError.offset - 1)),
                                             u"not valid JSON: "_s + parseError.errorString()}});
    if (!document.isObject())
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, {1, 1}, u"a Portkey config is a JSON object"_s}});
    // yaml-cpp reads the same JSON with positions for every value; tabs
    // outside strings are what YAML does not take, and JSON strings hold none.
    YAML::Node root;
    try {
        root = YAML::Load(QByteArray(source).replace('\t', ' ').toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, positionOf(e.mark),
                                             u"cannot read the JSON: "_s + QString::fromStdString(e.msg)}});
    }
    Importer in{.options = options, .errors = {}, .notes = {}};
    ImportResult result;
    RoutingConfig &config = result.config;
    try {
        const QString topMode = Importer::mode(root);
        static const QSet<QString> modes{u"single"_s, u"fallback"_s, u"loadbalance"_s, u"conditional"_s};
        if (!modes.contains(topMode))
            in.error(root["strategy"]["mode"], u"unknown strategy.mode '%1' (Portkey's are single, fallback, "
                                               "loadbalance, conditional)"_s.arg(topMode));
        config.retry.attempts = 1; // Portkey does not retry unless told
        config.retry.onStatus = {DefaultRetryStatuses.begin(), DefaultRetryStatuses.end()};
        config.retry.honourRetryAfter = false;
        if (const auto policy = in.retry(root, config.retry))
            config.retry = *policy;
        if (topMode == "conditional"_L1) {
            const YAML::Node targets = root["targets"];
            if (!targets || !targets.IsSequence() || targets.size() == 0) {
                in.error(targets ? targets : root, u"a conditional config needs named targets"_s);
            } else {
                for (std::size_t i = 0; i < targets.size(); ++i) {
                    const YAML::Node target = targets[i];
                    const QString where = u"targets[%1]"_s.arg(i);
                    QString name = target.IsMap() && target["name"] ? FormatSupport::text(target["name"]) : QString();
                    if (name.isEmpty()) {
                        in.error(target, u"%1 of a conditional config needs a name"_s.arg(where));
                        continue;
                    }
                    name.replace(u'/', u'-');
                    Route r = in.route(target, name, where, config.retry);
                    if (r.retry && *r.retry == config.retry)
                        r.retry.reset();
                    config.routes.append(r);
                }
                const YAML::Node strategy = root["strategy"];
                const YAML::Node conditions = strategy["conditions"];
                if (conditions && !conditions.IsSequence())
                    in.error(conditions, u"strategy.conditions must be a list"_s);
                else if (conditions)
                    for (std::size_t i = 0; i < conditions.size(); ++i) {
                        const YAML::Node c = conditions[i];
                        const QString where = u"strategy.conditions[%1]"_s.arg(i);
                        if (!c.IsMap() || !c["query"] || !c["then"]) {
                            in.error(c, u"%1 needs a query and a then"_s.arg(where));
                            continue;
                        }
                        Rule rule;
                        rule.name = u"condition %1"_s.arg(i + 1);
                        rule.route = FormatSupport::text(c["then"]).replace(u'/', u'-');
                        rule.position = positionOf(c);
                        if (!config.route(rule.route)) {
                            in.error(c["then"], u"%1 goes to '%2', which is no target's name"_s.arg(where, rule.route));
                            continue;
                        }
                        if (!in.condition(c["query"], rule.when, where))
                            continue;
                        // Asking for the route by name: the router does that without a rule.
                        if (rule.when == Condition{.models = {rule.route}})
                            continue;
                        config.rules.append(rule);
                    }
                if (strategy["default"]) {
                    config.defaultRoute = FormatSupport::text(strategy["default"]).replace(u'/', u'-');
                    if (!config.route(config.defaultRoute))
                        in.error(strategy["default"], u"strategy.default names '%1', which is no target's name"_s.arg(
                            config.defaultRoute));
                }
            }
        } else {
            Route r = in.route(root, u"main"_s, u"config"_s, config.retry);
            r.retry.reset(); // the top level's retry is the config's
            config.routes.append(r);
        }
    } catch (const YAML::Exception &e) {
        in.errors.append({ConfigError::Severity::Error, positionOf(e.mark), QString::fromStdString(e.msg)});
    }
    return finishImport(std::move(result), std::move(in.errors), in.notes);
}

} // namespace Switchyard::Routing
