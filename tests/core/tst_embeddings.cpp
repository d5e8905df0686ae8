// POST /v1/embeddings over real HTTP on 127.0.0.1: the gateway in front of
// fixture providers speaking each upstream's own embeddings format —
// OpenAI-compatible /embeddings, Gemini's batchEmbedContents, Ollama's
// /api/embed — answered in OpenAI's shape with float or base64 vectors, one
// usage row with its cost per upstream request; and the errors: a format
// without embeddings (Anthropic), an unknown model, a spent budget, and
// upstreams that send malformed JSON, the wrong number of vectors, too much,
// or nothing; and a client that leaves before the answer.

#include "support/fixtureprovider.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"

#include "catalog/pricecatalog.h"
#include "gateway/gatewayserver.h"
#include "gateway/openaiembeddingsrequest.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Providers::ApiKind;

Q_DECLARE_METATYPE(FixtureReply)

namespace {

const QString token = u"sy-test-token-0123456789"_s;

// Floats a float32 holds exactly, so that text and base64 compare exactly.
const QList<QList<float>> vectors{{0.25f, -0.5f, 0.125f}, {1.5f, -0.0078125f, 3.0f}};

QJsonArray numbers(const QList<float> &vector)
{
    QJsonArray out;
    for (float f : vector)
        out.append(double(f));
    return out;
}

FixtureReply json(const QJsonObject &body, int status = 200)
{
    return {.status = status, .contentType = "application/json",
            .chunks = {QJsonDocument(body).toJson(QJsonDocument::Compact)}};
}

// Each format's real answer for the two inputs, 8 tokens where it counts them.
FixtureReply answerIn(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi: // out of order: the index says which input
        return json({{u"object"_s, u"list"_s},
                     {u"data"_s, QJsonArray{QJsonObject{{u"object"_s, u"embedding"_s}, {u"index"_s, 1},
                                                        {u"embedding"_s, numbers(vectors[1])}},
                                            QJsonObject{{u"object"_s, u"embedding"_s}, {u"index"_s, 0},
                                                        {u"embedding"_s, numbers(vectors[0])}}}},
                     {u"model"_s, u"text-embedding-3-small"_s},
                     {u"usage"_s, QJsonObject{{u"prompt_tokens"_s, 8}, {u"total_tokens"_s, 8}}}});
    case ApiKind::Gemini:
        return json({{u"embeddings"_s, QJsonArray{QJsonObject{{u"values"_s, numbers(vectors[0])}},
                                                  QJsonObject{{u"values"_s, numbers(vectors[1])}}}}});
    case ApiKind::Ollama:
        return json({{u"model"_s, u"nomic-embed-text"_s},
                     {u"embeddings"_s, QJsonArray{numbers(vectors[0]), numbers(vectors[1])}},
                     {u"total_duration"_s, 14143917},
                     {u"load_duration"_s, 1019500},
                     {u"prompt_eval_count"_s, 8}});
    case ApiKind::Anthropic:
        break;
    }
    return {};
}

