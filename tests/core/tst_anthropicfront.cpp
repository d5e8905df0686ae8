// The gateway's Anthropic front: a Messages API client's view of it over real
// HTTP on 127.0.0.1 (message objects, Anthropic's event sequence, errors in
// Anthropic's shape, x-api-key), its request reader and answer writer on
// their own, and the router behind it talking to fixture providers of other
// formats, tool rounds included.

#include "support/fixtureprovider.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"
#include "support/openaireplies.h"

#include "gateway/anthropicmessagesrequest.h"
#include "gateway/anthropicmessagewriter.h"
#include "gateway/gatewayserver.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::AnthropicMessagesRequest;
using Gateway::AnthropicMessageWriter;
using Gateway::GatewayServer;
using Providers::ChatEvent;
using Providers::ChatMessage;

namespace {

const QString token = u"sy-test-token-0123456789"_s;

const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  claude:\n"
                          "    targets: [one/model-a]\n";

QJsonObject userText(const QString &text)
{
    return {{u"role"_s, u"user"_s}, {u"content"_s, text}};
}

QJsonObject messagesBody(const QJsonArray &messages, bool stream = false)
{
    QJsonObject body{{u"model"_s, u"claude"_s}, {u"max_tokens"_s, 256}, {u"messages"_s, messages}};
    if (stream)
        body.insert(u"stream"_s, true);
    return body;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The events of an Anthropic stream: (name, data) in order.
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

QByteArrayList names(const QList<std::pair<QByteArray, QJsonObject>> &list)
{
    QByteArrayList out;
    for (const auto &[name, data] : list) {
        out.append(name);
        // The event's name and its data's type are the same word.
        if (data.value(u"type"_s).toString().toUtf8() != name)
            out.append("MISMATCH:" + data.value(u"type"_s).toString().toUtf8());
    }
    return out;
}

} // namespace

class TestAnthropicFront final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void readsRequests_data();
    void readsRequests();
    void refusesWhatCannotBeCarried_data();
    void refusesWhatCannotBeCarried();
    void writesEventSequence_data();
    void writesEventSequence();
    void usageInAnthropicTerms();
    void errorTypes_data();
    void errorTypes();
    void answersAsMessage();
    void streamsEvents();
    void toolRoundThroughOpenAiUpstream();
    void errorsInAnthropicShape_data();
    void errorsInAnthropicShape();
    void countsTokens();
    void listsModelsForAnthropicClients();

private:
    void startGateway();
    QNetworkReply *post(const QString &path, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers = {{"x-api-key", token.toUtf8()}});
    static bool waitFor(QNetworkReply *reply);
    [[nodiscard]] QList<Usage::UsageRecord> loggedCalls() { return TestSupport::loggedCalls(*m_usage); }

    QTemporaryDir m_dir;
    TestSupport::MemoryKeyStore m_keys;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<QNetworkAccessManager> m_client;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<GatewayServer> m_gateway;
};

void TestAnthropicFront::init()
{
    QVERIFY(m_dir.isValid());
    m_one = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    m_client = std::make_unique<QNetworkAccessManager>();
    QFile::remove(m_dir.filePath(u"usage.sqlite3"_s));
    m_usage = std::make_unique<Usage::UsageStore>(m_dir.filePath(u"usage.sqlite3"_s));
    const auto read = Routing::ConfigReader::read(config);
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    Routing::Router::Services services;
    services.network = m_network.get();
    services.keys = &m_keys;
    services.usage = m_usage.get();
    services.provider = FixtureProvider::openAiProviders({{u"one"_s, m_one.get()}});
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(read->config));
}

void TestAnthropicFront::cleanup()
{
    m_gateway.reset();
    m_router.reset();
    m_usage.reset();
    m_client.reset();
    m_network.reset();
    m_one.reset();
}

