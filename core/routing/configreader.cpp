#include "configreader.h"

#include "providers/namecheck.h"
#include "routing/formatsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

using FormatSupport::json;
using FormatSupport::positionOf;
using FormatSupport::text;

// Walks the YAML tree, turning each section into the config model and
// collecting every problem with its position instead of stopping at the first.
class Reader
{
public:
    ConfigErrors errors;
    ConfigErrors warnings;

    void error(const YAML::Node &at, const QString &message)
    {
        errors.append({ConfigError::Severity::Error, positionOf(at), message});
    }

    // The keys of a mapping, each checked against the known ones.
    bool checkKeys(const YAML::Node &map, const QString &where, std::initializer_list<const char *> known)
    {
        if (!map.IsMap()) {
            error(map, u"%1 must be a mapping of keys to values"_s.arg(where));
            return false;
        }
        for (auto it = map.begin(); it != map.end(); ++it) {
            const std::string key = it->first.Scalar();
            bool found = false;
            for (const char *k : known)
                found = found || key == k;
            if (!found) {
                QStringList names;
                for (const char *k : known)
                    names.append(QString::fromLatin1(k));
                error(it->first, u"unknown key '%1' in %2 (known: %3)"_s.arg(text(it->first), where, names.join(u", ")));
            }
        }
        return true;
    }

    std::optional<QString> string(const YAML::Node &node, const QString &what)
    {
        if (!node.IsScalar()) {
            error(node, u"%1 must be a text"_s.arg(what));
            return std::nullopt;
        }
        return text(node);
    }

    std::optional<double> number(const YAML::Node &node, const QString &what)
    {
        const auto value = FormatSupport::number(node);
        if (!value)
            error(node, u"%1 must be a number"_s.arg(what));
        return value;
    }

