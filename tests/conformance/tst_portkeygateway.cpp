// Exported Portkey configs against Portkey's own open-source gateway
// (@portkey-ai/gateway, pinned in package-lock.json), run on 127.0.0.1 in
// front of fixture providers: the gateway must accept each config and do what
// it says — fall back when the first target fails, retry as often as told,
// split by weight. A config that only looks right to our own reader would
// pass a test that parses it; this one has the gateway it is written for
// act on it.
//
// It also measures what the gateway adds over calling the upstream directly
// (overheadOverDirectCalls), the baseline the Switchyard gateway's benchmark
// is set against.

#include "routing/configreader.h"
#include "routing/portkeyformat.h"
#include "support/fixtureprovider.h"
#include "support/portkeygateway.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <expected>
#include <memory>

using namespace Qt::StringLiterals;
using Switchyard::TestSupport::PortkeyGateway;

namespace {

constexpr int CallTimeoutMs = 20'000;
// A made-up key: the binding below puts it into the config, the fixtures see it.
const QString Key = u"sk-portkey-conformance-1234"_s;
// What the caller asks for; every exported target replaces it with its own model.
const QString AskedModel = u"switchyard-route"_s;
const QString Small = u"gpt-4o-mini"_s;
const QString Large = u"gpt-4o"_s;

// ---------------------------------------------------------------------------
// The routes under test and the Portkey configs they should export to.
//
// Each case is a route of Switchyard's routing config (docs/routing.md) as
// YAML, and, hand-written, the Portkey config that core/routing/portkeyformat
// should export for it: no keys and no hosts, as every export; bindToFixtures()
// adds those. Every target is an OpenAI-compatible provider with its own
// model, so the model tells which fixture a target is.
//
// exportedConfig() reads routingYaml with Routing::ConfigReader and returns
// what PortkeyFormat::exportConfig() makes of it, failing when the export
// lists something these cases depend on; exportCasesAreComplete() checks
// that it equals the hand-written portkeyJson as JSON.
// ---------------------------------------------------------------------------

struct ExportCase
{
    QByteArray routingYaml;
    QByteArray portkeyJson;
};

const QHash<QString, ExportCase> &exportCases()
{
    static const QHash<QString, ExportCase> cases{
        // One target, no retries: a single-target fallback route.
        {u"one target"_s,
         {R"(version: 1
defaults:
  retry: {attempts: 1}
routes:
  chat:
    targets: [openai/gpt-4o-mini]
)",
          R"({"strategy": {"mode": "fallback"},
              "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]})"}},

        // Fallback in the order written, on any error: Portkey's fallback
        // without on_status_codes moves on at any non-2xx status and at a
        // failed connection, as the router does.
        {u"fallback"_s,
         {R"(version: 1
defaults:
  retry: {attempts: 1}
routes:
  chat:
    strategy: fallback
    targets: [openai/gpt-4o-mini, openai/gpt-4o]
)",
          R"({"strategy": {"mode": "fallback"},
              "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}},
                          {"provider": "openai", "override_params": {"model": "gpt-4o"}}]})"}},

        // Our attempts count the first try, Portkey's counts the retries
        // only: 3 tries are {"attempts": 2}. Portkey's waits are fixed (1 s,
        // then doubling, no jitter), so the backoff does not carry over.
        {u"retry"_s,
         {R"(version: 1
routes:
  chat:
    targets: [openai/gpt-4o-mini]
    retry: {attempts: 3, on_status: [429, 503], respect_retry_after: false}
)",
          R"({"retry": {"attempts": 2, "on_status_codes": [429, 503]},
              "strategy": {"mode": "fallback"},
              "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]})"}},

        // Weighted picks one target by weight and keeps the others as its
        // fallbacks, in the order written. Portkey's loadbalance alone has no
        // fallback, so each weighted branch is a fallback chain starting with
        // its own target.
        {u"weighted"_s,
         {R"(version: 1
defaults:
  retry: {attempts: 1}
routes:
  split:
    strategy: weighted
    targets:
      - {model: openai/gpt-4o-mini, weight: 3}
      - {model: openai/gpt-4o, weight: 1}
)",
          R"({"strategy": {"mode": "loadbalance"},
              "targets": [
                {"weight": 3, "strategy": {"mode": "fallback"},
                 "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}},
                             {"provider": "openai", "override_params": {"model": "gpt-4o"}}]},
                {"weight": 1, "strategy": {"mode": "fallback"},
                 "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o"}},
                             {"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]}]})"}},

        // Several routes and a rule: a conditional config with a named
        // target per route, a condition per route name on params.model, the
        // tag rule on metadata.tag, and the default route.
        {u"routes and rules"_s,
         {R"(version: 1
defaults:
  retry: {attempts: 1}
routes:
  small:
    targets: [openai/gpt-4o-mini]
  large:
    targets: [openai/gpt-4o]
rules:
  - name: hr
    when: {tags: [hr]}
    route: large
default: small
)",
          R"({"strategy": {"mode": "conditional", "default": "small", "conditions": [
                {"query": {"params.model": {"$eq": "small"}}, "then": "small"},
                {"query": {"params.model": {"$eq": "large"}}, "then": "large"},
                {"query": {"metadata.tag": {"$in": ["hr"]}}, "then": "large"}]},
              "targets": [
                {"name": "small", "strategy": {"mode": "fallback"},
                 "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o-mini"}}]},
                {"name": "large", "strategy": {"mode": "fallback"},
                 "targets": [{"provider": "openai", "override_params": {"model": "gpt-4o"}}]}]})"}},
    };
    return cases;
}

