// The same request through every caller — a Compare pane's conversation, the
// router (Try It's path), `switchyard-cli ask` and `switchyard-cli serve` over
// HTTP, as OpenAI's Chat Completions and as Anthropic's Messages — against the same scripted provider: the usage rows must be the same
// (tokens, cost, estimated flag, status, retries), whoever sent it. Then the
// rules every caller must share: a key changed or removed between two calls,
// and a spent budget.

#include "compare/conversation.h"
#include "catalog/pricecatalog.h"
#include "providers/loopbacknetworkaccess.h"
#include "providers/providerpresets.h"
#include "routing/configreader.h"
#include "routing/requestfacts.h"
#include "routing/router.h"
#include "secrets/environmentkeys.h"
#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

constexpr auto Prompt = "Say hello in three words.";

// The figures a row must have alike whoever sent the call: not the source,
// the time or the timings.
struct Row {
    QString provider, model, route, rule;
    std::optional<qint64> tokensIn, tokensOut, tokensCached, cost;
    bool estimated = false;
    QString status, errorClass;
    int httpStatus = 0, retries = 0, fallbackHops = 0;
    bool operator==(const Row &) const = default;
};

QString describe(const QList<Row> &rows)
{
    QStringList out;
    const auto n = [](const std::optional<qint64> &v) { return v ? QString::number(*v) : u"–"_s; };
    for (const Row &r : rows)
        out.append(u"%1/%2 in %3 out %4 cached %5 cost %6%7 %8 %9 http %10 retries %11"_s.arg(
            r.provider, r.model, n(r.tokensIn), n(r.tokensOut), n(r.tokensCached), r.estimated ? u"≈"_s : QString(),
            n(r.cost), r.status, r.errorClass, QString::number(r.httpStatus), QString::number(r.retries)));
    return out.join(u"; "_s);
}

QList<Row> rowsIn(const QString &dataDir)
{
    QList<Row> rows;
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dataDir));
    if (!db)
        return rows;
    (void)db->forEachCall({}, [&rows](const Usage::UsageRecord &r) {
        rows.append({r.provider, r.model, r.route, r.rule, r.tokensIn, r.tokensOut, r.tokensCached, r.costNanoUsd,
                     r.costEstimated, Usage::statusName(r.status), r.errorClass, r.httpStatus, r.retries,
                     r.fallbackHops});
        return true;
    });
    return rows;
}

QByteArray openAiAnswer(bool withUsage, const QByteArray &usageExtra = {})
{
    QByteArray body = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello there, friend\"}}]}\n\n"
                      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    if (withUsage)
        body += "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16"
                + usageExtra + "}}\n\n";
    return body + "data: [DONE]\n\n";
}

QByteArray anthropicAnswer()
{
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
           "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],\"stop_reason\":null,"
           "\"usage\":{\"input_tokens\":20,\"cache_creation_input_tokens\":2000,\"cache_read_input_tokens\":0,"
           "\"output_tokens\":1}}}\n\n"
           "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
           "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
           "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello there, friend\"}}\n\n"
           "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
           "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
           "\"usage\":{\"output_tokens\":5}}\n\n"
           "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
}

QByteArray ollamaAnswer()
{
    return "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello there, friend\"},\"done\":false}\n"
           "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
           "\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":4}\n";
}

// The providers every caller knows: presets moved to the fixture's port, so
// each keeps its wire format, key variable and prices.
Providers::ProviderConfig providerAt(const QString &id, const FixtureProvider &fixture)
{
    auto provider = *Providers::ProviderPresets::find(id);
    const QString path = provider.kind == Providers::ApiKind::Ollama ? QString() : u"/v1"_s;
    provider.baseUrl = fixture.url(path);
    return provider;
}

QString providerSpec(const QString &id, const FixtureProvider &fixture)
{
    const auto provider = providerAt(id, fixture);
    return id + u'=' + Providers::ProviderPresets::kindName(provider.kind) + u',' + provider.baseUrl.toString();
}