QByteArray embeddingsBody(const QString &model, const QJsonValue &input, const QString &format = {},
                          int dimensions = 0)
{
    QJsonObject body{{u"model"_s, model}, {u"input"_s, input}};
    if (!format.isEmpty())
        body.insert(u"encoding_format"_s, format);
    if (dimensions > 0)
        body.insert(u"dimensions"_s, dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

const QJsonArray twoInputs{u"hello world"_s, u"a second text"_s};

QList<float> decoded(const QJsonValue &embedding)
{
    QList<float> out;
    if (embedding.isArray()) {
        for (const QJsonValue &n : embedding.toArray())
            out.append(float(n.toDouble()));
        return out;
    }
    const QByteArray bytes = QByteArray::fromBase64(embedding.toString().toLatin1());
    for (qsizetype i = 0; i + 4 <= bytes.size(); i += 4)
        out.append(qFromLittleEndian<float>(bytes.constData() + i));
    return out;
}

// The gateway with a router over four fixture upstreams, one per wire
// format, each a keyed provider whose embedding model has a catalog price.
struct Setup {
    QTemporaryDir dir;
    FixtureProvider openAi, gemini, ollama, anthropic;
    TestSupport::MemoryKeyStore keys;
    std::unique_ptr<Catalog::PriceCatalog> catalog;
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<Usage::UsageStore> usage;
    std::unique_ptr<Usage::BudgetMonitor> budgets;
    std::unique_ptr<Routing::Router> router;
    std::unique_ptr<Gateway::GatewayServer> gateway;
    QNetworkAccessManager client;
    Providers::CallTimeouts limits{.firstByteMs = 1500, .stallMs = 400, .totalMs = 5000,
                                   .maxAnswerBytes = 64 * 1024};

    QString start(bool withBudgets = false)
    {
        for (FixtureProvider *f : {&openAi, &gemini, &ollama, &anthropic})
            if (!f->listen())
                return u"a fixture cannot listen"_s;
        keys.keys = {{u"oai"_s, u"sk-oai-key"_s}, {u"gem"_s, u"gem-key"_s}, {u"oll"_s, u"oll-key"_s},
                     {u"ant"_s, u"ant-key"_s}, {u"down"_s, u"down-key"_s}};
        catalog = std::make_unique<Catalog::PriceCatalog>(QString());
        const QJsonArray models{
            QJsonObject{{u"provider"_s, u"oai"_s}, {u"id"_s, u"text-embedding-3-small"_s},
                        {u"name"_s, u"Embedding 3 small"_s}, {u"context_length"_s, 8191},
                        {u"price"_s, QJsonObject{{u"input"_s, 0.02}, {u"output"_s, 0}}}},
            QJsonObject{{u"provider"_s, u"gem"_s}, {u"id"_s, u"gemini-embedding-001"_s},
                        {u"name"_s, u"Gemini Embedding"_s}, {u"context_length"_s, 2048},
                        {u"price"_s, QJsonObject{{u"input"_s, 0.15}, {u"output"_s, 0}}}},
            QJsonObject{{u"provider"_s, u"oll"_s}, {u"id"_s, u"nomic-embed-text"_s},
                        {u"name"_s, u"Nomic Embed"_s}, {u"context_length"_s, 8192},
                        {u"price"_s, QJsonObject{{u"input"_s, 0.05}, {u"output"_s, 0}}}}};
        if (!catalog->loadCatalog(QJsonDocument(QJsonObject{{u"prices_taken"_s, u"2026-12"_s},
                                                             {u"models"_s, models}}).toJson()))
            return u"the catalog does not load"_s;
        // Over LoopbackNetworkAccess, as calls to this machine go; and over
        // Qt's HTTP, as every HTTPS upstream's do (tst_embeddings_qt_http).
        if (qEnvironmentVariableIsSet("SWITCHYARD_TEST_QT_HTTP"))
            network = std::make_unique<QNetworkAccessManager>();
        else
            network = std::make_unique<Providers::LoopbackNetworkAccess>();
        usage = std::make_unique<Usage::UsageStore>(Usage::UsageDatabase::fileIn(dir.path()));
        if (withBudgets) {
            budgets = std::make_unique<Usage::BudgetMonitor>(usage.get());
            if (!QTest::qWaitFor([this] { return budgets->isLoaded(); }, 5000))
                return u"the budgets do not load"_s;
        }
        const auto read = Routing::ConfigReader::read(
            "version: 1\n"
            "defaults:\n"
            "  retry: {attempts: 1, cooldown: {failures: 0}}\n"
            "routes:\n"
            "  chat:\n"
            "    targets: [oai/gpt-4o-mini]\n"
            "  embed:\n"
            "    targets: [ant/claude-sonnet-4, down/text-embedding-3-small, oai/text-embedding-3-small]\n"
            "  patient:\n"
            "    targets: [oai/text-embedding-3-small]\n"
            "    retry: {attempts: 2, backoff: {initial_ms: 10, jitter: 0}, cooldown: {failures: 0},\n"
            "            timeouts: {first_token_ms: 300}}\n"
            "default: chat\n");
        if (!read)
            return read.error().first().toString();
        Routing::Router::Services services;
        services.network = network.get();
        services.keys = &keys;
        services.usage = usage.get();
        services.catalog = catalog.get();
        services.budgets = budgets.get();
        services.timeouts = [this] { return limits; };
        services.provider = [this](const QString &id) -> std::optional<Providers::ProviderConfig> {
            const QHash<QString, std::pair<FixtureProvider *, ApiKind>> byId{
                {u"oai"_s, {&openAi, ApiKind::OpenAi}},    {u"gem"_s, {&gemini, ApiKind::Gemini}},
                {u"oll"_s, {&ollama, ApiKind::Ollama}},    {u"ant"_s, {&anthropic, ApiKind::Anthropic}},
                {u"down"_s, {&anthropic, ApiKind::OpenAi}}, // anthropic's fixture, answering 500s in OpenAI's format
            };
            const auto it = byId.constFind(id);
            if (it == byId.cend())
                return std::nullopt;
            Providers::ProviderConfig p = it->first->providerConfig(it->second);
            p.id = id;
            p.displayName = id == "ant"_L1 ? u"Anthropic"_s : id.toUpper();
            p.keyEnvironmentVariable = id.toUpper() + u"_API_KEY"_s;
            return p;
        };
        router = std::make_unique<Routing::Router>(services);
        router->setDecider(Routing::Decider(read->config));
        Gateway::GatewayOptions options;
        options.token = token;
        gateway = std::make_unique<Gateway::GatewayServer>(Gateway::GatewayServer::Services{.router = router.get()},
                                                           options);
        const auto port = gateway->listen();
        return port ? QString() : port.error();
    }

    QNetworkReply *post(const QByteArray &body)
    {
        QNetworkRequest request(QUrl(gateway->baseUrl().toString() + u"/embeddings"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        return client.post(request, body);
    }
};

bool waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(15000);
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

class TestEmbeddings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void eachUpstreamFormat_data();
    void eachUpstreamFormat();
    void readsRequests_data();
    void readsRequests();
    void errors_data();
    void errors();
    void fallsBackToTheNextTarget();
    void retriesAsTheRouteSays();
    void spentBudgetRefuses();
    void clientGoneCancelsUpstream();
    void gatewayStoppedMidRequest();
    void geminiTakesAHundredARequest();
    void tokenIdsGoToOpenAiCompatibleUpstreams();
};

void TestEmbeddings::eachUpstreamFormat_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("format");      // encoding_format; empty: not sent (float)
    QTest::addColumn<QByteArray>("path");     // what the upstream was asked
    QTest::addColumn<qint64>("tokens");       // prompt_tokens answered and logged
    QTest::addColumn<qint64>("costNanoUsd");  // the row's cost
    QTest::addColumn<bool>("estimated");

    // 8 tokens at $0.02/M; Gemini counts none: "hello world" and "a second
    // text", 11 and 13 bytes, are 3 + 4 tokens estimated at $0.15/M.
    for (const QString &format : {u""_s, u"float"_s, u"base64"_s}) {
        const QByteArray tag = format.isEmpty() ? "default" : format.toLatin1();
        QTest::newRow(QByteArray("openai " + tag).constData()) << u"oai/text-embedding-3-small"_s << int(ApiKind::OpenAi) << format
                                      << "/v1/embeddings"_ba << qint64(8) << qint64(160) << false;
        QTest::newRow(QByteArray("gemini " + tag).constData()) << u"gem/gemini-embedding-001"_s << int(ApiKind::Gemini) << format
                                      << "/v1beta/models/gemini-embedding-001:batchEmbedContents"_ba << qint64(7)
                                      << qint64(1050) << true;
        QTest::newRow(QByteArray("ollama " + tag).constData()) << u"oll/nomic-embed-text"_s << int(ApiKind::Ollama) << format
                                      << "/api/embed"_ba << qint64(8) << qint64(400) << false;
    }
}

void TestEmbeddings::eachUpstreamFormat()
{
    QFETCH(QString, model);
    QFETCH(int, kind);
    QFETCH(QString, format);
    QFETCH(QByteArray, path);
    QFETCH(qint64, tokens);
    QFETCH(qint64, costNanoUsd);
    QFETCH(bool, estimated);
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    FixtureProvider &upstream = kind == int(ApiKind::OpenAi) ? s.openAi : kind == int(ApiKind::Gemini) ? s.gemini : s.ollama;
    upstream.enqueue(answerIn(ApiKind(kind)));

    QNetworkReply *reply = s.post(embeddingsBody(model, twoInputs, format, 3));
    QVERIFY(waitFor(reply));
    QCOMPARE(statusOf(reply), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-target"), model.toUtf8());
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body["object"_L1].toString(), u"list"_s);
    QCOMPARE(body["model"_L1].toString(), model);
    QCOMPARE(body["usage"_L1]["prompt_tokens"_L1].toInteger(), tokens);
    QCOMPARE(body["usage"_L1]["total_tokens"_L1].toInteger(), tokens);
    const QJsonArray data = body["data"_L1].toArray();
    QCOMPARE(data.size(), 2);
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject item = data[i].toObject();
        QCOMPARE(item["object"_L1].toString(), u"embedding"_s);
        QCOMPARE(item["index"_L1].toInteger(), i);
        QCOMPARE(item["embedding"_L1].isString(), format == "base64"_L1);
        QCOMPARE(decoded(item["embedding"_L1]), vectors[i]);
    }

    // The upstream got its own format, with its own auth.
    QCOMPARE(upstream.requests().size(), 1);
    const RecordedRequest &sent = upstream.requests().first();
    QCOMPARE(sent.path, path);
    const QJsonObject upstreamBody = QJsonDocument::fromJson(sent.body).object();
    switch (ApiKind(kind)) {
    case ApiKind::OpenAi:
        QCOMPARE(sent.headers.value("authorization"), "Bearer sk-oai-key"_ba);
        QCOMPARE(upstreamBody["model"_L1].toString(), u"text-embedding-3-small"_s);
        QCOMPARE(upstreamBody["input"_L1].toArray(), twoInputs);
        QCOMPARE(upstreamBody["dimensions"_L1].toInt(), 3);
        QVERIFY(!upstreamBody.contains("encoding_format"_L1)); // floats, which every server speaks
        break;
    case ApiKind::Gemini: {
        QCOMPARE(sent.headers.value("x-goog-api-key"), "gem-key"_ba);
        QVERIFY(!sent.path.contains("key="));
        const QJsonArray requests = upstreamBody["requests"_L1].toArray();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[1]["model"_L1].toString(), u"models/gemini-embedding-001"_s);
        QCOMPARE(requests[1]["content"_L1]["parts"_L1][0]["text"_L1].toString(), u"a second text"_s);
        QCOMPARE(requests[0]["outputDimensionality"_L1].toInt(), 3);
        break;
    }
    case ApiKind::Ollama:
        QCOMPARE(upstreamBody["model"_L1].toString(), u"nomic-embed-text"_s);
        QCOMPARE(upstreamBody["input"_L1].toArray(), twoInputs);
        QCOMPARE(upstreamBody["dimensions"_L1].toInt(), 3);
        break;
    case ApiKind::Anthropic:
        break;
    }

    // One row, priced.
    const auto rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 1);
    const Usage::UsageRecord &row = rows.first();
    QCOMPARE(row.source, Usage::Source::Gateway);
    QCOMPARE(row.provider + u'/' + row.model, model);
    QCOMPARE(row.status, Usage::Status::Ok);
    QCOMPARE(row.tokensIn, std::optional<qint64>(tokens));
    QCOMPARE(row.tokensOut, std::optional<qint64>(0));
    QCOMPARE(row.costNanoUsd, std::optional<qint64>(costNanoUsd));
    QCOMPARE(row.costEstimated, estimated);
}

