// Evaluation suites without a network: the YAML read with its errors at line
// and column, tests from CSV and JSON Lines files, every assertion type
// passing and failing, the JSON Schema subset, judges' answers read strictly,
// baseline comparison, exports and the promptfoo import.

#include "eval/assertioncheck.h"
#include "eval/jsonschema.h"
#include "eval/judgeverdict.h"
#include "eval/promptfooimport.h"
#include "eval/runcomparison.h"
#include "eval/runexport.h"
#include "eval/suitereader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Eval;

class TestEvalSuite final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheMinimalSuite();
    void readsAFullSuite();
    void readErrors_data();
    void readErrors();
    void testsFromFiles();
    void testsFileErrors_data();
    void testsFileErrors();
    void assertions_data();
    void assertions();
    void jsonSchema_data();
    void jsonSchema();
    void schemaOutsideTheSubset();
    void judgeAnswers_data();
    void judgeAnswers();
    void baselineComparison();
    void exports();
    void promptfooImport();
    void promptfooImportErrors();
};

namespace {

// The suite of the issue, exactly as written there.
const QByteArray minimalSuite = "version: 1\n"
                                "name: smoke\n"
                                "targets: [openai/gpt-4o-mini]\n"
                                "tests:\n"
                                "  - vars: {q: hello}\n"
                                "    prompt: \"Say {{q}}\"\n"
                                "    assert:\n"
                                "      - {type: contains, value: \"hello\"}\n";

CaseResult answered(const QString &text, std::optional<qint64> costNano = {}, std::optional<double> latencyMs = {},
                    std::optional<qint64> tokensOut = {})
{
    CaseResult r;
    r.answer = text;
    r.costNanoUsd = costNano;
    r.latencyMs = latencyMs;
    r.tokensOut = tokensOut;
    return r;
}

CaseResult result(int caseIndex, const QString &key, const QString &target, CaseResult::Status status, int repeat = 0)
{
    CaseResult r;
    r.caseIndex = caseIndex;
    r.caseKey = key;
    r.target = target;
    r.status = status;
    r.repeat = repeat;
    r.costNanoUsd = 1000;
    r.latencyMs = 100;
    return r;
}

} // namespace

void TestEvalSuite::readsTheMinimalSuite()
{
    const auto read = SuiteReader::read(minimalSuite, QDir::tempPath());
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    const Suite &s = read->suite;
    QCOMPARE(s.name, u"smoke"_s);
    QCOMPARE(s.targets, QStringList{u"openai/gpt-4o-mini"_s});
    const QList<EvalCase> cases = s.cases();
    QCOMPARE(cases.size(), 1);
    QCOMPARE(cases.first().prompt, u"Say hello"_s);
    QCOMPARE(cases.first().key, u"Say hello"_s);
    QCOMPARE(cases.first().assertions.size(), 1);
    QCOMPARE(cases.first().assertions.first().type, Assertion::Type::Contains);
    QCOMPARE(cases.first().assertions.first().text, u"hello"_s);
    QCOMPARE(s.repeats, 1);
    QCOMPARE(s.concurrencyOf(u"openai/gpt-4o-mini"_s), 4);
}

void TestEvalSuite::readsAFullSuite()
{
    const QByteArray yaml = "version: 1\n"
                            "name: support-answers\n"
                            "prompts:\n"
                            "  - \"Answer briefly: {{question}}\"\n"
                            "  - \"You are terse. {{question}}\"\n"
                            "targets: [openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, cheap]\n"
                            "judge: openai/gpt-4o\n"
                            "system: \"Reply in {{lang}}.\"\n"
                            "temperature: 0\n"
                            "max_tokens: 300\n"
                            "repeats: 3\n"
                            "concurrency: {default: 2, openai: 5}\n"
                            "assert:\n"
                            "  - {type: max-latency, value: 8000}\n"
                            "tests:\n"
                            "  - description: refund\n"
                            "    vars: {question: \"How do I get a refund?\", lang: English}\n"
                            "    assert:\n"
                            "      - {type: icontains-typo-free, value: x}\n";
    // An unknown assertion type is an error at its position.
    const auto bad = SuiteReader::read(yaml, QDir::tempPath());
    QVERIFY(!bad);
    QCOMPARE(bad.error().first().position.line, 19);
    QVERIFY(bad.error().first().message.contains(u"unknown assertion type 'icontains-typo-free'"_s));

    QByteArray good = yaml;
    good.replace("{type: icontains-typo-free, value: x}",
                 "{type: judge, value: \"Polite and names the refund form\", threshold: 0.7}");
    const auto read = SuiteReader::read(good, QDir::tempPath());
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    const Suite &s = read->suite;
    QCOMPARE(s.prompts.size(), 2);
    QCOMPARE(s.targets.size(), 3);
    QCOMPARE(s.repeats, 3);
    QCOMPARE(s.maxTokens, std::optional<int>(300));
    QCOMPARE(s.concurrencyOf(u"openai/gpt-4o"_s), 5);
    QCOMPARE(s.concurrencyOf(u"anthropic/x"_s), 2);
    QCOMPARE(s.concurrencyOf(u"cheap"_s), 2);
    const QList<EvalCase> cases = s.cases();
    QCOMPARE(cases.size(), 2); // one test × two prompts
    QCOMPARE(cases.at(1).prompt, u"You are terse. How do I get a refund?"_s);
    QCOMPARE(cases.at(0).key, u"refund · Answer briefly: How do I get a refund?"_s);
    QCOMPARE(cases.at(0).assertions.size(), 2); // the suite's, then the test's
    QCOMPARE(cases.at(0).assertions.at(0).type, Assertion::Type::MaxLatency);
    QCOMPARE(cases.at(0).assertions.at(1).type, Assertion::Type::Judge);
    QCOMPARE(cases.at(0).assertions.at(1).threshold, 0.7);
}

