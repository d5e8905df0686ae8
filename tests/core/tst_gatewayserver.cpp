// The local gateway over real HTTP on 127.0.0.1: an OpenAI client's view of
// it (JSON and event-stream answers, OpenAI-shaped errors), its checks
// (token, Host, Origin, body size, concurrency), and the router behind it
// talking to fixture providers — with upstream failures, a cut mid-stream and
// a client that goes away.

#include "support/fixtureprovider.h"
#include "support/openaireplies.h"
#include "support/rawresponse.h"
#include "providers/loopbacknetworkaccess.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"

#include "gateway/gatewayserver.h"
#include "gateway/openaichunkwriter.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::GatewayOptions;
using Gateway::GatewayServer;
using Providers::ApiKind;

namespace {

const QString token = u"sy-test-token-0123456789"_s;

// "Hello" in two pieces, 12 tokens in and 3 out, as an OpenAI-compatible
// server streams it; cut or stalled after the given number of chunks.
FixtureReply answer(int cutAfter = -1, int stallAfter = -1)
{
    FixtureReply reply = TestSupport::OpenAiReplies::text({u"Hel"_s, u"lo"_s}, 12, 3);
    reply.cutAfterChunks = cutAfter;
    reply.stallAfterChunks = stallAfter;
    return reply;
}

// A streamed tool call, its arguments in two fragments. Built as JSON, not
// written out: moc misreads \" inside raw string literals.
QList<QByteArray> toolAnswer()
{
    const auto chunk = [](const QJsonObject &delta, const QJsonValue &finish) {
        const QJsonObject choice{{u"index"_s, 0}, {u"delta"_s, delta}, {u"finish_reason"_s, finish}};
        const QJsonObject object{{u"id"_s, u"c2"_s}, {u"object"_s, u"chat.completion.chunk"_s},
                                 {u"choices"_s, QJsonArray{choice}}};
        return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
    };
    const auto fragment = [](const QString &arguments) {
        return QJsonObject{{u"tool_calls"_s,
                            QJsonArray{QJsonObject{{u"index"_s, 0},
                                                   {u"function"_s, QJsonObject{{u"arguments"_s, arguments}}}}}}};
    };
    QJsonObject first{{u"role"_s, u"assistant"_s},
                      {u"tool_calls"_s,
                       QJsonArray{QJsonObject{{u"index"_s, 0},
                                              {u"id"_s, u"call_1"_s},
                                              {u"type"_s, u"function"_s},
                                              {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s},
                                                                         {u"arguments"_s, u""_s}}}}}}};
    return {chunk(first, QJsonValue::Null), chunk(fragment(u"{\"city\":"_s), QJsonValue::Null),
            chunk(fragment(u"\"Oslo\"}"_s), QJsonValue::Null), chunk({}, u"tool_calls"_s), "data: [DONE]\n\n"};
}

using TestSupport::OpenAiReplies::failure;

const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  main:\n"
                          "    targets: [one/model-a, two/model-b]\n"
                          "  solo:\n"
                          "    targets: [one/model-a]\n"
                          "rules:\n"
                          "  - {name: tagged, when: {tags: [private]}, route: solo}\n"
                          "  - {name: asked-main, when: {model: [gpt-4o]}, route: main}\n";

QByteArray chatBody(const QString &model, bool stream, bool includeUsage = false)
{
    QJsonObject body{{u"model"_s, model},
                     {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"hello"_s}}}}};
    if (stream)
        body.insert(u"stream"_s, true);
    if (includeUsage)
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

using TestSupport::RawResponse;

// One request written by hand, for headers QNetworkAccessManager would not
// send as given (Host, Origin).
RawResponse rawRequest(quint16 port, const QByteArray &head, const QByteArray &body = {})
{
    // The gateway runs on this thread: wait in an event loop, not in the
    // socket's blocking calls, so that it can answer.
    QTcpSocket socket;
    QByteArray all;
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] {
        socket.write(head + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n"
                     + body);
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        all += socket.readAll();
        // Done when the headers and Content-Length bytes of body are in:
        // the server may keep the connection open whatever the client asked.
        const qsizetype split = all.indexOf("\r\n\r\n");
        const qsizetype lengthAt = all.toLower().indexOf("content-length:");
        if (split >= 0 && lengthAt >= 0 && lengthAt < split) {
            const qsizetype end = all.indexOf("\r\n", lengthAt);
            const qsizetype length = all.mid(lengthAt + 15, end - lengthAt - 15).trimmed().toLongLong();
            if (all.size() >= split + 4 + length)
                loop.quit();
        }
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    socket.connectToHost(QHostAddress::LocalHost, port);
    loop.exec();
    all += socket.readAll();
    return RawResponse::parse(all);
}

// The data: lines of an event stream, [DONE] included.
QList<QByteArray> dataLines(const QByteArray &stream)
{
    QList<QByteArray> out;
    for (const QByteArray &line : stream.split('\n'))
        if (line.startsWith("data: "))
            out.append(line.mid(6).trimmed());
    return out;
}

} // namespace

class TestGatewayServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void checks_data();
    void checks();
    void normalizesOrigins_data();
    void normalizesOrigins();
    void tokenAndOriginsChangeWhileRunning();
    void allAddressesMeansOwnAddresses();
    void listsRoutesAndModels();
    void answersAsJson();
    void streamsWithUsage();
    void streamsToolCalls();
    void toolConversationPassesThrough();
    void toolConversationToAnthropic();
    void geminiSignaturesSurviveToolRound();
    void finishReasons_data();
    void finishReasons();
    void routesByTagAndAskedModel_data();
    void routesByTagAndAskedModel();
    void upstreamRateLimit();
    void fallsBackBeforeFirstToken();
    void cutMidStreamKeepsPartialAnswer();
    void cutMidAnswerFallsBackForWholeAnswers();
    void clientGoneCancelsUpstream();
    void badRequests_data();
    void badRequests();
    void bodyTooLarge();
    void concurrencyLimit();
    void unknownProviderIsNotFound();
    void upstreamSecretsAreMasked();