void TestEmbeddings::readsRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param"); // empty: accepted
    QTest::addColumn<int>("inputs");

    QTest::newRow("one string") << R"({"model":"m","input":"hi"})"_ba << QString() << 1;
    QTest::newRow("strings") << R"({"model":"m","input":["a","b","c"],"encoding_format":"base64","user":"u"})"_ba
                             << QString() << 3;
    QTest::newRow("token ids") << R"({"model":"m","input":[1,2,3]})"_ba << QString() << 1;
    QTest::newRow("token id lists") << R"({"model":"m","input":[[1,2],[3]]})"_ba << QString() << 2;
    QTest::newRow("null options") << R"({"model":"m","input":"x","dimensions":null,"encoding_format":null})"_ba
                                  << QString() << 1;
    QTest::newRow("no model") << R"({"input":"hi"})"_ba << u"model"_s << 0;
    QTest::newRow("control character in model") << "{\"model\":\"a\\u0007b\",\"input\":\"hi\"}"_ba << u"model"_s << 0;
    QTest::newRow("no input") << R"({"model":"m"})"_ba << u"input"_s << 0;
    QTest::newRow("empty string") << R"({"model":"m","input":""})"_ba << u"input"_s << 0;
    QTest::newRow("empty list") << R"({"model":"m","input":[]})"_ba << u"input"_s << 0;
    QTest::newRow("empty item") << R"({"model":"m","input":["a",""]})"_ba << u"input"_s << 0;
    QTest::newRow("mixed list") << R"({"model":"m","input":["a",1]})"_ba << u"input"_s << 0;
    QTest::newRow("fractional token") << R"({"model":"m","input":[1.5]})"_ba << u"input"_s << 0;
    QTest::newRow("object input") << R"({"model":"m","input":{"text":"a"}})"_ba << u"input"_s << 0;
    QTest::newRow("bad format") << R"({"model":"m","input":"a","encoding_format":"int8"})"_ba
                                << u"encoding_format"_s << 0;
    QTest::newRow("zero dimensions") << R"({"model":"m","input":"a","dimensions":0})"_ba << u"dimensions"_s << 0;
    QTest::newRow("text dimensions") << R"({"model":"m","input":"a","dimensions":"3"})"_ba << u"dimensions"_s << 0;
    QTest::newRow("numeric user") << R"({"model":"m","input":"a","user":7})"_ba << u"user"_s << 0;
    QTest::newRow("unknown parameter") << R"({"model":"m","input":"a","truncate":true})"_ba << u"truncate"_s << 0;
    QJsonArray many;
    for (int i = 0; i <= Gateway::OpenAiEmbeddingsRequest::MaxInputs; ++i)
        many.append(u"x"_s);
    QTest::newRow("too many inputs") << embeddingsBody(u"m"_s, many) << u"input"_s << 0;
}

