// ChatCall against the fixture provider over real HTTP on 127.0.0.1: each wire
// format's stream, every failure a provider can throw at it, and the shape of
// the requests it sends.

#include "support/ssechunks.h"
#include "../support/fixtureprovider.h"
#include "providers/loopbacknetworkaccess.h"
#include "providers/chatcall.h"
#include "providers/provideradapter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

Q_DECLARE_METATYPE(ApiKind)
Q_DECLARE_METATYPE(CallError::Kind)

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

constexpr auto NoError = CallError::Kind(-1);

using Switchyard::TestSupport::named;
using Switchyard::TestSupport::sse;

const QList<QByteArray> openAiStream = sse({
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})",
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]})",
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo ☃"},"finish_reason":null}]})",
    R"({"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
    R"({"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0}}})",
    "[DONE]"});

const QList<QByteArray> anthropicStream = named({
    {"message_start", R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-0","stop_reason":null,"usage":{"input_tokens":20,"cache_read_input_tokens":5,"cache_creation_input_tokens":0,"output_tokens":1}}})"},
    {"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"},
    {"ping", R"({"type": "ping"})"},
    {"content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}})"},
    {"content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}})"},
    {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
    {"content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})"},
    {"content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}})"},
    {"content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" there"}})"},
    {"content_block_stop", R"({"type":"content_block_stop","index":1})"},
    {"message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}})"},
    {"message_stop", R"({"type":"message_stop"})"}});

const QList<QByteArray> geminiStream = sse({
    R"({"candidates":[{"content":{"parts":[{"text":"Pondering","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash"})",
    R"({"candidates":[{"content":{"parts":[{"text":"Hi "}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1,"thoughtsTokenCount":30,"totalTokenCount":40}})",
    R"({"candidates":[{"content":{"parts":[{"text":"you"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"thoughtsTokenCount":30,"cachedContentTokenCount":3,"totalTokenCount":41}})"});

const QList<QByteArray> ollamaStream = {
    R"({"model":"llama3.2","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false})" "\n",
    R"({"model":"llama3.2","created_at":"2026-11-23T10:00:00Z","message":{"role":"assistant","content":" all"},"done":false})" "\n",
    R"({"model":"llama3.2","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":512000000,"load_duration":1000000,"prompt_eval_count":26,"prompt_eval_duration":130000000,"eval_count":2,"eval_duration":259000000})" "\n"};

// Checks "json.path=value" rows against a request body; numbers and booleans
// compare in their JSON spelling.
void checkBody(const QByteArray &bytes, const QStringList &checks)
{
    const QJsonObject body = QJsonDocument::fromJson(bytes).object();
    for (const QString &check : checks) {
        const QString key = check.section(u'=', 0, 0);
        const QString expected = check.section(u'=', 1);
        QJsonValue v = body;
        for (const QString &part : key.split(u'.')) {
            bool isIndex = false;
            const int i = part.toInt(&isIndex);
            v = isIndex ? v.toArray().at(i) : v.toObject().value(part);
        }
        const QString actual = v.isBool() ? (v.toBool() ? u"true"_s : u"false"_s)
            : v.isDouble()                ? QString::number(v.toDouble())
                                          : v.toString();
        QVERIFY2(actual == expected, qPrintable(key + u": "_s + actual));
    }
}

ChatRequest hello()
{
    return ChatRequest{.model = u"test-model"_s, .messages = {{ChatMessage::Role::User, u"Say hello"_s}}};
}

// The second turn of a conversation with tools: the model called two, their
// results come back, and every generation field is set.
ChatRequest toolTurn()
{
    using Role = ChatMessage::Role;
    ChatRequest r{.model = u"tool-model"_s, .systemPrompt = u"Be brief."_s};
    r.messages = {
        {.role = Role::User, .text = u"Weather in Oslo and Bergen?"_s},
        {.role = Role::Assistant,
         .text = u"Checking."_s,
         .toolCalls = {{u"call_1"_s, u"get_weather"_s, u"{\"city\":\"Oslo\"}"_s},
                       {u"call_2"_s, u"get_weather"_s, u"{\"city\":\"Bergen\"}"_s}}},
        {.role = Role::Tool, .text = u"{\"temp_c\":3}"_s, .toolCallId = u"call_1"_s},
        {.role = Role::Tool, .text = u"rain"_s, .toolCallId = u"call_2"_s},
    };
    const QJsonObject city{{u"type"_s, u"string"_s}};
    r.tools = {{.name = u"get_weather"_s,
                .description = u"Current weather"_s,
                .parameters = QJsonObject{{u"type"_s, u"object"_s}, {u"properties"_s, QJsonObject{{u"city"_s, city}}}}}};
    r.toolChoice = {.mode = ToolChoice::Mode::Named, .name = u"get_weather"_s};
    r.parallelToolCalls = false;
    r.stop = {u"END"_s};
    r.topP = 0.5;
    r.seed = 7;
    r.responseFormat = {.kind = ResponseFormat::Kind::JsonSchema, .name = u"weather"_s,
                        .schema = QJsonObject{{u"type"_s, u"object"_s}}};
    r.openAiExtras.insert(u"user"_s, u"u-1"_s);
    return r;
}

} // namespace