private:
    void makeRouter(decltype(Routing::Router::Services::provider) provider);
    /// The router with provider "one" alone, speaking this wire format.
    void routeOneThrough(ApiKind kind);
    void startGateway(GatewayOptions options = {});
    QNetworkReply *post(const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static bool waitFor(QNetworkReply *reply);
    QList<Usage::UsageRecord> loggedCalls() { return TestSupport::loggedCalls(*m_usage); }

    QTemporaryDir m_dir;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<FixtureProvider> m_two;
    std::unique_ptr<QNetworkAccessManager> m_network; // the router's
    std::unique_ptr<QNetworkAccessManager> m_client;  // the OpenAI client's
    std::unique_ptr<Usage::UsageStore> m_usage;
    TestSupport::MemoryKeyStore m_keys;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<GatewayServer> m_gateway;
};

void TestGatewayServer::init()
{
    QVERIFY(m_dir.isValid());
    m_one = std::make_unique<FixtureProvider>();
    m_two = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    QVERIFY(m_two->listen());
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    m_client = std::make_unique<QNetworkAccessManager>();
    QFile::remove(m_dir.filePath(u"usage.sqlite3"_s));
    m_usage = std::make_unique<Usage::UsageStore>(m_dir.filePath(u"usage.sqlite3"_s));

    makeRouter(FixtureProvider::openAiProviders({{u"one"_s, m_one.get()}, {u"two"_s, m_two.get()}}));
}

void TestGatewayServer::makeRouter(decltype(Routing::Router::Services::provider) provider)
{
    const auto read = Routing::ConfigReader::read(config);
    QVERIFY2(read, read ? "" : qPrintable(read.error().first().toString()));
    Routing::Router::Services services;
    services.network = m_network.get();
    services.keys = &m_keys;
    services.usage = m_usage.get();
    services.provider = std::move(provider);
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(read->config));
    m_router->setBackoffScale(0.01);
}

void TestGatewayServer::cleanup()
{
    m_gateway.reset();
    m_router.reset();
    m_usage.reset();
    m_client.reset();
    m_network.reset();
    m_one.reset();
    m_two.reset();
}

void TestGatewayServer::routeOneThrough(ApiKind kind)
{
    makeRouter([this, kind](const QString &id) -> std::optional<Providers::ProviderConfig> {
        if (id != "one"_L1)
            return std::nullopt;
        Providers::ProviderConfig provider = m_one->providerConfig(kind);
        provider.id = id;
        return provider;
    });
}

void TestGatewayServer::startGateway(GatewayOptions options)
{
    options.token = token;
    GatewayServer::Services services{.router = m_router.get(),
                                     .models = [] { return QStringList{u"one/model-a"_s, u"two/model-b"_s}; }};
    m_gateway = std::make_unique<GatewayServer>(services, options);
    const auto port = m_gateway->listen();
    QVERIFY2(port, port ? "" : qPrintable(port.error()));
    QCOMPARE(m_gateway->baseUrl().host(), u"127.0.0.1"_s);
}

QNetworkReply *TestGatewayServer::post(const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_gateway->baseUrl().toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_client->post(request, body);
}

bool TestGatewayServer::waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(15000);
}


void TestGatewayServer::checks_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");

    const QByteArray auth = "Authorization: Bearer " + token.toUtf8() + "\r\n";
    QTest::newRow("models with token") << "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth << 200 << QByteArray();
    QTest::newRow("localhost with port") << "GET /v1/models HTTP/1.1\r\nHost: localhost:9\r\n" + auth << 200
                                         << QByteArray();
    QTest::newRow("ipv6 loopback") << "GET /v1/models HTTP/1.1\r\nHost: [::1]:9\r\n" + auth << 200 << QByteArray();
    QTest::newRow("no token") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n") << 401
                              << QByteArray("invalid_api_key");
    QTest::newRow("wrong token") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                               "Authorization: Bearer sy-test-token-0123456788\r\n")
                                 << 401 << QByteArray("invalid_api_key");
    QTest::newRow("token not bearer") << "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + token.toUtf8()
            + "\r\n"
                                      << 401 << QByteArray("invalid_api_key");
    QTest::newRow("rebinding host") << "GET /v1/models HTTP/1.1\r\nHost: evil.example:8080\r\n" + auth << 403
                                    << QByteArray("host_not_allowed");
    QTest::newRow("localhost lookalike") << "GET /v1/models HTTP/1.1\r\nHost: localhost.evil.example\r\n" + auth
                                         << 403 << QByteArray("host_not_allowed");
    QTest::newRow("other address") << "GET /v1/models HTTP/1.1\r\nHost: 192.168.1.20\r\n" + auth << 403
                                   << QByteArray("host_not_allowed");
    QTest::newRow("origin not allowed") << "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
            + auth << 403 << QByteArray("origin_not_allowed");
    QTest::newRow("origin allowed") << "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\n"
            + auth << 200 << QByteArray();
    QTest::newRow("health without token") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") << 200
                                          << QByteArray();
    QTest::newRow("health rebinding") << QByteArray("GET /health HTTP/1.1\r\nHost: evil.example\r\n") << 403
                                      << QByteArray("host_not_allowed");
    QTest::newRow("unknown path") << "GET /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth << 404
                                  << QByteArray("unknown_url");
    QTest::newRow("GET embeddings") << "GET /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth << 405
                                    << QByteArray();
    QTest::newRow("GET completions") << "GET /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth << 405
                                     << QByteArray();
    QTest::newRow("unknown path without token") << QByteArray("GET /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\n") << 401
                                                << QByteArray("invalid_api_key");
}

void TestGatewayServer::checks()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    startGateway({.allowedOrigins = {u"http://localhost:3000"_s}});
    const RawResponse response = rawRequest(m_gateway->port(), head);
    QCOMPARE(response.status, status);
    if (status >= 400) {
        const QJsonObject error = QJsonDocument::fromJson(response.body).object().value(u"error"_s).toObject();
        QVERIFY2(!error.value(u"message"_s).toString().isEmpty(), response.body.constData());
        QVERIFY(error.contains(u"type"_s));
        if (!code.isEmpty())
            QCOMPARE(error.value(u"code"_s).toString(), QString::fromLatin1(code));
        QVERIFY(!response.body.contains(token.toUtf8()));
    }
    if (status == 401)
        QCOMPARE(response.headers.value("www-authenticate"), "Bearer");
    if (head.contains("Origin: http://localhost:3000"))
        QCOMPARE(response.headers.value("access-control-allow-origin"), "http://localhost:3000");
    QCOMPARE(m_one->requests().size() + m_two->requests().size(), 0);
}

