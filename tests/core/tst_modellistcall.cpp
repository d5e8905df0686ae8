// ModelListCall against the fixture provider over real HTTP on 127.0.0.1: each
// wire format's real-shaped listing and the request it sends, Anthropic's and
// Gemini's pages, and the failures a provider can throw at a listing.

#include "../support/fixtureprovider.h"
#include "providers/modellistcall.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

Q_DECLARE_METATYPE(ApiKind)
Q_DECLARE_METATYPE(CallError::Kind)

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

const QString Key = u"test-key-1234"_s;

// Providers send bodies in whatever pieces they like; the call must not care.
QList<QByteArray> inPieces(const QByteArray &body, qsizetype size = 64)
{
    QList<QByteArray> pieces;
    for (qsizetype i = 0; i < body.size(); i += size)
        pieces.append(body.mid(i, size));
    return pieces;
}

FixtureReply json(const QByteArray &body)
{
    return {.contentType = "application/json", .chunks = inPieces(body)};
}

} // namespace

class TestModelListCall final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listings_data();
    void listings();
    void pages_data();
    void pages();
    void pageLimit();
    void httpErrors_data();
    void httpErrors();
    void malformed_data();
    void malformed();
    void bodyTooLarge();
    void connectionRefused();
    void silentServerTimesOut();
    void cancelStopsAtOnce();

private:
    ModelListCall *run(ApiKind kind, FixtureProvider &fixture, int timeoutMs = ModelListCall::DefaultTimeoutMs);
    QNetworkAccessManager m_network;
};

ModelListCall *TestModelListCall::run(ApiKind kind, FixtureProvider &fixture, int timeoutMs)
{
    auto *call = new ModelListCall(&m_network, fixture.providerConfig(kind), Key, &fixture);
    call->setTimeoutMs(timeoutMs);
    QSignalSpy finished(call, &ModelListCall::finished);
    call->start();
    if (!finished.wait(10000))
        qWarning("listing did not finish");
    if (finished.count() != 1)
        qWarning("finished() came %d times", int(finished.count()));
    return call;
}

void TestModelListCall::listings_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("authHeader");
    QTest::addColumn<QByteArray>("authValue");
    QTest::addColumn<QStringList>("ids"); // sorted, unique

    QTest::newRow("openai") << ApiKind::OpenAi
        << QByteArray(R"({"object":"list","data":[)"
                      R"({"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},)"
                      R"({"id":"o3","object":"model","created":1744225308,"owned_by":"system"},)"
                      R"({"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},)"
                      R"({"id":"text-embedding-3-small","object":"model","created":1705948997,"owned_by":"system"}]})")
        << "/v1/models"_ba << "authorization"_ba << "Bearer test-key-1234"_ba
        << QStringList{u"gpt-4o"_s, u"gpt-4o-mini"_s, u"o3"_s, u"text-embedding-3-small"_s};

    QTest::newRow("openrouter: a model listed twice") << ApiKind::OpenAi
        << QByteArray(R"({"data":[)"
                      R"({"id":"openai/gpt-4o","canonical_slug":"openai/gpt-4o","name":"OpenAI: GPT-4o","context_length":128000,"pricing":{"prompt":"0.0000025","completion":"0.00001"}},)"
                      R"({"id":"anthropic/claude-sonnet-4","name":"Anthropic: Claude Sonnet 4","context_length":200000,"pricing":{"prompt":"0.000003","completion":"0.000015"}},)"
                      R"({"id":"openai/gpt-4o","name":"OpenAI: GPT-4o","context_length":128000}]})")
        << "/v1/models"_ba << "authorization"_ba << "Bearer test-key-1234"_ba
        << QStringList{u"anthropic/claude-sonnet-4"_s, u"openai/gpt-4o"_s};

    QTest::newRow("anthropic") << ApiKind::Anthropic
        << QByteArray(R"({"data":[)"
                      R"({"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4","created_at":"2025-05-22T00:00:00Z"},)"
                      R"({"type":"model","id":"claude-opus-4-1-20250805","display_name":"Claude Opus 4.1","created_at":"2025-08-05T00:00:00Z"}],)"
                      R"("has_more":false,"first_id":"claude-opus-4-1-20250805","last_id":"claude-sonnet-4-20250514"})")
        << "/v1/models?limit=1000"_ba << "x-api-key"_ba << "test-key-1234"_ba
        << QStringList{u"claude-opus-4-1-20250805"_s, u"claude-sonnet-4-20250514"_s};

    QTest::newRow("gemini") << ApiKind::Gemini
        << QByteArray(R"({"models":[)"
                      R"({"name":"models/gemini-2.5-flash","version":"001","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"],"temperature":1,"thinking":true},)"
                      R"({"name":"models/embedding-001","version":"001","displayName":"Embedding 001","supportedGenerationMethods":["embedContent"]},)"
                      R"({"name":"models/gemini-2.5-pro","version":"2.5","displayName":"Gemini 2.5 Pro","supportedGenerationMethods":["generateContent"]}]})")
        << "/v1beta/models?pageSize=1000"_ba << "x-goog-api-key"_ba << "test-key-1234"_ba
        << QStringList{u"embedding-001"_s, u"gemini-2.5-flash"_s, u"gemini-2.5-pro"_s};

    QTest::newRow("ollama") << ApiKind::Ollama
        << QByteArray(R"({"models":[)"
                      R"({"name":"qwen3:8b","model":"qwen3:8b","modified_at":"2025-06-01T10:00:00.000000+02:00","size":5225388164,"digest":"500a1f067a9f","details":{"format":"gguf","family":"qwen3","parameter_size":"8.2B","quantization_level":"Q4_K_M"}},)"
                      R"({"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-20T09:12:44.000000+02:00","size":2019393189,"digest":"a80c4f17acd5","details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]})")
        << "/api/tags"_ba << "authorization"_ba << "Bearer test-key-1234"_ba
        << QStringList{u"llama3.2:latest"_s, u"qwen3:8b"_s};
}