class TestChatCall final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streams_data();
    void streams();
    void httpErrors_data();
    void httpErrors();
    void connectionRefused();
    void untrustedCertificate();
    void stalledStreamTimesOut();
    void silentServerTimesOut();
    void cancelStopsAtOnce();
    void toolCallsAssemble();
    void requestShape_data();
    void requestShape();
    void geminiModelIsOnePathSegment();
    void imagesPerFormat_data();
    void imagesPerFormat();
    void toolsPerFormat_data();
    void toolsPerFormat();
    void refusedBeforeSending_data();
    void refusedBeforeSending();
    void toolCallIdsWhereApiHasNone();
    void thoughtSignatureIds_data();
    void thoughtSignatureIds();
    void thoughtSignaturesComeWithCalls();
    void thoughtSignaturesGoBack_data();
    void thoughtSignaturesGoBack();
    void models_data();
    void models();

private:
    ChatCall *run(ApiKind kind, FixtureProvider &fixture, ChatRequest request = hello(),
                  CallTimeouts timeouts = {});
    /// The one body this request makes in this wire format (the fixture
    /// refuses it: only what was sent counts).
    void sentBody(ApiKind kind, const ChatRequest &request, QByteArray &body);
    // Every wire-format test runs over both ways to the fixture: our own
    // loopback HTTP (the default, what the app and the gateway use) and Qt's
    // (ctest's tst_chatcall_qt_http sets SWITCHYARD_TEST_QT_HTTP).
    std::unique_ptr<QNetworkAccessManager> m_networkOwner{
        qEnvironmentVariableIsSet("SWITCHYARD_TEST_QT_HTTP") ? std::make_unique<QNetworkAccessManager>()
                                                            : std::make_unique<Switchyard::Providers::LoopbackNetworkAccess>()};
    QNetworkAccessManager &m_network = *m_networkOwner;
};

ChatCall *TestChatCall::run(ApiKind kind, FixtureProvider &fixture, ChatRequest request, CallTimeouts timeouts)
{
    auto *call = new ChatCall(&m_network, fixture.providerConfig(kind), std::move(request), u"test-key-1234"_s, &fixture);
    call->setTimeouts(timeouts);
    QSignalSpy finished(call, &ChatCall::finished);
    call->start();
    if (!finished.wait(10000))
        qWarning("call did not finish");
    return call;
}

void TestChatCall::sentBody(ApiKind kind, const ChatRequest &request, QByteArray &body)
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 500});
    run(kind, fixture, request);
    QCOMPARE(fixture.requests().size(), 1);
    body = fixture.requests().first().body;
}