void TestAnthropicFront::startGateway()
{
    Gateway::GatewayOptions options;
    options.token = token;
    GatewayServer::Services services{.router = m_router.get(), .models = [] { return QStringList{u"one/model-a"_s}; }};
    m_gateway = std::make_unique<GatewayServer>(services, options);
    const auto port = m_gateway->listen();
    QVERIFY2(port, port ? "" : qPrintable(port.error()));
}

QNetworkReply *TestAnthropicFront::post(const QString &path, const QByteArray &body,
                                        const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_gateway->baseUrl().toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("anthropic-version", "2023-06-01");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_client->post(request, body);
}

bool TestAnthropicFront::waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(15000);
}

// What the reader makes of Messages bodies, summed up as text: one line per
// neutral message, "role|text|tool calls|tool call id|images", then the
// request's own fields.
void TestAnthropicFront::readsRequests_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QStringList>("expected");

    const QJsonObject toolUse{{u"type"_s, u"tool_use"_s}, {u"id"_s, u"toolu_1"_s}, {u"name"_s, u"read_file"_s},
                              {u"input"_s, QJsonObject{{u"path"_s, u"a.txt"_s}}}};
    const QJsonObject thinking{{u"type"_s, u"thinking"_s}, {u"thinking"_s, u"hmm"_s}, {u"signature"_s, u"sig"_s}};
    const QJsonObject result{{u"type"_s, u"tool_result"_s}, {u"tool_use_id"_s, u"toolu_1"_s},
                             {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"hello"_s}}}}};
    const QJsonObject failed{{u"type"_s, u"tool_result"_s}, {u"tool_use_id"_s, u"toolu_2"_s},
                             {u"content"_s, u"no such file"_s}, {u"is_error"_s, true}};
    const QJsonObject image{{u"type"_s, u"image"_s},
                            {u"source"_s, QJsonObject{{u"type"_s, u"base64"_s}, {u"media_type"_s, u"image/png"_s},
                                                      {u"data"_s, u"iVBORw0K"_s}}}};

    QTest::newRow("text") << messagesBody({userText(u"Hi"_s)}) << QStringList{u"user|Hi|||0"_s, u"max=256"_s};
    QJsonObject system = messagesBody({userText(u"Hi"_s)});
    system.insert(u"system"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Be brief."_s},
                                                      {u"cache_control"_s, QJsonObject{{u"type"_s, u"ephemeral"_s}}}},
                                          QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Be kind."_s}}});
    system.insert(u"temperature"_s, 0.5);
    system.insert(u"stop_sequences"_s, QJsonArray{u"END"_s});
    QTest::newRow("system blocks and sampling")
        << system << QStringList{u"system=Be brief.\n\nBe kind."_s, u"user|Hi|||0"_s, u"max=256"_s, u"temperature=0.5"_s, u"stop=END"_s};
    // A tool round: the thinking of the earlier turn is left out, the results
    // come before the rest of their user turn.
    QJsonObject round = messagesBody(
        {userText(u"Read a.txt"_s),
         QJsonObject{{u"role"_s, u"assistant"_s},
                     {u"content"_s, QJsonArray{thinking, QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Reading."_s}}, toolUse}}},
         QJsonObject{{u"role"_s, u"user"_s},
                     {u"content"_s, QJsonArray{result, failed, QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Go on."_s}}}}}});
    round.insert(u"tools"_s, QJsonArray{QJsonObject{{u"name"_s, u"read_file"_s}, {u"description"_s, u"Reads"_s},
                                                    {u"input_schema"_s, QJsonObject{{u"type"_s, u"object"_s}}}}});
    round.insert(u"tool_choice"_s, QJsonObject{{u"type"_s, u"any"_s}, {u"disable_parallel_tool_use"_s, true}});
    QTest::newRow("tool round") << round
                                << QStringList{u"user|Read a.txt|||0"_s,
                                               u"assistant|Reading.|toolu_1:read_file:{\"path\":\"a.txt\"}||0"_s,
                                               u"tool|hello||toolu_1|0"_s,
                                               u"tool|Error: no such file||toolu_2|0"_s,
                                               u"user|Go on.|||0"_s,
                                               u"max=256"_s,
                                               u"tools=read_file"_s,
                                               u"choice=required"_s,
                                               u"parallel=false"_s};
    QTest::newRow("image") << messagesBody({QJsonObject{{u"role"_s, u"user"_s},
                                                        {u"content"_s, QJsonArray{image, QJsonObject{{u"type"_s, u"text"_s},
                                                                                                     {u"text"_s, u"What is it?"_s}}}}}})
                           << QStringList{u"user|What is it?|||1"_s, u"max=256"_s};
    QJsonObject thinks = messagesBody({userText(u"Think"_s)});
    thinks.insert(u"thinking"_s, QJsonObject{{u"type"_s, u"enabled"_s}, {u"budget_tokens"_s, 16000}});
    QTest::newRow("thinking budget") << thinks << QStringList{u"user|Think|||0"_s, u"max=256"_s, u"effort=high"_s};
    QJsonObject named = messagesBody({userText(u"Go"_s)});
    named.insert(u"tool_choice"_s, QJsonObject{{u"type"_s, u"tool"_s}, {u"name"_s, u"read_file"_s}});
    named.insert(u"metadata"_s, QJsonObject{{u"user_id"_s, u"u-1"_s}});
    // Claude Code's way: environment notes as a system turn mid-conversation,
    // the effort in output_config beside an adaptive thinking.
    QJsonObject agent = messagesBody(
        {userText(u"Fix it"_s),
         QJsonObject{{u"role"_s, u"system"_s},
                     {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"# Environment"_s},
                                                           {u"cache_control"_s, QJsonObject{{u"type"_s, u"ephemeral"_s}}}}}}}});
    agent.insert(u"thinking"_s, QJsonObject{{u"type"_s, u"adaptive"_s}, {u"display"_s, u"omitted"_s}});
    agent.insert(u"output_config"_s, QJsonObject{{u"effort"_s, u"low"_s}});
    agent.insert(u"context_management"_s, QJsonObject{{u"edits"_s, QJsonArray()}});
    QTest::newRow("system turn, output_config effort")
        << agent << QStringList{u"user|Fix it|||0"_s, u"system|# Environment|||0"_s, u"max=256"_s, u"effort=low"_s};
    QTest::newRow("named tool, metadata") << named << QStringList{u"user|Go|||0"_s, u"max=256"_s, u"choice=read_file"_s};
}

void TestAnthropicFront::readsRequests()
{
    QFETCH(QJsonObject, body);
    QFETCH(QStringList, expected);
    const auto parsed = AnthropicMessagesRequest::parse(compact(body));
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->model, u"claude"_s);
    QVERIFY(parsed->request.stream); // upstream always streams
    const Providers::ChatRequest &r = parsed->request;
    QStringList got;
    if (!r.systemPrompt.isEmpty())
        got.append(u"system="_s + r.systemPrompt);
    static const QStringList roles{u"system"_s, u"user"_s, u"assistant"_s, u"tool"_s};
    for (const ChatMessage &m : r.messages) {
        QStringList calls;
        for (const auto &call : m.toolCalls)
            calls.append(call.id + u':' + call.name + u':' + call.arguments);
        got.append(u"%1|%2|%3|%4|%5"_s.arg(roles.at(int(m.role)), m.text, calls.join(u','), m.toolCallId)
                       .arg(m.images.size()));
    }
    if (r.maxTokens)
        got.append(u"max=%1"_s.arg(*r.maxTokens));
    if (r.temperature)
        got.append(u"temperature=%1"_s.arg(*r.temperature));
    if (!r.stop.isEmpty())
        got.append(u"stop="_s + r.stop.join(u','));
    if (!r.tools.isEmpty())
        got.append(u"tools="_s + r.tools.first().name);
    using Mode = Providers::ToolChoice::Mode;
    if (r.toolChoice.mode == Mode::Required)
        got.append(u"choice=required"_s);
    if (r.toolChoice.mode == Mode::Named)
        got.append(u"choice="_s + r.toolChoice.name);
    if (r.parallelToolCalls)
        got.append(u"parallel=%1"_s.arg(*r.parallelToolCalls ? u"true"_s : u"false"_s));
    if (!r.reasoningEffort.isEmpty())
        got.append(u"effort="_s + r.reasoningEffort);
    QCOMPARE(got, expected);
}

void TestAnthropicFront::refusesWhatCannotBeCarried_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");

    const auto with = [](const QString &field, const QJsonValue &value) {
        QJsonObject body = messagesBody({userText(u"Hi"_s)});
        body.insert(field, value);
        return compact(body);
    };
    QTest::newRow("not JSON") << QByteArray("{") << QString();
    QJsonObject noMax = messagesBody({userText(u"Hi"_s)});
    noMax.remove(u"max_tokens"_s);
    QTest::newRow("no max_tokens") << compact(noMax) << u"max_tokens"_s;
    QTest::newRow("no messages") << with(u"messages"_s, QJsonArray()) << u"messages"_s;
    QTest::newRow("unknown role")
        << with(u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"robot"_s}, {u"content"_s, u"x"_s}}})
        << u"messages[0].role"_s;
    QTest::newRow("image by URL")
        << with(u"messages"_s,
                QJsonArray{QJsonObject{
                    {u"role"_s, u"user"_s},
                    {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"image"_s},
                                                          {u"source"_s, QJsonObject{{u"type"_s, u"url"_s},
                                                                                    {u"url"_s, u"http://example.invalid/a.png"_s}}}}}}}})
        << u"messages[0].content[0].source"_s;
    QTest::newRow("document")
        << with(u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                      {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"document"_s}}}}}})
        << u"messages[0].content[0].type"_s;
    QTest::newRow("server tool") << with(u"tools"_s, QJsonArray{QJsonObject{{u"type"_s, u"web_search_20250305"_s},
                                                                            {u"name"_s, u"web_search"_s}}})
                                 << u"tools[0].type"_s;
    QTest::newRow("tool without schema") << with(u"tools"_s, QJsonArray{QJsonObject{{u"name"_s, u"t"_s}}})
                                         << u"tools[0].input_schema"_s;
    QTest::newRow("bad tool_choice") << with(u"tool_choice"_s, QJsonObject{{u"type"_s, u"sometimes"_s}})
                                     << u"tool_choice"_s;
    QTest::newRow("temperature as text") << with(u"temperature"_s, u"hot"_s) << u"temperature"_s;
    QTest::newRow("unknown field") << with(u"frobnicate"_s, true) << u"frobnicate"_s;
    QTest::newRow("tool result without id")
        << with(u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                      {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"tool_result"_s},
                                                                                            {u"content"_s, u"x"_s}}}}}})
        << u"messages[0].content[0].tool_use_id"_s;
}