void TestModelListCall::listings()
{
    QFETCH(ApiKind, kind);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, authHeader);
    QFETCH(QByteArray, authValue);
    QFETCH(QStringList, ids);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(json(body));
    ModelListCall *call = run(kind, fixture);
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), call->error() ? qPrintable(call->error()->message) : "");
    QCOMPARE(call->modelIds(), ids);
    QCOMPARE(call->pageCount(), 1);
    QVERIFY(call->elapsedMs() >= 0 && call->elapsedMs() < ModelListCall::DefaultTimeoutMs);

    QCOMPARE(fixture.requests().size(), 1);
    const RecordedRequest &r = fixture.requests().first();
    QCOMPARE(r.method, "GET"_ba);
    QCOMPARE(r.path, path);
    QCOMPARE(r.headers.value(authHeader), authValue);
    if (kind == ApiKind::Anthropic)
        QCOMPARE(r.headers.value("anthropic-version"), "2023-06-01"_ba);
}

void TestModelListCall::pages_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QList<QByteArray>>("bodies");
    QTest::addColumn<QList<QByteArray>>("paths");
    QTest::addColumn<QByteArray>("authHeader");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("anthropic: has_more, then after_id=last_id") << ApiKind::Anthropic
        << QList<QByteArray>{
               R"({"data":[{"type":"model","id":"claude-opus-4-1-20250805","display_name":"Claude Opus 4.1"},)"
               R"({"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4"}],)"
               R"("has_more":true,"first_id":"claude-opus-4-1-20250805","last_id":"claude-sonnet-4-20250514"})",
               R"({"data":[{"type":"model","id":"claude-3-5-haiku-20241022","display_name":"Claude Haiku 3.5"}],)"
               R"("has_more":false,"first_id":"claude-3-5-haiku-20241022","last_id":"claude-3-5-haiku-20241022"})"}
        << QList<QByteArray>{"/v1/models?limit=1000", "/v1/models?limit=1000&after_id=claude-sonnet-4-20250514"}
        << "x-api-key"_ba
        << QStringList{u"claude-3-5-haiku-20241022"_s, u"claude-opus-4-1-20250805"_s, u"claude-sonnet-4-20250514"_s};

    // The token holds + / and =, which must reach the server percent-encoded.
    QTest::newRow("gemini: nextPageToken, then pageToken") << ApiKind::Gemini
        << QList<QByteArray>{
               R"({"models":[{"name":"models/gemini-2.5-pro"},{"name":"models/gemini-2.5-flash"}],)"
               R"("nextPageToken":"Ch1tb2Rl+bHMv/Z2VtaW5p=="})",
               R"({"models":[{"name":"models/gemini-2.0-flash"},{"name":"models/gemini-2.5-flash"}]})"}
        << QList<QByteArray>{"/v1beta/models?pageSize=1000",
                             "/v1beta/models?pageSize=1000&pageToken=Ch1tb2Rl%2BbHMv%2FZ2VtaW5p%3D%3D"}
        << "x-goog-api-key"_ba
        << QStringList{u"gemini-2.0-flash"_s, u"gemini-2.5-flash"_s, u"gemini-2.5-pro"_s};
}