void TestGatewayServer::normalizesOrigins_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("origin"); // empty: refused
    QTest::addColumn<QString>("problem");

    QTest::newRow("plain") << u"http://localhost:3000"_s << u"http://localhost:3000"_s << QString();
    QTest::newRow("trailing slash") << u"http://localhost:3000/"_s << u"http://localhost:3000"_s << QString();
    QTest::newRow("upper case") << u"HTTPS://App.Example.COM"_s << u"https://app.example.com"_s << QString();
    QTest::newRow("default https port") << u"https://app.example:443"_s << u"https://app.example"_s << QString();
    QTest::newRow("default http port") << u"http://app.example:80"_s << u"http://app.example"_s << QString();
    QTest::newRow("other port kept") << u"https://app.example:8443"_s << u"https://app.example:8443"_s << QString();
    QTest::newRow("ipv6") << u"http://[::1]:5173"_s << u"http://[::1]:5173"_s << QString();
    QTest::newRow("spaces") << u"  http://127.0.0.1:8080 "_s << u"http://127.0.0.1:8080"_s << QString();
    QTest::newRow("no scheme") << u"localhost:3000"_s << QString() << u"needs a scheme"_s;
    QTest::newRow("a page") << u"https://app.example/chat"_s << QString() << u"no path"_s;
    QTest::newRow("a query") << u"https://app.example/?x=1"_s << QString() << u"no path"_s;
    QTest::newRow("user name") << u"https://me@app.example"_s << QString() << u"no user name"_s;
    QTest::newRow("no host") << u"http://"_s << QString() << u"scheme://host"_s;
    QTest::newRow("empty") << u" "_s << QString() << u"empty"_s;
}

void TestGatewayServer::normalizesOrigins()
{
    QFETCH(QString, typed);
    QFETCH(QString, origin);
    QFETCH(QString, problem);
    const auto normal = GatewayOptions::normalizeOrigin(typed);
    if (origin.isEmpty()) {
        QVERIFY2(!normal, normal ? qPrintable(*normal) : "");
        QVERIFY2(normal.error().contains(problem), qPrintable(normal.error()));
    } else {
        QVERIFY2(normal, normal ? "" : qPrintable(normal.error()));
        QCOMPARE(*normal, origin);
    }

    // A list: each normalised, once each; one bad entry refuses the whole.
    const QString typedList = u"http://a.example, "_s + typed + u"\nhttp://A.example/"_s;
    const auto list = GatewayOptions::parseOrigins(typedList);
    if (origin.isEmpty() && !problem.contains(u"empty"_s)) {
        QVERIFY(!list);
    } else {
        QVERIFY2(list, list ? "" : qPrintable(list.error()));
        QCOMPARE(list->first(), u"http://a.example"_s);
        QCOMPARE(list->size(), origin.isEmpty() ? 1 : 2);
    }
}

void TestGatewayServer::tokenAndOriginsChangeWhileRunning()
{
    startGateway();
    const auto models = [this](const QByteArray &bearer, const QByteArray &origin = {}) {
        QByteArray head = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearer + "\r\n";
        if (!origin.isEmpty())
            head += "Origin: " + origin + "\r\n";
        return rawRequest(m_gateway->port(), head).status;
    };
    QCOMPARE(models(token.toUtf8(), "http://localhost:5173"), 403);
    m_gateway->setAllowedOrigins({u"http://localhost:5173"_s});
    QCOMPARE(models(token.toUtf8(), "http://localhost:5173"), 200);
    m_gateway->setAllowedOrigins({});
    QCOMPARE(models(token.toUtf8(), "http://localhost:5173"), 403);

    // A renewed token: the old one is refused from the next request on.
    m_gateway->setToken(u"sy-renewed-token-9876543210"_s);
    QCOMPARE(models(token.toUtf8()), 401);
    QCOMPARE(models("sy-renewed-token-9876543210"), 200);
}

void TestGatewayServer::allAddressesMeansOwnAddresses()
{
    // Listening on every address (the user's explicit choice), a client on
    // the network names one of this machine's addresses in its Host header;
    // an address that is not this machine's is still DNS rebinding.
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    const auto own = std::ranges::find_if(addresses, [](const QHostAddress &address) {
        return !address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol;
    });
    if (own == addresses.cend())
        QSKIP("this machine has no address but loopback");
    startGateway({.address = QHostAddress(QHostAddress::AnyIPv4)});
    // This machine's own callers are given the loopback URL.
    QCOMPARE(m_gateway->baseUrl().host(), u"127.0.0.1"_s);
    const QByteArray auth = "Authorization: Bearer " + token.toUtf8() + "\r\n";
    QCOMPARE(rawRequest(m_gateway->port(), "GET /v1/models HTTP/1.1\r\nHost: " + own->toString().toLatin1() + ":9\r\n" + auth)
                 .status,
             200);
    QCOMPARE(rawRequest(m_gateway->port(), "GET /v1/models HTTP/1.1\r\nHost: 203.0.113.9\r\n" + auth).status, 403);
    QCOMPARE(rawRequest(m_gateway->port(), "GET /v1/models HTTP/1.1\r\nHost: localhost\r\n" + auth).status, 200);
}

void TestGatewayServer::listsRoutesAndModels()
{
    startGateway();
    const RawResponse response = rawRequest(m_gateway->port(), "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                               "Authorization: Bearer "
                                                                   + token.toUtf8() + "\r\n");
    QCOMPARE(response.status, 200);
    const QJsonObject list = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(list.value(u"object"_s).toString(), u"list"_s);
    QStringList ids;
    for (const QJsonValue &v : list.value(u"data"_s).toArray()) {
        QCOMPARE(v.toObject().value(u"object"_s).toString(), u"model"_s);
        ids.append(v.toObject().value(u"id"_s).toString());
    }
    QCOMPARE(ids, (QStringList{u"main"_s, u"solo"_s, u"one/model-a"_s, u"two/model-b"_s}));
}