void TestChatCall::streams_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<FixtureReply>("reply");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reasoning");
    QTest::addColumn<QList<qint64>>("usage"); // input, output, cached, reasoning
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<CallError::Kind>("error");

    QTest::newRow("openai") << ApiKind::OpenAi << FixtureReply{.chunks = openAiStream} << u"Hello ☃"_s << QString()
                            << QList<qint64>{12, 3, 4, 0} << u"stop"_s << NoError;

    QList<QByteArray> nullChoices = sse({R"({"choices":[{"index":0,"delta":{"content":"ok"}}]})",
                                         R"({"choices":null,"usage":{"prompt_tokens":2,"completion_tokens":1}})",
                                         R"({"usage":{"prompt_tokens":2,"completion_tokens":1}})", "[DONE]"});
    QTest::newRow("openai-compatible: choices null or missing")
        << ApiKind::OpenAi << FixtureReply{.chunks = nullChoices} << u"ok"_s << QString() << QList<qint64>{2, 1, -1, -1}
        << QString() << NoError;

    QList<QByteArray> openRouter = {": OPENROUTER PROCESSING\n\n"};
    openRouter += sse({R"({"choices":[{"index":0,"delta":{"reasoning":"hmm "}}]})",
                       R"({"choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]})",
                       R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9,"cost":0.00042,"completion_tokens_details":{"reasoning_tokens":7}}})",
                       "[DONE]"});
    QTest::newRow("openrouter: comments, reasoning, cost")
        << ApiKind::OpenAi << FixtureReply{.chunks = openRouter} << u"42"_s << u"hmm "_s << QList<qint64>{5, 9, -1, 7}
        << u"stop"_s << NoError;

    QList<QByteArray> oneByte;
    for (const QByteArray &c : openAiStream)
        for (char b : c)
            oneByte.append(QByteArray(1, b));
    QTest::newRow("openai, one byte per HTTP chunk")
        << ApiKind::OpenAi << FixtureReply{.chunks = oneByte} << u"Hello ☃"_s << QString() << QList<qint64>{12, 3, 4, 0}
        << u"stop"_s << NoError;

    QTest::newRow("anthropic") << ApiKind::Anthropic << FixtureReply{.chunks = anthropicStream} << u"Hello there"_s
                               << u"Let me think."_s << QList<qint64>{25, 15, 5, -1} << u"end_turn"_s << NoError;

    QList<QByteArray> overloaded = anthropicStream.first(8);
    overloaded += named({{"error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"}});
    QTest::newRow("anthropic: error event after HTTP 200")
        << ApiKind::Anthropic << FixtureReply{.chunks = overloaded} << u"Hello"_s << u"Let me think."_s
        << QList<qint64>{25, 1, 5, -1} << QString() << CallError::Kind::Overloaded;

    QTest::newRow("gemini") << ApiKind::Gemini << FixtureReply{.chunks = geminiStream} << u"Hi you"_s << u"Pondering"_s
                            << QList<qint64>{9, 32, 3, 30} << u"STOP"_s << NoError;

    QTest::newRow("ollama") << ApiKind::Ollama
                            << FixtureReply{.contentType = "application/x-ndjson", .chunks = ollamaStream} << u"Hi all"_s
                            << QString() << QList<qint64>{26, 2, -1, -1} << u"stop"_s << NoError;

    QTest::newRow("cut mid-stream keeps the partial answer")
        << ApiKind::OpenAi << FixtureReply{.chunks = openAiStream, .cutAfterChunks = 3} << u"Hello ☃"_s << QString()
        << QList<qint64>{-1, -1, -1, -1} << QString() << CallError::Kind::StreamCut;

    QTest::newRow("clean end without [DONE] is a cut")
        << ApiKind::OpenAi << FixtureReply{.chunks = openAiStream.first(2)} << u"Hel"_s << QString()
        << QList<qint64>{-1, -1, -1, -1} << QString() << CallError::Kind::StreamCut;

    QTest::newRow("anthropic cut before message_stop")
        << ApiKind::Anthropic << FixtureReply{.chunks = anthropicStream.first(10)} << u"Hello there"_s
        << u"Let me think."_s << QList<qint64>{25, 1, 5, -1} << QString() << CallError::Kind::StreamCut;

    QTest::newRow("malformed JSON")
        << ApiKind::OpenAi << FixtureReply{.chunks = {"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n", "data: {oops\n\n"}}
        << u"a"_s << QString() << QList<qint64>{-1, -1, -1, -1} << QString() << CallError::Kind::Protocol;

    // mock-llm's way: HTTP 200, one error frame, no [DONE].
    QTest::newRow("error frame in a 200 stream")
        << ApiKind::OpenAi << FixtureReply{.chunks = sse({R"({"error":{"message":"model exploded","type":"server_error"}})"})}
        << QString() << QString() << QList<qint64>{-1, -1, -1, -1} << QString() << CallError::Kind::ProviderError;

    QTest::newRow("ollama error line") << ApiKind::Ollama
                                       << FixtureReply{.contentType = "application/x-ndjson", .chunks = {"{\"error\":\"model 'x' not found\"}\n"}}
                                       << QString() << QString() << QList<qint64>{-1, -1, -1, -1} << QString()
                                       << CallError::Kind::ProviderError;

    QTest::newRow("server ignores stream: true") << ApiKind::OpenAi
        << FixtureReply{.contentType = "application/json", .chunks = {R"({"choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}})"}}
        << u"whole"_s << QString() << QList<qint64>{3, 1, -1, -1} << u"stop"_s << NoError;

    QTest::newRow("an HTML page instead of a stream")
        << ApiKind::OpenAi << FixtureReply{.contentType = "text/html", .chunks = {"<html>login</html>"}} << QString()
        << QString() << QList<qint64>{-1, -1, -1, -1} << QString() << CallError::Kind::Protocol;

    QTest::newRow("slow drip") << ApiKind::OpenAi << FixtureReply{.chunks = openAiStream, .chunkDelayMs = 40}
                               << u"Hello ☃"_s << QString() << QList<qint64>{12, 3, 4, 0} << u"stop"_s << NoError;
}

void TestChatCall::streams()
{
    QFETCH(ApiKind, kind);
    QFETCH(FixtureReply, reply);
    QFETCH(QString, text);
    QFETCH(QString, reasoning);
    QFETCH(QList<qint64>, usage);
    QFETCH(QString, finishReason);
    QFETCH(CallError::Kind, error);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(reply);
    ChatCall *call = run(kind, fixture);
    QVERIFY(call->isFinished());
    QCOMPARE(call->text(), text);
    QCOMPARE(call->reasoning(), reasoning);
    QCOMPARE((QList<qint64>{call->usage().input, call->usage().output, call->usage().cachedInput, call->usage().reasoning}), usage);
    QCOMPARE(call->finishReason(), finishReason);
    if (error == NoError) {
        QVERIFY2(!call->error(), call->error() ? qPrintable(call->error()->message) : "");
        QVERIFY(!call->isIncomplete());
    } else {
        QVERIFY(call->error());
        QCOMPARE(call->error()->kind, error);
        QVERIFY(!call->error()->message.isEmpty());
        QCOMPARE(call->isIncomplete(), !text.isEmpty() || !reasoning.isEmpty());
    }
    const CallTimings &t = call->timings();
    QVERIFY(t.firstByteNs >= 0);
    QVERIFY(t.doneNs >= t.firstByteNs);
    if (!text.isEmpty())
        QVERIFY(t.firstTokenNs >= t.firstByteNs && t.firstTokenNs <= t.doneNs);
}

