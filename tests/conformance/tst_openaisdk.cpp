// The local gateway as the official OpenAI SDK sees it: npm openai 6.x, run
// by node, pointed at the gateway the way a user's script would be (only
// OPENAI_BASE_URL and OPENAI_API_KEY), with the router behind the gateway
// talking to a fixture provider on 127.0.0.1. Our own tests of the gateway
// read its bytes with our own reading of the format; here a client nobody in
// this project wrote has to accept them: JSON and streamed answers, the usage
// chunk, tool calls assembled from streamed deltas, the SDK's own agent loop
// (runTools: a tool call, its result sent back, the answer), JSON mode, a 429 the SDK
// can retry on, a cut mid-stream that it reports, and a client that aborts;
// the Responses API with a function-call round (streamed and not, continued
// by previous_response_id or by the whole input); and embeddings (the SDK's
// default base64, which it decodes itself, and float).

#include "support/fixtureprovider.h"
#include "providers/loopbacknetworkaccess.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"
#include "support/openaireplies.h"

#include "gateway/gatewayserver.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::GatewayOptions;
using Gateway::GatewayServer;
namespace Replies = TestSupport::OpenAiReplies;

namespace {

const QString token = u"sy-sdk-test-token-0123456789"_s;
const QString npmDir = QStringLiteral(SWITCHYARD_NPM_DIR);
const QString client = QStringLiteral(SWITCHYARD_SDK_CLIENT);

// One attempt per call, no cooldown: each test scripts exactly what the
// upstream answers, and the SDK's own retries are what is under test.
const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  main:\n"
                          "    targets: [fixture/model-a]\n"
                          "  embed:\n"
                          "    targets: [fixture/text-embedding-3-small]\n";

} // namespace

class TestOpenAiSdk final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsModels();
    void answersAsJson();
    void streamsWithUsage();
    void streamedToolCallAssembled();
    void toolCallAsJson();
    void agentLoop_data();
    void agentLoop();
    void jsonModePassesThrough();
    void rateLimitIsRateLimitError();
    void retriesAfterRateLimit();
    void cutMidStreamIsReported();
    void abortCancelsUpstream();
    void responsesFunctionRound_data();
    void responsesFunctionRound();
    void embeddings_data();
    void embeddings();

private:
    /// Runs the SDK client's scenario to its end (the gateway keeps serving
    /// meanwhile: this waits in the event loop) and returns its result.
    QJsonObject runClient(const QString &scenario);
    QList<Usage::UsageRecord> loggedCalls() { return TestSupport::loggedCalls(*m_usage); }
    [[nodiscard]] QJsonObject upstreamBody(qsizetype index) const;

    QTemporaryDir m_dir;
    std::unique_ptr<FixtureProvider> m_upstream;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    TestSupport::MemoryKeyStore m_keys;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<GatewayServer> m_gateway;
};

void TestOpenAiSdk::initTestCase()
{
    QVERIFY2(QFileInfo::exists(QStringLiteral(SWITCHYARD_NODE)),
             "node was not found when the build was configured (Debian: nodejs)");
    QVERIFY2(QFileInfo::exists(npmDir + u"/node_modules/openai/package.json"_s),
             "the openai package is not installed: the conformance_npm_ci setup test installs it");
}

void TestOpenAiSdk::init()
{
    QVERIFY(m_dir.isValid());
    m_upstream = std::make_unique<FixtureProvider>();
    QVERIFY(m_upstream->listen());
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    QFile::remove(m_dir.filePath(u"usage.sqlite3"_s));
    m_usage = std::make_unique<Usage::UsageStore>(m_dir.filePath(u"usage.sqlite3"_s));

    const auto read = Routing::ConfigReader::read(config);
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    Routing::Router::Services services;
    services.network = m_network.get();
    services.keys = &m_keys;
    services.usage = m_usage.get();
    services.provider = FixtureProvider::openAiProviders({{u"fixture"_s, m_upstream.get()}});
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(read->config));

    GatewayOptions options;
    options.token = token;
    m_gateway = std::make_unique<GatewayServer>(
        GatewayServer::Services{.router = m_router.get(), .models = [] { return QStringList{u"fixture/model-a"_s}; }},
        options);
    const auto port = m_gateway->listen();
    QVERIFY2(port, port ? "" : qPrintable(port.error()));
}

