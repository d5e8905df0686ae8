// The router executing routes for real: fixture providers on 127.0.0.1 that
// fail in scripted ways, retries with backoff and retry-after, fallback only
// before the first token, cooldowns, cancellation, keys from a key store,
// parameter overrides, and one usage row per attempt in a real SQLite file.

#include "support/fixtureprovider.h"
#include "support/openaireplies.h"
#include "providers/loopbacknetworkaccess.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"

#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Routing;
using Providers::ApiKind;
using Providers::ChatEvent;
using Providers::ChatRequest;
using Providers::CallError;
using TestSupport::MemoryKeyStore;

class TestRouter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void answersFromFirstTarget();
    void retries_data();
    void retries();
    void retryAfterIsHonoured();
    void retryAfterTooLongMovesOn();
    void neverSplicesTwoAnswers();
    void everyTargetFails();
    void cooldownSkipsRestingTarget();
    void cancelDuringBackoff();
    void unknownProviderIsSkipped();
    void keyComesFromKeyStore();
    void paramsOverrideTheCallers();
    void askedForModelDirectly();

private:
    std::unique_ptr<Router> makeRouter(const QByteArray &configYaml);
    RoutedCall *send(Router &router, const QString &model = u"auto"_s);
    static bool waitFor(RoutedCall *call);
    QList<Usage::UsageRecord> loggedCalls() { return TestSupport::loggedCalls(*m_usage); }

    QTemporaryDir m_dir;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<FixtureProvider> m_two;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    MemoryKeyStore m_keys;
    QList<QList<ChatEvent>> m_events;
};

namespace {

// "Hello" in two pieces, 12 tokens in and 3 out, as an OpenAI-compatible
// server streams it; cut or stalled after the given number of chunks.
FixtureReply answer(int cutAfter = -1, int stallAfter = -1)
{
    FixtureReply reply = TestSupport::OpenAiReplies::text({u"Hel"_s, u"lo"_s}, 12, 3);
    reply.cutAfterChunks = cutAfter;
    reply.stallAfterChunks = stallAfter;
    return reply;
}

using TestSupport::OpenAiReplies::failure;

const QByteArray twoTargets = "version: 1\n"
                              "defaults:\n"
                              "  retry:\n"
                              "    attempts: 3\n"
                              "    backoff: {initial_ms: 1000, jitter: 0}\n"
                              "    cooldown: {failures: 0}\n"
                              "routes:\n"
                              "  main:\n"
                              "    targets: [one/model-a, two/model-b]\n"
                              "rules:\n"
                              "  - {name: everything, route: main}\n";

QStringList hopSummary(const RoutedCall &call)
{
    QStringList out;
    for (const Hop &hop : call.hops()) {
        static const char *names[] = {"answered", "failed", "cancelled", "skipped"};
        out.append(u"%1#%2:%3"_s.arg(hop.key()).arg(hop.attempt).arg(QLatin1StringView(names[int(hop.outcome)])));
    }
    return out;
}

} // namespace

void TestRouter::init()
{
    QVERIFY(m_dir.isValid());
    m_one = std::make_unique<FixtureProvider>();
    m_two = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    QVERIFY(m_two->listen());
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    QFile::remove(m_dir.filePath(u"usage.sqlite3"_s));
    m_usage = std::make_unique<Usage::UsageStore>(m_dir.filePath(u"usage.sqlite3"_s));
    m_keys.keys.clear();
    m_events.clear();
}

void TestRouter::cleanup()
{
    m_usage.reset();
    m_network.reset();
    m_one.reset();
    m_two.reset();
}