void TestGatewayServer::answersAsJson()
{
    m_one->enqueue(answer());
    startGateway();
    QNetworkReply *reply = post(chatBody(u"main"_s, false), {{"x-switchyard-project", "docs"}});
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-route"), "main");
    QCOMPARE(reply->rawHeader("x-switchyard-target"), "one/model-a");
    const QJsonObject completion = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(completion.value(u"object"_s).toString(), u"chat.completion"_s);
    QVERIFY(completion.value(u"id"_s).toString().startsWith(u"chatcmpl-"_s));
    const QJsonObject choice = completion.value(u"choices"_s).toArray().at(0).toObject();
    QCOMPARE(choice.value(u"message"_s).toObject().value(u"content"_s).toString(), u"Hello"_s);
    QCOMPARE(choice.value(u"message"_s).toObject().value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(choice.value(u"finish_reason"_s).toString(), u"stop"_s);
    const QJsonObject usage = completion.value(u"usage"_s).toObject();
    QCOMPARE(usage.value(u"prompt_tokens"_s).toInt(), 12);
    QCOMPARE(usage.value(u"completion_tokens"_s).toInt(), 3);
    QCOMPARE(usage.value(u"total_tokens"_s).toInt(), 15);
    // The upstream got the user's message; the client's token went no further.
    QCOMPARE(m_one->requests().size(), 1);
    QVERIFY(m_one->requests().first().body.contains("hello"));
    QVERIFY(!m_one->requests().first().headers.value("authorization").contains(token.toUtf8()));
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
    QCOMPARE(rows.first().project, u"docs"_s);
    QCOMPARE(m_gateway->requestCount(), 1);
}

void TestGatewayServer::streamsWithUsage()
{
    m_one->enqueue(answer());
    startGateway();
    QNetworkReply *reply = post(chatBody(u"main"_s, true, true));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"text/event-stream"_s));
    const QList<QByteArray> lines = dataLines(reply->readAll());
    QVERIFY2(lines.size() >= 4, QByteArray(lines.join('\n')).constData());
    QCOMPARE(lines.last(), "[DONE]");
    QString text;
    QString finish;
    QJsonObject usage;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QJsonObject chunk = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(chunk.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
        const QJsonArray choices = chunk.value(u"choices"_s).toArray();
        if (choices.isEmpty()) {
            QCOMPARE(i, lines.size() - 2); // the usage chunk comes last
            usage = chunk.value(u"usage"_s).toObject();
            continue;
        }
        const QJsonObject delta = choices.at(0).toObject().value(u"delta"_s).toObject();
        if (i == 0)
            QCOMPARE(delta.value(u"role"_s).toString(), u"assistant"_s);
        else
            QVERIFY(!delta.contains(u"role"_s));
        text += delta.value(u"content"_s).toString();
        if (const QJsonValue f = choices.at(0).toObject().value(u"finish_reason"_s); f.isString())
            finish = f.toString();
    }
    QCOMPARE(text, u"Hello"_s);
    QCOMPARE(finish, u"stop"_s);
    QCOMPARE(usage.value(u"total_tokens"_s).toInt(), 15);
}

void TestGatewayServer::streamsToolCalls()
{
    m_one->enqueue({.chunks = toolAnswer()});
    startGateway();
    QJsonObject body = QJsonDocument::fromJson(chatBody(u"main"_s, true)).object();
    body.insert(u"tools"_s,
                QJsonArray{QJsonObject{{u"type"_s, u"function"_s},
                                       {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s},
                                                                  {u"parameters"_s, QJsonObject{{u"type"_s, u"object"_s}}}}}}});
    body.insert(u"tool_choice"_s, u"auto"_s);
    QNetworkReply *reply = post(QJsonDocument(body).toJson());
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    // The tools went upstream as the client wrote them.
    const QJsonObject sent = QJsonDocument::fromJson(m_one->requests().first().body).object();
    QCOMPARE(sent.value(u"tools"_s), body.value(u"tools"_s));
    QCOMPARE(sent.value(u"tool_choice"_s).toString(), u"auto"_s);
    // The fragments come back with their index; the first carries id and name.
    QString id, name, arguments, finish;
    for (const QByteArray &line : dataLines(reply->readAll())) {
        if (line == "[DONE]")
            continue;
        const QJsonObject choice =
            QJsonDocument::fromJson(line).object().value(u"choices"_s).toArray().at(0).toObject();
        for (const QJsonValue &v : choice.value(u"delta"_s).toObject().value(u"tool_calls"_s).toArray()) {
            const QJsonObject call = v.toObject();
            QCOMPARE(call.value(u"index"_s).toInt(), 0);
            if (call.contains(u"id"_s)) {
                id = call.value(u"id"_s).toString();
                name = call.value(u"function"_s).toObject().value(u"name"_s).toString();
            }
            arguments += call.value(u"function"_s).toObject().value(u"arguments"_s).toString();
        }
        if (choice.value(u"finish_reason"_s).isString())
            finish = choice.value(u"finish_reason"_s).toString();
    }
    QCOMPARE(id, u"call_1"_s);
    QCOMPARE(name, u"get_weather"_s);
    QCOMPARE(arguments, u"{\"city\":\"Oslo\"}"_s);
    QCOMPARE(finish, u"tool_calls"_s);
}