void TestOpenAiSdk::cleanup()
{
    m_gateway.reset();
    m_router.reset();
    m_usage.reset();
    m_network.reset();
    m_upstream.reset();
}

QJsonObject TestOpenAiSdk::runClient(const QString &scenario)
{
    QProcess node;
    // What a user's script has: the gateway's address and token, and nothing
    // that would send loopback traffic elsewhere (no proxy variables).
    QProcessEnvironment environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"PATH"_s, u"HOME"_s, u"LANG"_s, u"TZ"_s}) {
        if (system.contains(name))
            environment.insert(name, system.value(name));
    }
    environment.insert(u"OPENAI_BASE_URL"_s, m_gateway->baseUrl().toString());
    environment.insert(u"OPENAI_API_KEY"_s, token);
    node.setProcessEnvironment(environment);
    node.start(QStringLiteral(SWITCHYARD_NODE), {client, npmDir, scenario});
    QSignalSpy finished(&node, &QProcess::finished);
    if (!finished.wait(60000)) {
        node.kill();
        node.waitForFinished();
        qWarning("the SDK client did not finish: %s", node.readAllStandardError().constData());
        return {};
    }
    const QByteArray out = node.readAllStandardOutput().trimmed();
    const QJsonObject line = QJsonDocument::fromJson(out.split('\n').last()).object();
    if (!line.value(u"ok"_s).toBool()) {
        qWarning("the SDK client failed: %s\nstderr: %s", out.constData(), node.readAllStandardError().constData());
        return {};
    }
    return line.value(u"result"_s).toObject();
}


QJsonObject TestOpenAiSdk::upstreamBody(qsizetype index) const
{
    return QJsonDocument::fromJson(m_upstream->requests().value(index).body).object();
}

void TestOpenAiSdk::listsModels()
{
    const QJsonObject result = runClient(u"models"_s);
    QCOMPARE(result.value(u"ids"_s).toArray(), (QJsonArray{u"main"_s, u"embed"_s, u"fixture/model-a"_s}));
    QVERIFY(m_upstream->requests().isEmpty());
}

