// The gateway's OpenAI Responses front: a Responses client's view of it over
// real HTTP on 127.0.0.1 (response objects, the response.* event sequence
// with sequence numbers, function calls and their outputs, usage in
// response.completed, previous_response_id for answers it gave), its request
// reader on its own, and the router behind it talking to an OpenAI Chat
// Completions fixture upstream.

#include "support/gatewayharness.h"
#include "support/openaireplies.h"

#include "gateway/openairesponsesrequest.h"
#include "gateway/openairesponseswriter.h"
#include "gateway/responsestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::OpenAiResponsesRequest;
using Providers::ChatMessage;
using TestSupport::GatewayHarness;
namespace Replies = TestSupport::OpenAiReplies;

namespace {

const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  codex:\n"
                          "    targets: [one/model-a]\n";

const QList<QPair<QByteArray, QByteArray>> auth{{"authorization", QByteArray("Bearer ") + GatewayHarness::Token}};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QList<std::pair<QByteArray, QJsonObject>> events(const QByteArray &stream)
{
    QList<std::pair<QByteArray, QJsonObject>> out;
    QByteArray name;
    for (const QByteArray &line : stream.split('\n')) {
        if (line.startsWith("event: "))
            name = line.mid(7).trimmed();
        else if (line.startsWith("data: "))
            out.append({name, QJsonDocument::fromJson(line.mid(6)).object()});
    }
    return out;
}

} // namespace

class TestResponsesFront final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsRequests_data();
    void readsRequests();
    void refusesWhatCannotBeCarried_data();
    void refusesWhatCannotBeCarried();
    void answersAsResponse();
    void streamsEvents();
    void streamsFunctionCalls();
    void continuesPreviousResponse();
    void forgetsAfterRetention();
    void errorsInOpenAiShape();
};

void TestResponsesFront::readsRequests_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("text input, instructions")
        << QJsonObject{{u"model"_s, u"codex"_s}, {u"input"_s, u"Hi"_s}, {u"instructions"_s, u"Be brief."_s},
                       {u"max_output_tokens"_s, 50}}
        << QStringList{u"system=Be brief."_s, u"user|Hi||"_s, u"max=50"_s};
    // Codex's way: developer message, user parts, earlier calls and outputs,
    // reasoning items left out, the calls of one turn in one assistant message.
    const QJsonArray items{
        QJsonObject{{u"type"_s, u"message"_s}, {u"role"_s, u"developer"_s},
                    {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"input_text"_s}, {u"text"_s, u"Sandbox on."_s}}}}},
        QJsonObject{{u"type"_s, u"message"_s}, {u"role"_s, u"user"_s},
                    {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"input_text"_s}, {u"text"_s, u"List files."_s}}}}},
        QJsonObject{{u"type"_s, u"reasoning"_s}, {u"id"_s, u"rs_1"_s}, {u"summary"_s, QJsonArray()}},
        QJsonObject{{u"type"_s, u"function_call"_s}, {u"call_id"_s, u"call_1"_s}, {u"name"_s, u"shell"_s},
                    {u"arguments"_s, u"{\"command\":[\"ls\"]}"_s}},
        QJsonObject{{u"type"_s, u"function_call"_s}, {u"call_id"_s, u"call_2"_s}, {u"name"_s, u"shell"_s},
                    {u"arguments"_s, u"{\"command\":[\"pwd\"]}"_s}},
        QJsonObject{{u"type"_s, u"function_call_output"_s}, {u"call_id"_s, u"call_1"_s}, {u"output"_s, u"a.txt"_s}},
        QJsonObject{{u"type"_s, u"function_call_output"_s}, {u"call_id"_s, u"call_2"_s}, {u"output"_s, u"/w"_s}},
        QJsonObject{{u"type"_s, u"message"_s}, {u"role"_s, u"assistant"_s},
                    {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"output_text"_s}, {u"text"_s, u"Done."_s}}}}},
    };
    QTest::newRow("items")
        << QJsonObject{{u"model"_s, u"codex"_s}, {u"input"_s, items},
                       // Codex's tools: functions, a namespace of functions, a
                       // hosted web search only OpenAI could run (left out).
                       {u"tools"_s, QJsonArray{QJsonObject{{u"type"_s, u"function"_s}, {u"name"_s, u"shell"_s},
                                                           {u"parameters"_s, QJsonObject{{u"type"_s, u"object"_s}}}},
                                               QJsonObject{{u"type"_s, u"namespace"_s}, {u"name"_s, u"agents"_s},
                                                           {u"tools"_s, QJsonArray{QJsonObject{{u"type"_s, u"function"_s},
                                                                                               {u"name"_s, u"spawn"_s}}}}},
                                               QJsonObject{{u"type"_s, u"web_search"_s}, {u"external_web_access"_s, false}}}},
                       {u"tool_choice"_s, u"auto"_s}, {u"parallel_tool_calls"_s, false},
                       {u"reasoning"_s, QJsonObject{{u"effort"_s, u"high"_s}}}, {u"store"_s, false},
                       {u"include"_s, QJsonArray{u"reasoning.encrypted_content"_s}}}
        << QStringList{u"system|Sandbox on.||"_s,
                       u"user|List files.||"_s,
                       u"assistant||call_1:shell:{\"command\":[\"ls\"]},call_2:shell:{\"command\":[\"pwd\"]}|"_s,
                       u"tool|a.txt||call_1"_s,
                       u"tool|/w||call_2"_s,
                       u"assistant|Done.||"_s,
                       u"tools=shell,spawn"_s,
                       u"parallel=false"_s,
                       u"effort=high"_s};
}