// The second turn of a tool-using conversation as an OpenAI client sends it,
// with the generation fields such clients set.
QJsonObject toolTurn()
{
    const QJsonObject call{{u"id"_s, u"call_1"_s},
                           {u"type"_s, u"function"_s},
                           {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s}, {u"arguments"_s, u"{\"city\":\"Oslo\"}"_s}}}};
    const QJsonArray messages{
        QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"Be brief."_s}},
        QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Weather in Oslo?"_s}},
        QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, QJsonValue::Null}, {u"tool_calls"_s, QJsonArray{call}}},
        QJsonObject{{u"role"_s, u"tool"_s}, {u"tool_call_id"_s, u"call_1"_s}, {u"content"_s, u"{\"temp_c\":3}"_s}},
    };
    const QJsonObject parameters{{u"type"_s, u"object"_s},
                                 {u"properties"_s, QJsonObject{{u"city"_s, QJsonObject{{u"type"_s, u"string"_s}}}}}};
    const QJsonArray tools{QJsonObject{
        {u"type"_s, u"function"_s},
        {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s}, {u"description"_s, u"Current weather"_s},
                                    {u"parameters"_s, parameters}}}}};
    return {{u"model"_s, u"solo"_s},
            {u"messages"_s, messages},
            {u"tools"_s, tools},
            {u"tool_choice"_s, QJsonObject{{u"type"_s, u"function"_s}, {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s}}}}},
            {u"parallel_tool_calls"_s, false},
            {u"response_format"_s, QJsonObject{{u"type"_s, u"json_schema"_s},
                                               {u"json_schema"_s, QJsonObject{{u"name"_s, u"w"_s}, {u"schema"_s, parameters}}}}},
            {u"stop"_s, u"END"_s},
            {u"top_p"_s, 0.5},
            {u"seed"_s, 7},
            {u"logit_bias"_s, QJsonObject{{u"50256"_s, -100}}},
            {u"user"_s, u"u-1"_s}};
}

void TestGatewayServer::toolConversationPassesThrough()
{
    m_one->enqueue(answer());
    startGateway();
    const QJsonObject body = toolTurn();
    QNetworkReply *reply = post(QJsonDocument(body).toJson());
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_one->requests().size(), 1);
    // An OpenAI-compatible upstream gets the conversation as the client wrote it.
    const QJsonObject sent = QJsonDocument::fromJson(m_one->requests().first().body).object();
    QCOMPARE(sent.value(u"messages"_s), body.value(u"messages"_s));
    for (const QString &field : {u"tools"_s, u"tool_choice"_s, u"parallel_tool_calls"_s, u"response_format"_s,
                                 u"top_p"_s, u"seed"_s, u"logit_bias"_s, u"user"_s})
        QVERIFY2(sent.value(field) == body.value(field), qPrintable(field));
    QCOMPARE(sent.value(u"stop"_s), QJsonValue(QJsonArray{u"END"_s}));
    QCOMPARE(sent.value(u"model"_s).toString(), u"model-a"_s);
}

void TestGatewayServer::toolConversationToAnthropic()
{
    // The route's provider speaks Anthropic's Messages API.
    routeOneThrough(ApiKind::Anthropic);
    const auto event = [](const char *name, const QJsonObject &data) {
        return "event: " + QByteArray(name) + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
    };
    const QJsonObject toolUse{{u"type"_s, u"tool_use"_s}, {u"id"_s, u"toolu_2"_s}, {u"name"_s, u"get_weather"_s},
                              {u"input"_s, QJsonObject()}};
    m_one->enqueue({.chunks = {
        event("message_start", {{u"type"_s, u"message_start"_s},
                                {u"message"_s, QJsonObject{{u"usage"_s, QJsonObject{{u"input_tokens"_s, 30}, {u"output_tokens"_s, 1}}}}}}),
        event("content_block_start", {{u"type"_s, u"content_block_start"_s}, {u"index"_s, 0}, {u"content_block"_s, toolUse}}),
        event("content_block_delta", {{u"type"_s, u"content_block_delta"_s}, {u"index"_s, 0},
                                      {u"delta"_s, QJsonObject{{u"type"_s, u"input_json_delta"_s},
                                                               {u"partial_json"_s, u"{\"city\":\"Bergen\"}"_s}}}}),
        event("content_block_stop", {{u"type"_s, u"content_block_stop"_s}, {u"index"_s, 0}}),
        event("message_delta", {{u"type"_s, u"message_delta"_s}, {u"delta"_s, QJsonObject{{u"stop_reason"_s, u"tool_use"_s}}},
                                {u"usage"_s, QJsonObject{{u"output_tokens"_s, 12}}}}),
        event("message_stop", {{u"type"_s, u"message_stop"_s}})}});
    startGateway();
    QJsonObject body = toolTurn();
    body.remove(u"logit_bias"_s); // OpenAI's own; left out for Anthropic either way
    QNetworkReply *reply = post(QJsonDocument(body).toJson());
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    // Upstream: Anthropic's shapes.
    QCOMPARE(m_one->requests().size(), 1);
    QCOMPARE(m_one->requests().first().path, "/v1/messages"_ba);
    const QJsonObject sent = QJsonDocument::fromJson(m_one->requests().first().body).object();
    QCOMPARE(sent.value(u"system"_s).toString(), u"Be brief."_s);
    const QJsonArray messages = sent.value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    const QJsonObject use = messages.at(1).toObject().value(u"content"_s).toArray().at(0).toObject();
    QCOMPARE(use.value(u"type"_s).toString(), u"tool_use"_s);
    QCOMPARE(use.value(u"input"_s).toObject().value(u"city"_s).toString(), u"Oslo"_s);
    const QJsonObject result = messages.at(2).toObject().value(u"content"_s).toArray().at(0).toObject();
    QCOMPARE(result.value(u"type"_s).toString(), u"tool_result"_s);
    QCOMPARE(result.value(u"tool_use_id"_s).toString(), u"call_1"_s);
    QCOMPARE(sent.value(u"tools"_s).toArray().at(0).toObject().value(u"input_schema"_s),
             body.value(u"tools"_s).toArray().at(0).toObject().value(u"function"_s).toObject().value(u"parameters"_s));
    QCOMPARE(sent.value(u"tool_choice"_s).toObject().value(u"name"_s).toString(), u"get_weather"_s);
    QCOMPARE(sent.value(u"stop_sequences"_s), QJsonValue(QJsonArray{u"END"_s}));
    QVERIFY(!sent.contains(u"user"_s));
    QVERIFY(!sent.contains(u"seed"_s));

    // Client: OpenAI's shape, with OpenAI's finish reason.
    const QJsonObject answerObject = QJsonDocument::fromJson(reply->readAll()).object();
    const QJsonObject choice = answerObject.value(u"choices"_s).toArray().at(0).toObject();
    QCOMPARE(choice.value(u"finish_reason"_s).toString(), u"tool_calls"_s);
    const QJsonObject call = choice.value(u"message"_s).toObject().value(u"tool_calls"_s).toArray().at(0).toObject();
    QCOMPARE(call.value(u"id"_s).toString(), u"toolu_2"_s);
    QCOMPARE(call.value(u"function"_s).toObject().value(u"name"_s).toString(), u"get_weather"_s);
    QCOMPARE(call.value(u"function"_s).toObject().value(u"arguments"_s).toString(), u"{\"city\":\"Bergen\"}"_s);
    QCOMPARE(answerObject.value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(), 12);
}