void TestOpenAiSdk::answersAsJson()
{
    m_upstream->enqueue(Replies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    const QJsonObject result = runClient(u"chat"_s);
    QCOMPARE(result.value(u"object"_s).toString(), u"chat.completion"_s);
    QCOMPARE(result.value(u"content"_s).toString(), u"Hello"_s);
    QCOMPARE(result.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(result.value(u"finishReason"_s).toString(), u"stop"_s);
    const QJsonObject usage = result.value(u"usage"_s).toObject();
    QCOMPARE(usage.value(u"prompt_tokens"_s).toInt(), 12);
    QCOMPARE(usage.value(u"completion_tokens"_s).toInt(), 3);
    QCOMPARE(usage.value(u"total_tokens"_s).toInt(), 15);
    // The upstream got the user's message and the model the route names.
    const QJsonObject sent = upstreamBody(0);
    QCOMPARE(sent.value(u"model"_s).toString(), u"model-a"_s);
    QCOMPARE(sent.value(u"messages"_s).toArray().last().toObject().value(u"content"_s).toString(), u"Say hello."_s);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Ok);
}

void TestOpenAiSdk::streamsWithUsage()
{
    m_upstream->enqueue(Replies::text({u"One, "_s, u"two, "_s, u"three."_s}, 20, 6));
    const QJsonObject result = runClient(u"stream"_s);
    QCOMPARE(result.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
    QCOMPARE(result.value(u"content"_s).toString(), u"One, two, three."_s);
    QCOMPARE(result.value(u"finishReason"_s).toString(), u"stop"_s);
    // include_usage: a last chunk with the counts.
    const QJsonObject usage = result.value(u"usage"_s).toObject();
    QCOMPARE(usage.value(u"prompt_tokens"_s).toInt(), 20);
    QCOMPARE(usage.value(u"completion_tokens"_s).toInt(), 6);
    QVERIFY(result.value(u"chunks"_s).toInt() >= 4);
    QCOMPARE(loggedCalls().size(), 1);
}

void TestOpenAiSdk::streamedToolCallAssembled()
{
    m_upstream->enqueue(Replies::toolCall(u"call_7"_s, u"get_weather"_s, {u"{\"ci"_s, u"ty\": \"Os"_s, u"lo\"}"_s}));
    const QJsonObject result = runClient(u"toolsStream"_s);
    QCOMPARE(result.value(u"finishReason"_s).toString(), u"tool_calls"_s);
    const QJsonArray calls = result.value(u"toolCalls"_s).toArray();
    QCOMPARE(calls.size(), 1);
    const QJsonObject call = calls.first().toObject();
    QCOMPARE(call.value(u"id"_s).toString(), u"call_7"_s);
    QCOMPARE(call.value(u"type"_s).toString(), u"function"_s);
    QCOMPARE(call.value(u"name"_s).toString(), u"get_weather"_s);
    QCOMPARE(call.value(u"arguments"_s).toObject(), (QJsonObject{{u"city"_s, u"Oslo"_s}}));
    // The tool definition reached the upstream as the client wrote it.
    const QJsonArray tools = upstreamBody(0).value(u"tools"_s).toArray();
    QCOMPARE(tools.size(), 1);
    QCOMPARE(tools.first()[u"function"_s][u"name"_s].toString(), u"get_weather"_s);
}

void TestOpenAiSdk::toolCallAsJson()
{
    m_upstream->enqueue(Replies::toolCall(u"call_8"_s, u"get_weather"_s, {u"{\"city\":"_s, u"\"Lima\"}"_s}));
    const QJsonObject result = runClient(u"tools"_s);
    QCOMPARE(result.value(u"finishReason"_s).toString(), u"tool_calls"_s);
    const QJsonArray calls = result.value(u"toolCalls"_s).toArray();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first()[u"id"_s].toString(), u"call_8"_s);
    QCOMPARE(calls.first()[u"arguments"_s].toObject(), (QJsonObject{{u"city"_s, u"Lima"_s}}));
    QCOMPARE(upstreamBody(0).value(u"tool_choice"_s).toString(), u"auto"_s);
}

void TestOpenAiSdk::agentLoop_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::newRow("runTools") << u"runTools"_s;
    QTest::newRow("runTools, streamed") << u"runToolsStream"_s;
}