void TestResponsesFront::readsRequests()
{
    QFETCH(QJsonObject, body);
    QFETCH(QStringList, expected);
    const auto parsed = OpenAiResponsesRequest::parse(compact(body));
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    const Providers::ChatRequest &r = parsed->request;
    QStringList got;
    if (!r.systemPrompt.isEmpty())
        got.append(u"system="_s + r.systemPrompt);
    static const QStringList roles{u"system"_s, u"user"_s, u"assistant"_s, u"tool"_s};
    for (const ChatMessage &m : r.messages) {
        QStringList calls;
        for (const auto &call : m.toolCalls)
            calls.append(call.id + u':' + call.name + u':' + call.arguments);
        got.append(u"%1|%2|%3|%4"_s.arg(roles.at(int(m.role)), m.text, calls.join(u','), m.toolCallId));
    }
    if (r.maxTokens)
        got.append(u"max=%1"_s.arg(*r.maxTokens));
    if (!r.tools.isEmpty()) {
        QStringList names;
        for (const auto &tool : r.tools)
            names.append(tool.name);
        got.append(u"tools="_s + names.join(u','));
    }
    if (r.parallelToolCalls)
        got.append(u"parallel=%1"_s.arg(*r.parallelToolCalls ? u"true"_s : u"false"_s));
    if (!r.reasoningEffort.isEmpty())
        got.append(u"effort="_s + r.reasoningEffort);
    QCOMPARE(got, expected);
}

void TestResponsesFront::refusesWhatCannotBeCarried_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("param");
    const QJsonObject base{{u"model"_s, u"codex"_s}, {u"input"_s, u"Hi"_s}};
    const auto with = [&base](const QString &field, const QJsonValue &value) {
        QJsonObject body = base;
        body.insert(field, value);
        return body;
    };
    QTest::newRow("no input") << QJsonObject{{u"model"_s, u"codex"_s}} << u"input"_s;
    QTest::newRow("custom tool") << with(u"tools"_s, QJsonArray{QJsonObject{{u"type"_s, u"custom"_s}, {u"name"_s, u"x"_s}}})
                                 << u"tools[0].type"_s;
    QTest::newRow("image URL")
        << with(u"input"_s, QJsonArray{QJsonObject{
                                {u"role"_s, u"user"_s},
                                {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"input_image"_s},
                                                                      {u"image_url"_s, u"http://example.invalid/a.png"_s}}}}}})
        << u"input[0].content[0].image_url"_s;
    QTest::newRow("item reference") << with(u"input"_s, QJsonArray{QJsonObject{{u"type"_s, u"item_reference"_s}}})
                                    << u"input[0].type"_s;
    QTest::newRow("output without call") << with(u"input"_s, QJsonArray{QJsonObject{{u"type"_s, u"function_call_output"_s}}})
                                         << u"input[0].call_id"_s;
    QTest::newRow("unknown field") << with(u"frobnicate"_s, 1) << u"frobnicate"_s;
}