void TestEmbeddings::readsRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(int, inputs);
    const auto parsed = Gateway::OpenAiEmbeddingsRequest::parse(body);
    if (param.isEmpty()) {
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        QCOMPARE(parsed->request.inputCount(), inputs);
        return;
    }
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().status, 400);
    QCOMPARE(parsed.error().param, param);
}

void TestEmbeddings::errors_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<FixtureReply>("reply"); // from the upstream the model names
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("says");       // in the message
    QTest::addColumn<int>("rows");           // usage rows written
    QTest::addColumn<int>("maxMs");          // bounded time

    const QString openAi = u"oai/text-embedding-3-small"_s;
    QTest::newRow("anthropic upstream") << u"ant/claude-sonnet-4"_s << FixtureReply{} << 400
                                        << u"invalid_request_error"_s << u"Anthropic: "_s << 0 << 5000;
    QTest::newRow("unknown name") << u"no-such-thing"_s << FixtureReply{} << 404 << u"invalid_request_error"_s
                                  << u"neither a route"_s << 0 << 5000;
    QTest::newRow("unknown provider") << u"nobody/model"_s << FixtureReply{} << 404 << u"invalid_request_error"_s
                                      << u"nobody"_s << 0 << 5000;
    QTest::newRow("malformed json") << openAi << FixtureReply{.contentType = "application/json", .chunks = {"{\"data\": [1,"}}
                                    << 502 << u"upstream_error"_s << u"cannot be read"_s << 1 << 5000;
    QTest::newRow("not a list of numbers")
        << openAi
        << json({{u"data"_s, QJsonArray{QJsonObject{{u"index"_s, 0}, {u"embedding"_s, u"%%%"_s}}, QJsonObject{{u"index"_s, 1}, {u"embedding"_s, QJsonArray{1}}}}}})
        << 502 << u"upstream_error"_s << u"not a list of numbers"_s << 1 << 5000;
    QTest::newRow("empty vector") // found by fuzz_embeddings
        << openAi
        << json({{u"data"_s, QJsonArray{QJsonObject{{u"index"_s, 0}, {u"embedding"_s, QJsonArray{}}},
                                        QJsonObject{{u"index"_s, 1}, {u"embedding"_s, QJsonArray{1}}}}}})
        << 502 << u"upstream_error"_s << u"embedding 0 is not a list of numbers"_s << 1 << 5000;
    QTest::newRow("repeated index")
        << openAi
        << json({{u"data"_s, QJsonArray{QJsonObject{{u"index"_s, 0}, {u"embedding"_s, QJsonArray{1}}},
                                        QJsonObject{{u"index"_s, 0}, {u"embedding"_s, QJsonArray{2}}}}}})
        << 502 << u"upstream_error"_s << u"index"_s << 1 << 5000;
    QTest::newRow("wrong vector count")
        << openAi << json({{u"data"_s, QJsonArray{QJsonObject{{u"index"_s, 0}, {u"embedding"_s, QJsonArray{1}}}}}})
        << 502 << u"upstream_error"_s << u"sent 1 embeddings for 2 inputs"_s << 1 << 5000;
    QTest::newRow("error object in a 200")
        << openAi << json({{u"error"_s, QJsonObject{{u"message"_s, u"model is loading"_s}}}}) << 502
        << u"upstream_error"_s << u"model is loading"_s << 1 << 5000;
    QTest::newRow("upstream 400") << openAi
                                  << json({{u"error"_s, QJsonObject{{u"message"_s, u"dimensions too large"_s}}}}, 400)
                                  << 400 << u"invalid_request_error"_s << u"dimensions too large"_s << 1 << 5000;
    // Over the 64 KiB the test's limits allow, in 16 KiB pieces.
    FixtureReply huge{.contentType = "application/json"};
    huge.chunks.append("{\"data\":[{\"index\":0,\"embedding\":[");
    for (int i = 0; i < 8; ++i)
        huge.chunks.append(QByteArray(16 * 1024, '1').replace(0, 1, "0").append(','));
    QTest::newRow("huge body") << openAi << huge << 502 << u"upstream_error"_s << u"more than 0.0625 MiB"_s << 1
                               << 5000;
    FixtureReply stall{.contentType = "application/json", .chunks = {"{\"data\":[", "]}"}, .stallAfterChunks = 1};
    QTest::newRow("stall") << openAi << stall << 504 << u"timeout_error"_s << u"stalled"_s << 1 << 5000;
    QTest::newRow("silence") << openAi << FixtureReply{.neverAnswer = true} << 504 << u"timeout_error"_s
                             << u"sent nothing"_s << 1 << 5000;
    QTest::newRow("web page") << openAi << FixtureReply{.contentType = "text/html", .chunks = {"<html></html>"}} << 502
                              << u"upstream_error"_s << u"web page"_s << 1 << 5000;
    // The other formats' own ways to go wrong.
    QTest::newRow("gemini: no embeddings array")
        << u"gem/gemini-embedding-001"_s << json({{u"embedding"_s, QJsonObject{{u"values"_s, QJsonArray{1}}}}}) << 502
        << u"upstream_error"_s << u"no \"embeddings\" array"_s << 1 << 5000;
    QTest::newRow("gemini: values missing")
        << u"gem/gemini-embedding-001"_s
        << json({{u"embeddings"_s, QJsonArray{QJsonObject{{u"values"_s, QJsonArray{1}}}, QJsonObject{}}}}) << 502
        << u"upstream_error"_s << u"embedding 1 has no list of numbers"_s << 1 << 5000;
    QTest::newRow("gemini: 429")
        << u"gem/gemini-embedding-001"_s
        << FixtureReply{.status = 429, .contentType = "application/json", .headers = {{"retry-after", "3"}},
                        .chunks = {R"({"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}})"}}
        << 429 << u"rate_limit_error"_s << u"Resource has been exhausted"_s << 1 << 5000;
    QTest::newRow("ollama: one vector for two")
        << u"oll/nomic-embed-text"_s << json({{u"embeddings"_s, QJsonArray{QJsonArray{1, 2}}}}) << 502
        << u"upstream_error"_s << u"sent 1 embeddings for 2 inputs"_s << 1 << 5000;
    QTest::newRow("ollama: model not pulled")
        << u"oll/nomic-embed-text"_s << json({{u"error"_s, u"model \"nomic-embed-text\" not found, try pulling it first"_s}}, 404)
        << 404 << u"invalid_request_error"_s << u"try pulling it first"_s << 1 << 5000;
}