void TestChatCall::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<CallError::Kind>("kind");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<int>("retryAfter");

    const QByteArray openAiError = R"({"error":{"message":"Incorrect API key provided: sk-te****1234.","type":"invalid_request_error","code":"invalid_api_key"}})";
    QTest::newRow("401") << 401 << openAiError << Headers{} << CallError::Kind::InvalidKey
                         << u"Invalid key for Fixture"_s << -1;
    QTest::newRow("403") << 403 << QByteArray(R"({"error":"forbidden"})") << Headers{}
                         << CallError::Kind::InvalidKey << u"forbidden"_s << -1;
    QTest::newRow("429 with retry-after and limits")
        << 429 << QByteArray(R"({"error":{"message":"Rate limit reached"}})")
        << Headers{{"Retry-After", "7"}, {"x-ratelimit-remaining-requests", "0"}}
        << CallError::Kind::RateLimited << u"retry after 7 s"_s << 7;
    QTest::newRow("anthropic 529") << 529 << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
                                   << Headers{} << CallError::Kind::Overloaded << u"overloaded"_s << -1;
    QTest::newRow("500") << 500 << QByteArray("upstream broke") << Headers{}
                         << CallError::Kind::ServerError << u"upstream broke"_s << -1;
    // mock-llm (tests/conformance): Express's own {"error": name, "message": words}.
    QTest::newRow("404 from an Express server") << 404 << QByteArray(R"({"error":"Not Found","message":"Cannot POST /chat/completions","status":404})")
                                                << Headers{} << CallError::Kind::BadRequest
                                                << u"It said: Not Found: Cannot POST /chat/completions"_s << -1;
    QTest::newRow("404 model") << 404 << QByteArray(R"({"error":{"message":"The model `gpt-9` does not exist"}})")
                               << Headers{} << CallError::Kind::BadRequest << u"gpt-9"_s << -1;
    QTest::newRow("400") << 400 << QByteArray(R"({"error":{"message":"temperature too high"}})")
                         << Headers{} << CallError::Kind::BadRequest << u"temperature too high"_s << -1;
}

void TestChatCall::httpErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(Headers, headers);
    QFETCH(CallError::Kind, kind);
    QFETCH(QString, messagePart);
    QFETCH(int, retryAfter);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = status, .contentType = "application/json", .headers = headers, .chunks = {body}});
    ChatCall *call = run(ApiKind::OpenAi, fixture);
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, kind);
    QCOMPARE(call->error()->httpStatus, status);
    QVERIFY2(call->error()->message.contains(messagePart, Qt::CaseInsensitive), qPrintable(call->error()->message));
    QCOMPARE(call->error()->retryAfterSeconds.value_or(-1), retryAfter);
    QVERIFY(!call->error()->message.contains(u"test-key-1234"_s));
}

void TestChatCall::connectionRefused()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    ProviderConfig provider = fixture.providerConfig(ApiKind::OpenAi);
    const quint16 port = FixtureProvider::unusedPort();
    QVERIFY(port);
    provider.baseUrl.setPort(port);
    ChatCall call(&m_network, provider, hello(), QString());
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QVERIFY(finished.wait(5000));
    QVERIFY(call.error());
    QCOMPARE(call.error()->kind, CallError::Kind::ConnectionRefused);
    QVERIFY(call.error()->message.contains(QString::number(port)));
}

// The certificate is self-signed for 127.0.0.1, so no system trust store
// accepts it. The test-only pair in tests/data was made once, on the host
// (OpenSSL 3.0), with this one command line:
//   openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=127.0.0.1
//     -addext subjectAltName=IP:127.0.0.1
//     -keyout selfsigned-127.0.0.1.key -out selfsigned-127.0.0.1.crt
// (valid until 2126). The key protects nothing; it only lets the server
// finish its half of the handshake.
void TestChatCall::untrustedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend in this Qt");
    const QString dir = QStringLiteral(SWITCHYARD_TEST_DATA_DIR);
    QFile certFile(dir + u"/selfsigned-127.0.0.1.crt"_s);
    QFile keyFile(dir + u"/selfsigned-127.0.0.1.key"_s);
    QVERIFY(certFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray keyPem = keyFile.readAll();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyPem, QSsl::Rsa, QSsl::Pem));
    QVERIFY(!tls.localCertificate().isNull());
    QVERIFY(!tls.privateKey().isNull());

    QSslServer server;
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const ProviderConfig provider{.id = u"fixture"_s, .displayName = u"Fixture"_s, .kind = ApiKind::OpenAi,
                                  .baseUrl = QUrl(u"https://127.0.0.1:%1/v1"_s.arg(server.serverPort()))};
    // Its own manager, gone when this test ends: the handshake runs on the
    // manager's network thread, and OpenSSL frees that thread's error queue
    // when the thread exits — unless OpenSSL's atexit cleanup has already run,
    // as it can for the shared manager's detached thread at process exit,
    // which LeakSanitizer then reports.
    QNetworkAccessManager network;
    ChatCall call(&network, provider, hello(), u"test-key-1234"_s);
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QVERIFY(finished.wait(10000));
    QVERIFY(call.error());
    const QString message = call.error()->message;
    QCOMPARE(call.error()->kind, CallError::Kind::Tls);
    QVERIFY2(message.contains(u"127.0.0.1:"_s + QString::number(server.serverPort())), qPrintable(message));
    QVERIFY2(message.contains(u"certificate"_s, Qt::CaseInsensitive), qPrintable(message)); // Qt's reason is passed on
    QVERIFY2(!message.contains(u"test-key-1234"_s), qPrintable(message));
    QVERIFY2(!message.contains(u"PRIVATE KEY"_s), qPrintable(message));
    QVERIFY(!message.contains(QString::fromLatin1(keyPem.split('\n').value(1))));
    QVERIFY(!server.hasPendingConnections()); // no handshake completed, so no request was ever sent
    QCOMPARE(call.timings().firstByteNs, -1);
}