void TestEvalSuite::readErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("expected"); // "line:column: part of the message"

    const QByteArray head = "version: 1\nname: s\ntargets: [openai/m]\n";
    QTest::newRow("not yaml") << QByteArray("version: [1\n") << u"2:1: not valid YAML"_s;
    QTest::newRow("empty") << QByteArray("") << u"1:1: the file is empty"_s;
    QTest::newRow("no version") << QByteArray("name: s\ntargets: [a/b]\ntests: [{prompt: x}]\n")
                                << u"1:1: the suite needs version: 1"_s;
    QTest::newRow("version 2") << QByteArray("version: 2\nname: s\ntargets: [a/b]\ntests: [{prompt: x}]\n")
                               << u"1:10: version 2 is not known"_s;
    QTest::newRow("unknown key") << head + "tests: [{prompt: x}]\nrepeat: 3\n" << u"5:1: unknown key 'repeat'"_s;
    QTest::newRow("no targets") << QByteArray("version: 1\nname: s\ntests: [{prompt: x}]\n")
                                << u"1:1: the suite needs targets"_s;
    QTest::newRow("bad target") << QByteArray("version: 1\nname: s\ntargets: [openai/]\ntests: [{prompt: x}]\n")
                                << u"3:11: 'openai/' is not a model"_s;
    QTest::newRow("target twice") << QByteArray("version: 1\nname: s\ntargets: [a/b, a/b]\ntests: [{prompt: x}]\n")
                                  << u"3:16: a/b is listed twice"_s;
    QTest::newRow("no tests") << head << u"1:1: the suite needs tests"_s;
    QTest::newRow("test without prompt") << head + "tests:\n  - vars: {a: 1}\n"
                                         << u"5:5: the test has no prompt"_s;
    QTest::newRow("missing variable") << head + "prompts: [\"Hi {{name}} {{age}}\"]\ntests:\n  - vars: {name: x}\n"
                                      << u"6:5: the prompt uses {{age}}"_s;
    QTest::newRow("unknown test key") << head + "tests:\n  - {prompt: x, expect: y}\n" << u"5:17: unknown key 'expect'"_s;
    QTest::newRow("assertion without type") << head + "tests:\n  - prompt: x\n    assert: [{value: y}]\n"
                                            << u"6:14: an assertion needs a type"_s;
    QTest::newRow("contains without value") << head + "tests:\n  - prompt: x\n    assert: [{type: contains}]\n"
                                            << u"6:14: a contains assertion needs a value"_s;
    QTest::newRow("regex does not compile") << head + "tests:\n  - prompt: x\n    assert: [{type: regex, value: \"(a\"}]\n"
                                            << u"6:35: the regex does not compile"_s;
    QTest::newRow("is-json with value") << head + "tests:\n  - prompt: x\n    assert: [{type: is-json, value: 1}]\n"
                                        << u"6:37: is-json takes no value"_s;
    QTest::newRow("max-cost negative") << head + "tests:\n  - prompt: x\n    assert: [{type: max-cost, value: -1}]\n"
                                       << u"6:38: the value of max-cost (USD) must be a number, 0 or more"_s;
    QTest::newRow("max-latency text") << head + "tests:\n  - prompt: x\n    assert: [{type: max-latency, value: fast}]\n"
                                      << u"6:41: the value of max-latency (milliseconds)"_s;
    QTest::newRow("judge without model") << head + "tests:\n  - prompt: x\n    assert: [{type: judge, value: polite}]\n"
                                         << u"6:14: a judge assertion needs a model"_s;
    QTest::newRow("judge threshold over 1")
        << head + "judge: a/b\ntests:\n  - prompt: x\n    assert: [{type: judge, value: p, threshold: 7}]\n"
        << u"7:49: threshold is a score between 0 and 1"_s;
    QTest::newRow("model on contains") << head + "tests:\n  - prompt: x\n    assert: [{type: contains, value: a, model: a/b}]\n"
                                       << u"6:48: model applies to judge assertions only"_s;
    QTest::newRow("not-max-cost") << head + "tests:\n  - prompt: x\n    assert: [{type: not-max-cost, value: 1}]\n"
                                  << u"6:21: unknown assertion type 'not-max-cost'"_s;
    QTest::newRow("schema outside the subset")
        << head + "tests:\n  - prompt: x\n    assert: [{type: json-schema, value: {oneOf: []}}]\n"
        << u"6:41: oneOf: 'oneOf' is not in the JSON Schema subset"_s;
    QTest::newRow("repeats zero") << head + "repeats: 0\ntests: [{prompt: x}]\n" << u"4:10: repeats must be a whole number, 1 or more"_s;
    QTest::newRow("concurrency zero") << head + "concurrency: {openai: 0}\ntests: [{prompt: x}]\n"
                                      << u"4:23: concurrency of openai must be a whole number, 1 or more"_s;
    QTest::newRow("missing file") << head + "tests: nowhere.csv\n" << u"4:8: cannot read the tests file nowhere.csv"_s;
    QTest::newRow("json broken") << QByteArray("{\"version\": 1,,}") << u"1:15: not valid JSON"_s;
}