void TestEmbeddings::errors()
{
    QFETCH(QString, model);
    QFETCH(FixtureReply, reply);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, says);
    QFETCH(int, rows);
    QFETCH(int, maxMs);
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    FixtureProvider &upstream = model.startsWith("gem/"_L1) ? s.gemini : model.startsWith("oll/"_L1) ? s.ollama : s.openAi;
    upstream.enqueue(reply);

    QElapsedTimer clock;
    clock.start();
    QNetworkReply *answer = s.post(embeddingsBody(model, twoInputs));
    QVERIFY(waitFor(answer));
    QVERIFY2(clock.elapsed() < maxMs, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(statusOf(answer), status);
    const QJsonObject error = QJsonDocument::fromJson(answer->readAll())["error"_L1].toObject();
    QCOMPARE(error["type"_L1].toString(), type);
    QVERIFY2(error["message"_L1].toString().contains(says), qPrintable(error["message"_L1].toString()));
    QVERIFY(!error["message"_L1].toString().contains("sk-oai-key"_L1));
    const auto logged = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(logged.size(), rows);
    for (const Usage::UsageRecord &row : logged) {
        QCOMPARE(row.status, Usage::Status::Error);
        QCOMPARE(row.costNanoUsd, std::optional<qint64>(0)); // nothing came back, nothing billed
        QVERIFY(!row.tokensIn);
    }
    // Nothing went to the Anthropic upstream, whatever happened.
    QCOMPARE(s.anthropic.requests().size(), 0);
}