void TestChatCall::stalledStreamTimesOut()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = openAiStream, .stallAfterChunks = 3});
    ChatCall *call = run(ApiKind::OpenAi, fixture, hello(), {.firstByteMs = 5000, .stallMs = 300, .totalMs = 20000});
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::Timeout);
    QVERIFY2(call->error()->message.contains(u"stalled"_s), qPrintable(call->error()->message));
    QCOMPARE(call->text(), u"Hello ☃"_s);
    QVERIFY(call->isIncomplete());
}

void TestChatCall::silentServerTimesOut()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.neverAnswer = true});
    ChatCall *call = run(ApiKind::Anthropic, fixture, hello(), {.firstByteMs = 300, .stallMs = 5000, .totalMs = 20000});
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::Timeout);
    QVERIFY2(call->error()->message.contains(u"sent nothing"_s), qPrintable(call->error()->message));
}

void TestChatCall::cancelStopsAtOnce()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = openAiStream, .chunkDelayMs = 2000});
    ChatCall call(&m_network, fixture.providerConfig(ApiKind::OpenAi), hello(), QString());
    QSignalSpy finished(&call, &ChatCall::finished);
    QSignalSpy events(&call, &ChatCall::eventsReceived);
    call.start();
    QTRY_VERIFY_WITH_TIMEOUT(call.timings().firstByteNs >= 0, 5000);
    QElapsedTimer clock;
    clock.start();
    call.cancel();
    QCOMPARE(finished.count(), 1); // synchronously
    QVERIFY(clock.elapsed() < 100);
    QCOMPARE(call.error()->kind, CallError::Kind::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.openConnections(), 0, 2000); // the connection is gone too
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
}

void TestChatCall::toolCallsAssemble()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = sse({
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]})",
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}}]})",
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]}}]})",
        R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})", "[DONE]"})});
    fixture.enqueue({.chunks = named({
        {"message_start", R"({"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}})"},
        {"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}})"},
        {"content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}})"},
        {"content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\"Oslo\"}"}})"},
        {"message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}})"},
        {"message_stop", R"({"type":"message_stop"})"}})});
    for (ApiKind kind : {ApiKind::OpenAi, ApiKind::Anthropic}) {
        ChatCall *call = run(kind, fixture);
        QVERIFY(!call->error());
        QCOMPARE(call->toolCalls().size(), 1);
        QCOMPARE(call->toolCalls().first().name, u"get_weather"_s);
        QVERIFY(!call->toolCalls().first().id.isEmpty());
        QCOMPARE(QJsonDocument::fromJson(call->toolCalls().first().arguments.toUtf8()).object().value("city"_L1).toString(), u"Oslo"_s);
    }
}

void TestChatCall::requestShape_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("authHeader");
    QTest::addColumn<QByteArray>("authValue");
    QTest::addColumn<QStringList>("bodyChecks"); // "json.path=value"

    QTest::newRow("openai") << ApiKind::OpenAi << "/v1/chat/completions"_ba << "authorization"_ba << "Bearer test-key-1234"_ba
                            << QStringList{u"model=test-model"_s, u"stream=true"_s, u"stream_options.include_usage=true"_s,
                                           u"max_tokens=100"_s, u"provider.sort=price"_s};
    QTest::newRow("anthropic") << ApiKind::Anthropic << "/v1/messages"_ba << "x-api-key"_ba << "test-key-1234"_ba
                               << QStringList{u"model=test-model"_s, u"max_tokens=100"_s, u"system=Be brief."_s};
    QTest::newRow("gemini") << ApiKind::Gemini << "/v1beta/models/test-model:streamGenerateContent?alt=sse"_ba
                            << "x-goog-api-key"_ba << "test-key-1234"_ba
                            << QStringList{u"generationConfig.maxOutputTokens=100"_s, u"systemInstruction.parts.0.text=Be brief."_s};
    QTest::newRow("ollama") << ApiKind::Ollama << "/api/chat"_ba << "authorization"_ba << "Bearer test-key-1234"_ba
                            << QStringList{u"model=test-model"_s, u"options.num_predict=100"_s, u"messages.0.role=system"_s};
}

void TestChatCall::requestShape()
{
    QFETCH(ApiKind, kind);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, authHeader);
    QFETCH(QByteArray, authValue);
    QFETCH(QStringList, bodyChecks);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 500});
    ChatRequest request = hello();
    request.systemPrompt = u"Be brief."_s;
    request.maxTokens = 100;
    if (kind == ApiKind::OpenAi)
        request.extraBody.insert(u"provider"_s, QJsonObject{{u"sort"_s, u"price"_s}});
    run(kind, fixture, request);
    QCOMPARE(fixture.requests().size(), 1);
    const RecordedRequest &r = fixture.requests().first();
    QCOMPARE(r.method, "POST"_ba);
    QCOMPARE(r.path, path);
    QCOMPARE(r.headers.value(authHeader), authValue);
    if (kind == ApiKind::Anthropic)
        QCOMPARE(r.headers.value("anthropic-version"), "2023-06-01"_ba);
    checkBody(r.body, bodyChecks);
}