    std::optional<qint64> integer(const YAML::Node &node, const QString &what, qint64 min = 0)
    {
        const auto value = FormatSupport::integer(node);
        if (!value) {
            error(node, u"%1 must be a whole number"_s.arg(what));
            return std::nullopt;
        }
        if (*value < min) {
            error(node, u"%1 must be at least %2"_s.arg(what).arg(min));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const YAML::Node &node, const QString &what)
    {
        const auto value = FormatSupport::boolean(node);
        if (!value)
            error(node, u"%1 must be true or false"_s.arg(what));
        return value;
    }

    // A text or a list of texts, for lists that often hold one item.
    QStringList strings(const YAML::Node &node, const QString &what)
    {
        QStringList out;
        if (node.IsScalar()) {
            out.append(text(node));
        } else if (node.IsSequence()) {
            for (const YAML::Node &item : node)
                if (const auto s = string(item, what + u" items"_s))
                    out.append(*s);
        } else if (!node.IsNull()) {
            error(node, u"%1 must be a text or a list of texts"_s.arg(what));
        }
        return out;
    }

    // Prices are written in USD per million tokens, as every price page shows them.
    std::optional<qint64> price(const YAML::Node &node, const QString &what)
    {
        const auto usd = number(node, what);
        if (!usd)
            return std::nullopt;
        const auto amount = Catalog::Price::fromUsdPerMillion(*usd);
        if (!amount)
            error(node, u"%1 must be a price in USD per million tokens, 0 or more"_s.arg(what));
        return amount;
    }

    std::optional<Target> target(const YAML::Node &node)
    {
        Target t;
        t.position = positionOf(node);
        // yaml-cpp's Node::operator= writes through to the node it refers
        // to, so never rebind a Node variable: pick the model node once.
        const YAML::Node modelNode = node.IsMap() ? node["model"] : node;
        if (node.IsMap()) {
            checkKeys(node, u"a target"_s, {"model", "params", "weight"});
            if (!modelNode) {
                error(node, u"a target needs a model, written provider/model"_s);
                return std::nullopt;
            }
            if (const YAML::Node params = node["params"]) {
                if (params.IsMap())
                    t.params = json(params).toObject();
                else
                    error(params, u"params must be a mapping, e.g. {temperature: 0.2}"_s);
            }
            if (const YAML::Node weight = node["weight"])
                t.weight = int(integer(weight, u"weight"_s, 1).value_or(1));
        }
        const auto key = string(modelNode, u"a target's model"_s);
        if (!key)
            return std::nullopt;
        if (const QString problem = Providers::nameProblem(*key, u"model"); !problem.isEmpty()) {
            error(modelNode, problem);
            return std::nullopt;
        }
        const auto parsed = Target::fromKey(*key);
        if (!parsed) {
            error(modelNode, u"'%1' is not a model: write provider/model, e.g. openai/gpt-4o-mini"_s.arg(*key));
            return std::nullopt;
        }
        t.provider = parsed->provider;
        t.model = parsed->model;
        return t;
    }

    Catalog::Capabilities capabilities(const YAML::Node &node)
    {
        Catalog::Capabilities caps;
        const YAML::Node list = node;
        for (const QString &name : strings(list, u"capabilities"_s)) {
            if (name == "tools"_L1)
                caps |= Catalog::Capability::Tools;
            else if (name == "vision"_L1)
                caps |= Catalog::Capability::Vision;
            else if (name == "json"_L1 || name == "json_mode"_L1)
                caps |= Catalog::Capability::JsonMode;
            else if (name == "reasoning"_L1)
                caps |= Catalog::Capability::Reasoning;
            else
                error(list, u"unknown capability '%1' (known: tools, vision, json, reasoning)"_s.arg(name));
        }
        return caps;
    }

    Constraints constraints(const YAML::Node &node)
    {
        Constraints c;
        if (!checkKeys(node, u"constraints"_s,
                       {"max_price", "min_context", "max_p95_ms", "providers", "capabilities", "data"}))
            return c;
        if (const YAML::Node p = node["max_price"]) {
            if (checkKeys(p, u"max_price"_s, {"input", "output"})) {
                if (p["input"])
                    c.maxInputPrice = price(p["input"], u"max_price.input"_s);
                if (p["output"])
                    c.maxOutputPrice = price(p["output"], u"max_price.output"_s);
            }
        }
        if (const YAML::Node n = node["min_context"])
            c.minContext = integer(n, u"min_context"_s, 1);
        if (const YAML::Node n = node["max_p95_ms"]) {
            c.maxP95LatencyMs = number(n, u"max_p95_ms"_s);
            if (c.maxP95LatencyMs && *c.maxP95LatencyMs <= 0)
                error(n, u"max_p95_ms must be more than 0"_s);
        }
        if (const YAML::Node p = node["providers"]) {
            if (checkKeys(p, u"providers"_s, {"allow", "deny"})) {
                if (p["allow"])
                    c.allowProviders = strings(p["allow"], u"providers.allow"_s);
                if (p["deny"])
                    c.denyProviders = strings(p["deny"], u"providers.deny"_s);
            }
        }
        if (const YAML::Node n = node["capabilities"])
            c.capabilities = capabilities(n);
        if (const YAML::Node n = node["data"]) {
            if (const auto name = string(n, u"data"_s)) {
                if (const auto policy = dataPolicyFromName(*name))
                    c.data = *policy;
                else
                    error(n, u"unknown data policy '%1' (known: any, no_training, zero_retention)"_s.arg(*name));
            }
        }
        return c;
    }

    RetryPolicy retry(const YAML::Node &node, RetryPolicy r)
    {
        if (!checkKeys(node, u"retry"_s,
                       {"attempts", "backoff", "on_status", "on_errors", "respect_retry_after", "max_retry_after_ms",
                        "cooldown", "timeouts"}))
            return r;
        if (const YAML::Node n = node["attempts"])
            r.attempts = int(integer(n, u"attempts"_s, 1).value_or(r.attempts));
        if (const YAML::Node b = node["backoff"]) {
            if (checkKeys(b, u"backoff"_s, {"initial_ms", "multiplier", "max_ms", "jitter"})) {
                if (b["initial_ms"])
                    r.initialBackoffMs = int(integer(b["initial_ms"], u"initial_ms"_s).value_or(r.initialBackoffMs));
                if (b["max_ms"])
                    r.maxBackoffMs = int(integer(b["max_ms"], u"max_ms"_s).value_or(r.maxBackoffMs));
                if (b["multiplier"]) {
                    r.backoffMultiplier = number(b["multiplier"], u"multiplier"_s).value_or(r.backoffMultiplier);
                    if (r.backoffMultiplier < 1)
                        error(b["multiplier"], u"multiplier must be 1 or more"_s);
                }
                if (b["jitter"]) {
                    r.jitter = number(b["jitter"], u"jitter"_s).value_or(r.jitter);
                    if (r.jitter < 0 || r.jitter > 1)
                        error(b["jitter"], u"jitter must be between 0 and 1"_s);
                }
            }
        }
        if (const YAML::Node n = node["on_status"]) {
            r.onStatus.clear();
            if (!n.IsSequence())
                error(n, u"on_status must be a list of HTTP status codes"_s);
            for (const YAML::Node &item : n)
                if (const auto code = integer(item, u"a status code"_s, 100)) {
                    if (*code > 599)
                        error(item, u"%1 is not an HTTP status code"_s.arg(*code));
                    r.onStatus.append(int(*code));
                }
        }
        if (const YAML::Node n = node["on_errors"]) {
            r.onErrors = strings(n, u"on_errors"_s);
            static const QStringList known{u"timeout"_s,    u"network"_s,     u"connection_refused"_s,
                                           u"stream_cut"_s, u"rate_limited"_s, u"overloaded"_s,
                                           u"server_error"_s, u"provider_error"_s, u"host_not_found"_s, u"tls"_s};
            for (const QString &e : std::as_const(r.onErrors))
                if (!known.contains(e))
                    error(n, u"unknown error class '%1' (known: %2)"_s.arg(e, known.join(u", ")));
        }
        if (const YAML::Node n = node["respect_retry_after"])
            r.honourRetryAfter = boolean(n, u"respect_retry_after"_s).value_or(true);
        if (const YAML::Node n = node["max_retry_after_ms"])
            r.maxRetryAfterMs = int(integer(n, u"max_retry_after_ms"_s).value_or(r.maxRetryAfterMs));
        if (const YAML::Node c = node["cooldown"]) {
            if (checkKeys(c, u"cooldown"_s, {"failures", "seconds"})) {
                if (c["failures"])
                    r.cooldownFailures = int(integer(c["failures"], u"failures"_s).value_or(r.cooldownFailures));
                if (c["seconds"])
                    r.cooldownSeconds = int(integer(c["seconds"], u"seconds"_s).value_or(r.cooldownSeconds));
            }
        }
        if (const YAML::Node t = node["timeouts"]) {
            if (checkKeys(t, u"timeouts"_s, {"connect_ms", "first_token_ms", "total_ms"})) {
                if (t["connect_ms"])
                    r.timeouts.connectMs = int(integer(t["connect_ms"], u"connect_ms"_s, 1).value_or(0));
                if (t["first_token_ms"])
                    r.timeouts.firstTokenMs = int(integer(t["first_token_ms"], u"first_token_ms"_s, 1).value_or(0));
                if (t["total_ms"])
                    r.timeouts.totalMs = int(integer(t["total_ms"], u"total_ms"_s, 1).value_or(0));
            }
        }
        return r;
    }

    Route route(const YAML::Node &nameNode, const YAML::Node &node, const RetryPolicy &defaults)
    {
        Route r;
        r.name = text(nameNode);
        r.position = positionOf(nameNode);
        if (!checkKeys(node, u"route '%1'"_s.arg(r.name),
                       {"description", "strategy", "rated_by", "targets", "constraints", "retry"}))
            return r;
        if (const YAML::Node n = node["description"])
            r.description = string(n, u"description"_s).value_or(QString());
        if (const YAML::Node n = node["strategy"]) {
            if (const auto name = string(n, u"strategy"_s)) {
                if (const auto s = strategyFromName(*name))
                    r.strategy = *s;
                else
                    error(n, u"unknown strategy '%1' (known: fallback, cheapest, fastest, weighted, best_voted, best_rated)"_s.arg(*name));
            }
        }
        if (const YAML::Node n = node["rated_by"]) {
            r.ratedBy = string(n, u"rated_by"_s).value_or(QString());
            if (r.strategy != Strategy::BestRated)
                error(n, u"rated_by applies to strategy best_rated only"_s);
        }
        const YAML::Node targets = node["targets"];
        if (!targets || !targets.IsSequence() || targets.size() == 0)
            error(targets ? targets : nameNode, u"route '%1' needs a list of targets"_s.arg(r.name));
        else
            for (const YAML::Node &item : targets)
                if (auto t = target(item))
                    r.targets.append(std::move(*t));
        if (const YAML::Node n = node["constraints"])
            r.constraints = constraints(n);
        if (const YAML::Node n = node["retry"])
            r.retry = retry(n, defaults);
        return r;
    }

    Condition condition(const YAML::Node &node)
    {
        Condition c;
        if (!checkKeys(node, u"when"_s,
                       {"tokens_above", "tokens_below", "regex", "tags", "has_images", "has_tools", "model",
                        "budget_reached"}))
            return c;
        if (const YAML::Node n = node["tokens_above"])
            c.tokensAbove = integer(n, u"tokens_above"_s);
        if (const YAML::Node n = node["tokens_below"])
            c.tokensBelow = integer(n, u"tokens_below"_s, 1);
        if (const YAML::Node n = node["regex"]) {
            c.regex = string(n, u"regex"_s).value_or(QString());
            const QRegularExpression re(c.regex);
            if (!re.isValid())
                error(n, u"regex does not compile: %1 at offset %2"_s.arg(re.errorString()).arg(re.patternErrorOffset()));
        }
        if (const YAML::Node n = node["tags"])
            c.tags = strings(n, u"tags"_s);
        if (const YAML::Node n = node["has_images"])
            c.hasImages = boolean(n, u"has_images"_s);
        if (const YAML::Node n = node["has_tools"])
            c.hasTools = boolean(n, u"has_tools"_s);
        if (const YAML::Node n = node["model"])
            c.models = strings(n, u"model"_s);
        if (const YAML::Node n = node["budget_reached"])
            c.budgetReached = string(n, u"budget_reached"_s).value_or(QString());
        return c;
    }

    Rule rule(const YAML::Node &node)
    {
        Rule r;
        r.position = positionOf(node);
        if (!checkKeys(node, u"a rule"_s, {"name", "when", "route"}))
            return r;
        if (const YAML::Node n = node["name"])
            r.name = string(n, u"name"_s).value_or(QString());
        if (const YAML::Node n = node["when"])
            r.when = condition(n);
        if (const YAML::Node n = node["route"])
            r.route = string(n, u"route"_s).value_or(QString());
        else
            error(node, u"a rule needs a route"_s);
        return r;
    }

    TestCase test(const YAML::Node &node)
    {
        TestCase t;
        t.position = positionOf(node);
        if (!checkKeys(node, u"a test"_s,
                       {"name", "prompt", "tags", "model", "tokens", "images", "tools", "expect", "expect_rule"}))
            return t;
        if (const YAML::Node n = node["name"])
            t.name = string(n, u"name"_s).value_or(QString());
        if (const YAML::Node n = node["prompt"])
            t.prompt = string(n, u"prompt"_s).value_or(QString());
        if (const YAML::Node n = node["tags"])
            t.tags = strings(n, u"tags"_s);
        if (const YAML::Node n = node["model"])
            t.model = string(n, u"model"_s).value_or(QString());
        if (const YAML::Node n = node["tokens"])
            t.tokens = integer(n, u"tokens"_s);
        if (const YAML::Node n = node["images"])
            t.images = boolean(n, u"images"_s).value_or(false);
        if (const YAML::Node n = node["tools"])
            t.tools = boolean(n, u"tools"_s).value_or(false);
        if (const YAML::Node n = node["expect"])
            t.expectRoute = string(n, u"expect"_s).value_or(QString());
        else
            error(node, u"a test needs the route it expects (expect: ROUTE)"_s);
        if (const YAML::Node n = node["expect_rule"])
            t.expectRule = string(n, u"expect_rule"_s).value_or(QString());
        return t;
    }

    RoutingConfig config(const YAML::Node &root)
    {
        RoutingConfig c;
        if (!root.IsMap()) {
            error(root, u"a routing config is a mapping with version, routes and rules"_s);
            return c;
        }
        checkKeys(root, u"the config"_s,
                  {"version", "name", "defaults", "data_policy", "routes", "rules", "default", "tests"});
        if (const YAML::Node n = root["version"]) {
            if (const auto v = integer(n, u"version"_s, 1)) {
                c.version = int(*v);
                if (*v > RoutingConfig::CurrentVersion)
                    error(n, u"version %1 is newer than this Switchyard reads (%2): update Switchyard"_s.arg(*v).arg(
                                 RoutingConfig::CurrentVersion));
            }
        } else {
            error(root, u"the config needs 'version: %1' at the top"_s.arg(RoutingConfig::CurrentVersion));
        }
        if (const YAML::Node n = root["name"])
            c.name = string(n, u"name"_s).value_or(QString());
        if (const YAML::Node d = root["defaults"]) {
            if (checkKeys(d, u"defaults"_s, {"retry"}) && d["retry"])
                c.retry = retry(d["retry"], c.retry);
        }
        if (const YAML::Node p = root["data_policy"]) {
            if (checkKeys(p, u"data_policy"_s, {"no_training", "zero_retention"})) {
                if (p["no_training"])
                    c.noTrainingProviders = strings(p["no_training"], u"no_training"_s);
                if (p["zero_retention"])
                    c.zeroRetentionProviders = strings(p["zero_retention"], u"zero_retention"_s);
            }
        }
        const YAML::Node routes = root["routes"];
        if (!routes || !routes.IsMap() || routes.size() == 0) {
            error(routes ? routes : root, u"the config needs routes: a mapping of route names to routes"_s);
        } else {
            for (auto it = routes.begin(); it != routes.end(); ++it)
                c.routes.append(route(it->first, it->second, c.retry));
        }
        if (const YAML::Node rules = root["rules"]) {
            if (!rules.IsSequence())
                error(rules, u"rules must be a list, tried in order"_s);
            else
                for (const YAML::Node &item : rules)
                    c.rules.append(rule(item));
        }
        if (const YAML::Node n = root["default"])
            c.defaultRoute = string(n, u"default"_s).value_or(QString());
        if (const YAML::Node tests = root["tests"]) {
            if (!tests.IsSequence())
                error(tests, u"tests must be a list"_s);
            else
                for (const YAML::Node &item : tests)
                    c.tests.append(test(item));
        }
        return c;
    }
};

// QJsonParseError gives an offset; people want the line and column.
SourcePosition positionAt(const QByteArray &text, qsizetype offset)
{
    SourcePosition p{1, 1};
    for (qsizetype i = 0; i < std::min(offset, text.size()); ++i) {
        if (text.at(i) == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((uchar(text.at(i)) & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++p.column;
        }
    }
    return p;
}

// "'secrets'" for a named rule, "#3" for an unnamed one.
QString ruleLabel(const Rule &rule, qsizetype index)
{
    return rule.name.isEmpty() ? u"#%1"_s.arg(index + 1) : u"'%1'"_s.arg(rule.name);
}

} // namespace

std::expected<ConfigReader::Result, ConfigErrors> ConfigReader::read(const QByteArray &text)
{
    if (text.trimmed().startsWith('{')) {
        // yaml-cpp reads JSON too, but its messages about broken JSON are
        // YAML's; Qt's JSON parser says what is wrong in JSON terms.
        QJsonParseError error;
        QJsonDocument::fromJson(text, &error);
        // Qt's offset is where its parser stood after reading the offending
        // character; the column to show is that character's own.
        if (error.error != QJsonParseError::NoError)
            return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, positionAt(text, std::max<qsizetype>(0, error.offset - 1)),
                                                 u"not valid JSON: "_s + error.errorString()}});
    }
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, positionOf(e.mark),
                                             u"not valid YAML: "_s + QString::fromStdString(e.msg)}});
    }
    if (!root || root.IsNull())
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, {1, 1}, u"the file is empty"_s}});
    Reader reader;
    Result result;
    try {
        result.config = reader.config(root);
    } catch (const YAML::Exception &e) {
        reader.errors.append({ConfigError::Severity::Error, positionOf(e.mark), QString::fromStdString(e.msg)});
    }
    if (reader.errors.isEmpty())
        reader.errors = validate(result.config);
    ConfigErrors errors;
    for (const ConfigError &e : std::as_const(reader.errors))
        (e.isError() ? errors : result.warnings).append(e);
    if (!errors.isEmpty()) {
        std::stable_sort(errors.begin(), errors.end(), [](const ConfigError &a, const ConfigError &b) {
            return std::pair(a.position.line, a.position.column) < std::pair(b.position.line, b.position.column);
        });
        return std::unexpected(errors);
    }
    result.warnings += reader.warnings;
    return result;
}

