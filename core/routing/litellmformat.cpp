#include "litellmformat.h"

#include "configreader.h"
#include "formatsupport.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

using namespace FormatSupport;
using Providers::ApiKind;
using Providers::ProviderConfig;

const QString Format = u"LiteLLM"_s;
const QString EnvPrefix = u"os.environ/"_s;

// Presets LiteLLM knows by a prefix of its own, at their usual base URL.
struct Native {
    QLatin1StringView provider;
    QLatin1StringView prefix;
};
constexpr std::array natives{
    Native{"openai"_L1, "openai"_L1},         Native{"anthropic"_L1, "anthropic"_L1},
    Native{"gemini"_L1, "gemini"_L1},         Native{"openrouter"_L1, "openrouter"_L1},
    Native{"mistral"_L1, "mistral"_L1},       Native{"groq"_L1, "groq"_L1},
    Native{"deepseek"_L1, "deepseek"_L1},     Native{"together"_L1, "together_ai"_L1},
    Native{"xai"_L1, "xai"_L1},               Native{"fireworks"_L1, "fireworks_ai"_L1},
};

QString kindPrefix(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi:
        return u"openai"_s;
    case ApiKind::Anthropic:
        return u"anthropic"_s;
    case ApiKind::Gemini:
        return u"gemini"_s;
    case ApiKind::Ollama:
        return u"ollama_chat"_s;
    }
    return u"openai"_s;
}

// Keys of litellm_params that say how to reach a deployment, not what to
// send it; anything else there is a request parameter (temperature, ...).
const QSet<QString> &connectionKeys()
{
    static const QSet<QString> keys{u"model"_s, u"api_base"_s, u"base_url"_s, u"api_key"_s, u"weight"_s,
                                    u"rpm"_s, u"tpm"_s, u"order"_s, u"api_version"_s, u"organization"_s,
                                    u"timeout"_s, u"stream_timeout"_s, u"max_retries"_s, u"num_retries"_s,
                                    u"custom_llm_provider"_s, u"region_name"_s, u"vertex_project"_s,
                                    u"vertex_location"_s, u"vertex_credentials"_s, u"aws_access_key_id"_s,
                                    u"aws_secret_access_key"_s, u"aws_region_name"_s, u"input_cost_per_token"_s,
                                    u"output_cost_per_token"_s, u"tags"_s, u"mock_response"_s, u"max_parallel_requests"_s};
    return keys;
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', QLocale::FloatingPointShortest);
}

void emitScalar(YAML::Emitter &out, const char *key, const QString &value)
{
    out << YAML::Key << key << YAML::Value << value.toStdString();
}

struct Deployment {
    QString group;
    const Target *target = nullptr;
    std::optional<int> weight;
};

void emitDeployment(YAML::Emitter &out, const Deployment &d, const FormatOptions &options, QStringList &unsupported)
{
    const Target &t = *d.target;
    QString prefix = u"openai"_s;
    QString apiBase;
    QString keyVariable;
    if (const auto provider = FormatSupport::provider(options, t.provider)) {
        const auto native = std::ranges::find_if(natives, [&](const Native &n) { return n.provider == provider->id; });
        if (native != natives.end() && hasPresetBaseUrl(*provider)) {
            prefix = native->prefix;
        } else {
            prefix = kindPrefix(provider->kind);
            apiBase = provider->baseUrl.toString();
        }
        keyVariable = provider->keyEnvironmentVariable;
    } else {
        unsupported.append(u"target %1: provider '%2' is not set up here, so its base URL is not known: exported as "
                           "an OpenAI-compatible deployment without api_base"_s.arg(t.key(), t.provider));
    }
    out << YAML::BeginMap;
    out << YAML::Key << "model_name" << YAML::Value << YAML::DoubleQuoted << d.group.toStdString();
    out << YAML::Key << "litellm_params" << YAML::Value << YAML::BeginMap;
    emitScalar(out, "model", prefix + u'/' + t.model);
    if (!apiBase.isEmpty())
        emitScalar(out, "api_base", apiBase);
    if (!keyVariable.isEmpty())
        emitScalar(out, "api_key", EnvPrefix + keyVariable);
    if (d.weight)
        out << YAML::Key << "weight" << YAML::Value << *d.weight;
    for (auto it = t.params.begin(); it != t.params.end(); ++it) {
        if (connectionKeys().contains(it.key())) {
            unsupported.append(u"target %1: parameter '%2' is one of LiteLLM's own deployment settings"_s.arg(t.key(), it.key()));
            continue;
        }
        out << YAML::Key << it.key().toStdString() << YAML::Value;
        writeJson(out, it.value());
    }
    out << YAML::EndMap << YAML::EndMap;
}