void TestOpenAiSdk::agentLoop()
{
    QFETCH(QString, scenario);
    m_upstream->enqueue(Replies::toolCall(u"call_9"_s, u"get_weather"_s, {u"{\"city\": "_s, u"\"Oslo\"}"_s}));
    m_upstream->enqueue(Replies::text({u"Sunny, "_s, u"21 °C in Oslo."_s}, 40, 8));
    const QJsonObject result = runClient(scenario);
    QCOMPARE(result.value(u"content"_s).toString(), u"Sunny, 21 °C in Oslo."_s);
    QCOMPARE(result.value(u"calledWith"_s).toArray(), QJsonArray{u"Oslo"_s});
    QCOMPARE(result.value(u"roles"_s).toArray(),
             (QJsonArray{u"user"_s, u"assistant"_s, u"tool"_s, u"assistant"_s}));

    // The second request carried the conversation as the SDK built it: the
    // assistant's call (with whatever else the SDK adds to that message) and
    // the tool's result, tied by the call's id.
    QCOMPARE(m_upstream->requests().size(), 2);
    const QJsonArray messages = upstreamBody(1).value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    const QJsonObject call = messages.at(1).toObject();
    QCOMPARE(call.value(u"role"_s).toString(), u"assistant"_s);
    const QJsonObject toolCall = call.value(u"tool_calls"_s).toArray().first().toObject();
    QCOMPARE(toolCall.value(u"id"_s).toString(), u"call_9"_s);
    QCOMPARE(toolCall[u"function"_s][u"name"_s].toString(), u"get_weather"_s);
    QCOMPARE(QJsonDocument::fromJson(toolCall[u"function"_s][u"arguments"_s].toString().toUtf8()).object(),
             (QJsonObject{{u"city"_s, u"Oslo"_s}}));
    const QJsonObject toolResult = messages.at(2).toObject();
    QCOMPARE(toolResult.value(u"role"_s).toString(), u"tool"_s);
    QCOMPARE(toolResult.value(u"tool_call_id"_s).toString(), u"call_9"_s);
    QCOMPARE(QJsonDocument::fromJson(toolResult.value(u"content"_s).toString().toUtf8()).object(),
             (QJsonObject{{u"city"_s, u"Oslo"_s}, {u"forecast"_s, u"sunny"_s}, {u"celsius"_s, 21}}));
    QCOMPARE(upstreamBody(1).value(u"tools"_s).toArray().size(), 1);

    // Two calls, each in the usage log; unstreamed, the SDK added up both
    // answers' usage (streamed, it has none: it did not ask for include_usage).
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).status, Usage::Status::Ok);
    QCOMPARE(rows.at(1).status, Usage::Status::Ok);
    if (scenario == "runTools"_L1)
        QVERIFY(result.value(u"usage"_s).toObject().value(u"prompt_tokens"_s).toInt() >= 40);
}

void TestOpenAiSdk::jsonModePassesThrough()
{
    m_upstream->enqueue(Replies::text({u"{\"answer\": "_s, u"42}"_s}));
    const QJsonObject result = runClient(u"jsonMode"_s);
    QCOMPARE(result.value(u"parsed"_s).toObject(), (QJsonObject{{u"answer"_s, 42}}));
    const QJsonObject sent = upstreamBody(0);
    QCOMPARE(sent.value(u"response_format"_s).toObject(), (QJsonObject{{u"type"_s, u"json_object"_s}}));
    QCOMPARE(sent.value(u"stop"_s).toArray(), QJsonArray{u"END"_s});
    const int maxTokens = sent.contains(u"max_tokens"_s) ? sent.value(u"max_tokens"_s).toInt()
                                                         : sent.value(u"max_completion_tokens"_s).toInt();
    QCOMPARE(maxTokens, 50);
}

void TestOpenAiSdk::rateLimitIsRateLimitError()
{
    m_upstream->enqueue(Replies::failure(429, {{"retry-after", "7"}}));
    const QJsonObject error = runClient(u"rateLimited"_s).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"class"_s).toString(), u"RateLimitError"_s);
    QCOMPARE(error.value(u"status"_s).toInt(), 429);
    QCOMPARE(error.value(u"type"_s).toString(), u"rate_limit_error"_s);
    QCOMPARE(error.value(u"code"_s).toString(), u"rate_limit_exceeded"_s);
    QCOMPARE(error.value(u"retryAfter"_s).toString(), u"7"_s);
    QVERIFY(error.value(u"isApiError"_s).toBool());
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Error);
}

void TestOpenAiSdk::retriesAfterRateLimit()
{
    m_upstream->enqueue(Replies::failure(429, {{"retry-after", "1"}}));
    m_upstream->enqueue(Replies::text({u"Second time lucky"_s}));
    const QJsonObject result = runClient(u"rateLimitedThenRetried"_s);
    QCOMPARE(result.value(u"content"_s).toString(), u"Second time lucky"_s);
    // The SDK waited the second the gateway passed on, not its own backoff.
    QVERIFY2(result.value(u"waitedMs"_s).toInt() >= 950, qPrintable(QString::number(result.value(u"waitedMs"_s).toInt())));
    QCOMPARE(m_upstream->requests().size(), 2);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).status, Usage::Status::Error);
    QCOMPARE(rows.at(1).status, Usage::Status::Ok);
}