void TestEvalSuite::readErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, expected);
    const auto read = SuiteReader::read(yaml, QDir::tempPath());
    QVERIFY(!read);
    QStringList all;
    for (const ConfigError &e : read.error())
        all.append(e.toString());
    QVERIFY2(all.first().startsWith(expected), qPrintable(all.join(u" | "_s)));
}

void TestEvalSuite::testsFromFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile csv(dir.filePath(u"cases.csv"_s));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("\xEF\xBB\xBF" // a spreadsheet's BOM
              "description,city,__expected\r\n"
              "capital,France,contains: Paris\r\n"
              "\"quoted, with comma\",\"New\nYork\",\"icontains-no: x\"\r\n"
              "empty expectation,Peru,\r\n");
    csv.close();
    QFile jsonl(dir.filePath(u"more.jsonl"_s));
    QVERIFY(jsonl.open(QIODevice::WriteOnly));
    jsonl.write("{\"vars\": {\"city\": \"Oslo\"}, \"assert\": [{\"type\": \"regex\", \"value\": \"^O\"}]}\n"
                "\n"
                "{\"description\": \"own prompt\", \"prompt\": \"Spell {{city}}\", \"vars\": {\"city\": \"Rome\"}}\n");
    jsonl.close();
    const QByteArray yaml = "version: 1\nname: files\ntargets: [a/b]\nprompts: [\"Capital of {{city}}?\"]\n"
                            "tests:\n  - cases.csv\n  - file: more.jsonl\n  - {prompt: inline}\n";
    const auto read = SuiteReader::read(yaml, dir.path());
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    const QList<EvalCase> cases = read->suite.cases();
    QCOMPARE(cases.size(), 6);
    QCOMPARE(cases.at(0).key, u"capital"_s);
    QCOMPARE(cases.at(0).prompt, u"Capital of France?"_s);
    QCOMPARE(cases.at(0).assertions.first().type, Assertion::Type::Contains);
    QCOMPARE(cases.at(0).assertions.first().text, u"Paris"_s);
    QCOMPARE(cases.at(1).prompt, u"Capital of New\nYork?"_s);
    // Not an assertion type: the whole value is what the answer must equal.
    QCOMPARE(cases.at(1).assertions.first().type, Assertion::Type::Equals);
    QCOMPARE(cases.at(1).assertions.first().text, u"icontains-no: x"_s);
    QCOMPARE(cases.at(2).assertions.size(), 0);
    QCOMPARE(cases.at(3).prompt, u"Capital of Oslo?"_s);
    QCOMPARE(cases.at(3).assertions.first().type, Assertion::Type::Regex);
    QCOMPARE(cases.at(4).prompt, u"Spell Rome"_s);
    QCOMPARE(cases.at(5).prompt, u"inline"_s);
    QCOMPARE(read->suite.tests.at(1).origin, u"cases.csv:3"_s);
    QCOMPARE(read->suite.tests.at(4).origin, u"more.jsonl:3"_s);
}