std::unique_ptr<Router> TestRouter::makeRouter(const QByteArray &configYaml)
{
    const auto config = ConfigReader::read(configYaml);
    if (!config)
        qFatal("%s", qPrintable(config.error().first().toString()));
    Router::Services services;
    services.network = m_network.get();
    services.keys = &m_keys;
    services.usage = m_usage.get();
    services.provider = [this](const QString &id) -> std::optional<Providers::ProviderConfig> {
        FixtureProvider *fixture = id == "one"_L1 ? m_one.get() : id == "two"_L1 ? m_two.get() : nullptr;
        if (!fixture)
            return std::nullopt;
        Providers::ProviderConfig p = fixture->providerConfig(ApiKind::OpenAi);
        p.id = id;
        p.displayName = u"Provider "_s + id;
        p.keyEnvironmentVariable = id == "two"_L1 ? u"TWO_API_KEY"_s : QString();
        return p;
    };
    m_keys.keys.insert(u"two"_s, u"sk-two-secret"_s);
    auto router = std::make_unique<Router>(services);
    router->setDecider(Decider(config->config));
    router->setRandom([] { return 0.5; });
    router->setBackoffScale(0.01);
    return router;
}

RoutedCall *TestRouter::send(Router &router, const QString &model)
{
    ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, u"hello"_s}}};
    RoutedCall *call = router.send(request, RequestFacts::of(request, model), Usage::Source::Router, u"proj"_s);
    connect(call, &RoutedCall::eventsReceived, this, [this](const QList<ChatEvent> &events) { m_events.append(events); });
    return call;
}

bool TestRouter::waitFor(RoutedCall *call)
{
    QSignalSpy finished(call, &RoutedCall::finished);
    return call->isFinished() || finished.wait(15000);
}


void TestRouter::answersFromFirstTarget()
{
    m_one->enqueue(answer());
    auto router = makeRouter(twoTargets);
    RoutedCall *call = send(*router);
    QVERIFY(!call->isFinished()); // never from inside send()
    QVERIFY(waitFor(call));
    QVERIFY(!call->error());
    QCOMPARE(call->text(), u"Hello"_s);
    QCOMPARE(call->answeredBy()->key(), u"one/model-a"_s);
    QCOMPARE(hopSummary(*call), QStringList{u"one/model-a#1:answered"_s});
    QCOMPARE(m_two->requests().size(), 0);
    QCOMPARE(QJsonDocument::fromJson(m_one->requests().first().body)[u"model"_s].toString(), u"model-a"_s);
    QCOMPARE(router->decider().describeChoice(call->decision()), u"rule 'everything' → route main"_s);

    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().route, u"main"_s);
    QCOMPARE(rows.first().rule, u"everything"_s);
    QCOMPARE(rows.first().source, Usage::Source::Router);
    QCOMPARE(rows.first().project, u"proj"_s);
    QCOMPARE(rows.first().tokensIn, std::optional<qint64>(12));
    QCOMPARE(rows.first().retries, 0);
    QCOMPARE(rows.first().fallbackHops, 0);
}

void TestRouter::retries_data()
{
    QTest::addColumn<QList<FixtureReply>>("first");
    QTest::addColumn<QStringList>("hops");
    QTest::addColumn<int>("requestsToOne");
    QTest::addColumn<int>("requestsToTwo");

    QTest::newRow("503 then ok") << QList<FixtureReply>{failure(503), answer()}
                                 << QStringList{u"one/model-a#1:failed"_s, u"one/model-a#2:answered"_s} << 2 << 0;
    QTest::newRow("three 500s: fall back") << QList<FixtureReply>{failure(500), failure(502), failure(500)}
                                           << QStringList{u"one/model-a#1:failed"_s, u"one/model-a#2:failed"_s,
                                                          u"one/model-a#3:failed"_s, u"two/model-b#1:answered"_s}
                                           << 3 << 1;
    // Not a retryable status: straight to the next target.
    QTest::newRow("400 falls back at once") << QList<FixtureReply>{failure(400)}
                                            << QStringList{u"one/model-a#1:failed"_s, u"two/model-b#1:answered"_s} << 1
                                            << 1;
    QTest::newRow("401 falls back at once") << QList<FixtureReply>{failure(401)}
                                            << QStringList{u"one/model-a#1:failed"_s, u"two/model-b#1:answered"_s} << 1
                                            << 1;
    QTest::newRow("cut before first token retries")
        << QList<FixtureReply>{answer(1), answer()}
        << QStringList{u"one/model-a#1:failed"_s, u"two/model-b#1:answered"_s} << 1 << 1;
}