void TestOpenAiSdk::cutMidStreamIsReported()
{
    FixtureReply cut = Replies::text({u"The first half"_s, u" and the rest"_s});
    cut.cutAfterChunks = 2; // the role chunk and the first piece
    m_upstream->enqueue(cut);
    const QJsonObject result = runClient(u"cutMidStream"_s);
    // What had arrived is kept; the end is an error the SDK raises, not a
    // clean finish that would pass half an answer off as whole.
    QCOMPARE(result.value(u"content"_s).toString(), u"The first half"_s);
    QVERIFY(!result.contains(u"finishReason"_s));
    const QJsonObject error = result.value(u"error"_s).toObject();
    QVERIFY2(error.value(u"isApiError"_s).toBool(), QJsonDocument(result).toJson().constData());
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Incomplete);
}

void TestOpenAiSdk::abortCancelsUpstream()
{
    FixtureReply slow = Replies::text({u"Once"_s, u" upon"_s, u" a"_s, u" time"_s});
    slow.stallAfterChunks = 2; // then nothing, with the connection kept open
    m_upstream->enqueue(slow);
    const QJsonObject result = runClient(u"abortMidStream"_s);
    QCOMPARE(result.value(u"content"_s).toString(), u"Once"_s);
    // The SDK ends the iteration of an aborted stream quietly.
    QVERIFY2(result.value(u"error"_s).isNull(), QJsonDocument(result).toJson().constData());
    // The gateway saw the client go and dropped the upstream call.
    QTRY_COMPARE_WITH_TIMEOUT(m_upstream->openConnections(), 0, 2000);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Cancelled);
}

void TestOpenAiSdk::responsesFunctionRound_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<bool>("stream");
    QTest::newRow("previous_response_id") << u"responsesRoundPrevious"_s << false;
    QTest::newRow("previous_response_id, streamed") << u"responsesRoundPreviousStream"_s << true;
    QTest::newRow("whole input") << u"responsesRoundFullInput"_s << false;
    QTest::newRow("whole input, streamed") << u"responsesRoundFullInputStream"_s << true;
}

void TestOpenAiSdk::responsesFunctionRound()
{
    QFETCH(QString, scenario);
    QFETCH(bool, stream);
    m_upstream->enqueue(Replies::toolCall(u"call_9"_s, u"get_weather"_s, {u"{\"city\": "_s, u"\"Oslo\"}"_s}));
    m_upstream->enqueue(Replies::text({u"Sunny, "_s, u"21 °C in Oslo."_s}, 40, 8));
    const QJsonObject result = runClient(scenario);
    QVERIFY(!result.isEmpty());

    const QJsonObject first = result.value(u"first"_s).toObject();
    QCOMPARE(first.value(u"object"_s).toString(), u"response"_s);
    QCOMPARE(first.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(first.value(u"name"_s).toString(), u"get_weather"_s);
    QCOMPARE(first.value(u"callId"_s).toString(), u"call_9"_s);
    QCOMPARE(first.value(u"arguments"_s).toObject(), (QJsonObject{{u"city"_s, u"Oslo"_s}}));
    const QJsonObject second = result.value(u"second"_s).toObject();
    QCOMPARE(second.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(second.value(u"text"_s).toString(), u"Sunny, 21 °C in Oslo."_s);
    if (!stream) // the SDK's own output_text, which it sets on what create() returns
        QCOMPARE(second.value(u"outputText"_s).toString(), u"Sunny, 21 °C in Oslo."_s);
    QCOMPARE(second.value(u"usage"_s)[u"input_tokens"_s].toInt(), 40);
    QCOMPARE(second.value(u"usage"_s)[u"output_tokens"_s].toInt(), 8);

    if (stream) {
        // The event sequence as the SDK parsed it, first and last in place.
        const QJsonArray firstEvents = result.value(u"firstEvents"_s).toArray();
        const QJsonArray secondEvents = result.value(u"secondEvents"_s).toArray();
        QCOMPARE(firstEvents.first().toString(), u"response.created"_s);
        QCOMPARE(firstEvents.last().toString(), u"response.completed"_s);
        QVERIFY(firstEvents.contains(u"response.function_call_arguments.delta"_s));
        QVERIFY(firstEvents.contains(u"response.function_call_arguments.done"_s));
        QCOMPARE(secondEvents.last().toString(), u"response.completed"_s);
        QVERIFY(secondEvents.contains(u"response.output_text.delta"_s));
    }

    // However the client continued, the upstream's second request carried
    // the call and its output, tied by the call's id.
    QCOMPARE(m_upstream->requests().size(), 2);
    const QJsonArray messages = upstreamBody(1).value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(0)[u"role"_s].toString(), u"user"_s);
    const QJsonObject call = messages.at(1).toObject();
    QCOMPARE(call.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(call.value(u"tool_calls"_s)[0][u"id"_s].toString(), u"call_9"_s);
    QCOMPARE(call.value(u"tool_calls"_s)[0][u"function"_s][u"name"_s].toString(), u"get_weather"_s);
    const QJsonObject output = messages.at(2).toObject();
    QCOMPARE(output.value(u"role"_s).toString(), u"tool"_s);
    QCOMPARE(output.value(u"tool_call_id"_s).toString(), u"call_9"_s);
    QCOMPARE(QJsonDocument::fromJson(output.value(u"content"_s).toString().toUtf8()).object(),
             (QJsonObject{{u"city"_s, u"Oslo"_s}, {u"forecast"_s, u"sunny"_s}, {u"celsius"_s, 21}}));
    QCOMPARE(upstreamBody(1).value(u"tools"_s).toArray().size(), 1);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).status, Usage::Status::Ok);
    QCOMPARE(rows.at(1).status, Usage::Status::Ok);
}