void TestEvalSuite::testsFileErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");

    QTest::newRow("csv short row") << u"t.csv"_s << QByteArray("a,b\n1,2\n3\n") << u"4:9: t.csv:3: 1 fields where the header has 2"_s;
    QTest::newRow("csv open quote") << u"t.csv"_s << QByteArray("a\n\"never closed\n") << u"4:9: t.csv:2: a quoted field is never closed"_s;
    QTest::newRow("csv missing variable") << u"t.csv"_s << QByteArray("b\n1\n") << u"4:9: t.csv:2: the prompt uses {{a}}"_s;
    QTest::newRow("csv bad max-cost") << u"t.csv"_s << QByteArray("a,__expected\n1,max-cost: lots\n")
                                      << u"4:9: t.csv:2: 'max-cost' needs a number"_s;
    QTest::newRow("jsonl not json") << u"t.jsonl"_s << QByteArray("{\"vars\": {\"a\": 1}}\n{oops\n")
                                    << u"4:9: t.jsonl:2: not valid JSON"_s;
    QTest::newRow("jsonl unknown key") << u"t.jsonl"_s << QByteArray("\n{\"vars\": {\"a\": 1}, \"asert\": []}\n")
                                       << u"4:9: t.jsonl:2: unknown key 'asert'"_s;
    QTest::newRow("other suffix") << u"t.txt"_s << QByteArray("a\n") << u"4:9: t.txt:1: a tests file must end in .csv or .jsonl"_s;
}

void TestEvalSuite::testsFileErrors()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QFile f(dir.filePath(file));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    const QByteArray yaml = "version: 1\nname: s\ntargets: [a/b]\ntests: [" + file.toUtf8() + "]\nprompts: [\"{{a}}\"]\n";
    const auto read = SuiteReader::read(yaml, dir.path());
    QVERIFY(!read);
    QVERIFY2(read.error().first().toString().startsWith(expected), qPrintable(read.error().first().toString()));
}