// Waits with the event loop running: the fixture provider answers from this thread.
bool finishes(QProcess &process, int ms = 30000)
{
    if (process.state() == QProcess::NotRunning)
        return true;
    QSignalSpy finished(&process, &QProcess::finished);
    return finished.wait(ms);
}

// `switchyard-cli serve` started with arguments: its base URL, once it listens.
QUrl startServe(QProcess &process, const QStringList &arguments, const QProcessEnvironment &environment)
{
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), QStringList{u"serve"_s, u"--port"_s, u"0"_s} + arguments);
    if (!QTest::qWaitFor([&process] { return process.canReadLine(); }, 15000))
        return {};
    return QUrl(QString::fromUtf8(process.readLine()).trimmed());
}

// The gateway's inbound APIs a client can send the same prompt through.
enum class Inbound { ChatCompletions, Messages };

// A chat completion (or an Anthropic message) through the gateway at base,
// with the test's token; finished, or null after 30 s.
QNetworkReply *postChat(QNetworkAccessManager &network, const QUrl &base, const QString &model, const QString &prompt,
                        bool stream, Inbound api = Inbound::ChatCompletions)
{
    const bool messages = api == Inbound::Messages;
    QNetworkRequest request(QUrl(base.toString() + (messages ? u"/messages"_s : u"/chat/completions"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (messages)
        request.setRawHeader("x-api-key", "sy-test-token");
    else
        request.setRawHeader("Authorization", "Bearer sy-test-token");
    QJsonObject body{{u"model"_s, model},
                     {u"stream"_s, stream},
                     {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, prompt}}}}};
    if (messages)
        body.insert(u"max_tokens"_s, 1024);
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy done(reply, &QNetworkReply::finished);
    return done.wait(30000) ? reply : nullptr;
}

QProcessEnvironment cliEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"SWITCHYARD_GATEWAY_TOKEN"_s, u"sy-test-token"_s);
    return env;
}

} // namespace

class TestOneCallPath final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameRowsFromEveryCaller_data();
    void sameRowsFromEveryCaller();
    void keyChangesApplyToTheNextCall_data();
    void keyChangesApplyToTheNextCall();
    void spentBudgetStopsEveryCaller_data();
    void spentBudgetStopsEveryCaller();
    void serveCostsWhatAskCosts();
    void effortOnlyForModelsThatReason_data();
    void effortOnlyForModelsThatReason();

private:
    // The in-process callers' services, as the app builds them.
    Routing::Router::Services services(Usage::UsageStore *store, Secrets::KeyStore *keys,
                                       const Usage::BudgetMonitor *budgets = nullptr);
    QList<Row> viaConversation(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers);
    QList<Row> viaRouter(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers);
    QList<Row> viaAsk(const QString &model, const QStringList &providerSpecs, QByteArray *output = nullptr);
    QList<Row> viaServe(const QString &model, const QStringList &providerSpecs, int *status = nullptr,
                        Inbound api = Inbound::ChatCompletions);
    bool runInProcess(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers,
                      const QString &dataDir, bool conversation);

    Catalog::PriceCatalog m_catalog{QString()};
    Providers::LoopbackNetworkAccess m_network;
    std::unique_ptr<Secrets::EnvironmentKeys> m_environmentKeys; // made once the keys are in the environment
};

void TestOneCallPath::initTestCase()
{
    QVERIFY(m_catalog.loadBundled());
    qputenv("OPENAI_API_KEY", "sk-test-openai");
    qputenv("ANTHROPIC_API_KEY", "sk-ant-test");
    qputenv("OPENROUTER_API_KEY", "sk-or-test");
    m_environmentKeys = std::make_unique<Secrets::EnvironmentKeys>();
}

Routing::Router::Services TestOneCallPath::services(Usage::UsageStore *store, Secrets::KeyStore *keys,
                                                    const Usage::BudgetMonitor *budgets)
{
    return {.network = &m_network, .keys = keys, .provider = {}, .catalog = &m_catalog, .usage = store,
            .budgets = budgets, .timeouts = {}};
}

