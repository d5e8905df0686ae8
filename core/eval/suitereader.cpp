#include "eval/suitereader.h"

#include "eval/jsonschema.h"
#include "providers/namecheck.h"
#include "routing/formatsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

namespace {

using Routing::FormatSupport::json;
using Routing::FormatSupport::positionOf;
using Routing::FormatSupport::text;

// A data file bigger than this is a mistake (a model dump named by accident),
// not a test set.
constexpr qint64 MaxDataFileBytes = 64 * 1024 * 1024;

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
// Returns the records with the line each began on; an unterminated quote is
// reported by its line.
struct CsvRecord {
    QStringList fields;
    int line = 0;
};

std::expected<QList<CsvRecord>, int> parseCsv(const QString &data)
{
    QList<CsvRecord> records;
    CsvRecord current{{}, 1};
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    auto endField = [&] {
        current.fields.append(field);
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        // A blank line is no record.
        if (!(current.fields.size() == 1 && current.fields.first().isEmpty()))
            records.append(current);
        current = CsvRecord{{}, line};
    };
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QChar c = data.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < data.size() && data.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == u',') {
            endField();
        } else if (c == u'\r') {
            continue;
        } else if (c == u'\n') {
            ++line;
            endRecord();
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        return std::unexpected(quoteLine);
    if (fieldStarted || !current.fields.isEmpty())
        endRecord();
    return records;
}

class Reader
{
public:
    QString baseDir;
    ConfigErrors errors;
    ConfigErrors warnings;
    // Set while reading a data file: its problems are reported at the
    // reference in the suite, with the file's own line in the message.
    QString dataOrigin;
    SourcePosition dataReference;

    void error(const YAML::Node &at, const QString &message) { error(positionOf(at), message); }
    void error(SourcePosition at, const QString &message)
    {
        if (!dataOrigin.isEmpty()) {
            errors.append({ConfigError::Severity::Error, dataReference,
                           u"%1:%2: %3"_s.arg(dataOrigin).arg(at.line).arg(message)});
            return;
        }
        errors.append({ConfigError::Severity::Error, at, message});
    }

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

    std::optional<double> number(const YAML::Node &node, const QString &what, double min)
    {
        const auto value = Routing::FormatSupport::number(node);
        if (!value || *value < min) {
            error(node, u"%1 must be a number, %2 or more"_s.arg(what).arg(min));
            return std::nullopt;
        }
        return value;
    }