void TestEvalSuite::assertions_data()
{
    QTest::addColumn<QByteArray>("assertion");
    QTest::addColumn<CaseResult>("answer");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("reason"); // part of the reason when it fails

    const CaseResult hello = answered(u"Hello, Ada!"_s, 2'500'000, 840, 12);
    QTest::newRow("equals passes") << QByteArray("{type: equals, value: \"Hello, {{name}}!\"}") << answered(u" Hello, Ada!\n"_s) << true << QString();
    QTest::newRow("equals fails") << QByteArray("{type: equals, value: Hello}") << hello << false << u"is not \"Hello\""_s;
    QTest::newRow("equals ignore case") << QByteArray("{type: equals, value: \"HELLO, ADA!\", ignore_case: true}") << hello << true << QString();
    QTest::newRow("not-equals passes") << QByteArray("{type: not-equals, value: Bye}") << hello << true << QString();
    QTest::newRow("not-equals fails") << QByteArray("{type: not-equals, value: \"Hello, Ada!\"}") << hello << false << u"must not satisfy equals"_s;
    QTest::newRow("contains passes") << QByteArray("{type: contains, value: \"{{name}}\"}") << hello << true << QString();
    QTest::newRow("contains fails") << QByteArray("{type: contains, value: Grace}") << hello << false << u"does not contain \"Grace\""_s;
    QTest::newRow("contains is case-sensitive") << QByteArray("{type: contains, value: hello}") << hello << false << u"does not contain"_s;
    QTest::newRow("contains ignore case") << QByteArray("{type: contains, value: hello, ignore_case: true}") << hello << true << QString();
    QTest::newRow("not-contains passes") << QByteArray("{type: not-contains, value: sorry}") << hello << true << QString();
    QTest::newRow("not-contains fails") << QByteArray("{type: not-contains, value: Ada}") << hello << false << u"must not satisfy contains"_s;
    QTest::newRow("regex passes") << QByteArray("{type: regex, value: \"^Hello, [A-Z]\\\\w+!$\"}") << hello << true << QString();
    QTest::newRow("regex fails") << QByteArray("{type: regex, value: \"\\\\d+\"}") << hello << false << u"does not match"_s;
    QTest::newRow("not-regex passes") << QByteArray("{type: not-regex, value: \"\\\\d\"}") << hello << true << QString();
    QTest::newRow("is-json object") << QByteArray("{type: is-json}") << answered(u"{\"a\": 1}"_s) << true << QString();
    QTest::newRow("is-json fenced") << QByteArray("{type: is-json}") << answered(u"```json\n[1, 2]\n```"_s) << true << QString();
    QTest::newRow("is-json scalar") << QByteArray("{type: is-json}") << answered(u"42"_s) << true << QString();
    QTest::newRow("is-json fails") << QByteArray("{type: is-json}") << answered(u"Here it is: {\"a\": 1}"_s) << false << u"not JSON"_s;
    QTest::newRow("is-json empty") << QByteArray("{type: is-json}") << answered(QString()) << false << u"not JSON"_s;
    QTest::newRow("not-is-json") << QByteArray("{type: not-is-json}") << hello << true << QString();
    QTest::newRow("json-schema passes")
        << QByteArray("{type: json-schema, value: {type: object, required: [name], properties: {name: {type: string}}}}")
        << answered(u"{\"name\": \"Ada\", \"age\": 36}"_s) << true << QString();
    QTest::newRow("json-schema fails")
        << QByteArray("{type: json-schema, value: {type: object, required: [name], additionalProperties: false}}")
        << answered(u"{\"age\": 36}"_s) << false << u"$: the required property 'name' is missing"_s;
    QTest::newRow("json-schema not json") << QByteArray("{type: json-schema, value: {type: object}}") << hello << false << u"not JSON"_s;
    QTest::newRow("max-cost passes") << QByteArray("{type: max-cost, value: 0.003}") << hello << true << QString();
    QTest::newRow("max-cost fails") << QByteArray("{type: max-cost, value: 0.002}") << hello << false << u"cost $0.0025 is over $0.002"_s;
    QTest::newRow("max-cost unknown") << QByteArray("{type: max-cost, value: 1}") << answered(u"x"_s) << false << u"cost is not known"_s;
    QTest::newRow("max-latency passes") << QByteArray("{type: max-latency, value: 1000}") << hello << true << QString();
    QTest::newRow("max-latency fails") << QByteArray("{type: max-latency, value: 500}") << hello << false << u"took 840 ms, over 500 ms"_s;
    QTest::newRow("max-tokens passes") << QByteArray("{type: max-tokens, value: 12}") << hello << true << QString();
    QTest::newRow("max-tokens fails") << QByteArray("{type: max-tokens, value: 10}") << hello << false << u"12 output tokens, over 10"_s;
    QTest::newRow("max-tokens unreported") << QByteArray("{type: max-tokens, value: 10}") << answered(u"x"_s) << false << u"did not report"_s;
}

void TestEvalSuite::assertions()
{
    QFETCH(QByteArray, assertion);
    QFETCH(CaseResult, answer);
    QFETCH(bool, passes);
    QFETCH(QString, reason);
    const QByteArray yaml = "version: 1\nname: s\ntargets: [a/b]\ntests:\n  - vars: {name: Ada}\n    prompt: hi\n"
                            "    assert: [" + assertion + "]\n";
    const auto read = SuiteReader::read(yaml, QDir::tempPath());
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    const EvalCase c = read->suite.cases().first();
    const AssertionOutcome outcome = AssertionCheck::check(c.assertions.first(), answer, c.vars);
    QCOMPARE(outcome.passed, passes);
    QVERIFY(!outcome.error);
    if (!passes)
        QVERIFY2(outcome.reason.contains(reason), qPrintable(outcome.reason));
}

void TestEvalSuite::jsonSchema_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QStringList>("problems");

    const QByteArray person = R"({"type": "object", "required": ["name", "tags"],
        "properties": {"name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[A-Z]"},
                       "age": {"type": "integer", "minimum": 0, "maximum": 150},
                       "role": {"enum": ["admin", "user"]},
                       "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}}},
        "additionalProperties": false})";
    QTest::newRow("conforms") << person << QByteArray(R"({"name": "Ada", "age": 36, "role": "user", "tags": ["x"]})") << QStringList{};
    QTest::newRow("wrong type") << person << QByteArray("[1]") << QStringList{u"$: expected object, found an array"_s};
    QTest::newRow("missing and extra")
        << person << QByteArray(R"({"name": "Ada", "x": 1})")
        << QStringList{u"$: the required property 'tags' is missing"_s, u"$: the property 'x' is not allowed"_s};
    QTest::newRow("integer with fraction") << person << QByteArray(R"({"name": "Ada", "tags": [], "age": 1.5})")
                                           << QStringList{u"$.age: expected integer, found a number"_s, u"$.tags: fewer than 1 items"_s};
    QTest::newRow("bounds") << person << QByteArray(R"({"name": "adaline", "tags": ["a", "b", 3], "age": 200, "role": "root"})")
                            << QStringList{u"$.age: 200 is above the maximum 150"_s,
                                           u"$.name: longer than 5 characters"_s,
                                           u"$.name: does not match the pattern ^[A-Z]"_s,
                                           u"$.role: \"root\" is not one of the allowed values"_s,
                                           u"$.tags: more than 2 items"_s,
                                           u"$.tags[2]: expected string, found a number"_s};
    QTest::newRow("type list") << QByteArray(R"({"type": ["string", "null"]})") << QByteArray("null") << QStringList{};
    QTest::newRow("const") << QByteArray(R"({"const": "yes"})") << QByteArray(R"("no")") << QStringList{u"$: \"no\" is not \"yes\""_s};
    QTest::newRow("additional schema") << QByteArray(R"({"additionalProperties": {"type": "number"}})")
                                       << QByteArray(R"({"a": 1, "b": "2"})") << QStringList{u"$.b: expected number, found a string"_s};
}