void TestGatewayServer::geminiSignaturesSurviveToolRound()
{
    // Gemini 3 refuses a call sent back without the thoughtSignature it came
    // with; an OpenAI client keeps only the call's id, so the signature rides
    // there and goes back to Gemini with the call.
    routeOneThrough(ApiKind::Gemini);
    const QString signature = u"EtYDCtMDAXLI2nw+/Qx8Zg=="_s;
    const QJsonObject signedCall{{u"functionCall"_s, QJsonObject{{u"name"_s, u"get_weather"_s},
                                                                 {u"args"_s, QJsonObject{{u"city"_s, u"Oslo"_s}}}}},
                                 {u"thoughtSignature"_s, signature}};
    const QJsonObject calls{
        {u"candidates"_s, QJsonArray{QJsonObject{{u"content"_s, QJsonObject{{u"role"_s, u"model"_s},
                                                                            {u"parts"_s, QJsonArray{signedCall}}}},
                                                 {u"finishReason"_s, u"STOP"_s}}}},
        {u"usageMetadata"_s, QJsonObject{{u"promptTokenCount"_s, 20}, {u"candidatesTokenCount"_s, 5}}}};
    m_one->enqueue({.chunks = {"data: " + QJsonDocument(calls).toJson(QJsonDocument::Compact) + "\r\n\r\n"}});
    m_one->enqueue({.chunks = {
        R"(data: {"candidates":[{"content":{"role":"model","parts":[{"text":"3 degrees in Oslo."}]},"finishReason":"STOP"}]})" "\r\n\r\n"}});
    startGateway();

    QJsonArray messages{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"Weather in Oslo?"_s}}};
    const QJsonArray tools{QJsonObject{
        {u"type"_s, u"function"_s},
        {u"function"_s, QJsonObject{{u"name"_s, u"get_weather"_s},
                                    {u"parameters"_s, QJsonObject{{u"type"_s, u"object"_s}}}}}}};
    QNetworkReply *first = post(QJsonDocument(QJsonObject{{u"model"_s, u"one/gemini-3-pro-preview"_s},
                                                          {u"messages"_s, messages},
                                                          {u"tools"_s, tools}})
                                    .toJson());
    QVERIFY(waitFor(first));
    QCOMPARE(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject answer = QJsonDocument::fromJson(first->readAll()).object();
    const QJsonObject assistant = answer.value(u"choices"_s).toArray().at(0).toObject().value(u"message"_s).toObject();
    const QString id = assistant.value(u"tool_calls"_s).toArray().at(0).toObject().value(u"id"_s).toString();
    QVERIFY2(id.startsWith(u"call_"_s) && id.contains(u".ts."_s), qPrintable(id));

    // The client's next turn: the call as it got it, and its result.
    messages.append(assistant);
    messages.append(QJsonObject{{u"role"_s, u"tool"_s}, {u"tool_call_id"_s, id}, {u"content"_s, u"{\"temp_c\":3}"_s}});
    QNetworkReply *second = post(QJsonDocument(QJsonObject{{u"model"_s, u"one/gemini-3-pro-preview"_s},
                                                           {u"messages"_s, messages},
                                                           {u"tools"_s, tools}})
                                     .toJson());
    QVERIFY(waitFor(second));
    QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_one->requests().size(), 2);
    const QJsonArray contents =
        QJsonDocument::fromJson(m_one->requests().at(1).body).object().value(u"contents"_s).toArray();
    QCOMPARE(contents.size(), 3);
    const QJsonObject callPart = contents.at(1).toObject().value(u"parts"_s).toArray().last().toObject();
    QCOMPARE(callPart.value(u"thoughtSignature"_s).toString(), signature);
    QCOMPARE(callPart.value(u"functionCall"_s).toObject().value(u"name"_s).toString(), u"get_weather"_s);
    const QJsonObject resultPart = contents.at(2).toObject().value(u"parts"_s).toArray().at(0).toObject();
    QCOMPARE(resultPart.value(u"functionResponse"_s).toObject().value(u"name"_s).toString(), u"get_weather"_s);
}

void TestGatewayServer::finishReasons_data()
{
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<bool>("calledTools");
    QTest::addColumn<QString>("expected");
    QTest::newRow("openai stop") << u"stop"_s << false << u"stop"_s;
    QTest::newRow("openai tool_calls") << u"tool_calls"_s << true << u"tool_calls"_s;
    QTest::newRow("anthropic end_turn") << u"end_turn"_s << false << u"stop"_s;
    QTest::newRow("anthropic stop_sequence") << u"stop_sequence"_s << false << u"stop"_s;
    QTest::newRow("anthropic tool_use") << u"tool_use"_s << true << u"tool_calls"_s;
    QTest::newRow("anthropic max_tokens") << u"max_tokens"_s << false << u"length"_s;
    QTest::newRow("anthropic refusal") << u"refusal"_s << false << u"content_filter"_s;
    QTest::newRow("gemini STOP with a call") << u"STOP"_s << true << u"tool_calls"_s;
    QTest::newRow("gemini MAX_TOKENS") << u"MAX_TOKENS"_s << false << u"length"_s;
    QTest::newRow("gemini SAFETY") << u"SAFETY"_s << false << u"content_filter"_s;
    QTest::newRow("ollama stop with a call") << u"stop"_s << true << u"tool_calls"_s;
    QTest::newRow("none given") << QString() << false << u"stop"_s;
}