    std::optional<qint64> integer(const YAML::Node &node, const QString &what, qint64 min)
    {
        const auto value = Routing::FormatSupport::integer(node);
        if (!value || *value < min) {
            error(node, u"%1 must be a whole number, %2 or more"_s.arg(what).arg(min));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const YAML::Node &node, const QString &what)
    {
        const auto value = Routing::FormatSupport::boolean(node);
        if (!value)
            error(node, u"%1 must be true or false"_s.arg(what));
        return value;
    }

    std::optional<QString> model(const YAML::Node &node, const QString &what)
    {
        const auto name = string(node, what);
        if (!name)
            return std::nullopt;
        if (name->isEmpty()) {
            error(node, u"%1 is empty: write provider/model or a route's name"_s.arg(what));
            return std::nullopt;
        }
        if (const QString problem = Providers::nameProblem(*name, u"model"); !problem.isEmpty()) {
            error(node, problem);
            return std::nullopt;
        }
        if (name->contains(u'/') && (name->section(u'/', 0, 0).isEmpty() || name->section(u'/', 1).isEmpty())) {
            error(node, u"'%1' is not a model: write provider/model, e.g. openai/gpt-4o-mini"_s.arg(*name));
            return std::nullopt;
        }
        return name;
    }

    // A YAML value as the text a variable holds: scalars as written, anything
    // else as compact JSON (a list of items a prompt lists).
    static QString varText(const YAML::Node &node)
    {
        if (node.IsScalar())
            return text(node);
        if (node.IsNull())
            return {};
        const QJsonValue v = json(node);
        return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }

    std::optional<Assertion> assertion(const YAML::Node &node)
    {
        if (!checkKeys(node, u"an assertion"_s, {"type", "value", "ignore_case", "model", "threshold"}))
            return std::nullopt;
        const YAML::Node typeNode = node["type"];
        if (!typeNode) {
            error(node, u"an assertion needs a type (equals, contains, not-contains, regex, is-json, json-schema, "
                        u"max-cost, max-latency, max-tokens, judge)"_s);
            return std::nullopt;
        }
        const auto typeName = string(typeNode, u"type"_s);
        if (!typeName)
            return std::nullopt;
        auto a = Assertion::fromTypeName(*typeName);
        if (!a) {
            error(typeNode, u"unknown assertion type '%1' (known: equals, contains, regex, is-json, json-schema, each "
                            u"also with not- before it; max-cost, max-latency, max-tokens, judge)"_s.arg(*typeName));
            return std::nullopt;
        }
        a->position = positionOf(node);
        const YAML::Node value = node["value"];
        using T = Assertion::Type;
        const bool textual = a->type == T::Equals || a->type == T::Contains || a->type == T::Regex;
        if (const YAML::Node n = node["ignore_case"]) {
            if (!textual)
                error(n, u"ignore_case applies to equals, contains and regex only"_s);
            else
                a->ignoreCase = boolean(n, u"ignore_case"_s).value_or(false);
        }
        if (a->type != T::Judge) {
            if (node["model"])
                error(node["model"], u"model applies to judge assertions only"_s);
            if (node["threshold"])
                error(node["threshold"], u"threshold applies to judge assertions only"_s);
        }
        switch (a->type) {
        case T::Equals:
        case T::Contains:
        case T::Regex:
        case T::Judge: {
            if (!value || value.IsNull()) {
                error(node, a->type == T::Judge ? u"a judge assertion needs a value: the rubric the answer is graded by"_s
                                                : u"a %1 assertion needs a value"_s.arg(*typeName));
                return std::nullopt;
            }
            if (!value.IsScalar()) {
                error(value, u"the value of %1 must be a text"_s.arg(*typeName));
                return std::nullopt;
            }
            a->text = text(value);
            if (a->type == T::Regex) {
                QRegularExpression re(a->text);
                if (!re.isValid()) {
                    error(value, u"the regex does not compile: %1"_s.arg(re.errorString()));
                    return std::nullopt;
                }
            }
            if (a->type == T::Judge) {
                if (const YAML::Node m = node["model"])
                    a->model = model(m, u"the judge's model"_s).value_or(QString());
                if (const YAML::Node t = node["threshold"]) {
                    const auto th = number(t, u"threshold"_s, 0);
                    if (th && *th > 1)
                        error(t, u"threshold is a score between 0 and 1"_s);
                    else if (th)
                        a->threshold = *th;
                }
            }
            break;
        }
        case T::IsJson:
            if (value)
                error(value, u"is-json takes no value (use json-schema to check the shape)"_s);
            break;
        case T::JsonSchema: {
            if (!value || !value.IsMap()) {
                error(value ? value : node, u"json-schema needs a value: the schema, as a mapping"_s);
                return std::nullopt;
            }
            a->schema = json(value);
            for (const QString &problem : JsonSchema::check(a->schema.toObject()))
                error(value, problem);
            break;
        }
        case T::MaxCost:
        case T::MaxLatency:
        case T::MaxTokens: {
            static const QString units[] = {u"USD"_s, u"milliseconds"_s, u"output tokens"_s};
            const QString unit = units[int(a->type) - int(T::MaxCost)];
            if (!value) {
                error(node, u"%1 needs a value in %2"_s.arg(*typeName, unit));
                return std::nullopt;
            }
            const auto limit = number(value, u"the value of %1 (%2)"_s.arg(*typeName, unit), 0);
            if (!limit)
                return std::nullopt;
            a->limit = *limit;
            break;
        }
        }
        return a;
    }

    QList<Assertion> assertions(const YAML::Node &node)
    {
        QList<Assertion> out;
        if (!node.IsSequence()) {
            error(node, u"assert must be a list of assertions"_s);
            return out;
        }
        for (const YAML::Node &item : node)
            if (auto a = assertion(item))
                out.append(*a);
        return out;
    }

    std::optional<TestCase> test(const YAML::Node &node)
    {
        if (!checkKeys(node, u"a test"_s, {"description", "vars", "prompt", "assert"}))
            return std::nullopt;
        TestCase t;
        t.position = positionOf(node);
        if (const YAML::Node n = node["description"])
            t.description = string(n, u"description"_s).value_or(QString());
        if (const YAML::Node vars = node["vars"]) {
            if (!vars.IsMap()) {
                error(vars, u"vars must be a mapping of names to values"_s);
            } else {
                for (auto it = vars.begin(); it != vars.end(); ++it)
                    t.vars.insert(text(it->first), varText(it->second));
            }
        }
        if (const YAML::Node n = node["prompt"])
            t.prompt = string(n, u"prompt"_s);
        if (const YAML::Node n = node["assert"])
            t.assertions = assertions(n);
        return t;
    }

    // A tests file: CSV (a header row of variable names; "description",
    // "prompt" and "__expected" columns are special) or JSON Lines (each line
    // a test as written inline).
    void testsFile(const YAML::Node &ref, QList<TestCase> &out)
    {
        const auto name = string(ref, u"a tests file"_s);
        if (!name)
            return;
        const QString path = QDir(baseDir).absoluteFilePath(*name);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            error(ref, u"cannot read the tests file %1: %2"_s.arg(*name, file.errorString()));
            return;
        }
        if (file.size() > MaxDataFileBytes) {
            error(ref, u"the tests file %1 is over 64 MiB"_s.arg(*name));
            return;
        }
        const QByteArray bytes = file.readAll();
        const QString suffix = QFileInfo(path).suffix().toLower();
        dataOrigin = *name;
        dataReference = positionOf(ref);
        if (suffix == "csv"_L1)
            csvTests(QString::fromUtf8(bytes), out);
        else if (suffix == "jsonl"_L1 || suffix == "ndjson"_L1)
            jsonlTests(bytes, out);
        else
            error(SourcePosition{1, 1}, u"a tests file must end in .csv or .jsonl"_s);
        dataOrigin.clear();
    }