void TestEvalSuite::jsonSchema()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, value);
    QFETCH(QStringList, problems);
    const QJsonObject s = QJsonDocument::fromJson(schema).object();
    QVERIFY(JsonSchema::check(s).isEmpty());
    const QJsonValue v = QJsonDocument::fromJson("[" + value + "]").array().first();
    QCOMPARE(JsonSchema::validate(s, v), problems);
}

void TestEvalSuite::schemaOutsideTheSubset()
{
    const QJsonObject s = QJsonDocument::fromJson(R"({"type": "thing", "properties": {"a": {"anyOf": []}}, "minItems": -1})").object();
    QCOMPARE(JsonSchema::check(s),
             (QStringList{u"minItems: must be a whole number, 0 or more"_s,
                          u"properties.a.anyOf: 'anyOf' is not in the JSON Schema subset Switchyard checks (see docs/evaluations.md)"_s,
                          u"type: unknown type 'thing' (known: object, array, string, number, integer, boolean, null)"_s}));
}

void TestEvalSuite::judgeAnswers_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("score");
    QTest::addColumn<QString>("text"); // the reason, or part of the error

    QTest::newRow("plain") << u"{\"score\": 0.8, \"reason\": \"Polite, names the form.\"}"_s << true << 0.8 << u"Polite, names the form."_s;
    QTest::newRow("fenced") << u"```json\n{\"score\": 1, \"reason\": \"ok\"}\n```"_s << true << 1.0 << u"ok"_s;
    QTest::newRow("in prose") << u"Sure! {\"reason\": \"meh\", \"score\": \"0.25\"} Hope that helps."_s << true << 0.25 << u"meh"_s;
    QTest::newRow("zero") << u"{\"score\": 0, \"reason\": \"wrong\"}"_s << true << 0.0 << u"wrong"_s;
    QTest::newRow("no object") << u"I would give it 8/10."_s << false << 0.0 << u"did not answer a JSON object"_s;
    QTest::newRow("broken json") << u"{\"score\": 0.5, \"reason\": }"_s << false << 0.0 << u"not valid JSON"_s;
    QTest::newRow("no score") << u"{\"grade\": \"A\", \"reason\": \"x\"}"_s << false << 0.0 << u"has no score"_s;
    QTest::newRow("score text") << u"{\"score\": \"high\", \"reason\": \"x\"}"_s << false << 0.0 << u"is not a number"_s;
    QTest::newRow("score out of range") << u"{\"score\": 8, \"reason\": \"x\"}"_s << false << 0.0 << u"not between 0 and 1"_s;
    QTest::newRow("negative score") << u"{\"score\": -0.1, \"reason\": \"x\"}"_s << false << 0.0 << u"not between 0 and 1"_s;
    QTest::newRow("no reason") << u"{\"score\": 0.5}"_s << false << 0.0 << u"gave no reason"_s;
    QTest::newRow("empty") << QString() << false << 0.0 << u"did not answer"_s;
    QTest::newRow("nested nonsense") << u"}{"_s << false << 0.0 << u"did not answer"_s;
}

void TestEvalSuite::judgeAnswers()
{
    QFETCH(QString, answer);
    QFETCH(bool, ok);
    QFETCH(double, score);
    QFETCH(QString, text);
    const auto verdict = JudgeVerdict::parse(answer);
    QCOMPARE(bool(verdict), ok);
    if (ok) {
        QCOMPARE(verdict->score, score);
        QCOMPARE(verdict->reason, text);
    } else {
        QVERIFY2(verdict.error().contains(text), qPrintable(verdict.error()));
    }
}