// The routing_strategy a route needs to mean what it says, or empty when
// any will do (one target, or a chain of one-deployment groups).
QString strategyFor(const Route &route)
{
    if (route.targets.size() < 2)
        return {};
    switch (route.strategy) {
    case Strategy::Weighted:
        return u"simple-shuffle"_s;
    case Strategy::Cheapest:
        return u"cost-based-routing"_s;
    case Strategy::Fastest:
        return u"latency-based-routing"_s;
    case Strategy::Fallback:
    case Strategy::BestVoted:
    case Strategy::BestRated:
        return {};
    }
    return {};
}

bool isChain(const Route &route)
{
    return route.targets.size() > 1 && (route.strategy == Strategy::Fallback || route.strategy == Strategy::BestVoted
                                      || route.strategy == Strategy::BestRated);
}

QString chainGroup(const QString &route, qsizetype index)
{
    return index == 0 ? route : route + u':' + QString::number(index + 1);
}

// --- import ------------------------------------------------------------------

struct Group {
    QString name;
    SourcePosition position;
    QList<Target> targets;
    QList<double> weights; // 0: none given
};

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

    std::optional<Target> target(const YAML::Node &params, const QString &group, qsizetype index)
    {
        const YAML::Node modelNode = params["model"];
        if (!modelNode || !modelNode.IsScalar() || text(modelNode).isEmpty()) {
            error(modelNode ? modelNode : params, u"litellm_params.model must name the model, e.g. openai/gpt-4o"_s);
            return std::nullopt;
        }
        const QString written = text(modelNode);
        const QString label = u"deployment %1 of '%2'"_s.arg(index + 1).arg(group);
        Target t;
        t.position = positionOf(params);
        QString prefix = written.section(u'/', 0, 0);
        t.model = written.mid(written.indexOf(u'/') + 1);
        if (!written.contains(u'/')) {
            // LiteLLM guesses the provider from a bare model name; so do we, for the common ones.
            t.model = written;
            prefix = written.startsWith("claude"_L1) ? u"anthropic"_s
                : written.startsWith("gemini"_L1)    ? u"gemini"_s
                                                      : u"openai"_s;
            notes.append(u"%1: model '%2' has no provider prefix: read as %3/%2"_s.arg(label, written, prefix));
        }
        QUrl apiBase;
        for (const char *key : {"api_base", "base_url"})
            if (const YAML::Node base = params[key]; base && base.IsScalar())
                apiBase = QUrl(text(base));
        if (apiBase.isValid() && !apiBase.isEmpty()) {
            if (const auto provider = providerAt(options, apiBase)) {
                t.provider = provider->id;
            } else {
                t.provider = providerIdFor(apiBase);
                notes.append(u"%1: no provider is set up at %2: named '%3'; add it on the Providers page"_s.arg(
                    label, apiBase.toString(), t.provider));
            }
        } else {
            const auto native = std::ranges::find_if(natives, [&](const Native &n) { return n.prefix == prefix; });
            if (native != natives.end()) {
                t.provider = native->provider;
            } else if (prefix == "ollama"_L1 || prefix == "ollama_chat"_L1) {
                t.provider = u"ollama"_s;
            } else {
                t.provider = prefix;
                notes.append(u"%1: LiteLLM provider '%2' is not one Switchyard knows; add a provider named '%2'"_s.arg(
                    label, prefix));
            }
        }
        if (const YAML::Node key = params["api_key"]) {
            const QString value = text(key);
            if (!value.startsWith(EnvPrefix)) {
                // Never copied anywhere, not even into the note.
                notes.append(u"%1: api_key is written into the file: not imported; keys live in the system keychain "
                             "or the environment"_s.arg(label));
            } else if (const auto provider = FormatSupport::provider(options, t.provider);
                       provider && provider->keyEnvironmentVariable != value.mid(EnvPrefix.size())) {
                notes.append(u"%1: the key comes from %2; Switchyard reads %3's key from %4 or the keychain"_s.arg(
                    label, value.mid(EnvPrefix.size()), t.provider,
                    provider->keyEnvironmentVariable.isEmpty() ? u"nowhere"_s : provider->keyEnvironmentVariable));
            }
        }
        for (auto it = params.begin(); it != params.end(); ++it) {
            const QString key = text(it->first);
            if (!connectionKeys().contains(key))
                t.params.insert(key, json(it->second));
            else if (!QSet<QString>{u"model"_s, u"api_base"_s, u"base_url"_s, u"api_key"_s, u"weight"_s, u"rpm"_s,
                                    u"tpm"_s}.contains(key))
                notes.append(u"%1: %2 is not imported"_s.arg(label, key));
        }
        return t;
    }

    static std::optional<double> number(const YAML::Node &node)
    {
        // Quoted numbers count: LiteLLM turns its settings into numbers itself.
        const QJsonValue value = node && node.IsScalar() ? plainScalar(text(node)) : QJsonValue();
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return std::nullopt;
        return value.toDouble();
    }

    // Retries, seconds and weights, made ints (seconds as milliseconds) by
    // the caller: the bound keeps that conversion defined (fuzz_import_litellm
    // found num_retries: 1e30).
    std::optional<double> count(const YAML::Node &node, const QString &what, double min = 0, double max = 1e6)
    {
        if (!node)
            return std::nullopt;
        const auto value = number(node);
        if (!value || *value < min || *value > max) {
            error(node, u"%1 must be a number from %2 to %3"_s.arg(what).arg(min).arg(QString::number(max, 'f', 0)));
            return std::nullopt;
        }
        return value;
    }
};