void TestAnthropicFront::refusesWhatCannotBeCarried()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const auto parsed = AnthropicMessagesRequest::parse(body);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().status, 400);
    QCOMPARE(parsed.error().param, param);
    QVERIFY(!parsed.error().message.isEmpty());
}

void TestAnthropicFront::writesEventSequence_data()
{
    QTest::addColumn<QList<QList<ChatEvent>>>("batches");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<QString>("stopReason");

    const auto tool = [](int index, const QString &id, const QString &name, const QString &arguments) {
        return ChatEvent{.type = ChatEvent::Type::ToolCallDelta, .text = arguments, .toolIndex = index,
                         .toolId = id, .toolName = name};
    };
    QTest::newRow("text")
        << QList<QList<ChatEvent>>{{ChatEvent::textDelta(u"Hel"_s)}, {ChatEvent::textDelta(u"lo"_s), ChatEvent::finish(u"stop"_s)}}
        << u"stop"_s
        << QByteArrayList{"message_start", "content_block_start", "content_block_delta", "content_block_delta",
                          "content_block_stop", "message_delta", "message_stop"}
        << u"end_turn"_s;
    QTest::newRow("thinking then text")
        << QList<QList<ChatEvent>>{{ChatEvent::reasoningDelta(u"Let me see."_s), ChatEvent::textDelta(u"Yes."_s)}}
        << u"end_turn"_s
        << QByteArrayList{"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                          "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
                          "message_stop"}
        << u"end_turn"_s;
    QTest::newRow("two parallel tool calls")
        << QList<QList<ChatEvent>>{{ChatEvent::textDelta(u"Both."_s), tool(0, u"call_a"_s, u"read"_s, u"{\"p\":"_s)},
                                   {tool(0, {}, {}, u"1}"_s), tool(1, u"call_b"_s, u"read"_s, u"{\"p\":2}"_s)}}
        << u"tool_calls"_s
        << QByteArrayList{"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                          "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                          "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
                          "message_stop"}
        << u"tool_use"_s;
    QTest::newRow("empty answer") << QList<QList<ChatEvent>>{} << u"length"_s
                                  << QByteArrayList{"message_start", "message_delta", "message_stop"}
                                  << u"max_tokens"_s;
}