void TestEvalSuite::baselineComparison()
{
    using S = CaseResult::Status;
    const QList<CaseResult> baseline{result(0, u"greet"_s, u"a/x"_s, S::Passed), result(0, u"greet"_s, u"b/y"_s, S::Failed),
                                     result(1, u"json"_s, u"a/x"_s, S::Passed), result(1, u"json"_s, u"a/x"_s, S::Passed, 1),
                                     result(2, u"gone"_s, u"a/x"_s, S::Passed)};
    // The suite was reordered: "json" is case 0 now; "greet" 1; "new" is new.
    const QList<CaseResult> current{result(0, u"json"_s, u"a/x"_s, S::Passed), result(0, u"json"_s, u"a/x"_s, S::Failed, 1),
                                    result(1, u"greet"_s, u"a/x"_s, S::Passed), result(1, u"greet"_s, u"b/y"_s, S::Passed),
                                    result(2, u"new"_s, u"a/x"_s, S::Error)};
    const QList<EvalCell> cells = RunComparison::compare(current, baseline);
    QCOMPARE(cells.size(), 4);
    QCOMPARE(cells.at(0).caseKey, u"json"_s);
    QCOMPARE(cells.at(0).runs, 2);
    QCOMPARE(cells.at(0).change, EvalCell::Change::Regressed); // one of two repeats fails now
    QCOMPARE(cells.at(1).change, EvalCell::Change::None);
    QCOMPARE(cells.at(2).change, EvalCell::Change::Improved);
    QCOMPARE(cells.at(3).change, EvalCell::Change::New);
    QCOMPARE(RunComparison::count(cells, EvalCell::Change::Regressed), 1);
    QCOMPARE(cells.at(0).costNanoUsd, std::optional<qint64>(1000));
    QCOMPARE(cells.at(0).latencyMs, std::optional<double>(100));
    QCOMPARE(RunExport::cellText(cells.at(0)), u"✗ 1/2"_s);
    QCOMPARE(RunExport::cellText(cells.at(2)), u"✓ pass"_s);
    QCOMPARE(RunExport::cellText(cells.at(3)), u"! error"_s);
}

void TestEvalSuite::exports()
{
    using S = CaseResult::Status;
    RunExport::Input in;
    in.run.id = 7;
    in.run.suite = u"smoke"_s;
    in.run.started = QDateTime(QDate(2026, 12, 1), QTime(9, 30), QTimeZone::UTC);
    in.run.state = EvalRun::State::Done;
    in.run.targets = {u"a/x"_s, u"b/y"_s};
    in.run.cases = 1;
    in.run.passed = 1;
    in.run.failed = 1;
    in.run.costNanoUsd = 2000;
    CaseResult fail = result(0, u"say | hi"_s, u"b/y"_s, S::Failed);
    fail.answer = u"=cmd|' /C calc'!A0"_s;
    fail.assertions = {{u"contains"_s, false, false, std::nullopt, u"the answer does not contain \"hi\""_s}};
    in.results = {result(0, u"say | hi"_s, u"a/x"_s, S::Passed), fail};
    const QList<CaseResult> baseline{result(0, u"say | hi"_s, u"a/x"_s, S::Passed), result(0, u"say | hi"_s, u"b/y"_s, S::Passed)};
    in.cells = RunComparison::compare(in.results, baseline);
    in.baselineId = 6;

    const QString md = QString::fromUtf8(RunExport::markdown(in));
    QVERIFY2(md.contains(u"| say \\| hi | ✓ pass · $0.000001 · 100 ms | ✗ fail · $0.000001 · 100 ms · **regressed** |"_s), qPrintable(md));
    QVERIFY(md.contains(u"- Against run 6: 1 regressed, 0 improved"_s));
    QVERIFY(md.contains(u"- say \\| hi · b/y: contains: the answer does not contain \"hi\""_s));

    const QJsonObject json = RunExport::json(in);
    QCOMPARE(json[u"summary"_s][u"regressed"_s].toInt(), 1);
    QCOMPARE(json[u"cells"_s][1][u"change"_s].toString(), u"regressed"_s);
    QCOMPARE(json[u"results"_s][1][u"assertions"_s][0][u"reason"_s].toString(), u"the answer does not contain \"hi\""_s);

    const QList<QByteArray> lines = RunExport::csv(in).split('\n');
    QCOMPARE(lines.at(0), QByteArray("case,key,target,repeat,status,score,cost_usd,cost_estimated,latency_ms,tokens_in,"
                                     "tokens_out,change,error,answer\r"));
    // A formula-looking answer stays text in a spreadsheet.
    QCOMPARE(lines.at(2), QByteArray("0,say | hi,b/y,1,fail,,0.000001000,0,100.0,,,regressed,,'=cmd|' /C calc'!A0\r"));
}