bool TestOneCallPath::runInProcess(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers,
                                   const QString &dataDir, bool conversation)
{
    Usage::UsageStore store(Usage::UsageDatabase::fileIn(dataDir));
    auto s = services(&store, m_environmentKeys.get());
    s.provider = [providers](const QString &id) { return providers.contains(id) ? std::optional(providers.value(id)) : std::nullopt; };
    Routing::Router router(s);
    router.setBackoffScale(0.01);
    bool done = false;
    if (conversation) {
        Compare::Conversation c(&router, model);
        QSignalSpy finished(&c, &Compare::Conversation::turnFinished);
        c.send(QString::fromLatin1(Prompt));
        done = finished.wait(20000);
    } else {
        Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, QString::fromLatin1(Prompt)}}};
        Routing::RoutedCall *call = router.send(request, Routing::RequestFacts::of(request, model), Usage::Source::Router);
        QSignalSpy finished(call, &Routing::RoutedCall::finished);
        done = finished.wait(20000);
    }
    return done && store.waitForIdle();
}

QList<Row> TestOneCallPath::viaConversation(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers)
{
    QTemporaryDir dir;
    if (!runInProcess(model, providers, dir.path(), true))
        return {};
    return rowsIn(dir.path());
}

QList<Row> TestOneCallPath::viaRouter(const QString &model, const QHash<QString, Providers::ProviderConfig> &providers)
{
    QTemporaryDir dir;
    if (!runInProcess(model, providers, dir.path(), false))
        return {};
    return rowsIn(dir.path());
}

QList<Row> TestOneCallPath::viaAsk(const QString &model, const QStringList &providerSpecs, QByteArray *output)
{
    QTemporaryDir dir;
    QStringList arguments{u"ask"_s, u"--data-dir"_s, dir.path(), u"-m"_s, model, u"--json"_s};
    for (const QString &spec : providerSpecs)
        arguments << u"--provider"_s << spec;
    arguments << QString::fromLatin1(Prompt);
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(dir.path()));
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!finishes(process))
        return {};
    if (output)
        *output = process.readAllStandardOutput() + process.readAllStandardError();
    return rowsIn(dir.path());
}

QList<Row> TestOneCallPath::viaServe(const QString &model, const QStringList &providerSpecs, int *status, Inbound api)
{
    QTemporaryDir dir;
    QStringList arguments{u"--data-dir"_s, dir.path()};
    for (const QString &spec : providerSpecs)
        arguments << u"--provider"_s << spec;
    QProcess process;
    const QUrl base = startServe(process, arguments, cliEnvironment(dir.path()));
    if (base.isEmpty())
        return {};
    QNetworkAccessManager network;
    QNetworkReply *reply = postChat(network, base, model, QString::fromLatin1(Prompt), true, api);
    if (!reply)
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    ::kill(pid_t(process.processId()), SIGINT);
    if (!finishes(process, 10000))
        return {};
    return rowsIn(dir.path());
}