void TestChatCall::geminiModelIsOnePathSegment()
{
    // The model sits in Gemini's URL path: whatever it holds stays one
    // segment, so "../" or "?" cannot reach another path or the query.
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 500});
    ChatRequest request = hello();
    request.model = u"../../files/x?key=1#y z"_s;
    run(ApiKind::Gemini, fixture, request);
    QCOMPARE(fixture.requests().size(), 1);
    QCOMPARE(fixture.requests().first().path,
             "/v1beta/models/..%2F..%2Ffiles%2Fx%3Fkey%3D1%23y%20z:streamGenerateContent?alt=sse"_ba);
}

void TestChatCall::imagesPerFormat_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QStringList>("bodyChecks");

    QTest::newRow("openai") << ApiKind::OpenAi
                            << QStringList{u"messages.0.content.0.text=What is this?"_s,
                                           u"messages.0.content.1.type=image_url"_s,
                                           u"messages.0.content.1.image_url.url=data:image/png;base64,iVBORw=="_s};
    QTest::newRow("anthropic") << ApiKind::Anthropic
                               << QStringList{u"messages.0.content.0.type=image"_s,
                                              u"messages.0.content.0.source.media_type=image/png"_s,
                                              u"messages.0.content.0.source.data=iVBORw=="_s,
                                              u"messages.0.content.1.text=What is this?"_s};
    QTest::newRow("gemini") << ApiKind::Gemini
                            << QStringList{u"contents.0.parts.0.inlineData.mimeType=image/png"_s,
                                           u"contents.0.parts.0.inlineData.data=iVBORw=="_s,
                                           u"contents.0.parts.1.text=What is this?"_s};
    QTest::newRow("ollama") << ApiKind::Ollama
                            << QStringList{u"messages.0.content=What is this?"_s, u"messages.0.images.0=iVBORw=="_s};
}

void TestChatCall::imagesPerFormat()
{
    QFETCH(ApiKind, kind);
    QFETCH(QStringList, bodyChecks);
    const ChatRequest request{
        .model = u"vision-model"_s,
        .messages = {{ChatMessage::Role::User, u"What is this?"_s, {{"\x89PNG"_ba, u"image/png"_s}}}}};
    QByteArray body;
    sentBody(kind, request, body);
    checkBody(body, bodyChecks);
}

void TestChatCall::toolsPerFormat_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QStringList>("bodyChecks");

    QTest::newRow("openai") << ApiKind::OpenAi
                            << QStringList{u"messages.0.role=system"_s,
                                           u"messages.2.content=Checking."_s,
                                           u"messages.2.tool_calls.1.id=call_2"_s,
                                           u"messages.2.tool_calls.1.type=function"_s,
                                           u"messages.2.tool_calls.1.function.arguments={\"city\":\"Bergen\"}"_s,
                                           u"messages.3.role=tool"_s,
                                           u"messages.3.tool_call_id=call_1"_s,
                                           u"messages.3.content={\"temp_c\":3}"_s,
                                           u"messages.4.content=rain"_s,
                                           u"tools.0.type=function"_s,
                                           u"tools.0.function.name=get_weather"_s,
                                           u"tools.0.function.parameters.properties.city.type=string"_s,
                                           u"tool_choice.function.name=get_weather"_s,
                                           u"parallel_tool_calls=false"_s,
                                           u"stop.0=END"_s,
                                           u"top_p=0.5"_s,
                                           u"seed=7"_s,
                                           u"response_format.type=json_schema"_s,
                                           u"response_format.json_schema.name=weather"_s,
                                           u"response_format.json_schema.schema.type=object"_s,
                                           u"user=u-1"_s};
    // Tool results go back in one user turn; both calls and results keep their ids.
    QTest::newRow("anthropic") << ApiKind::Anthropic
                               << QStringList{u"messages.1.role=assistant"_s,
                                              u"messages.1.content.0.text=Checking."_s,
                                              u"messages.1.content.1.type=tool_use"_s,
                                              u"messages.1.content.1.id=call_1"_s,
                                              u"messages.1.content.2.input.city=Bergen"_s,
                                              u"messages.2.role=user"_s,
                                              u"messages.2.content.0.type=tool_result"_s,
                                              u"messages.2.content.0.tool_use_id=call_1"_s,
                                              u"messages.2.content.0.content={\"temp_c\":3}"_s,
                                              u"messages.2.content.1.tool_use_id=call_2"_s,
                                              u"messages.2.content.1.content=rain"_s,
                                              u"messages.3.role="_s,
                                              u"tools.0.name=get_weather"_s,
                                              u"tools.0.description=Current weather"_s,
                                              u"tools.0.input_schema.properties.city.type=string"_s,
                                              u"tool_choice.type=tool"_s,
                                              u"tool_choice.name=get_weather"_s,
                                              u"tool_choice.disable_parallel_tool_use=true"_s,
                                              u"stop_sequences.0=END"_s,
                                              u"top_p=0.5"_s,
                                              u"output_config.format.type=json_schema"_s,
                                              u"output_config.format.schema.type=object"_s,
                                              u"seed="_s,
                                              u"user="_s};
    // Results answer calls by name; one that is not a JSON object is wrapped.
    QTest::newRow("gemini") << ApiKind::Gemini
                            << QStringList{u"contents.1.role=model"_s,
                                           u"contents.1.parts.0.text=Checking."_s,
                                           u"contents.1.parts.1.functionCall.name=get_weather"_s,
                                           u"contents.1.parts.2.functionCall.args.city=Bergen"_s,
                                           u"contents.2.role=user"_s,
                                           u"contents.2.parts.0.functionResponse.name=get_weather"_s,
                                           u"contents.2.parts.0.functionResponse.response.temp_c=3"_s,
                                           u"contents.2.parts.1.functionResponse.response.result=rain"_s,
                                           u"contents.3.role="_s,
                                           u"tools.0.functionDeclarations.0.name=get_weather"_s,
                                           u"tools.0.functionDeclarations.0.parametersJsonSchema.properties.city.type=string"_s,
                                           u"toolConfig.functionCallingConfig.mode=ANY"_s,
                                           u"toolConfig.functionCallingConfig.allowedFunctionNames.0=get_weather"_s,
                                           u"generationConfig.stopSequences.0=END"_s,
                                           u"generationConfig.topP=0.5"_s,
                                           u"generationConfig.seed=7"_s,
                                           u"generationConfig.responseMimeType=application/json"_s,
                                           u"generationConfig.responseJsonSchema.type=object"_s,
                                           u"user="_s};
    QTest::newRow("ollama") << ApiKind::Ollama
                            << QStringList{u"messages.2.role=assistant"_s,
                                           u"messages.2.tool_calls.1.function.name=get_weather"_s,
                                           u"messages.2.tool_calls.1.function.arguments.city=Bergen"_s,
                                           u"messages.3.role=tool"_s,
                                           u"messages.3.tool_name=get_weather"_s,
                                           u"messages.4.content=rain"_s,
                                           u"tools.0.function.name=get_weather"_s,
                                           u"options.stop.0=END"_s,
                                           u"options.top_p=0.5"_s,
                                           u"options.seed=7"_s,
                                           u"format.type=object"_s,
                                           u"user="_s};
}