std::expected<ConfigReader::Result, ConfigErrors> ConfigReader::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(
            ConfigErrors{{ConfigError::Severity::Error, {}, u"cannot read %1: %2"_s.arg(path, file.errorString())}});
    return read(file.readAll());
}

ConfigErrors ConfigReader::validate(const RoutingConfig &config)
{
    ConfigErrors out;
    auto error = [&out](SourcePosition at, const QString &message) {
        out.append({ConfigError::Severity::Error, at, message});
    };
    auto warning = [&out](SourcePosition at, const QString &message) {
        out.append({ConfigError::Severity::Warning, at, message});
    };
    if (config.routes.isEmpty())
        error({}, u"the config has no routes"_s);
    QSet<QString> names;
    for (const Route &route : config.routes) {
        if (route.name.isEmpty())
            error(route.position, u"a route needs a name"_s);
        else if (const QString problem = Providers::nameProblem(route.name, u"route"); !problem.isEmpty())
            error(route.position, problem);
        else if (route.name.contains(u'/'))
            error(route.position, u"route name '%1' has a slash: slashes mark provider/model names"_s.arg(route.name));
        else if (names.contains(route.name))
            error(route.position, u"two routes are named '%1'"_s.arg(route.name));
        names.insert(route.name);
        if (route.targets.isEmpty())
            error(route.position, u"route '%1' has no targets"_s.arg(route.name));
        QSet<QString> keys;
        for (const Target &t : route.targets) {
            if (t.provider.isEmpty() || t.model.isEmpty())
                error(t.position, u"a target needs a provider and a model"_s);
            if (t.weight < 1)
                error(t.position, u"weight must be 1 or more"_s);
            if (keys.contains(t.key()))
                warning(t.position, u"%1 is listed twice in route '%2'"_s.arg(t.key(), route.name));
            keys.insert(t.key());
        }
        const RetryPolicy &retry = config.retryOf(route);
        if (retry.attempts < 1)
            error(route.position, u"route '%1': attempts must be 1 or more"_s.arg(route.name));
    }
    QSet<QString> reached;
    for (qsizetype i = 0; i < config.rules.size(); ++i) {
        const Rule &rule = config.rules.at(i);
        if (rule.route.isEmpty())
            continue; // the reader has said so already
        if (!names.contains(rule.route))
            error(rule.position, u"rule %1 names route '%2', which does not exist"_s.arg(ruleLabel(rule, i), rule.route));
        reached.insert(rule.route);
        if (!rule.when.regex.isEmpty() && !QRegularExpression(rule.when.regex).isValid())
            error(rule.position, u"the regex of rule %1 does not compile"_s.arg(ruleLabel(rule, i)));
        if (rule.when.tokensAbove && rule.when.tokensBelow && *rule.when.tokensAbove >= *rule.when.tokensBelow)
            warning(rule.position, u"rule %1 can never match: tokens_above %2 is not below tokens_below %3"_s.arg(
                                       ruleLabel(rule, i))
                                       .arg(*rule.when.tokensAbove)
                                       .arg(*rule.when.tokensBelow));
    }
    for (qsizetype i = 0; i + 1 < config.rules.size(); ++i)
        if (config.rules.at(i).when.isEmpty())
            warning(config.rules.at(i + 1).position,
                    u"rule %1 is never reached: the rule before it matches every request"_s.arg(
                        ruleLabel(config.rules.at(i + 1), i + 1)));
    if (!config.defaultRoute.isEmpty() && !names.contains(config.defaultRoute))
        error({}, u"default route '%1' does not exist"_s.arg(config.defaultRoute));
    if (const Route *fallback = config.fallbackRoute())
        reached.insert(fallback->name);
    for (const Route &route : config.routes)
        if (!reached.contains(route.name))
            warning(route.position, u"no rule leads to route '%1' (callers can still ask for it by name)"_s.arg(route.name));
    for (const TestCase &t : config.tests)
        if (!t.expectRoute.isEmpty() && !names.contains(t.expectRoute))
            error(t.position, u"test '%1' expects route '%2', which does not exist"_s.arg(t.name, t.expectRoute));
    return out;
}

} // namespace Switchyard::Routing
