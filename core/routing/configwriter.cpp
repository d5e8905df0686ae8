#include "configwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

// The config as an ordered tree, the one shape both writers walk: QJsonObject
// would sort the keys, and a route's place in the file matters (the first is
// the default).
struct Tree {
    enum class Kind : quint8 { Map, List, Value };
    Kind kind = Kind::Map;
    QList<std::pair<QString, Tree>> entries;
    QList<Tree> items;
    QJsonValue value;

    static Tree map() { return {}; }
    static Tree list() { return {.kind = Kind::List}; }
    static Tree of(QJsonValue v) { return {.kind = Kind::Value, .value = std::move(v)}; }
    static Tree of(const QStringList &strings)
    {
        Tree t = list();
        for (const QString &s : strings)
            t.items.append(of(s));
        return t;
    }
    static Tree of(const QJsonObject &object)
    {
        Tree t;
        for (auto it = object.begin(); it != object.end(); ++it)
            t.add(it.key(), ofJson(it.value()));
        return t;
    }
    static Tree ofJson(const QJsonValue &v)
    {
        if (v.isObject())
            return of(v.toObject());
        if (v.isArray()) {
            Tree t = list();
            for (const QJsonValue &item : v.toArray())
                t.items.append(ofJson(item));
            return t;
        }
        return of(v);
    }
    Tree &add(const QString &key, Tree child)
    {
        entries.append({key, std::move(child)});
        return *this;
    }
    Tree &add(const QString &key, QJsonValue v) { return add(key, of(std::move(v))); }
    [[nodiscard]] bool isEmpty() const { return kind != Kind::Value && entries.isEmpty() && items.isEmpty(); }
    [[nodiscard]] bool isFlatList() const
    {
        return kind == Kind::List
            && std::all_of(items.begin(), items.end(), [](const Tree &t) { return t.kind == Kind::Value; });
    }
};

// "3", not "3.0": prices are written as people write them.
QJsonValue usdPerMillion(qint64 amount)
{
    const double usd = Catalog::Price::toUsdPerMillion(amount);
    return usd == double(qint64(usd)) ? QJsonValue(qint64(usd)) : QJsonValue(usd);
}

QStringList capabilityNames(Catalog::Capabilities caps)
{
    QStringList out;
    if (caps & Catalog::Capability::Tools)
        out.append(u"tools"_s);
    if (caps & Catalog::Capability::Vision)
        out.append(u"vision"_s);
    if (caps & Catalog::Capability::JsonMode)
        out.append(u"json"_s);
    if (caps & Catalog::Capability::Reasoning)
        out.append(u"reasoning"_s);
    return out;
}

// Only the fields that differ from base, so a route's retry block names what
// the route changes.
Tree retryTree(const RetryPolicy &r, const RetryPolicy &base)
{
    Tree t;
    if (r.attempts != base.attempts)
        t.add(u"attempts"_s, r.attempts);
    Tree backoff;
    if (r.initialBackoffMs != base.initialBackoffMs)
        backoff.add(u"initial_ms"_s, r.initialBackoffMs);
    if (r.backoffMultiplier != base.backoffMultiplier)
        backoff.add(u"multiplier"_s, r.backoffMultiplier);
    if (r.maxBackoffMs != base.maxBackoffMs)
        backoff.add(u"max_ms"_s, r.maxBackoffMs);
    if (r.jitter != base.jitter)
        backoff.add(u"jitter"_s, r.jitter);
    if (!backoff.isEmpty())
        t.add(u"backoff"_s, backoff);
    if (r.onStatus != base.onStatus) {
        Tree codes = Tree::list();
        for (int code : r.onStatus)
            codes.items.append(Tree::of(code));
        t.add(u"on_status"_s, codes);
    }
    if (r.onErrors != base.onErrors)
        t.add(u"on_errors"_s, Tree::of(r.onErrors));
    if (r.honourRetryAfter != base.honourRetryAfter)
        t.add(u"respect_retry_after"_s, r.honourRetryAfter);
    if (r.maxRetryAfterMs != base.maxRetryAfterMs)
        t.add(u"max_retry_after_ms"_s, r.maxRetryAfterMs);
    Tree cooldown;
    if (r.cooldownFailures != base.cooldownFailures)
        cooldown.add(u"failures"_s, r.cooldownFailures);
    if (r.cooldownSeconds != base.cooldownSeconds)
        cooldown.add(u"seconds"_s, r.cooldownSeconds);
    if (!cooldown.isEmpty())
        t.add(u"cooldown"_s, cooldown);
    Tree timeouts;
    if (r.timeouts.connectMs != base.timeouts.connectMs)
        timeouts.add(u"connect_ms"_s, r.timeouts.connectMs);
    if (r.timeouts.firstTokenMs != base.timeouts.firstTokenMs)
        timeouts.add(u"first_token_ms"_s, r.timeouts.firstTokenMs);
    if (r.timeouts.totalMs != base.timeouts.totalMs)
        timeouts.add(u"total_ms"_s, r.timeouts.totalMs);
    if (!timeouts.isEmpty())
        t.add(u"timeouts"_s, timeouts);
    return t;
}