void TestOneCallPath::sameRowsFromEveryCaller_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QList<FixtureReply>>("replies"); // what the provider answers each caller
    QTest::addColumn<int>("rows");                    // one per attempt
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("estimated");
    QTest::addColumn<qint64>("costNanoUsd");          // -1: known, any amount

    const FixtureReply reported{.chunks = {openAiAnswer(true)}};
    QTest::newRow("usage reported") << u"openai"_s << u"gpt-4o-mini"_s << QList<FixtureReply>{reported} << 1 << u"ok"_s
                                    << false << qint64(-1);
    const FixtureReply bare{.chunks = {openAiAnswer(false)}};
    QTest::newRow("no usage") << u"openai"_s << u"gpt-4o-mini"_s << QList<FixtureReply>{bare} << 1 << u"ok"_s << true
                              << qint64(-1);
    const FixtureReply cut{.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello th\"}}]}\n\n",
                                      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ere\"}}]}\n\n"},
                           .cutAfterChunks = 2};
    QTest::newRow("cut mid-stream") << u"openai"_s << u"gpt-4o-mini"_s << QList<FixtureReply>{cut} << 1
                                    << u"incomplete"_s << true << qint64(-1);
    // The config's default retry policy tries a 429 twice, for every caller.
    const FixtureReply limited{.status = 429, .contentType = "application/json",
                               .chunks = {R"({"error":{"message":"Rate limit reached","type":"rate_limit_error"}})"}};
    QTest::newRow("429") << u"openai"_s << u"gpt-4o-mini"_s << QList<FixtureReply>{limited, limited} << 2
                         << u"error"_s << false << qint64(0);
    const FixtureReply local{.contentType = "application/x-ndjson", .chunks = {ollamaAnswer()}};
    QTest::newRow("local provider") << u"ollama"_s << u"llama3.2"_s << QList<FixtureReply>{local} << 1 << u"ok"_s
                                    << false << qint64(0);
    const FixtureReply cacheWrite{.chunks = {anthropicAnswer()}};
    // claude-sonnet-4 at $3/M input, $3.75/M 5-minute cache writes, $15/M
    // output: 20 × 3 + 2000 × 3.75 + 5 × 15 = 7635 µ$ per million = $0.007635.
    QTest::newRow("Anthropic cache write") << u"anthropic"_s << u"claude-sonnet-4-20250514"_s
                                           << QList<FixtureReply>{cacheWrite} << 1 << u"ok"_s << false
                                           << qint64(7'635'000);
    const FixtureReply openRouter{.chunks = {openAiAnswer(true, ",\"cost\":0.000123")}};
    QTest::newRow("OpenRouter-reported cost") << u"openrouter"_s << u"openai/gpt-4o-mini"_s
                                              << QList<FixtureReply>{openRouter} << 1 << u"ok"_s << false
                                              << qint64(123'000);
}

void TestOneCallPath::sameRowsFromEveryCaller()
{
    QFETCH(QString, providerId);
    QFETCH(QString, model);
    QFETCH(QList<FixtureReply>, replies);
    QFETCH(int, rows);
    QFETCH(QString, status);
    QFETCH(bool, estimated);
    QFETCH(qint64, costNanoUsd);

    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    const QString label = providerId + u'/' + model;
    const QHash<QString, Providers::ProviderConfig> providers{{providerId, providerAt(providerId, fixture)}};
    const QStringList specs{providerSpec(providerId, fixture)};
    const auto script = [&] {
        for (const FixtureReply &reply : replies)
            fixture.enqueue(reply);
    };

    script();
    const QList<Row> conversation = viaConversation(label, providers);
    QCOMPARE(conversation.size(), rows);
    QCOMPARE(conversation.first().status, status);
    QCOMPARE(conversation.first().estimated, estimated);
    QVERIFY2(conversation.first().cost, qPrintable(describe(conversation)));
    if (costNanoUsd >= 0)
        QCOMPARE(*conversation.first().cost, costNanoUsd);

    script();
    const QList<Row> router = viaRouter(label, providers);
    QVERIFY2(router == conversation, qPrintable(describe(router) + u" ≠ "_s + describe(conversation)));
    script();
    QByteArray askOutput;
    const QList<Row> ask = viaAsk(label, specs, &askOutput);
    QVERIFY2(ask == conversation, qPrintable(describe(ask) + u" ≠ "_s + describe(conversation) + u"\n"_s
                                             + QString::fromUtf8(askOutput)));
    script();
    const QList<Row> gateway = viaServe(label, specs);
    QVERIFY2(gateway == conversation, qPrintable(describe(gateway) + u" ≠ "_s + describe(conversation)));
    script();
    const QList<Row> messages = viaServe(label, specs, nullptr, Inbound::Messages);
    QVERIFY2(messages == conversation, qPrintable(describe(messages) + u" ≠ "_s + describe(conversation)));
    // Every caller sent the same request upstream.
    QCOMPARE(fixture.requests().size(), 5 * rows);
}