void TestResponsesFront::refusesWhatCannotBeCarried()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, param);
    const auto parsed = OpenAiResponsesRequest::parse(compact(body));
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().status, 400);
    QCOMPARE(parsed.error().param, param);
}

void TestResponsesFront::answersAsResponse()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    QNetworkReply *reply = h.post(u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"hello"_s},
                                                            {u"instructions"_s, u"Be brief."_s}}), auth);
    QVERIFY(h.waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject response = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(response.value(u"object"_s).toString(), u"response"_s);
    QVERIFY(response.value(u"id"_s).toString().startsWith(u"resp_"_s));
    QCOMPARE(response.value(u"status"_s).toString(), u"completed"_s);
    const QJsonArray output = response.value(u"output"_s).toArray();
    QCOMPARE(output.size(), 1);
    QCOMPARE(output.at(0)[u"type"_s].toString(), u"message"_s);
    QCOMPARE(output.at(0)[u"content"_s][0][u"text"_s].toString(), u"Hello"_s);
    QCOMPARE(response.value(u"usage"_s)[u"input_tokens"_s].toInt(), 12);
    QCOMPARE(response.value(u"usage"_s)[u"output_tokens"_s].toInt(), 3);
    QCOMPARE(response.value(u"usage"_s)[u"total_tokens"_s].toInt(), 15);
    QCOMPARE(h.upstreamBody(0).value(u"messages"_s).toArray().at(0)[u"content"_s].toString(), u"Be brief."_s);
    QCOMPARE(h.loggedCalls().size(), 1);
}

void TestResponsesFront::streamsEvents()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    QNetworkReply *reply = h.post(u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"hello"_s},
                                                            {u"stream"_s, true}}), auth);
    QVERIFY(h.waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const auto list = events(reply->readAll());
    QByteArrayList names;
    for (qsizetype i = 0; i < list.size(); ++i) {
        names.append(list.at(i).first);
        QCOMPARE(list.at(i).second.value(u"type"_s).toString().toUtf8(), list.at(i).first);
        QCOMPARE(list.at(i).second.value(u"sequence_number"_s).toInt(-1), i);
    }
    QCOMPARE(names, (QByteArrayList{"response.created", "response.in_progress", "response.output_item.added",
                                    "response.content_part.added", "response.output_text.delta",
                                    "response.output_text.delta", "response.output_text.done",
                                    "response.content_part.done", "response.output_item.done", "response.completed"}));
    QCOMPARE(list.at(6).second.value(u"text"_s).toString(), u"Hello"_s);
    const QJsonObject completed = list.last().second.value(u"response"_s).toObject();
    QCOMPARE(completed.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(completed.value(u"usage"_s)[u"output_tokens"_s].toInt(), 3);
    QCOMPARE(completed.value(u"output"_s)[0][u"content"_s][0][u"text"_s].toString(), u"Hello"_s);
}

void TestResponsesFront::streamsFunctionCalls()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::toolCall(u"call_5"_s, u"shell"_s, {u"{\"command\":"_s, u"[\"ls\"]}"_s}));
    const QJsonObject body{{u"model"_s, u"codex"_s}, {u"input"_s, u"List files"_s}, {u"stream"_s, true},
                           {u"tools"_s, QJsonArray{QJsonObject{{u"type"_s, u"function"_s}, {u"name"_s, u"shell"_s},
                                                               {u"parameters"_s, QJsonObject{{u"type"_s, u"object"_s}}}}}}};
    QNetworkReply *reply = h.post(u"/responses"_s, compact(body), auth);
    QVERIFY(h.waitFor(reply));
    QString arguments, doneArguments, callId;
    for (const auto &[name, data] : events(reply->readAll())) {
        if (name == "response.output_item.added")
            callId = data[u"item"_s][u"call_id"_s].toString();
        if (name == "response.function_call_arguments.delta")
            arguments += data[u"delta"_s].toString();
        if (name == "response.function_call_arguments.done")
            doneArguments = data[u"arguments"_s].toString();
    }
    QCOMPARE(callId, u"call_5"_s);
    QCOMPARE(arguments, u"{\"command\":[\"ls\"]}"_s);
    QCOMPARE(doneArguments, arguments);
    QCOMPARE(h.upstreamBody(0).value(u"tools"_s)[0][u"function"_s][u"name"_s].toString(), u"shell"_s);
}