void TestChatCall::toolsPerFormat()
{
    QFETCH(ApiKind, kind);
    QFETCH(QStringList, bodyChecks);
    QByteArray body;
    sentBody(kind, toolTurn(), body);
    checkBody(body, bodyChecks);
}

void TestChatCall::refusedBeforeSending_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<bool>("refused");
    QTest::newRow("anthropic") << ApiKind::Anthropic << true;
    QTest::newRow("openai") << ApiKind::OpenAi << false;
    QTest::newRow("gemini") << ApiKind::Gemini << false;
    QTest::newRow("ollama") << ApiKind::Ollama << false;
}

void TestChatCall::refusedBeforeSending()
{
    // JSON mode without a schema: Anthropic's API has no such thing.
    QFETCH(ApiKind, kind);
    QFETCH(bool, refused);
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 500});
    ChatRequest request = hello();
    request.responseFormat.kind = ResponseFormat::Kind::JsonObject;
    ChatCall *call = run(kind, fixture, request);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(fixture.requests().size(), refused ? 0 : 1);
    QCOMPARE(call->error()->kind, refused ? CallError::Kind::BadRequest : CallError::Kind::ServerError);
    if (refused)
        QVERIFY2(call->error()->message.contains(u"json_schema"_s), qPrintable(call->error()->message));
}

void TestChatCall::toolCallIdsWhereApiHasNone()
{
    // Ollama names no call, yet a caller answers a call by its id.
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.contentType = "application/x-ndjson", .chunks = {
        R"({"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Oslo"}}},{"function":{"name":"get_time","arguments":{}}}]},"done":false})" "\n",
        R"({"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":9})" "\n"}});
    ChatCall *call = run(ApiKind::Ollama, fixture);
    QVERIFY(!call->error());
    QCOMPARE(call->toolCalls().size(), 2);
    QVERIFY(call->toolCalls().at(0).id.startsWith(u"call_"_s));
    QVERIFY(call->toolCalls().at(0).id != call->toolCalls().at(1).id);
    QCOMPARE(call->toolCalls().at(1).name, u"get_time"_s);
}

// A Gemini 3 signature as the API writes it (standard base64, with + / =).
const QString geminiSignature = u"EtYDCtMDAXLI2nw+/Qx8Zg=="_s;

void TestChatCall::thoughtSignatureIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("expectedId"); // what signedToolCallId makes
    QTest::addColumn<QString>("expectedSignature");

    QTest::newRow("signed") << u"call_abc"_s << geminiSignature << u"call_abc.ts.EtYDCtMDAXLI2nw-_Qx8Zg"_s
                            << geminiSignature;
    QTest::newRow("without padding") << u"call_abc"_s << u"AAECAw"_s << u"call_abc.ts.AAECAw"_s << u"AAECAw=="_s;
    QTest::newRow("no signature") << u"call_abc"_s << QString() << u"call_abc"_s << QString();
    QTest::newRow("not base64: left out") << u"call_abc"_s << u"%%%"_s << u"call_abc"_s << QString();
    QTest::newRow("signed again: one signature") << u"call_abc.ts.AAECAw"_s << geminiSignature
                                                 << u"call_abc.ts.EtYDCtMDAXLI2nw-_Qx8Zg"_s << geminiSignature;
}

void TestChatCall::thoughtSignatureIds()
{
    QFETCH(QString, id);
    QFETCH(QString, signature);
    QFETCH(QString, expectedId);
    QFETCH(QString, expectedSignature);
    const QString signedId = ProviderAdapter::signedToolCallId(id, signature);
    QCOMPARE(signedId, expectedId);
    QCOMPARE(ProviderAdapter::toolCallSignature(signedId), expectedSignature);
    QCOMPARE(ProviderAdapter::plainToolCallId(signedId), u"call_abc"_s);
    // Generated ids never hold the marker.
    for (int i = 0; i < 200; ++i)
        QVERIFY(!ProviderAdapter::newToolCallId().contains(u'.'));
}

