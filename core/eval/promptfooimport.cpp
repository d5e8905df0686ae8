#include "eval/promptfooimport.h"

#include "providers/providerpresets.h"
#include "routing/formatsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

namespace {

using Routing::ConfigError;
using Routing::ConfigErrors;
using Routing::FormatSupport::json;
using Routing::FormatSupport::positionOf;
using Routing::FormatSupport::text;

QString at(const YAML::Node &node)
{
    const auto p = positionOf(node);
    return p.isKnown() ? u"%1:%2: "_s.arg(p.line).arg(p.column) : QString();
}

// "openai:gpt-4o-mini", "openai:chat:gpt-4o", "anthropic:messages:claude-…",
// "ollama:chat:llama3", "openrouter:meta-llama/llama-3-8b" → provider/model.
std::optional<QString> providerModel(const QString &id)
{
    static const QHash<QString, QString> vendors{
        {u"openai"_s, u"openai"_s},         {u"anthropic"_s, u"anthropic"_s}, {u"google"_s, u"gemini"_s},
        {u"gemini"_s, u"gemini"_s},         {u"openrouter"_s, u"openrouter"_s}, {u"mistral"_s, u"mistral"_s},
        {u"groq"_s, u"groq"_s},             {u"deepseek"_s, u"deepseek"_s},   {u"togetherai"_s, u"together"_s},
        {u"together"_s, u"together"_s},     {u"xai"_s, u"xai"_s},             {u"fireworks"_s, u"fireworks"_s},
        {u"ollama"_s, u"ollama"_s},         {u"vllm"_s, u"vllm"_s},           {u"llama"_s, u"llamacpp"_s},
    };
    static const QStringList apiWords{u"chat"_s, u"messages"_s, u"completion"_s, u"responses"_s};
    QStringList parts = id.split(u':');
    if (parts.size() < 2 || !vendors.contains(parts.first()))
        return std::nullopt;
    const QString provider = vendors.value(parts.takeFirst());
    if (parts.size() > 1 && apiWords.contains(parts.first()))
        parts.removeFirst();
    const QString model = parts.join(u':');
    if (model.isEmpty())
        return std::nullopt;
    return provider + u'/' + model;
}

class Converter
{
public:
    QStringList notes;
    ConfigErrors errors;
    QString judge;

    void note(const YAML::Node &node, const QString &message) { notes.append(at(node) + message); }

    std::optional<QJsonObject> assertion(const YAML::Node &node)
    {
        if (!node.IsMap() || !node["type"]) {
            note(node, u"an assertion without a type was left out"_s);
            return std::nullopt;
        }
        QString type = text(node["type"]);
        const YAML::Node value = node["value"];
        QJsonObject out;
        static const QStringList direct{u"equals"_s, u"contains"_s, u"regex"_s, u"not-equals"_s,
                                        u"not-contains"_s, u"not-regex"_s, u"is-json"_s, u"not-is-json"_s};
        if (type == "icontains"_L1 || type == "not-icontains"_L1) {
            out.insert(u"type"_s, type.startsWith("not-"_L1) ? u"not-contains"_s : u"contains"_s);
            out.insert(u"ignore_case"_s, true);
        } else if ((type == "is-json"_L1 || type == "contains-json"_L1) && value && value.IsMap()) {
            if (type == "contains-json"_L1)
                note(node, u"contains-json with a schema became json-schema: the whole answer must be the JSON"_s);
            out.insert(u"type"_s, u"json-schema"_s);
            out.insert(u"value"_s, json(value));
            return out;
        } else if (type == "contains-json"_L1) {
            note(node, u"contains-json became is-json: the whole answer (or one code fence) must be JSON"_s);
            out.insert(u"type"_s, u"is-json"_s);
            return out;
        } else if (direct.contains(type)) {
            out.insert(u"type"_s, type);
        } else if (type == "llm-rubric"_L1 || type == "model-graded-closedqa"_L1) {
            out.insert(u"type"_s, u"judge"_s);
            if (const YAML::Node provider = node["provider"]) {
                const auto model = providerModel(provider.IsMap() ? text(provider["id"]) : text(provider));
                if (model)
                    out.insert(u"model"_s, *model);
                else
                    note(provider, u"the grader '%1' is not a provider Switchyard knows; the suite's judge grades instead"_s.arg(text(provider)));
            }
            if (const YAML::Node threshold = node["threshold"])
                if (const auto n = Routing::FormatSupport::number(threshold); n && *n >= 0 && *n <= 1)
                    out.insert(u"threshold"_s, *n);
        } else if (type == "cost"_L1 || type == "latency"_L1) {
            const YAML::Node threshold = node["threshold"];
            const auto n = threshold ? Routing::FormatSupport::number(threshold) : std::nullopt;
            if (!n) {
                note(node, u"%1 without a numeric threshold was left out"_s.arg(type));
                return std::nullopt;
            }
            out.insert(u"type"_s, type == "cost"_L1 ? u"max-cost"_s : u"max-latency"_s);
            out.insert(u"value"_s, *n);
            return out;
        } else {
            note(node, u"assertion type '%1' has no Switchyard equivalent and was left out"_s.arg(type));
            return std::nullopt;
        }
        if (out.value(u"type"_s).toString().endsWith(u"is-json"_s))
            return out;
        if (!value || !value.IsScalar()) {
            note(node, u"a %1 assertion without a text value was left out"_s.arg(type));
            return std::nullopt;
        }
        if (text(value).startsWith("file://"_L1)) {
            note(value, u"a value read from a file (%1) was left out"_s.arg(text(value)));
            return std::nullopt;
        }
        out.insert(u"value"_s, text(value));
        return out;
    }