void TestEmbeddings::fallsBackToTheNextTarget()
{
    // embed: [ant (no embeddings: passed over), down (500), oai (answers)].
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.anthropic.enqueue(json({{u"error"_s, QJsonObject{{u"message"_s, u"boom"_s}}}}, 500));
    s.openAi.enqueue(answerIn(ApiKind::OpenAi));
    QNetworkReply *reply = s.post(embeddingsBody(u"embed"_s, twoInputs, u"base64"_s));
    QVERIFY(waitFor(reply));
    QCOMPARE(statusOf(reply), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-route"), "embed"_ba);
    QCOMPARE(reply->rawHeader("x-switchyard-target"), "oai/text-embedding-3-small"_ba);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body["model"_L1].toString(), u"embed"_s);
    QCOMPARE(decoded(body["data"_L1][1]["embedding"_L1]), vectors[1]);
    const auto rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 2); // one per request sent: the 500 and the answer
    QCOMPARE(rows[0].provider, u"down"_s);
    QCOMPARE(rows[0].status, Usage::Status::Error);
    QCOMPARE(rows[0].httpStatus, 500);
    QCOMPARE(rows[1].provider, u"oai"_s);
    QCOMPARE(rows[1].route, u"embed"_s);
    QCOMPARE(rows[1].fallbackHops, 2);
    QCOMPARE(rows[1].costNanoUsd, std::optional<qint64>(160));
}