void TestEvalSuite::promptfooImport()
{
    const QByteArray config = R"(description: "Support bot: tone check"
prompts:
  - "Answer as a support agent: {{question}}"
  - file://prompts/long.txt
  - id: terse
    raw: "Briefly: {{question}}"
providers:
  - openai:gpt-4o-mini
  - id: anthropic:messages:claude-3-5-haiku-latest
    config: {temperature: 0}
  - bedrock:anthropic.claude-v2
defaultTest:
  assert:
    - type: latency
      threshold: 5000
  options:
    provider: openai:chat:gpt-4o
tests:
  - description: refund
    vars:
      question: How do I get a refund?
    assert:
      - type: icontains
        value: refund
      - type: llm-rubric
        value: Polite and helpful
      - type: javascript
        value: output.length < 500
      - type: is-json
        value: {type: object}
      - type: cost
        threshold: 0.002
  - file://more.csv
  - vars: {question: Hi}
    options: {transform: x}
outputPath: out.json
)";
    const auto converted = PromptfooImport::convert(config, u"fallback"_s);
    QVERIFY(converted);
    QCOMPARE(converted->notes,
             (QStringList{u"4:5: the prompt file file://prompts/long.txt was left out: paste its text into prompts"_s,
                          u"10:13: the options of provider 'anthropic:messages:claude-3-5-haiku-latest' were left out (set temperature and max_tokens for the whole suite instead)"_s,
                          u"11:5: provider 'bedrock:anthropic.claude-v2' has no Switchyard equivalent and was left out"_s,
                          u"27:9: assertion type 'javascript' has no Switchyard equivalent and was left out"_s,
                          u"35:5: test key 'options' has no Switchyard equivalent and was left out"_s,
                          u"36:13: 'outputPath' has no Switchyard equivalent and was left out"_s}));
    QTemporaryDir dir;
    QFile csv(dir.filePath(u"more.csv"_s));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("question,__expected\nWhere is my order?,contains: order\n");
    csv.close();
    const auto read = SuiteReader::read(converted->suiteYaml, dir.path());
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString() + u"\n"_s + QString::fromUtf8(converted->suiteYaml)));
    const Suite &s = read->suite;
    QCOMPARE(s.name, u"support-bot-tone-check"_s);
    QCOMPARE(s.targets, (QStringList{u"openai/gpt-4o-mini"_s, u"anthropic/claude-3-5-haiku-latest"_s}));
    QCOMPARE(s.judge, u"openai/gpt-4o"_s);
    QCOMPARE(s.prompts.size(), 2);
    QCOMPARE(s.assertions.size(), 1);
    QCOMPARE(s.assertions.first().type, Assertion::Type::MaxLatency);
    QCOMPARE(s.assertions.first().limit, 5000.0);
    QCOMPARE(s.tests.size(), 3);
    const QList<Assertion> &a = s.tests.first().assertions;
    QCOMPARE(a.size(), 4);
    QCOMPARE(a.at(0).type, Assertion::Type::Contains);
    QVERIFY(a.at(0).ignoreCase);
    QCOMPARE(a.at(1).type, Assertion::Type::Judge);
    QCOMPARE(a.at(1).text, u"Polite and helpful"_s);
    QCOMPARE(a.at(2).type, Assertion::Type::JsonSchema);
    QCOMPARE(a.at(3).type, Assertion::Type::MaxCost);
    QCOMPARE(a.at(3).limit, 0.002);
    QCOMPARE(s.tests.at(1).vars.value(u"question"_s), u"Hi"_s);
    QCOMPARE(s.tests.at(2).origin, u"more.csv:2"_s);
    QCOMPARE(s.cases().size(), 6); // three tests × two prompts
}

void TestEvalSuite::promptfooImportErrors()
{
    QVERIFY(!PromptfooImport::convert("prompts: [", u"x"_s));
    QVERIFY(!PromptfooImport::convert("- a\n- b\n", u"x"_s));
    // Nothing maps: the notes say what to add.
    const auto empty = PromptfooImport::convert("providers: [exec:./run.sh]\n", u"x"_s);
    QVERIFY(empty);
    QVERIFY(empty->notes.contains(u"no provider mapped: add targets: before running the suite"_s));
    QVERIFY(empty->notes.contains(u"no prompt mapped: add prompts: before running the suite"_s));
}

QTEST_GUILESS_MAIN(TestEvalSuite)
#include "tst_evalsuite.moc"