void TestGatewayServer::finishReasons()
{
    QFETCH(QString, upstream);
    QFETCH(bool, calledTools);
    QFETCH(QString, expected);
    QCOMPARE(Gateway::OpenAiChunkWriter::finishReason(upstream, calledTools), expected);
}

void TestGatewayServer::routesByTagAndAskedModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("tags");
    QTest::addColumn<QByteArray>("route");
    QTest::addColumn<QByteArray>("target");

    QTest::newRow("route by name") << u"solo"_s << QByteArray() << QByteArray("solo") << QByteArray("one/model-a");
    QTest::newRow("tag rule") << u"anything"_s << QByteArray("work, private") << QByteArray("solo")
                              << QByteArray("one/model-a");
    QTest::newRow("asked model rule") << u"gpt-4o"_s << QByteArray() << QByteArray("main") << QByteArray("one/model-a");
    QTest::newRow("provider/model past the rules") << u"two/model-b"_s << QByteArray("private") << QByteArray()
                                                   << QByteArray("two/model-b");
}

void TestGatewayServer::routesByTagAndAskedModel()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, tags);
    QFETCH(QByteArray, route);
    QFETCH(QByteArray, target);
    m_one->enqueue(answer());
    m_two->enqueue(answer());
    startGateway();
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!tags.isEmpty())
        headers.append({"x-switchyard-tags", tags});
    QNetworkReply *reply = post(chatBody(model, false), headers);
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-route"), route);
    QCOMPARE(reply->rawHeader("x-switchyard-target"), target);
}

void TestGatewayServer::upstreamRateLimit()
{
    m_one->enqueue(failure(429, {{"retry-after", "7"}}));
    startGateway();
    QNetworkReply *reply = post(chatBody(u"solo"_s, true));
    QVERIFY(waitFor(reply));
    // Nothing had been streamed: a real HTTP status, not a 200 with an error inside.
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(reply->rawHeader("retry-after"), "7");
    const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"type"_s).toString(), u"rate_limit_error"_s);
    QCOMPARE(error.value(u"code"_s).toString(), u"rate_limit_exceeded"_s);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Error);
}

void TestGatewayServer::fallsBackBeforeFirstToken()
{
    m_one->enqueue(failure(503));
    m_two->enqueue(answer());
    startGateway();
    QNetworkReply *reply = post(chatBody(u"main"_s, true));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-target"), "two/model-b");
    QString text;
    for (const QByteArray &line : dataLines(reply->readAll()))
        if (line != "[DONE]")
            text += QJsonDocument::fromJson(line).object().value(u"choices"_s).toArray().at(0).toObject().value(
                u"delta"_s).toObject().value(u"content"_s).toString();
    QCOMPARE(text, u"Hello"_s);
    QCOMPARE(loggedCalls().size(), 2);
}

void TestGatewayServer::cutMidStreamKeepsPartialAnswer()
{
    m_one->enqueue(answer(2));
    startGateway();
    QNetworkReply *reply = post(chatBody(u"main"_s, true));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QList<QByteArray> lines = dataLines(reply->readAll());
    QVERIFY(!lines.isEmpty());
    QVERIFY(!lines.contains("[DONE]")); // a cut answer does not pretend to be complete
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QVERIFY2(last.contains(u"error"_s), lines.last().constData());
    QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value(u"choices"_s).toArray().at(0).toObject().value(
                 u"delta"_s).toObject().value(u"content"_s).toString(),
             u"Hel"_s);
    // Never spliced: the second target was not asked to continue.
    QCOMPARE(m_two->requests().size(), 0);
}

void TestGatewayServer::cutMidAnswerFallsBackForWholeAnswers()
{
    // A client that did not ask for a stream has heard nothing when the
    // first target's answer is cut: the next target answers it, whole.
    m_one->enqueue(answer(2));
    m_two->enqueue(answer());
    startGateway();
    QNetworkReply *reply = post(chatBody(u"main"_s, false));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("x-switchyard-target"), "two/model-b");
    const QJsonObject completion = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(completion[u"choices"_s][0][u"message"_s][u"content"_s].toString(), u"Hello"_s);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).status, Usage::Status::Incomplete);
    QCOMPARE(rows.at(0).provider, u"one"_s);
    QCOMPARE(rows.at(1).status, Usage::Status::Ok);
    QCOMPARE(rows.at(1).provider, u"two"_s);
    QCOMPARE(rows.at(1).fallbackHops, 1);
}

void TestGatewayServer::clientGoneCancelsUpstream()
{
    m_one->enqueue(answer(-1, 2));
    startGateway();
    QNetworkReply *reply = post(chatBody(u"solo"_s, true));
    QTRY_VERIFY_WITH_TIMEOUT(reply->bytesAvailable() > 0, 5000); // "Hel" has arrived
    QCOMPARE(m_one->openConnections(), 1);
    QElapsedTimer clock;
    clock.start();
    reply->abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_one->openConnections(), 0, 5000);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QTRY_COMPARE(m_gateway->activeCount(), 0);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Cancelled);
}