    QJsonArray assertions(const YAML::Node &node)
    {
        QJsonArray out;
        if (!node.IsSequence()) {
            note(node, u"assert is not a list and was left out"_s);
            return out;
        }
        for (const YAML::Node &item : node)
            if (auto a = assertion(item))
                out.append(*a);
        return out;
    }

    bool usesJudge(const QJsonArray &list) const
    {
        for (const QJsonValue &a : list)
            if (a.toObject().value(u"type"_s) == u"judge"_s && !a.toObject().contains(u"model"_s))
                return true;
        return false;
    }
};

} // namespace

std::expected<PromptfooImport::Result, ConfigErrors> PromptfooImport::convert(const QByteArray &text,
                                                                              const QString &name)
{
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(ConfigErrors{
            {ConfigError::Severity::Error, positionOf(e.mark), u"not valid YAML: "_s + QString::fromStdString(e.msg)}});
    }
    if (!root.IsMap())
        return std::unexpected(
            ConfigErrors{{ConfigError::Severity::Error, {1, 1}, u"a promptfoo config is a mapping of keys to values"_s}});
    Converter c;
    QJsonObject suite;
    const QString description = Routing::FormatSupport::text(root["description"]);
    QString suiteName = name;
    if (!description.isEmpty()) {
        suiteName = description.toLower();
        suiteName.replace(QRegularExpression(u"[^a-z0-9]+"_s), u"-"_s);
        suiteName = suiteName.left(48);
        while (suiteName.endsWith(u'-'))
            suiteName.chop(1);
        while (suiteName.startsWith(u'-'))
            suiteName.remove(0, 1);
        if (suiteName.isEmpty())
            suiteName = name;
    }
    QJsonArray prompts;
    if (const YAML::Node p = root["prompts"]) {
        const YAML::Node list = p;
        auto addPrompt = [&](const YAML::Node &item) {
            const QString t = item.IsMap() ? Routing::FormatSupport::text(item["raw"]) : Routing::FormatSupport::text(item);
            if (t.isEmpty())
                c.note(item, u"a prompt without raw text was left out"_s);
            else if (t.startsWith("file://"_L1))
                c.note(item, u"the prompt file %1 was left out: paste its text into prompts"_s.arg(t));
            else
                prompts.append(t);
        };
        if (list.IsSequence())
            for (const YAML::Node &item : list)
                addPrompt(item);
        else
            addPrompt(list);
    }
    QJsonArray targets;
    if (const YAML::Node p = root["providers"]) {
        const YAML::Node list = p;
        auto addProvider = [&](const YAML::Node &item) {
            const QString id = item.IsMap() ? Routing::FormatSupport::text(item["id"]) : Routing::FormatSupport::text(item);
            if (item.IsMap() && item["config"])
                c.note(item["config"], u"the options of provider '%1' were left out (set temperature and max_tokens "
                                       u"for the whole suite instead)"_s.arg(id));
            if (const auto model = providerModel(id); model && !targets.contains(QJsonValue(*model)))
                targets.append(*model);
            else if (!model)
                c.note(item, u"provider '%1' has no Switchyard equivalent and was left out"_s.arg(id));
        };
        if (list.IsSequence())
            for (const YAML::Node &item : list)
                addProvider(item);
        else
            addProvider(list);
    }
    QJsonArray suiteAsserts;
    if (const YAML::Node d = root["defaultTest"]) {
        if (d["assert"])
            suiteAsserts = c.assertions(d["assert"]);
        if (d["vars"])
            c.note(d["vars"], u"defaultTest vars were left out: give each test its vars"_s);
        if (const YAML::Node provider = d["options"]["provider"]) {
            const auto model = providerModel(provider.IsMap() ? Routing::FormatSupport::text(provider["id"])
                                                              : Routing::FormatSupport::text(provider));
            if (model)
                c.judge = *model;
        }
    }
    QJsonArray tests;
    QJsonArray testFiles;
    if (const YAML::Node t = root["tests"]) {
        const YAML::Node list = t;
        auto addTest = [&](const YAML::Node &item) {
            if (item.IsScalar()) {
                QString file = Routing::FormatSupport::text(item);
                if (file.startsWith("file://"_L1))
                    file = file.mid(7);
                if (file.endsWith(".csv"_L1, Qt::CaseInsensitive) || file.endsWith(".jsonl"_L1, Qt::CaseInsensitive))
                    testFiles.append(file);
                else
                    c.note(item, u"the tests file %1 was left out: Switchyard reads tests from CSV and JSON Lines"_s.arg(file));
                return;
            }
            if (!item.IsMap()) {
                c.note(item, u"a test that is not a mapping was left out"_s);
                return;
            }
            QJsonObject test;
            for (auto it = item.begin(); it != item.end(); ++it) {
                const QString key = Routing::FormatSupport::text(it->first);
                if (key == "description"_L1) {
                    test.insert(u"description"_s, Routing::FormatSupport::text(it->second));
                } else if (key == "vars"_L1) {
                    if (it->second.IsMap()) {
                        QJsonObject vars;
                        for (auto v = it->second.begin(); v != it->second.end(); ++v)
                            vars.insert(Routing::FormatSupport::text(v->first),
                                        v->second.IsScalar() ? QJsonValue(Routing::FormatSupport::text(v->second))
                                                             : json(v->second));
                        test.insert(u"vars"_s, vars);
                    } else {
                        c.note(it->second, u"vars that are not a mapping were left out"_s);
                    }
                } else if (key == "assert"_L1) {
                    test.insert(u"assert"_s, c.assertions(it->second));
                } else {
                    c.note(it->first, u"test key '%1' has no Switchyard equivalent and was left out"_s.arg(key));
                }
            }
            tests.append(test);
        };
        if (list.IsSequence())
            for (const YAML::Node &item : list)
                addTest(item);
        else
            addTest(list);
    }
    for (const char *key : {"scenarios", "nunjucksFilters", "evaluateOptions", "env", "derivedMetrics",
                            "extensions", "outputPath", "sharing"})
        if (root[key])
            c.note(root[key], u"'%1' has no Switchyard equivalent and was left out"_s.arg(QLatin1StringView(key)));

    bool needsJudge = c.usesJudge(suiteAsserts);
    for (const QJsonValue &t : std::as_const(tests))
        needsJudge = needsJudge || c.usesJudge(t.toObject().value(u"assert"_s).toArray());

    YAML::Emitter out;
    out << YAML::Comment("Imported from a promptfoo config by switchyard-cli eval import.");
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << 1;
    out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << suiteName.toStdString();
    if (!description.isEmpty())
        out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << description.toStdString();
    if (!prompts.isEmpty()) {
        out << YAML::Key << "prompts" << YAML::Value << YAML::BeginSeq;
        for (const QJsonValue &p : std::as_const(prompts))
            out << YAML::DoubleQuoted << p.toString().toStdString();
        out << YAML::EndSeq;
    }
    out << YAML::Key << "targets" << YAML::Value;
    Routing::FormatSupport::writeJson(out, targets);
    if (!c.judge.isEmpty() || (needsJudge && !targets.isEmpty())) {
        if (c.judge.isEmpty()) {
            c.judge = targets.first().toString();
            c.notes.append(u"judge assertions are graded by %1, the first target: set judge: to another model"_s.arg(c.judge));
        }
        out << YAML::Key << "judge" << YAML::Value << YAML::DoubleQuoted << c.judge.toStdString();
    }
    if (!suiteAsserts.isEmpty()) {
        out << YAML::Key << "assert" << YAML::Value << YAML::BeginSeq;
        for (const QJsonValue &a : std::as_const(suiteAsserts))
            Routing::FormatSupport::writeJson(out, a);
        out << YAML::EndSeq;
    }
    out << YAML::Key << "tests" << YAML::Value << YAML::BeginSeq;
    for (const QJsonValue &t : std::as_const(tests)) {
        const QJsonObject test = t.toObject();
        out << YAML::BeginMap;
        if (test.contains(u"description"_s))
            out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted
                << test.value(u"description"_s).toString().toStdString();
        if (test.contains(u"vars"_s)) {
            out << YAML::Key << "vars" << YAML::Value;
            Routing::FormatSupport::writeJson(out, test.value(u"vars"_s));
        }
        if (!test.value(u"assert"_s).toArray().isEmpty()) {
            out << YAML::Key << "assert" << YAML::Value << YAML::BeginSeq;
            for (const QJsonValue &a : test.value(u"assert"_s).toArray()) {
                out << YAML::Flow;
                Routing::FormatSupport::writeJson(out, a);
            }
            out << YAML::EndSeq;
        }
        out << YAML::EndMap;
    }
    for (const QJsonValue &f : std::as_const(testFiles))
        out << YAML::DoubleQuoted << f.toString().toStdString();
    out << YAML::EndSeq;
    out << YAML::EndMap;
    if (targets.isEmpty())
        c.notes.append(u"no provider mapped: add targets: before running the suite"_s);
    if (prompts.isEmpty())
        c.notes.append(u"no prompt mapped: add prompts: before running the suite"_s);
    return Result{QByteArray(out.c_str()) + '\n', c.notes};
}

} // namespace Switchyard::Eval