void TestModelListCall::pages()
{
    QFETCH(ApiKind, kind);
    QFETCH(QList<QByteArray>, bodies);
    QFETCH(QList<QByteArray>, paths);
    QFETCH(QByteArray, authHeader);
    QFETCH(QStringList, ids);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    for (const QByteArray &body : std::as_const(bodies))
        fixture.enqueue(json(body));
    ModelListCall *call = run(kind, fixture);
    QVERIFY2(!call->error(), call->error() ? qPrintable(call->error()->message) : "");
    QCOMPARE(call->modelIds(), ids);
    QCOMPARE(call->pageCount(), bodies.size());
    QCOMPARE(fixture.requests().size(), paths.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        QCOMPARE(fixture.requests().at(i).path, paths.at(i));
        QCOMPARE(fixture.requests().at(i).headers.value(authHeader), Key.toUtf8()); // every page carries the key
    }
}

void TestModelListCall::pageLimit()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    // The last reply repeats: a server that always says there is more.
    fixture.enqueue(json(R"({"data":[{"type":"model","id":"claude-loop"}],"has_more":true,"last_id":"claude-loop"})"));
    ModelListCall *call = run(ApiKind::Anthropic, fixture);
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::Protocol);
    QVERIFY2(call->error()->message.contains(u"incomplete"_s), qPrintable(call->error()->message));
    QCOMPARE(fixture.requests().size(), ModelListCall::MaxPages);
    QCOMPARE(call->pageCount(), ModelListCall::MaxPages);
    QCOMPARE(call->modelIds(), QStringList{u"claude-loop"_s}); // what was read is kept
}

void TestModelListCall::httpErrors_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<FixtureReply>("reply");
    QTest::addColumn<CallError::Kind>("error");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<int>("retryAfter");

    QTest::newRow("openai 401") << ApiKind::OpenAi
        << FixtureReply{.status = 401, .contentType = "application/json",
                        .chunks = {R"({"error":{"message":"Incorrect API key provided: test****1234.","type":"invalid_request_error","code":"invalid_api_key"}})"}}
        << CallError::Kind::InvalidKey << u"Invalid key for Fixture"_s << -1;
    QTest::newRow("anthropic 401") << ApiKind::Anthropic
        << FixtureReply{.status = 401, .contentType = "application/json",
                        .chunks = {R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"}}
        << CallError::Kind::InvalidKey << u"invalid x-api-key"_s << -1;
    QTest::newRow("429 with retry-after") << ApiKind::OpenAi
        << FixtureReply{.status = 429, .contentType = "application/json",
                        .headers = {{"Retry-After", "12"}, {"x-ratelimit-remaining-requests", "0"}},
                        .chunks = {R"({"error":{"message":"Rate limit reached for requests"}})"}}
        << CallError::Kind::RateLimited << u"retry after 12 s"_s << 12;
    QTest::newRow("gemini 503") << ApiKind::Gemini
        << FixtureReply{.status = 503, .contentType = "application/json",
                        .chunks = {R"({"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}})"}}
        << CallError::Kind::Overloaded << u"overloaded"_s << -1;
    QTest::newRow("ollama 500") << ApiKind::Ollama
        << FixtureReply{.status = 500, .contentType = "application/json", .chunks = {R"({"error":"something broke"})"}}
        << CallError::Kind::ServerError << u"something broke"_s << -1;
    // Not followed: the key must never go on to wherever Location points.
    QTest::newRow("redirect") << ApiKind::OpenAi
        << FixtureReply{.status = 302, .contentType = "text/plain", .headers = {{"Location", "/v1/elsewhere"}}}
        << CallError::Kind::BadRequest << u"redirected"_s << -1;
}

void TestModelListCall::httpErrors()
{
    QFETCH(ApiKind, kind);
    QFETCH(FixtureReply, reply);
    QFETCH(CallError::Kind, error);
    QFETCH(QString, messagePart);
    QFETCH(int, retryAfter);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(reply);
    ModelListCall *call = run(kind, fixture);
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, error);
    QCOMPARE(call->error()->httpStatus, reply.status);
    QVERIFY2(call->error()->message.contains(messagePart, Qt::CaseInsensitive), qPrintable(call->error()->message));
    QCOMPARE(call->error()->retryAfterSeconds.value_or(-1), retryAfter);
    QVERIFY(!call->error()->message.contains(Key));
    QVERIFY(call->modelIds().isEmpty());
    QCOMPARE(fixture.requests().size(), 1);
}