void TestEmbeddings::retriesAsTheRouteSays()
{
    // patient: two attempts, 10 ms apart, and 300 ms to the first byte
    // instead of the settings' 1500.
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.openAi.enqueue(json({{u"error"_s, QJsonObject{{u"message"_s, u"overloaded"_s}}}}, 503));
    s.openAi.enqueue(answerIn(ApiKind::OpenAi));
    QNetworkReply *reply = s.post(embeddingsBody(u"patient"_s, twoInputs));
    QVERIFY(waitFor(reply));
    QCOMPARE(statusOf(reply), 200);
    auto rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].httpStatus, 503);
    QCOMPARE(rows[1].status, Usage::Status::Ok);
    QCOMPARE(rows[1].retries, 1);

    // Silence, twice: each attempt gives up at the route's 300 ms.
    s.openAi.enqueue(FixtureReply{.neverAnswer = true});
    QElapsedTimer clock;
    clock.start();
    reply = s.post(embeddingsBody(u"patient"_s, twoInputs));
    QVERIFY(waitFor(reply));
    QCOMPARE(statusOf(reply), 504);
    QVERIFY2(clock.elapsed() < 1400, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(s.openAi.requests().size(), 4);
    rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[3].errorClass, u"timeout"_s);
}

void TestEmbeddings::spentBudgetRefuses()
{
    Setup s;
    {
        auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(s.dir.path()));
        QVERIFY(db);
        QVERIFY(db->setBudget({.scope = u"oai"_s, .limitNanoUsd = 1'000'000'000,
                               .action = Usage::Budget::Action::Block}));
        const QList<Usage::UsageRecord> spent{{.timeMs = QDateTime::currentMSecsSinceEpoch(),
                                               .source = Usage::Source::Cli, .provider = u"oai"_s,
                                               .model = u"text-embedding-3-small"_s, .costNanoUsd = 1'010'000'000}};
        QVERIFY(db->insert(spent));
    }
    const QString started = s.start(true);
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.openAi.enqueue(answerIn(ApiKind::OpenAi));
    for (const QString &model : {u"oai/text-embedding-3-small"_s, u"embed"_s}) {
        QNetworkReply *reply = s.post(embeddingsBody(model, twoInputs));
        QVERIFY(waitFor(reply));
        const QJsonObject error = QJsonDocument::fromJson(reply->readAll())["error"_L1].toObject();
        QVERIFY2(statusOf(reply) == 429, qPrintable(error["message"_L1].toString()));
        QCOMPARE(error["code"_L1].toString(), u"budget_reached"_s);
    }
    QCOMPARE(s.openAi.requests().size(), 0);
}

void TestEmbeddings::clientGoneCancelsUpstream()
{
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.openAi.enqueue(FixtureReply{.neverAnswer = true});
    QNetworkReply *reply = s.post(embeddingsBody(u"oai/text-embedding-3-small"_s, twoInputs));
    QTRY_COMPARE(s.openAi.requests().size(), 1);
    QCOMPARE(s.openAi.openConnections(), 1);
    reply->abort();
    // Well before the 1.5 s the upstream would be given.
    QTRY_COMPARE_WITH_TIMEOUT(s.openAi.openConnections(), 0, 1000);
    const auto rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Cancelled);
    QCOMPARE(s.gateway->activeCount(), 0);
}

void TestEmbeddings::gatewayStoppedMidRequest()
{
    // The app's toggle switched off, or Ctrl+C, while an upstream thinks:
    // the request is cancelled and logged as such, nothing left behind.
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.openAi.enqueue(FixtureReply{.neverAnswer = true});
    QNetworkReply *reply = s.post(embeddingsBody(u"oai/text-embedding-3-small"_s, twoInputs));
    QTRY_COMPARE(s.openAi.requests().size(), 1);
    s.gateway.reset();
    QVERIFY(waitFor(reply));
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QTRY_COMPARE_WITH_TIMEOUT(s.openAi.openConnections(), 0, 1000);
    const auto rows = TestSupport::loggedCalls(*s.usage);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Cancelled);
}