void TestResponsesFront::continuesPreviousResponse()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::toolCall(u"call_5"_s, u"shell"_s, {u"{}"_s}));
    h.upstream().enqueue(Replies::text({u"Two files."_s}));
    QNetworkReply *first = h.post(u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"List files"_s}}), auth);
    QVERIFY(h.waitFor(first));
    const QString id = QJsonDocument::fromJson(first->readAll()).object().value(u"id"_s).toString();
    // Only the new items: the call's output, with the earlier response named.
    const QJsonObject next{{u"model"_s, u"codex"_s}, {u"previous_response_id"_s, id},
                           {u"input"_s, QJsonArray{QJsonObject{{u"type"_s, u"function_call_output"_s},
                                                               {u"call_id"_s, u"call_5"_s}, {u"output"_s, u"a b"_s}}}}};
    QNetworkReply *second = h.post(u"/responses"_s, compact(next), auth);
    QVERIFY(h.waitFor(second));
    QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonArray sent = h.upstreamBody(1).value(u"messages"_s).toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(0)[u"content"_s].toString(), u"List files"_s);
    QCOMPARE(sent.at(1)[u"tool_calls"_s][0][u"id"_s].toString(), u"call_5"_s);
    QCOMPARE(sent.at(2)[u"tool_call_id"_s].toString(), u"call_5"_s);
    QCOMPARE(sent.at(2)[u"content"_s].toString(), u"a b"_s);
}

void TestResponsesFront::forgetsAfterRetention()
{
    Gateway::ResponseStore store(60, 3);
    qint64 now = 1'000'000;
    store.setClock([&now] { return now; });
    store.keep(u"a"_s, {1});
    now += 30'000;
    store.keep(u"b"_s, {2});
    QVERIFY(store.items(u"a"_s));
    now += 31'000; // a is 61 s old, b 31 s
    QVERIFY(!store.items(u"a"_s));
    QCOMPARE(store.items(u"b"_s), QJsonArray{2});
    // At most three: the oldest goes first.
    for (const QString &id : {u"c"_s, u"d"_s, u"e"_s})
        store.keep(id, {3});
    QCOMPARE(store.size(), 3);
    QVERIFY(!store.items(u"b"_s));
    // Nothing kept when keeping is off.
    Gateway::ResponseStore off(0);
    off.keep(u"x"_s, {1});
    QVERIFY(!off.items(u"x"_s));

    // Through the gateway: an id it never gave, or no longer keeps, is a 404.
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    QNetworkReply *reply = h.post(u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"x"_s},
                                                            {u"previous_response_id"_s, u"resp_gone"_s}}), auth);
    QVERIFY(h.waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object()[u"error"_s][u"code"_s].toString(),
             u"previous_response_not_found"_s);
    QVERIFY(h.upstream().requests().isEmpty());
}

void TestResponsesFront::errorsInOpenAiShape()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::failure(429, {{"retry-after", "3"}}));
    QNetworkReply *reply = h.post(u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"x"_s}}), auth);
    QVERIFY(h.waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(reply->rawHeader("retry-after"), "3");
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object()[u"error"_s][u"type"_s].toString(),
             u"rate_limit_error"_s);
    // A stream cut mid-answer ends with response.failed, the text so far kept.
    FixtureReply cut = Replies::text({u"The first half"_s, u" and the rest"_s});
    cut.cutAfterChunks = 2;
    h.upstream().enqueue(cut);
    QNetworkReply *streamed = h.post(
        u"/responses"_s, compact({{u"model"_s, u"codex"_s}, {u"input"_s, u"x"_s}, {u"stream"_s, true}}), auth);
    QVERIFY(h.waitFor(streamed));
    const auto list = events(streamed->readAll());
    QVERIFY(!list.isEmpty());
    QCOMPARE(list.last().first, "response.failed");
    QCOMPARE(list.last().second[u"response"_s][u"output"_s][0][u"content"_s][0][u"text"_s].toString(),
             u"The first half"_s);
    QVERIFY(!list.last().second[u"response"_s][u"error"_s][u"message"_s].toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestResponsesFront)
#include "tst_responsesfront.moc"