/// Whether a line of an export's `unsupported` list changes what these
/// cases test (which target answers, how often a target is tried, the
/// split). Waits between retries, cooldowns across requests and retrying on
/// transport errors do not.
bool mattersHere(const QString &unsupported)
{
    return !unsupported.contains(u"retry backoff"_s) && !unsupported.contains(u"cooldown"_s)
        && !unsupported.contains(u"on_errors"_s);
}

/// The Portkey config PortkeyFormat exports for a case's routing YAML, or why there is none.
std::expected<QJsonObject, QString> exportedConfig(const QString &caseName)
{
    const auto found = exportCases().constFind(caseName);
    if (found == exportCases().cend())
        return std::unexpected(u"no export case named '%1'"_s.arg(caseName));
    const auto read = Switchyard::Routing::ConfigReader::read(found->routingYaml);
    if (!read)
        return std::unexpected(u"the routing YAML of '%1' does not read: %2"_s.arg(caseName, read.error().first().toString()));
    const Switchyard::Routing::ExportResult exported = Switchyard::Routing::PortkeyFormat::exportConfig(read->config);
    for (const QString &line : exported.unsupported)
        if (mattersHere(line))
            return std::unexpected(u"the export of '%1' cannot hold: %2"_s.arg(caseName, line));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(exported.text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::unexpected(u"the Portkey config of '%1' is not a JSON object: %2 at offset %3"_s
                                   .arg(caseName, error.errorString())
                                   .arg(error.offset));
    return document.object();
}

/// Points every target of an exported config at a fixture: the target's
/// model (override_params.model) picks its base URL, which becomes the
/// target's custom_host (Portkey wants the base URL with /v1 for an
/// OpenAI-compatible upstream), and the key goes in beside it.
std::expected<QJsonObject, QString> bindToFixtures(QJsonObject config, const QHash<QString, QUrl> &baseUrls,
                                                   const QString &where = u"config"_s)
{
    if (config.contains(u"targets"_s)) {
        QJsonArray targets = config.value(u"targets"_s).toArray();
        if (targets.isEmpty())
            return std::unexpected(where + u".targets is empty or not a list"_s);
        for (qsizetype i = 0; i < targets.size(); ++i) {
            const auto bound
                = bindToFixtures(targets.at(i).toObject(), baseUrls, u"%1.targets[%2]"_s.arg(where).arg(i));
            if (!bound)
                return bound;
            targets[i] = *bound;
        }
        config.insert(u"targets"_s, targets);
        return config;
    }
    const QString model = config.value(u"override_params"_s).toObject().value(u"model"_s).toString();
    if (model.isEmpty())
        return std::unexpected(where + u" is a target without override_params.model"_s);
    const QUrl baseUrl = baseUrls.value(model);
    if (!baseUrl.isValid())
        return std::unexpected(u"%1 names model %2, which no fixture serves"_s.arg(where, model));
    config.insert(u"custom_host"_s, baseUrl.toString());
    config.insert(u"api_key"_s, Key);
    return config;
}

QUrl baseUrlOf(const FixtureProvider &fixture)
{
    return fixture.url(u"/v1"_s);
}

// Somewhere on the loopback nothing listens: a provider that is down.
QUrl deadBaseUrl()
{
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(FixtureProvider::unusedPort()));
}