YAML::Node setting(const YAML::Node &root, const char *key)
{
    // router_settings first; litellm_settings holds some of the same.
    for (const char *section : {"router_settings", "litellm_settings"}) {
        const YAML::Node s = root[section];
        if (s && s.IsMap() && s[key])
            return s[key];
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

} // namespace

ExportResult LiteLlmFormat::exportConfig(const RoutingConfig &config, const FormatOptions &options)
{
    ExportResult result;
    const QList<const Route *> routes = routesToExport(config, options);
    QString strategy;
    QString strategyRoute;
    QList<std::pair<QString, QStringList>> fallbacks;

    YAML::Emitter out;
    out.SetIndent(2);
    if (!config.name.isEmpty())
        out << YAML::Comment(u"Switchyard routing config '%1' for the LiteLLM proxy"_s.arg(config.name).toStdString())
            << YAML::Newline;
    out << YAML::BeginMap << YAML::Key << "model_list" << YAML::Value << YAML::BeginSeq;
    for (const Route *route : routes) {
        const QString label = routeLabel(*route);
        const QString wanted = strategyFor(*route);
        if (!wanted.isEmpty()) {
            if (strategy.isEmpty()) {
                strategy = wanted;
                strategyRoute = route->name;
            } else if (strategy != wanted) {
                result.unsupported.append(u"%1: strategy %2 needs routing_strategy %3, but %4 already needs %5: "
                                          "LiteLLM has one routing strategy for all model groups"_s.arg(
                                              label, strategyName(route->strategy), wanted,
                                              u"route '%1'"_s.arg(strategyRoute), strategy));
            }
        }
        if ((route->strategy == Strategy::BestVoted || route->strategy == Strategy::BestRated)
            && route->targets.size() > 1)
            result.unsupported.append(u"%1: strategy %2: LiteLLM knows no Compare votes or ratings; exported as a "
                                      "fallback chain in the written order"_s.arg(label, strategyName(route->strategy)));
        if (route->strategy == Strategy::Weighted && route->targets.size() > 1)
            result.notes.append(u"%1: a weighted pick retries within the group (num_retries), not in the written "
                                "order"_s.arg(label));
        const bool chain = isChain(*route);
        QStringList chainGroups;
        for (qsizetype i = 0; i < route->targets.size(); ++i) {
            Deployment d{.group = chain ? chainGroup(route->name, i) : route->name, .target = &route->targets.at(i)};
            if (route->strategy == Strategy::Weighted)
                d.weight = route->targets.at(i).weight;
            if (chain && i > 0)
                chainGroups.append(d.group);
            emitDeployment(out, d, options, result.unsupported);
        }
        if (chain)
            fallbacks.append({route->name, chainGroups});
        listConstraints(*route, Format, int(Supports::Nothing), result.unsupported);
        if (route->retry && *route->retry != config.retry)
            result.unsupported.append(u"%1: a retry policy of its own: LiteLLM's retries and cooldowns are the same "
                                      "for every model group; exported with the config's defaults"_s.arg(label));
    }
    out << YAML::EndSeq;

    for (qsizetype i = 0; i < config.rules.size(); ++i)
        result.unsupported.append(u"%1 (→ %2): LiteLLM has no request rules; callers pick a model group by name"_s.arg(
            ruleLabel(config.rules.at(i), i), config.rules.at(i).route));
    if (!config.rules.isEmpty() || !config.defaultRoute.isEmpty())
        result.notes.append(u"a caller asks for a route by its name as the model, e.g. \"model\": \"%1\""_s.arg(
            config.fallbackRoute() ? config.fallbackRoute()->name : QString()));
    if (!config.tests.isEmpty())
        result.notes.append(u"the config's %1 test cases are Switchyard's own and not exported"_s.arg(config.tests.size()));

    const RetryPolicy &retry = config.retry;
    const RetryPolicy defaults;
    out << YAML::Key << "router_settings" << YAML::Value << YAML::BeginMap;
    emitScalar(out, "routing_strategy", strategy.isEmpty() ? u"simple-shuffle"_s : strategy);
    out << YAML::Key << "num_retries" << YAML::Value << std::max(0, retry.attempts - 1);
    if (retry.attempts > 1) {
        out << YAML::Key << "retry_after" << YAML::Value << seconds(retry.initialBackoffMs).toStdString();
        result.unsupported.append(u"retry backoff (×%1 up to %2 s, jitter %3%): LiteLLM chooses its own waits; "
                                  "retry_after is only the shortest"_s.arg(retry.backoffMultiplier)
                                      .arg(seconds(retry.maxBackoffMs))
                                      .arg(qRound(retry.jitter * 100)));
        if (retry.onStatus != defaults.onStatus || retry.onErrors != defaults.onErrors)
            result.unsupported.append(u"retry on_status / on_errors: LiteLLM decides by the kind of error which "
                                      "ones to retry"_s);
        if (retry.maxRetryAfterMs != defaults.maxRetryAfterMs || !retry.honourRetryAfter)
            result.unsupported.append(u"retry respect_retry_after / max_retry_after: LiteLLM has no such limit"_s);
    }
    if (retry.cooldownFailures > 0) {
        out << YAML::Key << "allowed_fails" << YAML::Value << retry.cooldownFailures;
        out << YAML::Key << "cooldown_time" << YAML::Value << retry.cooldownSeconds;
        result.notes.append(u"allowed_fails counts a deployment's failures within a minute; Switchyard counts "
                            "failures in a row"_s);
    } else {
        out << YAML::Key << "disable_cooldowns" << YAML::Value << true;
    }
    if (retry.timeouts.totalMs > 0)
        out << YAML::Key << "timeout" << YAML::Value << seconds(retry.timeouts.totalMs).toStdString();
    if (retry.timeouts.connectMs > 0)
        result.unsupported.append(u"connect timeout %1 ms: LiteLLM has one timeout per call"_s.arg(retry.timeouts.connectMs));
    if (retry.timeouts.firstTokenMs > 0)
        result.unsupported.append(
            u"first-token timeout %1 ms: LiteLLM has one timeout per call"_s.arg(retry.timeouts.firstTokenMs));
    if (!fallbacks.isEmpty()) {
        out << YAML::Key << "fallbacks" << YAML::Value << YAML::BeginSeq;
        for (const auto &[from, to] : std::as_const(fallbacks)) {
            out << YAML::Flow << YAML::BeginMap << YAML::Key << YAML::DoubleQuoted << from.toStdString() << YAML::Value
                << YAML::Flow << YAML::BeginSeq;
            for (const QString &group : to)
                out << YAML::DoubleQuoted << group.toStdString();
            out << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap << YAML::EndMap;
    result.text = QByteArray(out.c_str()) + '\n';
    return result;
}

std::expected<ImportResult, ConfigErrors> LiteLlmFormat::importConfig(const QByteArray &source, const FormatOptions &options)
{
    YAML::Node root;
    try {
        root = YAML::Load(source.toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, positionOf(e.mark),
                                             u"not valid YAML: "_s + QString::fromStdString(e.msg)}});
    }
    if (!root || !root.IsMap())
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, {1, 1},
                                             u"a LiteLLM config is a mapping with a model_list"_s}});
    Importer in{.options = options, .errors = {}, .notes = {}};
    ImportResult result;
    RoutingConfig &config = result.config;
    QList<Group> groups;
    try {
        const YAML::Node list = root["model_list"];
        if (!list || !list.IsSequence() || list.size() == 0)
            in.error(list ? list : root, u"model_list must be a list of deployments (model_name, litellm_params)"_s);
        else
            for (std::size_t i = 0; i < list.size(); ++i) {
                const YAML::Node item = list[i];
                const YAML::Node nameNode = item.IsMap() ? item["model_name"] : YAML::Node();
                const YAML::Node params = item.IsMap() ? item["litellm_params"] : YAML::Node();
                if (!item.IsMap() || !nameNode || !nameNode.IsScalar()) {
                    in.error(item, u"a deployment needs a model_name"_s);
                    continue;
                }
                if (!params || !params.IsMap()) {
                    in.error(params ? params : item, u"a deployment needs litellm_params with a model"_s);
                    continue;
                }
                QString name = text(nameNode);
                if (name.contains(u'/')) {
                    const QString renamed = QString(name).replace(u'/', u'-');
                    in.notes.append(u"model group '%1' is route '%2': route names have no slashes"_s.arg(name, renamed));
                    name = renamed;
                }
                auto group = std::ranges::find_if(groups, [&](const Group &g) { return g.name == name; });
                if (group == groups.end()) {
                    groups.append(Group{.name = name, .position = positionOf(nameNode), .targets = {}, .weights = {}});
                    group = groups.end() - 1;
                }
                const auto t = in.target(params, name, group->targets.size());
                if (!t)
                    continue;
                double weight = 0;
                for (const char *key : {"weight", "rpm", "tpm"})
                    if (const YAML::Node w = params[key]; weight == 0 && w)
                        weight = in.count(w, QString::fromLatin1(key), 0, 1e9).value_or(0);
                group->targets.append(*t);
                group->weights.append(weight);
            }

        const QString strategy = text(setting(root, "routing_strategy"));
        if (const auto n = in.count(setting(root, "num_retries"), u"num_retries"_s))
            config.retry.attempts = int(*n) + 1;
        if (const auto s = in.count(setting(root, "retry_after"), u"retry_after"_s))
            config.retry.initialBackoffMs = int(*s * 1000);
        if (const auto n = in.count(setting(root, "allowed_fails"), u"allowed_fails"_s))
            config.retry.cooldownFailures = int(*n);
        if (const auto s = in.count(setting(root, "cooldown_time"), u"cooldown_time"_s))
            config.retry.cooldownSeconds = int(std::lround(*s));
        if (FormatSupport::boolean(setting(root, "disable_cooldowns")).value_or(false))
            config.retry.cooldownFailures = 0;
        for (const char *key : {"timeout", "request_timeout"})
            if (const auto s = in.count(setting(root, key), QString::fromLatin1(key)); s && config.retry.timeouts.totalMs == 0)
                config.retry.timeouts.totalMs = int(*s * 1000);

        for (const Group &g : std::as_const(groups)) {
            Route route;
            route.name = g.name;
            route.position = g.position;
            route.targets = g.targets;
            if (g.targets.size() > 1) {
                if (strategy == "cost-based-routing"_L1) {
                    route.strategy = Strategy::Cheapest;
                } else if (strategy == "latency-based-routing"_L1) {
                    route.strategy = Strategy::Fastest;
                } else {
                    route.strategy = Strategy::Weighted;
                    if (!strategy.isEmpty() && strategy != "simple-shuffle"_L1)
                        in.notes.append(u"route '%1': routing_strategy %2 has no Switchyard equivalent: imported as a "
                                        "weighted split"_s.arg(g.name, strategy));
                    const bool anyWeight = std::ranges::any_of(g.weights, [](double w) { return w > 0; });
                    QList<double> weights = g.weights;
                    for (double &w : weights)
                        w = anyWeight ? w : 1.0;
                    if (anyWeight && std::ranges::any_of(weights, [](double w) { return w <= 0; }))
                        in.notes.append(u"route '%1': deployments without a weight get weight 1"_s.arg(g.name));
                    for (double &w : weights)
                        w = w > 0 ? w : 1.0;
                    const QList<int> whole = wholeWeights(weights);
                    for (qsizetype i = 0; i < route.targets.size(); ++i)
                        route.targets[i].weight = whole.at(i);
                }
            }
            config.routes.append(route);
        }

        // Fallback chains: "route" → ["route:2", "route:3"] is one fallback
        // route again; any other fallback adds the other group's targets
        // after the route's own.
        QSet<QString> merged;
        for (const char *key : {"fallbacks", "context_window_fallbacks"}) {
            const YAML::Node chains = setting(root, key);
            if (!chains)
                continue;
            if (!chains.IsSequence()) {
                in.error(chains, u"%1 must be a list of {model_group: [fallback groups]}"_s.arg(QLatin1StringView(key)));
                continue;
            }
            for (const YAML::Node &entry : chains) {
                if (!entry.IsMap()) {
                    in.error(entry, u"a fallback is written {model_group: [fallback groups]}"_s);
                    continue;
                }
                for (auto it = entry.begin(); it != entry.end(); ++it) {
                    const QString from = text(it->first).replace(u'/', u'-');
                    Route *route = config.route(from);
                    if (!route) {
                        in.error(it->first, u"fallback from '%1', which is no model_name in model_list"_s.arg(from));
                        continue;
                    }
                    // The iterator's -> hands out a proxy that dies with the
                    // full expression: copy the node before looping over it.
                    const YAML::Node fallbackTo = it->second;
                    QStringList to;
                    if (fallbackTo.IsScalar())
                        to.append(text(fallbackTo));
                    else if (fallbackTo.IsSequence())
                        for (const YAML::Node &n : fallbackTo)
                            to.append(text(n).replace(u'/', u'-'));
                    bool isChain = route->targets.size() == 1 && qstrcmp(key, "fallbacks") == 0;
                    for (qsizetype i = 0; i < to.size(); ++i) {
                        const Route *next = config.route(to.at(i));
                        isChain = isChain && next && next->targets.size() == 1 && to.at(i) == chainGroup(from, i + 1);
                    }
                    for (const QString &name : std::as_const(to)) {
                        const Route *next = config.route(name);
                        if (!next) {
                            in.error(it->second, u"fallback to '%1', which is no model_name in model_list"_s.arg(name));
                            continue;
                        }
                        const QList<Target> targets = next->targets;
                        route = config.route(from); // appending may not move it, but do not rely on that
                        for (Target t : targets)
                            if (std::ranges::none_of(route->targets, [&t](const Target &own) {
                                    return own.key() == t.key() && own.params == t.params;
                                })) {
                                t.weight = 1;
                                route->targets.append(t);
                            }
                        if (isChain)
                            merged.insert(name);
                    }
                    if (isChain) {
                        route->strategy = Strategy::Fallback;
                    } else if (!to.isEmpty()) {
                        in.notes.append(u"route '%1': %2 to %3 became fallback targets after its own%4"_s.arg(
                            from, QLatin1StringView(key), to.join(u", "),
                            qstrcmp(key, "context_window_fallbacks") == 0
                                ? u" (Switchyard skips a model whose context the prompt exceeds)"_s
                                : QString()));
                        if (route->strategy != Strategy::Fallback)
                            in.notes.append(u"route '%1': its %2 strategy orders the fallback targets too"_s.arg(
                                from, strategyName(route->strategy)));
                    }
                }
            }
        }
        config.routes.removeIf([&](const Route &r) { return merged.contains(r.name); });
        if (setting(root, "default_fallbacks"))
            in.notes.append(u"default_fallbacks are not imported: add those targets to the routes that need them"_s);
        for (const char *section : {"general_settings", "environment_variables", "guardrails", "callbacks"})
            if (root[section])
                in.notes.append(u"%1 is not imported"_s.arg(QLatin1StringView(section)));
    } catch (const YAML::Exception &e) {
        in.errors.append({ConfigError::Severity::Error, positionOf(e.mark), QString::fromStdString(e.msg)});
    }
    return finishImport(std::move(result), std::move(in.errors), in.notes);
}

} // namespace Switchyard::Routing