void TestAnthropicFront::writesEventSequence()
{
    QFETCH(QList<QList<ChatEvent>>, batches);
    QFETCH(QString, reason);
    QFETCH(QByteArrayList, expected);
    QFETCH(QString, stopReason);

    AnthropicMessageWriter writer(u"claude"_s);
    QByteArray stream;
    for (const auto &batch : batches)
        stream += writer.write(batch);
    stream += writer.finish(reason, {.input = 10, .output = 4});
    const auto list = events(stream);
    QCOMPARE(names(list), expected);

    // The blocks numbered from 0 in order, each delta in the open block, and
    // the text and tool arguments put back together as the SDKs do.
    int open = -1;
    int next = 0;
    QStringList blocks;
    for (const auto &[name, data] : list) {
        if (name == "content_block_start") {
            QCOMPARE(data.value(u"index"_s).toInt(), next++);
            open = data.value(u"index"_s).toInt();
            const QJsonObject block = data.value(u"content_block"_s).toObject();
            blocks.append(block.value(u"type"_s).toString() + u':' + block.value(u"id"_s).toString());
        } else if (name == "content_block_delta") {
            QCOMPARE(data.value(u"index"_s).toInt(), open);
            const QJsonObject delta = data.value(u"delta"_s).toObject();
            blocks.last() += delta.value(u"text"_s).toString() + delta.value(u"thinking"_s).toString()
                + delta.value(u"partial_json"_s).toString();
        } else if (name == "content_block_stop") {
            QCOMPARE(data.value(u"index"_s).toInt(), open);
            open = -1;
        } else if (name == "message_delta") {
            QCOMPARE(data.value(u"delta"_s).toObject().value(u"stop_reason"_s).toString(), stopReason);
            QCOMPARE(data.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInt(), 4);
            QCOMPARE(data.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInt(), 10);
        }
    }
    QCOMPARE(open, -1);
    if (QByteArray(QTest::currentDataTag()) == "two parallel tool calls")
        QCOMPARE(blocks, (QStringList{u"text:Both."_s, u"tool_use:call_a{\"p\":1}"_s, u"tool_use:call_b{\"p\":2}"_s}));
    if (QByteArray(QTest::currentDataTag()) == "thinking then text")
        QCOMPARE(blocks, (QStringList{u"thinking:Let me see."_s, u"text:Yes."_s}));
}