// --- Fixture replies of the OpenAI wire format -------------------------------

QString answerOf(const QString &model)
{
    return u"Answered by "_s + model;
}

FixtureReply completion(const QString &model)
{
    const QJsonObject body{
        {u"id"_s, u"chatcmpl-1"_s},
        {u"object"_s, u"chat.completion"_s},
        {u"created"_s, 1721172741},
        {u"model"_s, model},
        {u"choices"_s,
         QJsonArray{QJsonObject{
             {u"index"_s, 0},
             {u"message"_s, QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, answerOf(model)}}},
             {u"finish_reason"_s, u"stop"_s}}}},
        {u"usage"_s,
         QJsonObject{{u"prompt_tokens"_s, 9}, {u"completion_tokens"_s, 3}, {u"total_tokens"_s, 12}}},
    };
    return {.contentType = "application/json",
            .chunks = {QJsonDocument(body).toJson(QJsonDocument::Compact)}};
}

// The answer in words, one SSE event each, then [DONE].
QList<QByteArray> streamChunks(const QString &model)
{
    QList<QByteArray> chunks;
    const QStringList words = answerOf(model).split(u' ');
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QJsonObject delta{{u"content"_s, i == 0 ? words.at(i) : u' ' + words.at(i)}};
        const QJsonObject chunk{
            {u"id"_s, u"chatcmpl-1"_s},
            {u"object"_s, u"chat.completion.chunk"_s},
            {u"created"_s, 1721172741},
            {u"model"_s, model},
            {u"choices"_s,
             QJsonArray{QJsonObject{
                 {u"index"_s, 0},
                 {u"delta"_s, delta},
                 {u"finish_reason"_s, i + 1 == words.size() ? QJsonValue(u"stop"_s) : QJsonValue()}}}},
        };
        chunks.append("data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n");
    }
    chunks.append("data: [DONE]\n\n");
    return chunks;
}

FixtureReply stream(const QString &model, int chunkDelayMs = 0)
{
    return {.chunks = streamChunks(model), .chunkDelayMs = chunkDelayMs};
}

FixtureReply failure(int status)
{
    const QJsonObject error{
        {u"error"_s,
         QJsonObject{{u"message"_s, u"fixture failure %1"_s.arg(status)},
                     {u"type"_s, status == 429 ? u"rate_limit_error"_s : u"server_error"_s}}}};
    return {.status = status,
            .contentType = "application/json",
            .chunks = {QJsonDocument(error).toJson(QJsonDocument::Compact)}};
}

// The text a reply carries: the message of a completion, the deltas of a stream.
QString textOf(const QByteArray &body, bool streamed)
{
    if (!streamed) {
        const QJsonArray choices = QJsonDocument::fromJson(body).object().value(u"choices"_s).toArray();
        return choices.at(0).toObject().value(u"message"_s).toObject().value(u"content"_s).toString();
    }
    QString text;
    for (const QByteArray &line : body.split('\n')) {
        if (!line.startsWith("data: ") || line == "data: [DONE]")
            continue;
        const QJsonArray choices
            = QJsonDocument::fromJson(line.mid(6)).object().value(u"choices"_s).toArray();
        text += choices.at(0).toObject().value(u"delta"_s).toObject().value(u"content"_s).toString();
    }
    return text;
}

/// A finished call through the gateway or straight to a fixture.
struct Call
{
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QByteArray lastUsedOption;
    QByteArray retryAttempts;
    qint64 firstDataNs = -1; // from sending to the first bytes of the body
    qint64 doneNs = -1;

    [[nodiscard]] QString describe() const
    {
        return u"HTTP %1, %2, body: %3"_s.arg(status).arg(finished ? u"finished"_s : u"timed out"_s,
                                                          QString::fromUtf8(body.left(600)));
    }
};