void TestOpenAiSdk::embeddings_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::newRow("default: base64, decoded by the SDK") << u"embeddings"_s;
    QTest::newRow("float") << u"embeddingsFloat"_s;
}

void TestOpenAiSdk::embeddings()
{
    QFETCH(QString, scenario);
    // OpenAI's answer, out of order: the index says which input.
    const QJsonArray first{0.25, -0.5, 0.125};
    const QJsonArray second{1.5, -0.0078125, 3.0};
    const QJsonObject answer{
        {u"object"_s, u"list"_s},
        {u"data"_s, QJsonArray{QJsonObject{{u"object"_s, u"embedding"_s}, {u"index"_s, 1}, {u"embedding"_s, second}},
                               QJsonObject{{u"object"_s, u"embedding"_s}, {u"index"_s, 0}, {u"embedding"_s, first}}}},
        {u"model"_s, u"text-embedding-3-small"_s},
        {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, 8}, {u"total_tokens"_s, 8}}}};
    m_upstream->enqueue({.contentType = "application/json", .chunks = {QJsonDocument(answer).toJson()}});
    const QJsonObject result = runClient(scenario);
    QCOMPARE(result.value(u"object"_s).toString(), u"list"_s);
    QCOMPARE(result.value(u"model"_s).toString(), u"embed"_s);
    QCOMPARE(result.value(u"indexes"_s).toArray(), (QJsonArray{0, 1}));
    QCOMPARE(result.value(u"vectors"_s).toArray(), (QJsonArray{first, second}));
    QCOMPARE(result.value(u"usage"_s)[u"prompt_tokens"_s].toInt(), 8);
    QCOMPARE(result.value(u"usage"_s)[u"total_tokens"_s].toInt(), 8);

    QCOMPARE(m_upstream->requests().size(), 1);
    QCOMPARE(m_upstream->requests().first().path, "/v1/embeddings"_ba);
    const QJsonObject sent = upstreamBody(0);
    QCOMPARE(sent.value(u"model"_s).toString(), u"text-embedding-3-small"_s);
    QCOMPARE(sent.value(u"input"_s).toArray(), (QJsonArray{u"hello world"_s, u"a second text"_s}));
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Ok);
    QCOMPARE(rows.first().model, u"text-embedding-3-small"_s);
    QCOMPARE(rows.first().tokensIn, std::optional<qint64>(8));
}

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "tst_openaisdk.moc"