void TestOneCallPath::keyChangesApplyToTheNextCall_data()
{
    QTest::addColumn<bool>("conversation");
    QTest::newRow("Compare") << true;
    QTest::newRow("router") << false;
}

void TestOneCallPath::keyChangesApplyToTheNextCall()
{
    QFETCH(bool, conversation);
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    // A hosted provider (its key variable set) at a non-loopback-looking id:
    // keys are read from the store for every call.
    Providers::ProviderConfig provider = providerAt(u"openai"_s, fixture);
    provider.keyEnvironmentVariable = u"SWITCHYARD_TEST_UNSET_VARIABLE"_s;
    TestSupport::MemoryKeyStore keys;
    keys.keys.insert(u"openai"_s, u"sk-first"_s);
    QTemporaryDir dir;
    Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
    auto s = services(&store, &keys);
    s.provider = [provider](const QString &id) { return id == provider.id ? std::optional(provider) : std::nullopt; };
    Routing::Router router(s);
    Compare::Conversation pane(&router, u"openai/gpt-4o-mini"_s);

    const auto call = [&]() -> std::optional<Providers::CallError> {
        if (conversation) {
            QSignalSpy finished(&pane, &Compare::Conversation::turnFinished);
            pane.send(u"hi"_s);
            if (!finished.wait(10000))
                return Providers::CallError{.message = u"no answer"_s};
            return pane.turns().last().error;
        }
        Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, u"hi"_s}}};
        Routing::RoutedCall *c = router.send(request, Routing::RequestFacts::of(request, u"openai/gpt-4o-mini"_s),
                                             Usage::Source::Router);
        QSignalSpy finished(c, &Routing::RoutedCall::finished);
        if (!finished.wait(10000))
            return Providers::CallError{.message = u"no answer"_s};
        return c->error();
    };
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    QCOMPARE(call(), std::nullopt);
    keys.keys.insert(u"openai"_s, u"sk-rotated"_s);
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    QCOMPARE(call(), std::nullopt);
    QCOMPARE(fixture.requests().size(), 2);
    QCOMPARE(fixture.requests().at(0).headers.value("authorization"), "Bearer sk-first");
    QCOMPARE(fixture.requests().at(1).headers.value("authorization"), "Bearer sk-rotated");

    // Removed: the next call is refused before it leaves, saying why.
    keys.keys.remove(u"openai"_s);
    const auto refused = call();
    QVERIFY(refused);
    QCOMPARE(refused->kind, Providers::CallError::Kind::KeyMissing);
    QVERIFY2(refused->message.contains(u"No API key"_s), qPrintable(refused->message));
    QCOMPARE(fixture.requests().size(), 2);
}

void TestOneCallPath::spentBudgetStopsEveryCaller_data()
{
    QTest::addColumn<QString>("caller");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("reroute"); // the budget switches to the route "spare" instead of blocking
    for (const QString &caller : {u"Compare"_s, u"router"_s, u"ask"_s, u"gateway"_s}) {
        for (const bool reroute : {false, true}) {
            const char *action = reroute ? "reroutes" : "blocks";
            QTest::addRow("%s, provider/model, %s", qPrintable(caller), action) << caller << u"openai/gpt-4o-mini"_s << reroute;
            QTest::addRow("%s, route, %s", qPrintable(caller), action) << caller << u"cheap"_s << reroute;
        }
    }
}