    void csvTests(QString data, QList<TestCase> &out)
    {
        if (data.startsWith(QChar(0xFEFF)))
            data.remove(0, 1); // spreadsheets write a BOM
        const auto records = parseCsv(data);
        if (!records) {
            error(SourcePosition{records.error(), 1}, u"a quoted field is never closed"_s);
            return;
        }
        if (records->isEmpty()) {
            error(SourcePosition{1, 1}, u"the file has no header row"_s);
            return;
        }
        const QStringList header = records->first().fields;
        for (qsizetype r = 1; r < records->size(); ++r) {
            const CsvRecord &record = records->at(r);
            if (record.fields.size() != header.size()) {
                error(SourcePosition{record.line, 1},
                      u"%1 fields where the header has %2"_s.arg(record.fields.size()).arg(header.size()));
                continue;
            }
            TestCase t;
            t.position = dataReference;
            t.origin = u"%1:%2"_s.arg(dataOrigin).arg(record.line);
            for (qsizetype c = 0; c < header.size(); ++c) {
                const QString &column = header.at(c);
                const QString &value = record.fields.at(c);
                if (column == "description"_L1) {
                    t.description = value;
                } else if (column == "prompt"_L1) {
                    if (!value.isEmpty())
                        t.prompt = value;
                } else if (column == "__expected"_L1 || column.startsWith("__expected"_L1)) {
                    if (auto a = expected(value, record.line))
                        t.assertions.append(*a);
                } else {
                    t.vars.insert(column, value);
                }
            }
            out.append(t);
        }
    }