Tree constraintsTree(const Constraints &c)
{
    Tree t;
    Tree price;
    if (c.maxInputPrice)
        price.add(u"input"_s, usdPerMillion(*c.maxInputPrice));
    if (c.maxOutputPrice)
        price.add(u"output"_s, usdPerMillion(*c.maxOutputPrice));
    if (!price.isEmpty())
        t.add(u"max_price"_s, price);
    if (c.minContext)
        t.add(u"min_context"_s, double(*c.minContext));
    if (c.maxP95LatencyMs)
        t.add(u"max_p95_ms"_s, *c.maxP95LatencyMs);
    Tree providers;
    if (!c.allowProviders.isEmpty())
        providers.add(u"allow"_s, Tree::of(c.allowProviders));
    if (!c.denyProviders.isEmpty())
        providers.add(u"deny"_s, Tree::of(c.denyProviders));
    if (!providers.isEmpty())
        t.add(u"providers"_s, providers);
    if (c.capabilities)
        t.add(u"capabilities"_s, Tree::of(capabilityNames(c.capabilities)));
    if (c.data != DataPolicy::Any)
        t.add(u"data"_s, dataPolicyName(c.data));
    return t;
}

Tree conditionTree(const Condition &c)
{
    Tree t;
    if (c.tokensAbove)
        t.add(u"tokens_above"_s, double(*c.tokensAbove));
    if (c.tokensBelow)
        t.add(u"tokens_below"_s, double(*c.tokensBelow));
    if (!c.regex.isEmpty())
        t.add(u"regex"_s, c.regex);
    if (!c.tags.isEmpty())
        t.add(u"tags"_s, Tree::of(c.tags));
    if (c.hasImages)
        t.add(u"has_images"_s, *c.hasImages);
    if (c.hasTools)
        t.add(u"has_tools"_s, *c.hasTools);
    if (!c.models.isEmpty())
        t.add(u"model"_s, Tree::of(c.models));
    if (!c.budgetReached.isEmpty())
        t.add(u"budget_reached"_s, c.budgetReached);
    return t;
}

Tree treeOf(const RoutingConfig &config)
{
    Tree root;
    root.add(u"version"_s, config.version);
    if (!config.name.isEmpty())
        root.add(u"name"_s, config.name);
    if (const Tree retry = retryTree(config.retry, RetryPolicy{}); !retry.isEmpty())
        root.add(u"defaults"_s, Tree().add(u"retry"_s, retry));
    Tree policy;
    if (!config.noTrainingProviders.isEmpty())
        policy.add(u"no_training"_s, Tree::of(config.noTrainingProviders));
    if (!config.zeroRetentionProviders.isEmpty())
        policy.add(u"zero_retention"_s, Tree::of(config.zeroRetentionProviders));
    if (!policy.isEmpty())
        root.add(u"data_policy"_s, policy);

    Tree routes;
    for (const Route &route : config.routes) {
        Tree r;
        if (!route.description.isEmpty())
            r.add(u"description"_s, route.description);
        r.add(u"strategy"_s, strategyName(route.strategy));
        if (!route.ratedBy.isEmpty())
            r.add(u"rated_by"_s, route.ratedBy);
        Tree targets = Tree::list();
        for (const Target &target : route.targets) {
            if (target.params.isEmpty() && target.weight == 1) {
                targets.items.append(Tree::of(target.key()));
                continue;
            }
            Tree t;
            t.add(u"model"_s, target.key());
            if (!target.params.isEmpty())
                t.add(u"params"_s, Tree::of(target.params));
            if (target.weight != 1)
                t.add(u"weight"_s, target.weight);
            targets.items.append(t);
        }
        r.add(u"targets"_s, targets);
        if (const Tree c = constraintsTree(route.constraints); !c.isEmpty())
            r.add(u"constraints"_s, c);
        if (route.retry) {
            // An empty block still says "this route has its own policy",
            // which keeps a later change of the defaults from reaching it.
            r.add(u"retry"_s, retryTree(*route.retry, config.retry));
        }
        routes.add(route.name, r);
    }
    root.add(u"routes"_s, routes);

    if (!config.rules.isEmpty()) {
        Tree rules = Tree::list();
        for (const Rule &rule : config.rules) {
            Tree r;
            if (!rule.name.isEmpty())
                r.add(u"name"_s, rule.name);
            if (!rule.when.isEmpty())
                r.add(u"when"_s, conditionTree(rule.when));
            r.add(u"route"_s, rule.route);
            rules.items.append(r);
        }
        root.add(u"rules"_s, rules);
    }
    if (!config.defaultRoute.isEmpty())
        root.add(u"default"_s, config.defaultRoute);
    if (!config.tests.isEmpty()) {
        Tree tests = Tree::list();
        for (const TestCase &test : config.tests) {
            Tree t;
            if (!test.name.isEmpty())
                t.add(u"name"_s, test.name);
            if (!test.prompt.isEmpty())
                t.add(u"prompt"_s, test.prompt);
            if (!test.tags.isEmpty())
                t.add(u"tags"_s, Tree::of(test.tags));
            if (!test.model.isEmpty())
                t.add(u"model"_s, test.model);
            if (test.tokens)
                t.add(u"tokens"_s, double(*test.tokens));
            if (test.images)
                t.add(u"images"_s, true);
            if (test.tools)
                t.add(u"tools"_s, true);
            t.add(u"expect"_s, test.expectRoute);
            if (!test.expectRule.isEmpty())
                t.add(u"expect_rule"_s, test.expectRule);
            tests.items.append(t);
        }
        root.add(u"tests"_s, tests);
    }
    return root;
}