QByteArray chatBody(bool streamed, const QString &model = AskedModel)
{
    QJsonObject body{
        {u"model"_s, model},
        {u"messages"_s,
         QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Name three rivers of Europe"_s}}}},
        {u"stream"_s, streamed}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

Call send(QNetworkAccessManager &network, QNetworkRequest request, bool streamed, const QString &model = AskedModel)
{
    Call call;
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<QNetworkReply> reply(network.post(request, chatBody(streamed, model)));
    QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&call, &clock, &reply] {
        if (call.firstDataNs < 0 && reply->bytesAvailable() > 0)
            call.firstDataNs = clock.nsecsElapsed();
        call.body += reply->readAll();
    });
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.wait(CallTimeoutMs)) {
            reply->abort();
            return call;
        }
    }
    call.finished = true;
    call.doneNs = clock.nsecsElapsed();
    call.body += reply->readAll();
    call.error = reply->error();
    call.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    call.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    call.lastUsedOption = reply->rawHeader(PortkeyGateway::LastUsedOptionHeader.toByteArray());
    call.retryAttempts = reply->rawHeader(PortkeyGateway::RetryAttemptCountHeader.toByteArray());
    return call;
}

QNetworkRequest directRequest(const FixtureProvider &fixture)
{
    QNetworkRequest request(fixture.url(u"/v1/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setRawHeader("Authorization", "Bearer " + Key.toUtf8());
    return request;
}

int chatRequestsTo(const FixtureProvider &fixture)
{
    return int(std::ranges::count_if(
        fixture.requests(), [](const RecordedRequest &r) { return r.path == "/v1/chat/completions"; }));
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::ranges::sort(values);
    const auto index = qsizetype(std::ceil(p / 100.0 * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

} // namespace

class TestPortkeyGateway final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void exportCasesAreComplete();
    void listensOnLoopbackOnly();
    void oneTarget_data();
    void oneTarget();
    void fallback_data();
    void fallback();
    void retry_data();
    void retry();
    void weightedSplit();
    void weightedFallsBack();
    void conditional_data();
    void conditional();
    void overheadOverDirectCalls();

private:
    /// The exported config of a case, bound to the given fixtures.
    [[nodiscard]] QJsonObject boundConfig(const QString &caseName, const QHash<QString, QUrl> &baseUrls);

    QNetworkAccessManager m_network;
    PortkeyGateway m_gateway{{.node = QStringLiteral(SWITCHYARD_NODE),
                              .packageDir = QStringLiteral(SWITCHYARD_PORTKEY_DIR),
                              .preload = QStringLiteral(SWITCHYARD_PORTKEY_PRELOAD)}};
};

QJsonObject TestPortkeyGateway::boundConfig(const QString &caseName, const QHash<QString, QUrl> &baseUrls)
{
    const auto exported = exportedConfig(caseName);
    if (!exported) {
        qWarning().noquote() << exported.error();
        return {};
    }
    const auto bound = bindToFixtures(*exported, baseUrls);
    if (!bound) {
        qWarning().noquote() << bound.error();
        return {};
    }
    return *bound;
}

void TestPortkeyGateway::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    qInfo("Portkey's gateway %s on %s", qPrintable(m_gateway.version()),
          qPrintable(m_gateway.url().toString()));
}

void TestPortkeyGateway::cleanupTestCase()
{
    m_gateway.stop();
    QVERIFY(!m_gateway.isRunning());
}

void TestPortkeyGateway::exportCasesAreComplete()
{
    // Each case binds: every target names a model that a fixture can serve.
    const QHash<QString, QUrl> anywhere{{Small, QUrl(u"http://127.0.0.1:1/v1"_s)},
                                        {Large, QUrl(u"http://127.0.0.1:2/v1"_s)}};
    QCOMPARE(exportCases().size(), 5);
    for (const QString &name : exportCases().keys()) {
        QVERIFY2(exportCases().value(name).routingYaml.startsWith("version: 1\n"), qPrintable(name));
        const auto exported = exportedConfig(name);
        QVERIFY2(exported, exported ? "" : qPrintable(exported.error()));
        const auto bound = bindToFixtures(*exported, anywhere);
        QVERIFY2(bound, bound ? "" : qPrintable(bound.error()));
        QVERIFY2(!exported->contains(u"api_key"_s) && !exported->contains(u"custom_host"_s),
                 qPrintable(name));
        const QJsonObject handWritten = QJsonDocument::fromJson(exportCases().value(name).portkeyJson).object();
        QVERIFY2(*exported == handWritten,
                 qPrintable(name + u": "_s + QString::fromUtf8(QJsonDocument(*exported).toJson(QJsonDocument::Compact))));
    }
}

void TestPortkeyGateway::listensOnLoopbackOnly()
{
    const QString output = m_gateway.output();
    QVERIFY2(output.contains(u"portkey-loopback: listening on 127.0.0.1:%1"_s.arg(m_gateway.port())),
             qPrintable(output));
    // Every other address of this machine refuses the gateway's port.
    int tried = 0;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.isLinkLocal())
            continue;
        ++tried;
        QTcpSocket socket;
        socket.connectToHost(address, m_gateway.port());
        const bool connected = socket.waitForConnected(2000);
        QVERIFY2(!connected, qPrintable(u"the gateway answers on %1"_s.arg(address.toString())));
    }
    qInfo("tried %d non-loopback addresses", tried);
}