void TestAnthropicFront::usageInAnthropicTerms()
{
    // The neutral input counts cache reads and writes in; Anthropic's
    // input_tokens leaves them out, each in its own field.
    AnthropicMessageWriter writer(u"m"_s);
    const QJsonObject message = QJsonDocument::fromJson(writer.whole(
        {.text = u"ok"_s, .finishReason = u"end_turn"_s,
         .usage = {.input = 1000, .output = 20, .cachedInput = 600, .cacheWrite5m = 300, .cacheWrite1h = 50}})).object();
    const QJsonObject usage = message.value(u"usage"_s).toObject();
    QCOMPARE(usage.value(u"input_tokens"_s).toInt(), 50);
    QCOMPARE(usage.value(u"cache_read_input_tokens"_s).toInt(), 600);
    QCOMPARE(usage.value(u"cache_creation_input_tokens"_s).toInt(), 350);
    QCOMPARE(usage.value(u"cache_creation"_s).toObject().value(u"ephemeral_1h_input_tokens"_s).toInt(), 50);
    QCOMPARE(usage.value(u"output_tokens"_s).toInt(), 20);
    QCOMPARE(message.value(u"type"_s).toString(), u"message"_s);
    QVERIFY(message.value(u"id"_s).toString().startsWith(u"msg_"_s));
}