void TestOneCallPath::spentBudgetStopsEveryCaller()
{
    QFETCH(QString, caller);
    QFETCH(QString, model);
    QFETCH(bool, reroute);
    FixtureProvider fixture; // "openai"
    FixtureProvider spare;   // "ollama", the route a rerouting budget names
    QVERIFY(fixture.listen());
    QVERIFY(spare.listen());
    QTemporaryDir dir;
    {
        // OpenAI's budget: a dollar, a dollar and a cent spent already.
        auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dir.path()));
        QVERIFY(db);
        QVERIFY(db->setBudget({.scope = u"openai"_s,
                               .limitNanoUsd = 1'000'000'000,
                               .action = reroute ? Usage::Budget::Action::Reroute : Usage::Budget::Action::Block,
                               .rerouteTo = reroute ? u"spare"_s : QString()}));
        Usage::UsageRecord spent{.timeMs = QDateTime::currentMSecsSinceEpoch(), .source = Usage::Source::Cli,
                                 .provider = u"openai"_s, .model = u"gpt-4o-mini"_s, .costNanoUsd = 1'010'000'000};
        const QList<Usage::UsageRecord> rows{spent};
        QVERIFY(db->insert(rows));
    }
    const QString configPath = dir.filePath(u"routing.yaml"_s);
    {
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("version: 1\nroutes:\n  cheap:\n    targets: [openai/gpt-4o-mini]\n"
                   "  spare:\n    targets: [ollama/llama3.2]\n");
    }
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    spare.enqueue({.contentType = "application/x-ndjson", .chunks = {ollamaAnswer()}});
    const QStringList specs{providerSpec(u"openai"_s, fixture), providerSpec(u"ollama"_s, spare)};

    QString error;     // why it was refused
    QString answeredBy; // or who answered instead
    if (caller == "ask"_L1) {
        QStringList arguments{u"ask"_s, u"--data-dir"_s, dir.path(), u"--config"_s, configPath, u"-m"_s, model, u"--json"_s};
        for (const QString &spec : specs)
            arguments << u"--provider"_s << spec;
        QProcess process;
        process.setProcessEnvironment(cliEnvironment(dir.path()));
        process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments << u"hi"_s);
        QVERIFY(finishes(process));
        QCOMPARE(process.exitCode(), reroute ? 0 : 1);
        const QJsonObject result =
            QJsonDocument::fromJson(process.readAllStandardOutput()).object()["results"_L1][0].toObject();
        error = result["error"_L1].toString();
        answeredBy = result["answered_by"_L1].toString();
    } else if (caller == "gateway"_L1) {
        QStringList arguments{u"--data-dir"_s, dir.path(), u"--config"_s, configPath};
        for (const QString &spec : specs)
            arguments << u"--provider"_s << spec;
        QProcess process;
        const QUrl base = startServe(process, arguments, cliEnvironment(dir.path()));
        QVERIFY(!base.isEmpty());
        QNetworkAccessManager network;
        QNetworkReply *reply = postChat(network, base, model, u"hi"_s, false);
        QVERIFY(reply);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        if (reroute) {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            answeredBy = QString::fromUtf8(reply->rawHeader("x-switchyard-target"));
        } else {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
            QCOMPARE(body["error"_L1]["code"_L1].toString(), u"budget_reached"_s);
            error = body["error"_L1]["message"_L1].toString();
        }
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(finishes(process, 10000));
    } else {
        Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
        Usage::BudgetMonitor budgets(&store);
        QTRY_VERIFY(budgets.isLoaded());
        auto s = services(&store, m_environmentKeys.get(), &budgets);
        const QHash<QString, Providers::ProviderConfig> providers{{u"openai"_s, providerAt(u"openai"_s, fixture)},
                                                                  {u"ollama"_s, providerAt(u"ollama"_s, spare)}};
        s.provider = [providers](const QString &id) {
            return providers.contains(id) ? std::optional(providers.value(id)) : std::nullopt;
        };
        Routing::Router router(s);
        auto read = Routing::ConfigReader::readFile(configPath);
        QVERIFY(read);
        router.setDecider(Routing::Decider(read->config));
        if (caller == "Compare"_L1) {
            Compare::Conversation pane(&router, model);
            QSignalSpy finished(&pane, &Compare::Conversation::turnFinished);
            QVERIFY(pane.send(u"hi"_s));
            QVERIFY(finished.wait(10000));
            const Compare::Turn &turn = pane.turns().last();
            if (turn.error) {
                QCOMPARE(turn.error->kind, Providers::CallError::Kind::BudgetReached);
                error = turn.error->message;
            }
            answeredBy = turn.answeredBy;
        } else {
            Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, u"hi"_s}}};
            Routing::RoutedCall *c = router.send(request, Routing::RequestFacts::of(request, model), Usage::Source::Router);
            QSignalSpy finished(c, &Routing::RoutedCall::finished);
            QVERIFY(finished.wait(10000));
            if (c->error()) {
                QCOMPARE(c->error()->kind, Providers::CallError::Kind::BudgetReached);
                error = c->error()->message;
            }
            if (const auto by = c->answeredBy())
                answeredBy = by->key();
        }
    }
    QCOMPARE(fixture.requests().size(), 0); // nothing went to the provider over budget
    if (reroute) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(answeredBy, u"ollama/llama3.2"_s);
        QCOMPARE(spare.requests().size(), 1);
    } else {
        QVERIFY2(error.contains(u"monthly budget for openai is used up"_s), qPrintable(error));
        QCOMPARE(spare.requests().size(), 0);
    }
}