void TestPortkeyGateway::oneTarget_data()
{
    QTest::addColumn<bool>("streamed");
    QTest::newRow("not streamed") << false;
    QTest::newRow("streamed") << true;
}

void TestPortkeyGateway::oneTarget()
{
    QFETCH(bool, streamed);

    FixtureProvider upstream;
    QVERIFY(upstream.listen());
    // Spaced chunks, so that a gateway that gathers the stream shows.
    constexpr int ChunkDelayMs = 150;
    upstream.enqueue(streamed ? stream(Small, ChunkDelayMs) : completion(Small));

    const QJsonObject config = boundConfig(u"one target"_s, {{Small, baseUrlOf(upstream)}});
    QVERIFY(!config.isEmpty());
    const Call call = send(m_network, m_gateway.chatRequest(config), streamed);
    QVERIFY2(call.finished && call.status == 200, qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
    QCOMPARE(call.error, QNetworkReply::NoError);
    QCOMPARE(textOf(call.body, streamed), answerOf(Small));
    QVERIFY2(call.contentType.startsWith(streamed ? "text/event-stream" : "application/json"),
             call.contentType.constData());
    if (streamed) {
        // The events pass through as the upstream wrote them, and as they
        // come: the first arrives long before the last was sent.
        QCOMPARE(call.body, streamChunks(Small).join());
        const qint64 sendingMs = ChunkDelayMs * (streamChunks(Small).size() - 1);
        QVERIFY2(call.doneNs - call.firstDataNs > sendingMs / 2 * 1'000'000,
                 qPrintable(u"first data after %1 ms, done after %2 ms"_s.arg(call.firstDataNs / 1'000'000)
                                .arg(call.doneNs / 1'000'000)));
    }

    QCOMPARE(upstream.requests().size(), 1);
    const RecordedRequest &request = upstream.requests().first();
    QCOMPARE(request.method, "POST"_ba);
    QCOMPARE(request.path, "/v1/chat/completions"_ba);
    QCOMPARE(request.headers.value("authorization"), "Bearer " + Key.toUtf8());
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value(u"model"_s).toString(), Small); // override_params replaced the caller's
    QCOMPARE(body.value(u"stream"_s).toBool(), streamed);
    QCOMPARE(body.value(u"messages"_s).toArray().size(), 1);
}

void TestPortkeyGateway::fallback_data()
{
    QTest::addColumn<bool>("streamed");
    QTest::addColumn<int>("firstStatus"); // 0: nothing listens there
    QTest::addColumn<int>("secondStatus");
    QTest::addColumn<int>("status"); // what the caller gets
    QTest::addColumn<QString>("answeredBy");
    QTest::addColumn<QByteArray>("lastUsedOption");
    QTest::addColumn<int>("firstRequests");
    QTest::addColumn<int>("secondRequests");

    const QByteArray first = "config.targets[0]";
    const QByteArray second = "config.targets[1]";
    QTest::newRow("first answers") << false << 200 << 200 << 200 << Small << first << 1 << 0;
    QTest::newRow("first answers, streamed") << true << 200 << 200 << 200 << Small << first << 1 << 0;
    QTest::newRow("first 500") << false << 500 << 200 << 200 << Large << second << 1 << 1;
    QTest::newRow("first 500, streamed") << true << 500 << 200 << 200 << Large << second << 1 << 1;
    QTest::newRow("first 429") << false << 429 << 200 << 200 << Large << second << 1 << 1;
    QTest::newRow("first 503") << false << 503 << 200 << 200 << Large << second << 1 << 1;
    QTest::newRow("first 400: any error moves on") << false << 400 << 200 << 200 << Large << second << 1 << 1;
    QTest::newRow("first down") << false << 0 << 200 << 200 << Large << second << 0 << 1;
    QTest::newRow("first down, streamed") << true << 0 << 200 << 200 << Large << second << 0 << 1;
    // Both fail: the caller gets the last target's error.
    QTest::newRow("both fail") << false << 500 << 503 << 503 << QString() << second << 1 << 1;
}