void TestRouter::retries()
{
    QFETCH(QList<FixtureReply>, first);
    QFETCH(QStringList, hops);
    QFETCH(int, requestsToOne);
    QFETCH(int, requestsToTwo);
    for (const FixtureReply &reply : first)
        m_one->enqueue(reply);
    m_two->enqueue(answer());
    auto router = makeRouter(twoTargets);
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QCOMPARE(hopSummary(*call), hops);
    QVERIFY2(!call->error(), call->error() ? qPrintable(call->error()->message) : "");
    QCOMPARE(call->text(), u"Hello"_s);
    QCOMPARE(m_one->requests().size(), requestsToOne);
    QCOMPARE(m_two->requests().size(), requestsToTwo);
    // The caller saw one answer and no error from the failed attempts.
    for (const auto &batch : std::as_const(m_events))
        for (const ChatEvent &e : batch)
            QVERIFY(e.type != ChatEvent::Type::Error);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), hops.size());
    QCOMPARE(rows.last().status, Usage::Status::Ok);
    QCOMPARE(rows.last().fallbackHops, requestsToTwo);
    QCOMPARE(rows.first().status, Usage::Status::Error);
}

void TestRouter::retryAfterIsHonoured()
{
    m_one->enqueue(failure(429, {{"retry-after", "3"}}));
    m_one->enqueue(answer());
    auto router = makeRouter(twoTargets);
    router->setBackoffScale(0.1); // 3 s of retry-after become 300 ms
    QElapsedTimer clock;
    clock.start();
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QVERIFY(!call->error());
    QCOMPARE(call->hops().size(), 2);
    QCOMPARE(call->hops().at(1).waitedMs, 300); // not the 1 s initial backoff (×0.1 = 100 ms)
    QVERIFY(clock.elapsed() >= 290);
    QCOMPARE(call->hops().at(0).error->kind, CallError::Kind::RateLimited);
}

void TestRouter::retryAfterTooLongMovesOn()
{
    m_one->enqueue(failure(429, {{"retry-after", "120"}}));
    m_two->enqueue(answer());
    auto router = makeRouter(twoTargets);
    QElapsedTimer clock;
    clock.start();
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QCOMPARE(hopSummary(*call), (QStringList{u"one/model-a#1:failed"_s, u"two/model-b#1:answered"_s}));
    QVERIFY(clock.elapsed() < 5000);
}

void TestRouter::neverSplicesTwoAnswers()
{
    // Two content chunks arrive, then the connection drops: the caller has
    // "Hel" already, so no other model may continue.
    m_one->enqueue(answer(2));
    m_two->enqueue(answer());
    auto router = makeRouter(twoTargets);
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, CallError::Kind::StreamCut);
    QVERIFY(call->isIncomplete());
    QCOMPARE(call->text(), u"Hel"_s);
    QCOMPARE(call->answeredBy()->key(), u"one/model-a"_s);
    QCOMPARE(m_two->requests().size(), 0);
    QCOMPARE(hopSummary(*call), QStringList{u"one/model-a#1:answered"_s});
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Incomplete);
}

void TestRouter::everyTargetFails()
{
    m_one->enqueue(failure(400));
    m_two->enqueue(failure(404));
    auto router = makeRouter(twoTargets);
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QVERIFY(call->error());
    QCOMPARE(call->error()->httpStatus, 404); // the last error
    QVERIFY(!call->answeredBy());
    int errors = 0;
    for (const auto &batch : std::as_const(m_events))
        for (const ChatEvent &e : batch) {
            QCOMPARE(e.type, ChatEvent::Type::Error);
            ++errors;
        }
    QCOMPARE(errors, 1);
}

void TestRouter::cooldownSkipsRestingTarget()
{
    QByteArray yaml = twoTargets;
    yaml.replace("cooldown: {failures: 0}", "cooldown: {failures: 1, seconds: 60}");
    m_one->enqueue(failure(500));
    m_two->enqueue(answer());
    auto router = makeRouter(yaml);
    RoutedCall *first = send(*router);
    QVERIFY(waitFor(first));
    // One failure put model-a to rest: no retry, straight to model-b.
    QCOMPARE(hopSummary(*first), (QStringList{u"one/model-a#1:failed"_s, u"two/model-b#1:answered"_s}));
    RoutedCall *second = send(*router);
    QVERIFY(waitFor(second));
    QCOMPARE(hopSummary(*second), (QStringList{u"one/model-a#1:skipped"_s, u"two/model-b#1:answered"_s}));
    QVERIFY(second->hops().first().reason.contains(u"resting"_s));
    QCOMPARE(m_one->requests().size(), 1);
}