void TestAnthropicFront::errorTypes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::newRow("400") << 400 << u"invalid_request_error"_s;
    QTest::newRow("401") << 401 << u"authentication_error"_s;
    QTest::newRow("403") << 403 << u"permission_error"_s;
    QTest::newRow("404") << 404 << u"not_found_error"_s;
    QTest::newRow("413") << 413 << u"request_too_large"_s;
    QTest::newRow("429") << 429 << u"rate_limit_error"_s;
    QTest::newRow("502") << 502 << u"api_error"_s;
    QTest::newRow("503") << 503 << u"overloaded_error"_s;
    QTest::newRow("504") << 504 << u"timeout_error"_s;
}

void TestAnthropicFront::errorTypes()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    const Gateway::GatewayError error{.status = status, .type = u"whatever"_s, .message = u"why"_s};
    const QJsonObject body = QJsonDocument::fromJson(AnthropicMessageWriter(u"m"_s).errorBody(error)).object();
    QCOMPARE(body.value(u"type"_s).toString(), u"error"_s);
    QCOMPARE(body.value(u"error"_s).toObject().value(u"type"_s).toString(), type);
    QCOMPARE(body.value(u"error"_s).toObject().value(u"message"_s).toString(), u"why"_s);
}

void TestAnthropicFront::answersAsMessage()
{
    m_one->enqueue(TestSupport::OpenAiReplies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    startGateway();
    QJsonObject body = messagesBody({userText(u"hello"_s)});
    body.insert(u"system"_s, u"Be brief."_s);
    QNetworkReply *reply = post(u"/messages"_s, compact(body));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-route"), "claude");
    const QJsonObject message = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(message.value(u"type"_s).toString(), u"message"_s);
    QCOMPARE(message.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(message.value(u"model"_s).toString(), u"claude"_s);
    QCOMPARE(message.value(u"content"_s).toArray(),
             (QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"Hello"_s}}}));
    QCOMPARE(message.value(u"stop_reason"_s).toString(), u"end_turn"_s);
    QCOMPARE(message.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInt(), 12);
    QCOMPARE(message.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInt(), 3);
    // The OpenAI-compatible upstream got it in its own words; the client's
    // token went no further.
    const QJsonObject sent = QJsonDocument::fromJson(m_one->requests().first().body).object();
    QCOMPARE(m_one->requests().first().path, "/v1/chat/completions"_ba);
    QCOMPARE(sent.value(u"messages"_s).toArray().at(0).toObject().value(u"content"_s).toString(), u"Be brief."_s);
    QCOMPARE(sent.value(u"max_tokens"_s).toInt(), 256);
    QVERIFY(!m_one->requests().first().headers.value("x-api-key").contains(token.toUtf8()));
    // One usage row, as for any gateway call.
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
    QCOMPARE(rows.first().tokensIn, 12);
    QCOMPARE(rows.first().tokensOut, 3);
}