void TestPortkeyGateway::fallback()
{
    QFETCH(bool, streamed);
    QFETCH(int, firstStatus);
    QFETCH(int, secondStatus);
    QFETCH(int, status);
    QFETCH(QString, answeredBy);
    QFETCH(QByteArray, lastUsedOption);
    QFETCH(int, firstRequests);
    QFETCH(int, secondRequests);

    FixtureProvider first;
    FixtureProvider second;
    QVERIFY(first.listen() && second.listen());
    const auto reply = [streamed](int answer, const QString &model) {
        return answer != 200 ? failure(answer) : streamed ? stream(model) : completion(model);
    };
    first.enqueue(reply(firstStatus, Small));
    second.enqueue(reply(secondStatus, Large));

    const QJsonObject config = boundConfig(
        u"fallback"_s,
        {{Small, firstStatus == 0 ? deadBaseUrl() : baseUrlOf(first)}, {Large, baseUrlOf(second)}});
    QVERIFY(!config.isEmpty());
    const Call call = send(m_network, m_gateway.chatRequest(config), streamed);
    QVERIFY2(call.finished && call.status == status,
             qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
    QCOMPARE(call.lastUsedOption, lastUsedOption);
    if (!answeredBy.isEmpty())
        QCOMPARE(textOf(call.body, streamed), answerOf(answeredBy));
    QCOMPARE(chatRequestsTo(first), firstRequests);
    QCOMPARE(chatRequestsTo(second), secondRequests);
    for (const RecordedRequest &request : second.requests())
        QCOMPARE(QJsonDocument::fromJson(request.body).object().value(u"model"_s).toString(), Large);
}

void TestPortkeyGateway::retry_data()
{
    QTest::addColumn<QList<int>>("statuses"); // the upstream's answers in turn; the last repeats
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QByteArray>("retryAttempts");

    // Portkey waits 1 s before the first retry and 2 s before the second.
    QTest::newRow("503, 503, then an answer") << QList<int>{503, 503, 200} << 200 << 3 << "2"_ba;
    QTest::newRow("429, then an answer") << QList<int>{429, 200} << 200 << 2 << "1"_ba;
    QTest::newRow("500 is not listed: no retry") << QList<int>{500} << 500 << 1 << "0"_ba;
    QTest::newRow("503 every time: three tries") << QList<int>{503} << 503 << 3 << QByteArray();
}

void TestPortkeyGateway::retry()
{
    QFETCH(QList<int>, statuses);
    QFETCH(int, status);
    QFETCH(int, requests);
    QFETCH(QByteArray, retryAttempts);

    FixtureProvider upstream;
    QVERIFY(upstream.listen());
    for (int answer : statuses)
        upstream.enqueue(answer == 200 ? completion(Small) : failure(answer));

    const QJsonObject config = boundConfig(u"retry"_s, {{Small, baseUrlOf(upstream)}});
    QVERIFY(!config.isEmpty());
    const Call call = send(m_network, m_gateway.chatRequest(config), false);
    QVERIFY2(call.finished && call.status == status,
             qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
    QCOMPARE(chatRequestsTo(upstream), requests);
    if (!retryAttempts.isEmpty())
        QCOMPARE(call.retryAttempts, retryAttempts);
    if (status == 200)
        QCOMPARE(textOf(call.body, false), answerOf(Small));
}

void TestPortkeyGateway::weightedSplit()
{
    FixtureProvider small;
    FixtureProvider large;
    QVERIFY(small.listen() && large.listen());
    small.enqueue(completion(Small));
    large.enqueue(completion(Large));
    const QJsonObject config
        = boundConfig(u"weighted"_s, {{Small, baseUrlOf(small)}, {Large, baseUrlOf(large)}});
    QVERIFY(!config.isEmpty());

    // 3:1 over 200 requests: 150 expected at the first target, with a
    // standard deviation of sqrt(200 · 3/4 · 1/4) ≈ 6.1. ±25 is four of them:
    // a correct split fails this about once in 16,000 runs, an even split
    // (100) or a fixed order (200 or 0) never passes.
    constexpr int Requests = 200;
    constexpr int Expected = Requests * 3 / 4;
    constexpr int Tolerance = 25;
    QHash<QByteArray, int> options;
    for (int i = 0; i < Requests; ++i) {
        const Call call = send(m_network, m_gateway.chatRequest(config), false);
        QVERIFY2(call.finished && call.status == 200,
                 qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
        ++options[call.lastUsedOption];
    }
    const int toSmall = chatRequestsTo(small);
    const int toLarge = chatRequestsTo(large);
    qInfo("weighted 3:1 over %d requests: %d to %s, %d to %s", Requests, toSmall, qPrintable(Small), toLarge,
          qPrintable(Large));
    QCOMPARE(toSmall + toLarge, Requests);
    QVERIFY2(std::abs(toSmall - Expected) <= Tolerance,
             qPrintable(u"%1 of %2 went to the weight-3 target, expected %3 ± %4"_s.arg(toSmall)
                            .arg(Requests)
                            .arg(Expected)
                            .arg(Tolerance)));
    // The first target of each branch answered, and the counts agree.
    QCOMPARE(options.value("config.targets[0].targets[0]"), toSmall);
    QCOMPARE(options.value("config.targets[1].targets[0]"), toLarge);
}

void TestPortkeyGateway::weightedFallsBack()
{
    // With the weight-3 target failing, its branch falls back to the other
    // target: every request is answered, by the weight-1 target.
    FixtureProvider small;
    FixtureProvider large;
    QVERIFY(small.listen() && large.listen());
    small.enqueue(failure(500));
    large.enqueue(completion(Large));
    const QJsonObject config
        = boundConfig(u"weighted"_s, {{Small, baseUrlOf(small)}, {Large, baseUrlOf(large)}});
    QVERIFY(!config.isEmpty());

    constexpr int Requests = 40;
    int fellBack = 0;
    for (int i = 0; i < Requests; ++i) {
        const Call call = send(m_network, m_gateway.chatRequest(config), false);
        QVERIFY2(call.finished && call.status == 200,
                 qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
        QCOMPARE(textOf(call.body, false), answerOf(Large));
        if (call.lastUsedOption == "config.targets[0].targets[1]")
            ++fellBack;
        else
            QCOMPARE(call.lastUsedOption, "config.targets[1].targets[0]"_ba);
    }
    // Each fallback is one failed request at the weight-3 target.
    QCOMPARE(chatRequestsTo(small), fellBack);
    QCOMPARE(chatRequestsTo(large), Requests);
    // 30 expected (sd ≈ 2.7); a branch never picked would leave the fallback untested.
    QVERIFY2(fellBack >= 15,
             qPrintable(u"only %1 of %2 picked the weight-3 branch"_s.arg(fellBack).arg(Requests)));
}

void TestPortkeyGateway::conditional_data()
{
    QTest::addColumn<QString>("askedModel");
    QTest::addColumn<QByteArray>("metadata"); // x-portkey-metadata; empty: none
    QTest::addColumn<QString>("answeredBy");
    QTest::addColumn<QByteArray>("lastUsedOption");

    QTest::newRow("no rule matches: the default") << AskedModel << QByteArray() << Small << "config.targets[0]"_ba;
    QTest::newRow("a route by name") << u"large"_s << QByteArray() << Large << "config.targets[1]"_ba;
    QTest::newRow("the other route by name") << u"small"_s << R"({"tag": "hr"})"_ba << Small << "config.targets[0]"_ba;
    QTest::newRow("the tag rule") << AskedModel << R"({"tag": "hr"})"_ba << Large << "config.targets[1]"_ba;
    QTest::newRow("another tag: the default") << AskedModel << R"({"tag": "sales"})"_ba << Small << "config.targets[0]"_ba;
}

void TestPortkeyGateway::conditional()
{
    QFETCH(QString, askedModel);
    QFETCH(QByteArray, metadata);
    QFETCH(QString, answeredBy);
    QFETCH(QByteArray, lastUsedOption);

    FixtureProvider small;
    FixtureProvider large;
    QVERIFY(small.listen() && large.listen());
    small.enqueue(completion(Small));
    large.enqueue(completion(Large));
    const QJsonObject config
        = boundConfig(u"routes and rules"_s, {{Small, baseUrlOf(small)}, {Large, baseUrlOf(large)}});
    QVERIFY(!config.isEmpty());
    QNetworkRequest request = m_gateway.chatRequest(config);
    if (!metadata.isEmpty())
        request.setRawHeader("x-portkey-metadata", metadata);
    const Call call = send(m_network, request, false, askedModel);
    QVERIFY2(call.finished && call.status == 200, qPrintable(call.describe() + u"\n"_s + m_gateway.output()));
    QCOMPARE(textOf(call.body, false), answerOf(answeredBy));
    QVERIFY2(call.lastUsedOption.startsWith(lastUsedOption), call.lastUsedOption.constData());
    QCOMPARE(chatRequestsTo(answeredBy == Small ? small : large), 1);
    QCOMPARE(chatRequestsTo(answeredBy == Small ? large : small), 0);
}

void TestPortkeyGateway::overheadOverDirectCalls()
{
    // What the gateway adds to a call over calling the upstream directly, on
    // the same client and the same fixture: the baseline the Switchyard
    // gateway is measured against. Figures, not assertions; every answer is
    // checked. SWITCHYARD_PORTKEY_SAMPLES sets the number of sequential calls
    // per figure (50 by default, to keep the suite quick; 500 for figures).
    bool ok = false;
    int samples = qEnvironmentVariableIntValue("SWITCHYARD_PORTKEY_SAMPLES", &ok);
    if (!ok || samples <= 0)
        samples = 50;
    const int warmUp = std::min(20, samples);

    FixtureProvider upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(completion(Small));
    FixtureProvider streaming;
    QVERIFY(streaming.listen());
    // The first event at once, the rest 20 ms apart: time to first chunk is
    // the gateway's, not the fixture's.
    streaming.enqueue(stream(Small, 20));

    const QJsonObject config = boundConfig(u"one target"_s, {{Small, baseUrlOf(upstream)}});
    const QJsonObject streamConfig = boundConfig(u"one target"_s, {{Small, baseUrlOf(streaming)}});
    QVERIFY(!config.isEmpty() && !streamConfig.isEmpty());

    struct Figures
    {
        QList<double> totalMs;
        QList<double> firstChunkMs;
    };
    const auto measure = [&](const QNetworkRequest &request, bool streamed, Figures &figures) -> QString {
        for (int i = 0; i < warmUp + samples; ++i) {
            const Call call = send(m_network, request, streamed);
            if (!call.finished || call.status != 200 || textOf(call.body, streamed) != answerOf(Small))
                return call.describe() + u"\n"_s + m_gateway.output();
            if (i < warmUp)
                continue;
            figures.totalMs.append(double(call.doneNs) / 1e6);
            figures.firstChunkMs.append(double(call.firstDataNs) / 1e6);
        }
        return QString();
    };
    Figures direct;
    Figures gateway;
    Figures directStream;
    Figures gatewayStream;
    QString failed = measure(directRequest(upstream), false, direct);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    failed = measure(m_gateway.chatRequest(config), false, gateway);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    failed = measure(directRequest(streaming), true, directStream);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    failed = measure(m_gateway.chatRequest(streamConfig), true, gatewayStream);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    const auto line = [](const char *what, const QList<double> &viaGateway, const QList<double> &directly) {
        const double p50 = percentile(viaGateway, 50);
        const double p99 = percentile(viaGateway, 99);
        const double d50 = percentile(directly, 50);
        const double d99 = percentile(directly, 99);
        qInfo("%s: via Portkey p50 %.2f ms, p99 %.2f ms; direct p50 %.2f ms, p99 %.2f ms; added p50 %.2f ms, "
              "p99 %.2f ms",
              what, p50, p99, d50, d99, p50 - d50, p99 - d99);
    };
    qInfo("%d sequential calls per figure after %d to warm up, Portkey's gateway %s", samples, warmUp,
          qPrintable(m_gateway.version()));
    line("non-streaming, whole call", gateway.totalMs, direct.totalMs);
    line("streaming, time to first chunk", gatewayStream.firstChunkMs, directStream.firstChunkMs);
    line("streaming, whole call", gatewayStream.totalMs, directStream.totalMs);
    QCOMPARE(direct.totalMs.size(), samples);
    QCOMPARE(gatewayStream.firstChunkMs.size(), samples);
}

QTEST_GUILESS_MAIN(TestPortkeyGateway)
#include "tst_portkeygateway.moc"