    // promptfoo's shorthand in a CSV column: "contains: text", "regex: ^a",
    // "is-json", or a plain value, which the answer must equal.
    std::optional<Assertion> expected(const QString &value, int line)
    {
        if (value.trimmed().isEmpty())
            return std::nullopt;
        const qsizetype colon = value.indexOf(u':');
        const QString head = colon > 0 ? value.left(colon).trimmed() : value.trimmed();
        auto a = Assertion::fromTypeName(head);
        if (!a) {
            Assertion equals;
            equals.type = Assertion::Type::Equals;
            equals.text = value;
            equals.position = {line, 1};
            return equals;
        }
        a->position = {line, 1};
        const QString rest = colon > 0 ? value.mid(colon + 1).trimmed() : QString();
        using T = Assertion::Type;
        if (a->type == T::MaxCost || a->type == T::MaxLatency || a->type == T::MaxTokens) {
            bool ok = false;
            a->limit = rest.toDouble(&ok);
            if (!ok || a->limit < 0) {
                error(SourcePosition{line, 1}, u"'%1' needs a number after the colon"_s.arg(head));
                return std::nullopt;
            }
        } else if (a->type == T::JsonSchema) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(rest.toUtf8(), &parseError);
            if (!doc.isObject()) {
                error(SourcePosition{line, 1}, u"json-schema needs a JSON object after the colon"_s);
                return std::nullopt;
            }
            a->schema = doc.object();
        } else if (a->type != T::IsJson) {
            a->text = rest;
            if (a->type == T::Regex && !QRegularExpression(rest).isValid()) {
                error(SourcePosition{line, 1}, u"the regex does not compile"_s);
                return std::nullopt;
            }
        }
        return a;
    }