void TestChatCall::thoughtSignaturesComeWithCalls()
{
    // Gemini 3 signs the first call of a turn; the signature rides in the id
    // the caller gets, the second call's id stays plain.
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = sse({
        uR"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}},"thoughtSignature":"%1"},{"functionCall":{"name":"get_weather","args":{"city":"Bergen"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":4,"totalTokenCount":13}})"_s
            .arg(geminiSignature).toUtf8().constData()})});
    ChatCall *call = run(ApiKind::Gemini, fixture);
    QVERIFY(!call->error());
    const QList<ToolCall> calls = call->toolCalls();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(ProviderAdapter::toolCallSignature(calls.at(0).id), geminiSignature);
    QVERIFY(ProviderAdapter::plainToolCallId(calls.at(0).id).startsWith(u"call_"_s));
    QVERIFY(!calls.at(1).id.contains(u'.'));
    QCOMPARE(calls.at(1).arguments, uR"({"city":"Bergen"})"_s);
}

void TestChatCall::thoughtSignaturesGoBack_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QStringList>("bodyChecks");

    // Back to Gemini in the part of the call it signed, and only there; the
    // result still finds its call's name.
    QTest::newRow("gemini") << ApiKind::Gemini
                            << QStringList{u"contents.1.parts.1.functionCall.name=get_weather"_s,
                                           u"contents.1.parts.1.thoughtSignature="_s + geminiSignature,
                                           u"contents.1.parts.2.thoughtSignature="_s,
                                           u"contents.2.parts.0.functionResponse.name=get_weather"_s,
                                           u"contents.2.parts.1.functionResponse.name=get_weather"_s};
    // Every other API gets the plain id, in the call and in its result.
    QTest::newRow("openai") << ApiKind::OpenAi
                            << QStringList{u"messages.2.tool_calls.0.id=call_1"_s,
                                           u"messages.2.tool_calls.1.id=call_2"_s,
                                           u"messages.3.tool_call_id=call_1"_s};
    QTest::newRow("anthropic") << ApiKind::Anthropic
                               << QStringList{u"messages.1.content.1.id=call_1"_s,
                                              u"messages.2.content.0.tool_use_id=call_1"_s};
    QTest::newRow("ollama") << ApiKind::Ollama << QStringList{u"messages.3.tool_name=get_weather"_s};
}

void TestChatCall::thoughtSignaturesGoBack()
{
    QFETCH(ApiKind, kind);
    QFETCH(QStringList, bodyChecks);
    ChatRequest request = toolTurn();
    const QString signedId = ProviderAdapter::signedToolCallId(u"call_1"_s, geminiSignature);
    request.messages[1].toolCalls[0].id = signedId;
    request.messages[2].toolCallId = signedId;
    QByteArray body;
    sentBody(kind, request, body);
    checkBody(body, bodyChecks);
    QVERIFY(!body.contains(".ts."));
}

void TestChatCall::models_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("nextCursor");

    QTest::newRow("openai") << ApiKind::OpenAi << QByteArray(R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"gpt-4o-mini"}]})")
                            << QStringList{u"gpt-4o"_s, u"gpt-4o-mini"_s} << QString();
    QTest::newRow("anthropic") << ApiKind::Anthropic << QByteArray(R"({"data":[{"type":"model","id":"claude-sonnet-4-0","display_name":"Claude Sonnet 4"}],"has_more":false})")
                               << QStringList{u"claude-sonnet-4-0"_s} << QString();
    QTest::newRow("anthropic, more to come")
        << ApiKind::Anthropic
        << QByteArray(R"({"data":[{"type":"model","id":"claude-opus-4-1"}],"has_more":true,"first_id":"claude-opus-4-1","last_id":"claude-opus-4-1"})")
        << QStringList{u"claude-opus-4-1"_s} << u"claude-opus-4-1"_s;
    QTest::newRow("gemini") << ApiKind::Gemini << QByteArray(R"({"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash"}]})")
                            << QStringList{u"gemini-2.5-flash"_s} << QString();
    QTest::newRow("gemini, more to come") << ApiKind::Gemini
        << QByteArray(R"({"models":[{"name":"models/gemini-2.5-pro"}],"nextPageToken":"Cg1nZW1pbmk="})")
        << QStringList{u"gemini-2.5-pro"_s} << u"Cg1nZW1pbmk="_s;
    QTest::newRow("ollama") << ApiKind::Ollama << QByteArray(R"({"models":[{"name":"llama3.2:latest","size":2019393189}]})")
                            << QStringList{u"llama3.2:latest"_s} << QString();
}

void TestChatCall::models()
{
    QFETCH(ApiKind, kind);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, ids);
    QFETCH(QString, nextCursor);
    const ProviderAdapter &adapter = ProviderAdapter::forKind(kind);
    const auto decoded = adapter.decodeModels(body);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->ids, ids);
    QCOMPARE(decoded->nextCursor, nextCursor);
    QVERIFY(!adapter.decodeModels("{\"unexpected\":true}").has_value());
}

QTEST_GUILESS_MAIN(TestChatCall)
#include "tst_chatcall.moc"