void TestGatewayServer::badRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("message");

    QTest::newRow("not json") << QByteArray("{\"model\": ") << QString() << u"not valid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1]") << QString() << u"JSON object"_s;
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"hi"}]})") << u"model"_s
                              << u"'model' is required"_s;
    // fuzz_openaichatrequest found a seed of 1e50 converted with undefined behaviour.
    QTest::newRow("seed no integer holds") << QByteArray(R"({"model":"main","seed":8.8e49,"messages":[{"role":"user","content":"hi"}]})")
                                           << u"seed"_s << u"must be a whole number"_s;
    QTest::newRow("max_tokens past an int") << QByteArray(R"({"model":"main","max_tokens":1e12,"messages":[{"role":"user","content":"hi"}]})")
                                            << u"max_tokens"_s << u"positive whole number"_s;
    QTest::newRow("model with a newline") << QByteArray(R"({"model":"one/model-a\nx","messages":[{"role":"user","content":"hi"}]})")
                                          << u"model"_s << u"control character (U+000a)"_s;
    QTest::newRow("no messages") << QByteArray(R"({"model":"main","messages":[]})") << u"messages"_s
                                 << u"non-empty list"_s;
    QTest::newRow("unknown role") << QByteArray(R"({"model":"main","messages":[{"role":"robot","content":"hi"}]})")
                                  << u"messages[0].role"_s << u"unknown role 'robot'"_s;
    QTest::newRow("tool result without id") << QByteArray(R"({"model":"main","messages":[{"role":"tool","content":"42"}]})")
                                            << u"messages[0].tool_call_id"_s << u"needs its tool_call_id"_s;
    QTest::newRow("function role") << QByteArray(R"({"model":"main","messages":[{"role":"function","name":"f","content":"42"}]})")
                                   << u"messages[0].role"_s << u"role 'tool'"_s;
    QTest::newRow("tool call without name")
        << QByteArray(R"({"model":"main","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{}}]}]})")
        << u"messages[0].tool_calls[0]"_s << u"needs an id and a function with a name"_s;
    QTest::newRow("custom tool") << QByteArray(R"({"model":"main","tools":[{"type":"custom","custom":{"name":"x"}}],"messages":[{"role":"user","content":"hi"}]})")
                                 << u"tools[0].type"_s << u"only 'function'"_s;
    QTest::newRow("bad tool_choice") << QByteArray(R"({"model":"main","tool_choice":"sometimes","messages":[{"role":"user","content":"hi"}]})")
                                     << u"tool_choice"_s << u"must be"_s;
    QTest::newRow("bad response_format") << QByteArray(R"({"model":"main","response_format":{"type":"yaml"},"messages":[{"role":"user","content":"hi"}]})")
                                         << u"response_format"_s << u"json_schema"_s;
    QTest::newRow("bad stop") << QByteArray(R"({"model":"main","stop":5,"messages":[{"role":"user","content":"hi"}]})")
                              << u"stop"_s << u"list of strings"_s;
    QTest::newRow("bad top_p") << QByteArray(R"({"model":"main","top_p":"high","messages":[{"role":"user","content":"hi"}]})")
                               << u"top_p"_s << u"must be a number"_s;
    QTest::newRow("remote image")
        << QByteArray(R"({"model":"main","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]})")
        << u"messages[0].content[0]"_s << u"only inline images"_s;
    QTest::newRow("bad temperature") << QByteArray(R"({"model":"main","temperature":"hot","messages":[{"role":"user","content":"hi"}]})")
                                     << u"temperature"_s << u"must be a number"_s;
    QTest::newRow("bad max_tokens") << QByteArray(R"({"model":"main","max_tokens":0,"messages":[{"role":"user","content":"hi"}]})")
                                    << u"max_tokens"_s << u"positive whole number"_s;
    QTest::newRow("n = 2") << QByteArray(R"({"model":"main","n":2,"messages":[{"role":"user","content":"hi"}]})")
                           << u"n"_s << u"n = 1"_s;
    QTest::newRow("unknown parameter") << QByteArray(R"({"model":"main","temprature":1,"messages":[{"role":"user","content":"hi"}]})")
                                       << u"temprature"_s << u"unknown parameter 'temprature'"_s;
}

void TestGatewayServer::badRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    QFETCH(QString, message);
    startGateway();
    QNetworkReply *reply = post(body);
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY2(error.value(u"message"_s).toString().contains(message), qPrintable(error.value(u"message"_s).toString()));
    QCOMPARE(error.value(u"param"_s).toString(), param);
    QCOMPARE(m_one->requests().size(), 0);
}

void TestGatewayServer::bodyTooLarge()
{
    startGateway({.maxBodyBytes = 1024});
    QNetworkReply *reply = post(chatBody(QString(2000, u'x'), false));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 413);
    QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"request_too_large"_s);
}

void TestGatewayServer::concurrencyLimit()
{
    m_one->enqueue(answer(-1, 1));
    startGateway({.maxConcurrentPerClient = 1});
    QNetworkReply *first = post(chatBody(u"solo"_s, true));
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->activeCount(), 1, 5000);
    QNetworkReply *second = post(chatBody(u"solo"_s, true));
    QVERIFY(waitFor(second));
    QCOMPARE(second->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(QJsonDocument::fromJson(second->readAll()).object().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"too_many_concurrent_requests"_s);
    first->abort();
    QTRY_COMPARE(m_gateway->activeCount(), 0);
}

void TestGatewayServer::unknownProviderIsNotFound()
{
    startGateway();
    QNetworkReply *reply = post(chatBody(u"nowhere/some-model"_s, true));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    const QJsonObject error = QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"model_not_found"_s);
    QVERIFY2(error.value(u"message"_s).toString().contains(u"nowhere/some-model"_s),
             qPrintable(error.value(u"message"_s).toString()));
    QCOMPARE(m_one->requests().size() + m_two->requests().size(), 0);
}

void TestGatewayServer::upstreamSecretsAreMasked()
{
    // An upstream that repeats credentials in its error: none reaches the client.
    const QByteArray secrets = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234 and AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU "
                               "and Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    m_one->enqueue({.status = 400, .contentType = "application/json",
                    .chunks = {R"({"error":{"message":"bad request with )" + secrets + R"("}})"}});
    m_one->enqueue({.status = 400, .contentType = "application/json",
                    .chunks = {R"({"error":{"message":"bad request with )" + secrets + R"("}})"}});
    startGateway();
    for (const bool stream : {false, true}) {
        QNetworkReply *reply = post(chatBody(u"solo"_s, stream));
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        const QByteArray body = reply->readAll();
        QVERIFY2(body.contains("bad request with"), body.constData());
        for (const char *secret : {"AbCdEfGhIjKlMnOpQrStUvWx", "AIzaSyA1b2C3d4E5", "eyJhbGciOiJIUzI1NiJ9"})
            QVERIFY2(!body.contains(secret), body.constData());
        QVERIFY2(body.contains("****1234"), body.constData());
    }
}

QTEST_GUILESS_MAIN(TestGatewayServer)
#include "tst_gatewayserver.moc"