    void jsonlTests(const QByteArray &bytes, QList<TestCase> &out)
    {
        const QList<QByteArray> lines = bytes.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            const int lineNo = int(i + 1);
            QJsonParseError parseError;
            if (!QJsonDocument::fromJson(line, &parseError).isObject()) {
                error(SourcePosition{lineNo, 1}, parseError.error == QJsonParseError::NoError
                          ? u"each line must be a JSON object"_s
                          : u"not valid JSON: "_s + parseError.errorString());
                continue;
            }
            // JSON is YAML: the line is read as an inline test, so both
            // accept the same keys and say the same about them.
            YAML::Node node;
            try {
                node = YAML::Load(line.toStdString());
            } catch (const YAML::Exception &e) {
                error(SourcePosition{lineNo, 1}, QString::fromStdString(e.msg));
                continue;
            }
            const int before = int(errors.size());
            const SourcePosition reference = dataReference;
            auto t = test(node);
            // Positions inside the line are on line 1 of a one-line document.
            for (qsizetype e = before; e < errors.size(); ++e)
                errors[e].message.replace(QRegularExpression(u"^([^:]+):1:"_s), u"\\1:%1:"_s.arg(lineNo));
            if (t) {
                t->position = reference;
                t->origin = u"%1:%2"_s.arg(dataOrigin).arg(lineNo);
                out.append(*t);
            }
        }
    }

    QList<TestCase> tests(const YAML::Node &node)
    {
        QList<TestCase> out;
        if (node.IsScalar()) {
            testsFile(node, out);
            return out;
        }
        if (!node.IsSequence()) {
            error(node, u"tests must be a list of tests, or the name of a CSV or JSON Lines file"_s);
            return out;
        }
        for (const YAML::Node &item : node) {
            if (item.IsScalar()) {
                testsFile(item, out);
            } else if (item.IsMap() && item["file"] && item.size() == 1) {
                testsFile(item["file"], out);
            } else if (auto t = test(item)) {
                out.append(*t);
            }
        }
        return out;
    }

    Suite suite(const YAML::Node &root)
    {
        Suite s;
        if (!checkKeys(root, u"the suite"_s,
                       {"version", "name", "description", "prompts", "targets", "judge", "system", "temperature",
                        "max_tokens", "repeats", "concurrency", "assert", "tests"}))
            return s;
        if (const YAML::Node v = root["version"]) {
            const auto version = integer(v, u"version"_s, 1);
            if (version && *version != 1)
                error(v, u"version %1 is not known to this Switchyard (it reads version 1)"_s.arg(*version));
        } else {
            error(root, u"the suite needs version: 1"_s);
        }
        if (const YAML::Node n = root["name"]) {
            s.name = string(n, u"name"_s).value_or(QString());
            if (s.name.trimmed().isEmpty())
                error(n, u"name must not be empty: it is the project the calls are logged under"_s);
            else if (const QString problem = Providers::nameProblem(s.name, u"suite"); !problem.isEmpty())
                error(n, problem);
        } else {
            error(root, u"the suite needs a name: the usage log files its calls under it"_s);
        }
        if (const YAML::Node n = root["description"])
            s.description = string(n, u"description"_s).value_or(QString());
        if (const YAML::Node n = root["prompts"]) {
            if (n.IsScalar()) {
                s.prompts.append(text(n));
            } else if (n.IsSequence()) {
                for (const YAML::Node &p : n)
                    if (auto t = string(p, u"a prompt"_s))
                        s.prompts.append(*t);
            } else {
                error(n, u"prompts must be a list of texts"_s);
            }
        }
        if (const YAML::Node n = root["targets"]) {
            const YAML::Node list = n;
            if (list.IsScalar()) {
                if (auto m = model(list, u"a target"_s))
                    s.targets.append(*m);
            } else if (list.IsSequence() && list.size() > 0) {
                for (const YAML::Node &t : list) {
                    if (auto m = model(t, u"a target"_s)) {
                        if (s.targets.contains(*m))
                            error(t, u"%1 is listed twice in targets"_s.arg(*m));
                        else
                            s.targets.append(*m);
                    }
                }
            } else {
                error(list, u"targets must be a list of provider/model names or routes"_s);
            }
        } else {
            error(root, u"the suite needs targets: the models (provider/model) or routes to evaluate"_s);
        }
        if (const YAML::Node n = root["judge"])
            s.judge = model(n, u"judge"_s).value_or(QString());
        if (const YAML::Node n = root["system"])
            s.systemPrompt = string(n, u"system"_s).value_or(QString());
        if (const YAML::Node n = root["temperature"])
            s.temperature = number(n, u"temperature"_s, 0);
        if (const YAML::Node n = root["max_tokens"])
            if (const auto v = integer(n, u"max_tokens"_s, 1))
                s.maxTokens = int(std::min<qint64>(*v, 1'000'000'000));
        if (const YAML::Node n = root["repeats"])
            s.repeats = int(std::min<qint64>(integer(n, u"repeats"_s, 1).value_or(1), 1000));
        if (const YAML::Node n = root["concurrency"]) {
            if (n.IsMap()) {
                for (auto it = n.begin(); it != n.end(); ++it) {
                    const QString key = text(it->first);
                    const auto v = integer(it->second, u"concurrency of %1"_s.arg(key), 1);
                    if (!v)
                        continue;
                    if (key == "default"_L1)
                        s.concurrency = int(std::min<qint64>(*v, 256));
                    else
                        s.concurrencyPer.insert(key, int(std::min<qint64>(*v, 256)));
                }
            } else {
                s.concurrency = int(std::min<qint64>(integer(n, u"concurrency"_s, 1).value_or(4), 256));
            }
        }
        if (const YAML::Node n = root["assert"])
            s.assertions = assertions(n);
        if (const YAML::Node n = root["tests"])
            s.tests = tests(n);
        else
            error(root, u"the suite needs tests: a list, or a CSV or JSON Lines file"_s);
        return s;
    }

    // What can be checked only once everything is read: every test has a
    // prompt, every variable a prompt names is given, every judge a model.
    void validate(Suite &s, const YAML::Node &root)
    {
        bool judgeWithoutModel = false;
        auto checkJudges = [&](const QList<Assertion> &list, const QString &origin) {
            for (const Assertion &a : list) {
                if (a.type == Assertion::Type::Judge && a.model.isEmpty() && s.judge.isEmpty()) {
                    if (origin.isEmpty())
                        error(a.position, u"a judge assertion needs a model: give it model:, or the suite judge:"_s);
                    else
                        judgeWithoutModel = true;
                }
            }
        };
        checkJudges(s.assertions, {});
        for (const TestCase &t : std::as_const(s.tests)) {
            checkJudges(t.assertions, t.origin);
            if (judgeWithoutModel) {
                errors.append({ConfigError::Severity::Error, t.position,
                               u"%1: a judge assertion needs a model: set the suite's judge:"_s.arg(t.origin)});
                judgeWithoutModel = false;
            }
            const QStringList templates = t.prompt ? QStringList{*t.prompt} : s.prompts;
            const QString where = t.origin.isEmpty() ? QString() : t.origin + u": "_s;
            if (templates.isEmpty()) {
                errors.append({ConfigError::Severity::Error, t.position,
                               where + u"the test has no prompt: give it prompt:, or the suite prompts:"_s});
                continue;
            }
            QStringList missing;
            for (const QString &tmpl : templates)
                for (const QString &name : templateNames(tmpl))
                    if (!t.vars.contains(name) && !missing.contains(name))
                        missing.append(name);
            if (!missing.isEmpty())
                errors.append({ConfigError::Severity::Error, t.position,
                               where + u"the prompt uses {{%1}}, which the test's vars do not give"_s.arg(
                                           missing.join(u"}}, {{"_s))});
        }
        if (s.tests.isEmpty() && root["tests"] && errors.isEmpty())
            error(root["tests"], u"the suite has no tests"_s);
    }
};

} // namespace