void TestOneCallPath::serveCostsWhatAskCosts()
{
    // The issue's own case: a hosted provider at another address, its key in
    // OPENAI_API_KEY; the gateway logs the same exact cost as ask.
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    const QStringList specs{u"openai=openai,"_s + fixture.url(u"/v1"_s).toString()};
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    const QList<Row> ask = viaAsk(u"openai/gpt-4o-mini"_s, specs);
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    int status = 0;
    const QList<Row> gateway = viaServe(u"openai/gpt-4o-mini"_s, specs, &status);
    QCOMPARE(status, 200);
    QCOMPARE(ask.size(), 1);
    QVERIFY(ask.first().cost);
    QVERIFY(!ask.first().estimated);
    const auto info = m_catalog.find(u"openai"_s, u"gpt-4o-mini"_s);
    QCOMPARE(*ask.first().cost, (12 * *info->price.input + 4 * *info->price.output + 500) / 1000);
    QVERIFY2(gateway == ask, qPrintable(describe(gateway) + u" ≠ "_s + describe(ask)));
    QCOMPARE(fixture.requests().last().headers.value("authorization"), "Bearer sk-test-openai");
}


void TestOneCallPath::effortOnlyForModelsThatReason_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("sent");
    QTest::newRow("reasons (o3)") << u"o3"_s << true;
    QTest::newRow("does not (gpt-4o-mini)") << u"gpt-4o-mini"_s << false;
    QTest::newRow("not in the catalog") << u"my-finetune"_s << true;
}

void TestOneCallPath::effortOnlyForModelsThatReason()
{
    // An agent asks for an effort on every turn, whatever model its route
    // gives it; a model known not to reason would refuse the request for it.
    QFETCH(QString, model);
    QFETCH(bool, sent);
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {openAiAnswer(true)}});
    QTemporaryDir dir;
    Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
    auto s = services(&store, m_environmentKeys.get());
    s.provider = [provider = providerAt(u"openai"_s, fixture)](const QString &id) {
        return id == "openai"_L1 ? std::optional(provider) : std::nullopt;
    };
    Routing::Router router(s);
    Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, u"Think."_s}},
                                   .reasoningEffort = u"high"_s};
    Routing::RoutedCall *call =
        router.send(request, Routing::RequestFacts::of(request, u"openai/"_s + model), Usage::Source::Gateway);
    QSignalSpy finished(call, &Routing::RoutedCall::finished);
    QVERIFY(finished.wait(20000));
    QVERIFY(!call->error());
    QCOMPARE(fixture.requests().size(), 1);
    const QJsonObject body = QJsonDocument::fromJson(fixture.requests().first().body).object();
    QCOMPARE(body.contains(u"reasoning_effort"_s), sent);
    QVERIFY(store.waitForIdle());
}

QTEST_GUILESS_MAIN(TestOneCallPath)
#include "tst_onecallpath.moc"