void TestAnthropicFront::streamsEvents()
{
    m_one->enqueue(TestSupport::OpenAiReplies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    startGateway();
    // Claude Code's way: the token as a bearer (ANTHROPIC_AUTH_TOKEN).
    QNetworkReply *reply = post(u"/messages"_s, compact(messagesBody({userText(u"hello"_s)}, true)),
                                {{"authorization", "Bearer " + token.toUtf8()}});
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"text/event-stream"_s));
    const auto list = events(reply->readAll());
    QCOMPARE(names(list), (QByteArrayList{"message_start", "content_block_start", "content_block_delta",
                                          "content_block_delta", "content_block_stop", "message_delta", "message_stop"}));
    QString text;
    for (const auto &[name, data] : list)
        text += data.value(u"delta"_s).toObject().value(u"text"_s).toString();
    QCOMPARE(text, u"Hello"_s);
    const QJsonObject usage = list.at(5).second.value(u"usage"_s).toObject();
    QCOMPARE(usage.value(u"input_tokens"_s).toInt(), 12);
    QCOMPARE(usage.value(u"output_tokens"_s).toInt(), 3);
}

void TestAnthropicFront::toolRoundThroughOpenAiUpstream()
{
    m_one->enqueue(TestSupport::OpenAiReplies::toolCall(u"call_9"_s, u"read_file"_s, {u"{\"path\":"_s, u"\"b.txt\"}"_s}));
    startGateway();
    const QJsonObject toolUse{{u"type"_s, u"tool_use"_s}, {u"id"_s, u"toolu_1"_s}, {u"name"_s, u"read_file"_s},
                              {u"input"_s, QJsonObject{{u"path"_s, u"a.txt"_s}}}};
    const QJsonObject result{{u"type"_s, u"tool_result"_s}, {u"tool_use_id"_s, u"toolu_1"_s}, {u"content"_s, u"A"_s}};
    QJsonObject body = messagesBody({userText(u"Read a.txt then b.txt"_s),
                                     QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, QJsonArray{toolUse}}},
                                     QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, QJsonArray{result}}}},
                                    true);
    body.insert(u"tools"_s,
                QJsonArray{QJsonObject{{u"name"_s, u"read_file"_s},
                                       {u"input_schema"_s, QJsonObject{{u"type"_s, u"object"_s},
                                                                       {u"properties"_s, QJsonObject{{u"path"_s, QJsonObject{{u"type"_s, u"string"_s}}}}}}}}});
    QNetworkReply *reply = post(u"/messages"_s, compact(body));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    // Upstream: OpenAI's tool calls and tool message, ids kept.
    const QJsonObject sent = QJsonDocument::fromJson(m_one->requests().first().body).object();
    const QJsonArray messages = sent.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    const QJsonObject call = messages.at(1).toObject().value(u"tool_calls"_s).toArray().at(0).toObject();
    QCOMPARE(call.value(u"id"_s).toString(), u"toolu_1"_s);
    QCOMPARE(call.value(u"function"_s).toObject().value(u"arguments"_s).toString(), u"{\"path\":\"a.txt\"}"_s);
    QCOMPARE(messages.at(2).toObject().value(u"role"_s).toString(), u"tool"_s);
    QCOMPARE(messages.at(2).toObject().value(u"tool_call_id"_s).toString(), u"toolu_1"_s);
    QCOMPARE(sent.value(u"tools"_s).toArray().at(0).toObject().value(u"function"_s).toObject().value(u"name"_s).toString(),
             u"read_file"_s);

    // Client: a tool_use block with the upstream's id, its input streamed.
    const auto list = events(reply->readAll());
    QString id, input, stop;
    for (const auto &[name, data] : list) {
        if (name == "content_block_start")
            id = data.value(u"content_block"_s).toObject().value(u"id"_s).toString();
        if (name == "content_block_delta")
            input += data.value(u"delta"_s).toObject().value(u"partial_json"_s).toString();
        if (name == "message_delta")
            stop = data.value(u"delta"_s).toObject().value(u"stop_reason"_s).toString();
    }
    QCOMPARE(id, u"call_9"_s);
    QCOMPARE(input, u"{\"path\":\"b.txt\"}"_s);
    QCOMPARE(stop, u"tool_use"_s);
}