void TestRouter::cancelDuringBackoff()
{
    m_one->enqueue(failure(503));
    auto router = makeRouter(twoTargets);
    router->setBackoffScale(10); // a 10 s wait
    RoutedCall *call = send(*router);
    QTRY_COMPARE(call->hops().size(), 1);
    QTRY_COMPARE(call->hops().first().outcome, Hop::Outcome::Failed);
    QElapsedTimer clock;
    clock.start();
    call->cancel();
    QVERIFY(waitFor(call));
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(call->error()->kind, CallError::Kind::Cancelled);
    QCOMPARE(m_one->requests().size(), 1);
}

void TestRouter::unknownProviderIsSkipped()
{
    m_two->enqueue(answer());
    auto router = makeRouter("version: 1\nroutes:\n  r:\n    targets: [nowhere/x, two/model-b]\n");
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QCOMPARE(hopSummary(*call), (QStringList{u"nowhere/x#1:skipped"_s, u"two/model-b#1:answered"_s}));
    QCOMPARE(call->hops().first().reason, u"nowhere/x: No provider “nowhere” is set up (or it is disabled)."_s);
    QCOMPARE(router->decider().describeChoice(call->decision()), u"no rule matched → default route r"_s);
}

void TestRouter::keyComesFromKeyStore()
{
    m_two->enqueue(answer());
    m_two->enqueue(answer());
    auto router = makeRouter("version: 1\nroutes:\n  r:\n    targets: [two/model-b]\n");
    RoutedCall *call = send(*router);
    QVERIFY(waitFor(call));
    QVERIFY(!call->error());
    QCOMPARE(m_two->requests().first().headers.value("authorization"), QByteArray("Bearer sk-two-secret"));
    // Read for every call: a key rotated since is the one sent, and a key
    // removed since stops the next call before it leaves.
    m_keys.keys.insert(u"two"_s, u"sk-two-rotated"_s);
    RoutedCall *again = send(*router);
    QVERIFY(waitFor(again));
    QVERIFY(!again->error());
    QCOMPARE(m_two->requests().at(1).headers.value("authorization"), QByteArray("Bearer sk-two-rotated"));
    m_keys.keys.clear();
    RoutedCall *removed = send(*router);
    QVERIFY(waitFor(removed));
    QCOMPARE(removed->error()->kind, CallError::Kind::KeyMissing);
    QCOMPARE(hopSummary(*removed), QStringList{u"two/model-b#1:skipped"_s});
    QCOMPARE(m_two->requests().size(), 2);
}

void TestRouter::paramsOverrideTheCallers()
{
    m_one->enqueue(answer());
    auto router = makeRouter("version: 1\nroutes:\n  r:\n    targets:\n"
                             "      - {model: one/model-a, params: {temperature: 0.1, max_tokens: 77, top_k: 5}}\n");
    ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, u"hi"_s}}, .temperature = 0.9};
    RoutedCall *call = router->send(request, RequestFacts::of(request, u"r"_s), Usage::Source::Router);
    QVERIFY(waitFor(call));
    const QJsonObject body = QJsonDocument::fromJson(m_one->requests().first().body).object();
    QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.1);
    QCOMPARE(body.value(u"top_k"_s).toInt(), 5);
    QVERIFY(body.contains(u"max_tokens"_s) || body.contains(u"max_completion_tokens"_s));
}

void TestRouter::askedForModelDirectly()
{
    m_two->enqueue(answer());
    auto router = makeRouter(twoTargets);
    RoutedCall *call = send(*router, u"two/model-z"_s);
    QVERIFY(waitFor(call));
    QVERIFY(!call->error());
    QCOMPARE(call->answeredBy()->key(), u"two/model-z"_s);
    QCOMPARE(m_one->requests().size(), 0);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().route, QString());
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