// A double keeps its point ("0.0") so that reading it back gives a double
// again: a provider may take temperature 0 and 0.0 alike, but a round trip
// must not change the config at all.
QByteArray numberText(const QJsonValue &value)
{
    if (value.toVariant().metaType().id() != QMetaType::Double)
        return QByteArray::number(value.toInteger());
    QByteArray text = QByteArray::number(value.toDouble(), 'g', 15);
    if (!text.contains('.') && !text.contains('e') && !text.contains('n') && !text.contains('i'))
        text += ".0";
    return text;
}

// A text YAML would read as something else unquoted: a number, a bool, null.
bool needsQuotes(const QString &s)
{
    if (s.isEmpty())
        return true;
    static const QStringList special{u"true"_s, u"false"_s, u"yes"_s, u"no"_s, u"on"_s, u"off"_s, u"null"_s, u"~"_s};
    if (special.contains(s.toLower()))
        return true;
    bool number = false;
    s.toDouble(&number);
    return number;
}

void writeYaml(YAML::Emitter &out, const Tree &tree)
{
    switch (tree.kind) {
    case Tree::Kind::Map:
        if (tree.entries.isEmpty())
            out << YAML::Flow; // "retry: {}" on its own line, not a "{}" below it
        out << YAML::BeginMap;
        for (const auto &[key, child] : tree.entries) {
            out << YAML::Key << key.toStdString() << YAML::Value;
            writeYaml(out, child);
        }
        out << YAML::EndMap;
        break;
    case Tree::Kind::List:
        if (tree.isFlatList() && tree.items.size() <= 12)
            out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const Tree &item : tree.items)
            writeYaml(out, item);
        out << YAML::EndSeq;
        break;
    case Tree::Kind::Value:
        if (tree.value.isBool()) {
            out << (tree.value.toBool() ? "true" : "false");
        } else if (tree.value.isDouble()) {
            out << numberText(tree.value).toStdString();
        } else if (tree.value.isNull()) {
            out << YAML::Null;
        } else {
            const QString s = tree.value.toString();
            if (needsQuotes(s))
                out << YAML::DoubleQuoted;
            out << s.toStdString();
        }
        break;
    }
}

void writeJson(QByteArray &out, const Tree &tree, int depth)
{
    const QByteArray indent(depth * 2, ' ');
    const QByteArray inner((depth + 1) * 2, ' ');
    switch (tree.kind) {
    case Tree::Kind::Map: {
        if (tree.entries.isEmpty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        for (qsizetype i = 0; i < tree.entries.size(); ++i) {
            const auto &[key, child] = tree.entries.at(i);
            out += inner;
            // QJsonDocument escapes a string exactly as JSON wants.
            out += QJsonDocument(QJsonArray{key}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            out += ": ";
            writeJson(out, child, depth + 1);
            out += i + 1 < tree.entries.size() ? ",\n" : "\n";
        }
        out += indent + '}';
        return;
    }
    case Tree::Kind::List: {
        if (tree.items.isEmpty()) {
            out += "[]";
            return;
        }
        const bool flat = tree.isFlatList();
        out += flat ? "[" : "[\n";
        for (qsizetype i = 0; i < tree.items.size(); ++i) {
            if (!flat)
                out += inner;
            writeJson(out, tree.items.at(i), depth + 1);
            if (i + 1 < tree.items.size())
                out += flat ? ", " : ",\n";
        }
        out += flat ? QByteArray("]") : '\n' + indent + ']';
        return;
    }
    case Tree::Kind::Value:
        if (tree.value.isDouble()) {
            out += numberText(tree.value);
            return;
        }
        out += QJsonDocument(QJsonArray{tree.value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        return;
    }
}

} // namespace

QByteArray ConfigWriter::toYaml(const RoutingConfig &config)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    writeYaml(out, treeOf(config));
    QByteArray text(out.c_str(), qsizetype(out.size()));
    // Blank lines between the top-level sections, as people write them.
    QByteArray spaced;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (i > 1 && !line.isEmpty() && line.at(0) != ' ' && line.at(0) != '-' && !line.startsWith("name:"))
            spaced += '\n';
        spaced += line + '\n';
    }
    return spaced.trimmed() + '\n';
}

QByteArray ConfigWriter::toJson(const RoutingConfig &config)
{
    QByteArray out;
    writeJson(out, treeOf(config), 0);
    return out + '\n';
}

} // namespace Switchyard::Routing