std::expected<SuiteReader::Result, ConfigErrors> SuiteReader::read(const QByteArray &text, const QString &baseDir)
{
    if (text.trimmed().startsWith('{')) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return std::unexpected(
                ConfigErrors{{ConfigError::Severity::Error,
                              Routing::FormatSupport::positionAt(text, std::max<qsizetype>(0, parseError.offset - 1)),
                              u"not valid JSON: "_s + parseError.errorString()}});
    }
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return std::unexpected(ConfigErrors{
            {ConfigError::Severity::Error, positionOf(e.mark), u"not valid YAML: "_s + QString::fromStdString(e.msg)}});
    }
    if (!root || root.IsNull())
        return std::unexpected(ConfigErrors{{ConfigError::Severity::Error, {1, 1}, u"the file is empty"_s}});
    Reader reader;
    reader.baseDir = baseDir;
    Result result;
    try {
        result.suite = reader.suite(root);
        if (reader.errors.isEmpty())
            reader.validate(result.suite, root);
    } catch (const YAML::Exception &e) {
        reader.errors.append({ConfigError::Severity::Error, positionOf(e.mark), QString::fromStdString(e.msg)});
    }
    if (!reader.errors.isEmpty()) {
        std::stable_sort(reader.errors.begin(), reader.errors.end(), [](const ConfigError &a, const ConfigError &b) {
            return std::pair(a.position.line, a.position.column) < std::pair(b.position.line, b.position.column);
        });
        return std::unexpected(reader.errors);
    }
    result.warnings = reader.warnings;
    return result;
}

std::expected<SuiteReader::Result, ConfigErrors> SuiteReader::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(
            ConfigErrors{{ConfigError::Severity::Error, {}, u"cannot read %1: %2"_s.arg(path, file.errorString())}});
    return read(file.readAll(), QFileInfo(path).absolutePath());
}

} // namespace Switchyard::Eval