void TestModelListCall::malformed_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<FixtureReply>("reply");
    QTest::addColumn<QList<CallError::Kind>>("errors"); // any of them
    QTest::addColumn<QString>("messagePart");

    const QList<CallError::Kind> protocol{CallError::Kind::Protocol};

    QTest::newRow("not JSON") << ApiKind::OpenAi << json("{oops") << protocol
                              << u"not in the OpenAI format"_s;
    QTest::newRow("another provider's shape") << ApiKind::Gemini << json(R"({"object":"list","data":[]})")
                                              << protocol << u"not in Gemini's format"_s;
    QTest::newRow("truncated JSON") << ApiKind::Ollama << json(R"({"models":[{"name":"qwen3:8b","size":52)")
                                    << protocol << u"not in Ollama's format"_s;
    QTest::newRow("a web page") << ApiKind::Anthropic
                                << FixtureReply{.contentType = "text/html; charset=utf-8", .chunks = {"<html>Sign in</html>"}}
                                << protocol << u"web page"_s;
    // Depending on timing Qt reports the closed connection (a cut) or takes the
    // chunked body as ended, leaving half a list that no decoder accepts.
    QTest::newRow("cut mid-body") << ApiKind::OpenAi
                                  << FixtureReply{.contentType = "application/json",
                                                  .chunks = {R"({"data":[{"id":"gpt-4o"},)", R"({"id":"o3"}]})"},
                                                  .cutAfterChunks = 1}
                                  << QList<CallError::Kind>{CallError::Kind::StreamCut, CallError::Kind::Protocol}
                                  << u"Fixture"_s;
}

void TestModelListCall::malformed()
{
    QFETCH(ApiKind, kind);
    QFETCH(FixtureReply, reply);
    QFETCH(QList<CallError::Kind>, errors);
    QFETCH(QString, messagePart);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(reply);
    ModelListCall *call = run(kind, fixture);
    QVERIFY(call->error());
    QVERIFY2(errors.contains(call->error()->kind), qPrintable(call->error()->message));
    QVERIFY2(call->error()->message.contains(messagePart), qPrintable(call->error()->message));
    QVERIFY2(call->error()->message.contains(u"Fixture"_s), qPrintable(call->error()->message));
    QVERIFY(call->modelIds().isEmpty());
}

void TestModelListCall::bodyTooLarge()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    FixtureReply reply{.contentType = "application/json", .chunks = {R"({"data":[)"}};
    const QByteArray megabyte(1024 * 1024, ' ');
    for (int i = 0; i < 17; ++i)
        reply.chunks.append(megabyte);
    fixture.enqueue(reply);
    ModelListCall *call = run(ApiKind::OpenAi, fixture);
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::Protocol);
    QVERIFY2(call->error()->message.contains(u"larger than 16 MB"_s), qPrintable(call->error()->message));
}

void TestModelListCall::connectionRefused()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    ProviderConfig provider = fixture.providerConfig(ApiKind::OpenAi);
    const quint16 port = FixtureProvider::unusedPort();
    QVERIFY(port);
    provider.baseUrl.setPort(port);
    ModelListCall call(&m_network, provider, Key);
    QSignalSpy finished(&call, &ModelListCall::finished);
    call.start();
    QVERIFY(finished.wait(5000));
    QVERIFY(call.error());
    QCOMPARE(call.error()->kind, CallError::Kind::ConnectionRefused);
    QVERIFY(call.error()->message.contains(u"127.0.0.1:"_s + QString::number(port)));
}

void TestModelListCall::silentServerTimesOut()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.neverAnswer = true});
    ModelListCall *call = run(ApiKind::Gemini, fixture, 300);
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::Timeout);
    QVERIFY2(call->error()->message.contains(u"within 0.3 s"_s), qPrintable(call->error()->message));
    QVERIFY(call->elapsedMs() >= 280); // a coarse QTimer may fire up to 5 % early
    QTRY_COMPARE_WITH_TIMEOUT(fixture.openConnections(), 0, 2000); // the connection is not left open
}

void TestModelListCall::cancelStopsAtOnce()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.contentType = "application/json", .chunks = inPieces(R"({"data":[{"id":"gpt-4o"}]})", 4),
                     .chunkDelayMs = 2000});
    ModelListCall call(&m_network, fixture.providerConfig(ApiKind::OpenAi), Key);
    QSignalSpy finished(&call, &ModelListCall::finished);
    call.start();
    QTRY_COMPARE_WITH_TIMEOUT(fixture.requests().size(), 1, 5000);
    QElapsedTimer clock;
    clock.start();
    call.cancel();
    QCOMPARE(finished.count(), 1); // synchronously
    QVERIFY(clock.elapsed() < 100);
    QVERIFY(call.isFinished());
    QCOMPARE(call.error()->kind, CallError::Kind::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.openConnections(), 0, 2000);
    call.cancel(); // a second cancel is harmless
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
}

QTEST_GUILESS_MAIN(TestModelListCall)
#include "tst_modellistcall.moc"