void TestEmbeddings::geminiTakesAHundredARequest()
{
    // 250 texts go as 100, 100 and 50 ("at most 100 requests can be in one
    // batch"), the vectors joined in order; one row for the call. Then the
    // same with the last request failing: the two answered are still billed.
    const auto batch = [](int first, int count) {
        QJsonArray embeddings;
        for (int i = first; i < first + count; ++i)
            embeddings.append(QJsonObject{{u"values"_s, QJsonArray{i, 0.5}}});
        return json({{u"embeddings"_s, embeddings}});
    };
    QJsonArray texts;
    for (int i = 0; i < 250; ++i)
        texts.append(u"text number %1"_s.arg(i, 3, 10, QChar(u'0'))); // 15 bytes: 4 tokens each
    for (const bool lastFails : {false, true}) {
        Setup s;
        const QString started = s.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        s.gemini.enqueue(batch(0, 100));
        s.gemini.enqueue(batch(100, 100));
        s.gemini.enqueue(lastFails ? json({{u"error"_s, QJsonObject{{u"message"_s, u"internal"_s}}}}, 500)
                                   : batch(200, 50));
        QNetworkReply *reply = s.post(embeddingsBody(u"gem/gemini-embedding-001"_s, texts));
        QVERIFY(waitFor(reply));
        QCOMPARE(s.gemini.requests().size(), 3);
        const QList<qsizetype> sizes{100, 100, 50};
        for (qsizetype r = 0; r < 3; ++r) {
            const QJsonArray requests = QJsonDocument::fromJson(s.gemini.requests()[r].body)["requests"_L1].toArray();
            QCOMPARE(requests.size(), sizes[r]);
            QCOMPARE(requests.first()["content"_L1]["parts"_L1][0]["text"_L1].toString(), texts[r * 100].toString());
        }
        const auto rows = TestSupport::loggedCalls(*s.usage);
        QCOMPARE(rows.size(), 1);
        if (lastFails) {
            QCOMPARE(statusOf(reply), 502);
            QCOMPARE(rows.first().status, Usage::Status::Error);
            QCOMPARE(rows.first().costNanoUsd, std::optional<qint64>(800 * 150)); // 200 texts, 800 tokens at $0.15/M
            QVERIFY(rows.first().costEstimated);
            continue;
        }
        QCOMPARE(statusOf(reply), 200);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        const QJsonArray data = body["data"_L1].toArray();
        QCOMPARE(data.size(), 250);
        for (qsizetype i = 0; i < data.size(); ++i) {
            QCOMPARE(data[i]["index"_L1].toInteger(), i);
            QCOMPARE(data[i]["embedding"_L1][0].toDouble(), double(i));
        }
        QCOMPARE(body["usage"_L1]["prompt_tokens"_L1].toInteger(), 1000);
        QCOMPARE(rows.first().tokensIn, std::optional<qint64>(1000));
        QCOMPARE(rows.first().costNanoUsd, std::optional<qint64>(1000 * 150));
    }
}

void TestEmbeddings::tokenIdsGoToOpenAiCompatibleUpstreams()
{
    Setup s;
    const QString started = s.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    s.openAi.enqueue(answerIn(ApiKind::OpenAi));
    const QJsonArray ids{QJsonArray{15339, 1917}, QJsonArray{64, 2132, 1495}};
    QNetworkReply *reply = s.post(embeddingsBody(u"oai/text-embedding-3-small"_s, ids));
    QVERIFY(waitFor(reply));
    QCOMPARE(statusOf(reply), 200);
    QCOMPARE(QJsonDocument::fromJson(s.openAi.requests().first().body)["input"_L1].toArray(), ids);

    // Gemini and Ollama take text only: a 400 that says so, nothing sent.
    for (const QString &model : {u"gem/gemini-embedding-001"_s, u"oll/nomic-embed-text"_s}) {
        QNetworkReply *refused = s.post(embeddingsBody(model, ids));
        QVERIFY(waitFor(refused));
        QCOMPARE(statusOf(refused), 400);
        const QString message = QJsonDocument::fromJson(refused->readAll())["error"_L1]["message"_L1].toString();
        QVERIFY2(message.contains(u"not token ids"_s), qPrintable(message));
    }
    QCOMPARE(s.gemini.requests().size(), 0);
    QCOMPARE(s.ollama.requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestEmbeddings)
#include "tst_embeddings.moc"