void TestAnthropicFront::errorsInAnthropicShape_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<int>("upstreamStatus");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");

    const QByteArray good = compact(messagesBody({userText(u"hi"_s)}));
    QTest::newRow("no token") << u"/messages"_s << good << false << 0 << 401 << u"authentication_error"_s;
    QTest::newRow("bad body") << u"/messages"_s << QByteArray("{") << true << 0 << 400 << u"invalid_request_error"_s;
    QJsonObject unknown = messagesBody({userText(u"hi"_s)});
    unknown.insert(u"model"_s, u"nobody/nothing"_s);
    QTest::newRow("unknown model") << u"/messages"_s << compact(unknown) << true << 0 << 404 << u"not_found_error"_s;
    QTest::newRow("upstream rate limit") << u"/messages"_s << good << true << 429 << 429 << u"rate_limit_error"_s;
    QTest::newRow("count_tokens without token") << u"/messages/count_tokens"_s << good << false << 0 << 401
                                                << u"authentication_error"_s;
}

void TestAnthropicFront::errorsInAnthropicShape()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(bool, withToken);
    QFETCH(int, upstreamStatus);
    QFETCH(int, status);
    QFETCH(QString, type);
    if (upstreamStatus)
        m_one->enqueue(TestSupport::OpenAiReplies::failure(upstreamStatus, {{"retry-after", "7"}}));
    startGateway();
    QNetworkReply *reply = post(path, body, withToken ? QList<QPair<QByteArray, QByteArray>>{{"x-api-key", token.toUtf8()}}
                                                      : QList<QPair<QByteArray, QByteArray>>{});
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(error.value(u"type"_s).toString(), u"error"_s);
    QCOMPARE(error.value(u"error"_s).toObject().value(u"type"_s).toString(), type);
    QVERIFY(!error.value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    if (upstreamStatus == 429)
        QCOMPARE(reply->rawHeader("retry-after"), "7");
}

void TestAnthropicFront::countsTokens()
{
    startGateway();
    QJsonObject body = messagesBody({userText(QString(400, u'a'))});
    body.remove(u"max_tokens"_s); // count_tokens does not need it
    QNetworkReply *reply = post(u"/messages/count_tokens"_s, compact(body));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const int tokens = QJsonDocument::fromJson(reply->readAll()).object().value(u"input_tokens"_s).toInt(-1);
    // An estimate, about 4 bytes a token, with something for the framing.
    QVERIFY2(tokens >= 100 && tokens <= 120, qPrintable(QString::number(tokens)));
    QVERIFY(m_one->requests().isEmpty()); // nothing went upstream
}

void TestAnthropicFront::listsModelsForAnthropicClients()
{
    startGateway();
    QNetworkRequest request(QUrl(m_gateway->baseUrl().toString() + u"/models"_s));
    request.setRawHeader("x-api-key", token.toUtf8());
    request.setRawHeader("anthropic-version", "2023-06-01");
    QNetworkReply *reply = m_client->get(request);
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject list = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(list.value(u"has_more"_s).toBool(true), false);
    const QJsonArray data = list.value(u"data"_s).toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.at(0).toObject().value(u"type"_s).toString(), u"model"_s);
    QCOMPARE(data.at(0).toObject().value(u"id"_s).toString(), u"claude"_s);
    QCOMPARE(data.at(1).toObject().value(u"id"_s).toString(), u"one/model-a"_s);
    QCOMPARE(list.value(u"first_id"_s).toString(), u"claude"_s);
}

QTEST_GUILESS_MAIN(TestAnthropicFront)
#include "tst_anthropicfront.moc"
