// The gateway's Anthropic front as the clients nobody in this project wrote
// see it: the official Anthropic SDK (npm @anthropic-ai/sdk) and Claude Code
// itself (npm @anthropic-ai/claude-code, its native program, in print mode,
// offline), each pointed at the gateway only the way a user would point them
// (ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY), with the router behind the
// gateway talking to an OpenAI-compatible fixture provider on 127.0.0.1 — so
// every answer crosses from one wire format to the other. The SDK: whole and
// streamed messages, a tool round, an image, token counting, the model list,
// errors it raises as its own classes, a cut stream. Claude Code: it prints
// the fixture's answer, and runs a tool the model calls, its result going
// back through the gateway.

#include "support/fixtureprovider.h"
#include "support/loggedcalls.h"
#include "support/memorykeystore.h"
#include "support/openaireplies.h"

#include "gateway/gatewayserver.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "usage/usagestore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::GatewayServer;
namespace Replies = TestSupport::OpenAiReplies;

namespace {

const QString token = u"sy-anthropic-test-token-0123456789"_s;
const QString npmDir = QStringLiteral(SWITCHYARD_NPM_DIR);
const QString sdkClient = QStringLiteral(SWITCHYARD_ANTHROPIC_SDK_CLIENT);
const QString claude = npmDir + u"/node_modules/@anthropic-ai/claude-code-linux-x64/claude"_s;

// One attempt per call: each test scripts exactly what the upstream answers.
// Any model name Claude Code comes up with itself goes to the default route,
// as in a user's config for it.
const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  main:\n"
                          "    targets: [fixture/model-a]\n"
                          "default: main\n";

// What a user's tool has: the gateway's address and token, and nothing that
// would send loopback traffic elsewhere (no proxy variables).
QProcessEnvironment clientEnvironment(const QString &origin, const QString &home)
{
    QProcessEnvironment environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"PATH"_s, u"LANG"_s, u"TZ"_s}) {
        if (system.contains(name))
            environment.insert(name, system.value(name));
    }
    environment.insert(u"HOME"_s, home);
    environment.insert(u"ANTHROPIC_BASE_URL"_s, origin);
    environment.insert(u"ANTHROPIC_API_KEY"_s, token);
    return environment;
}

} // namespace

class TestAnthropicClients final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sdkCreate();
    void sdkStream();
    void sdkToolRound();
    void sdkImage();
    void sdkCountTokens();
    void sdkModels();
    void sdkWrongKey();
    void sdkRateLimited();
    void sdkCutMidStream();
    void claudeCodePrintsTheAnswer();
    void claudeCodeToolRound();

private:
    [[nodiscard]] QString origin() const;
    QJsonObject runSdk(const QString &scenario);
    /// Claude Code in print mode in its own HOME and working folder; its JSON
    /// result, or empty on failure.
    QJsonObject runClaude(const QStringList &arguments, const QString &workDir);
    [[nodiscard]] QJsonObject upstreamBody(qsizetype index) const
    {
        return QJsonDocument::fromJson(m_upstream->requests().value(index).body).object();
    }
    QList<Usage::UsageRecord> loggedCalls() { return TestSupport::loggedCalls(*m_usage); }

    QTemporaryDir m_dir;
    TestSupport::MemoryKeyStore m_keys;
    std::unique_ptr<FixtureProvider> m_upstream;
    std::unique_ptr<Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<GatewayServer> m_gateway;
};

void TestAnthropicClients::initTestCase()
{
    QVERIFY2(QFileInfo::exists(QStringLiteral(SWITCHYARD_NODE)),
             "node was not found when the build was configured (Debian: nodejs)");
    QVERIFY2(QFileInfo::exists(npmDir + u"/node_modules/@anthropic-ai/sdk/package.json"_s),
             "@anthropic-ai/sdk is not installed: the conformance_npm_ci setup test installs it");
    QVERIFY2(QFileInfo(claude).isExecutable(),
             "Claude Code's program is not installed: the conformance_npm_ci setup test installs it");
}

void TestAnthropicClients::init()
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

    Gateway::GatewayOptions options;
    options.token = token;
    m_gateway = std::make_unique<GatewayServer>(
        GatewayServer::Services{.router = m_router.get(), .models = [] { return QStringList{u"fixture/model-a"_s}; }},
        options);
    const auto port = m_gateway->listen();
    QVERIFY2(port, port ? "" : qPrintable(port.error()));
}

void TestAnthropicClients::cleanup()
{
    m_gateway.reset();
    m_router.reset();
    m_usage.reset();
    m_network.reset();
    m_upstream.reset();
}

QString TestAnthropicClients::origin() const
{
    // Anthropic's clients add /v1 themselves.
    return u"http://127.0.0.1:%1"_s.arg(m_gateway->port());
}

QJsonObject TestAnthropicClients::runSdk(const QString &scenario)
{
    QProcess node;
    node.setProcessEnvironment(clientEnvironment(origin(), m_dir.path()));
    node.start(QStringLiteral(SWITCHYARD_NODE), {sdkClient, npmDir, scenario});
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

QJsonObject TestAnthropicClients::runClaude(const QStringList &arguments, const QString &workDir)
{
    QTemporaryDir home;
    QProcess process;
    QProcessEnvironment environment = clientEnvironment(origin(), home.path());
    // Offline: no update checks, telemetry or error reports; the models it
    // names for the main loop and for its small side tasks both go to the
    // rule above.
    environment.insert(u"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"_s, u"1"_s);
    environment.insert(u"DISABLE_AUTOUPDATER"_s, u"1"_s);
    environment.insert(u"ANTHROPIC_MODEL"_s, u"main"_s);
    environment.insert(u"ANTHROPIC_DEFAULT_HAIKU_MODEL"_s, u"main"_s);
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(workDir);
    process.start(claude, QStringList{u"-p"_s, u"--output-format"_s, u"json"_s} + arguments);
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(120000)) {
        process.kill();
        process.waitForFinished();
        qWarning("Claude Code did not finish: %s", process.readAllStandardError().constData());
        return {};
    }
    const QByteArray out = process.readAllStandardOutput().trimmed();
    const QJsonObject result = QJsonDocument::fromJson(out.split('\n').last()).object();
    if (result.isEmpty() || process.exitCode() != 0)
        qWarning("Claude Code exited with %d: %s\nstderr: %s", process.exitCode(), out.constData(),
                 process.readAllStandardError().constData());
    return result;
}

void TestAnthropicClients::sdkCreate()
{
    m_upstream->enqueue(Replies::text({u"Hel"_s, u"lo"_s}, 12, 3));
    const QJsonObject result = runSdk(u"create"_s);
    QCOMPARE(result.value(u"type"_s).toString(), u"message"_s);
    QCOMPARE(result.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(result.value(u"model"_s).toString(), u"main"_s);
    QCOMPARE(result.value(u"text"_s).toString(), u"Hello"_s);
    QCOMPARE(result.value(u"stopReason"_s).toString(), u"end_turn"_s);
    QCOMPARE(result.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInt(), 12);
    QCOMPARE(result.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInt(), 3);
    const QJsonObject sent = upstreamBody(0);
    QCOMPARE(sent.value(u"model"_s).toString(), u"model-a"_s);
    QCOMPARE(sent.value(u"messages"_s).toArray().first().toObject().value(u"content"_s).toString(), u"Be brief."_s);
    QCOMPARE(sent.value(u"max_tokens"_s).toInt(), 100);
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Ok);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
}

void TestAnthropicClients::sdkStream()
{
    m_upstream->enqueue(Replies::text({u"One, "_s, u"two, "_s, u"three."_s}, 20, 6));
    const QJsonObject result = runSdk(u"stream"_s);
    QCOMPARE(result.value(u"pieces"_s).toArray(), (QJsonArray{u"One, "_s, u"two, "_s, u"three."_s}));
    QCOMPARE(result.value(u"text"_s).toString(), u"One, two, three."_s);
    QCOMPARE(result.value(u"stopReason"_s).toString(), u"end_turn"_s);
    QCOMPARE(result.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInt(), 20);
    QCOMPARE(result.value(u"usage"_s).toObject().value(u"output_tokens"_s).toInt(), 6);
}

void TestAnthropicClients::sdkToolRound()
{
    m_upstream->enqueue(Replies::toolCall(u"call_7"_s, u"get_weather"_s, {u"{\"ci"_s, u"ty\": \"Os"_s, u"lo\"}"_s}));
    m_upstream->enqueue(Replies::text({u"It is 21 degrees in Oslo."_s}));
    const QJsonObject result = runSdk(u"toolRound"_s);
    const QJsonObject first = result.value(u"first"_s).toObject();
    QCOMPARE(first.value(u"stopReason"_s).toString(), u"tool_use"_s);
    const QJsonArray uses = first.value(u"toolUses"_s).toArray();
    QCOMPARE(uses.size(), 1);
    QCOMPARE(uses.first()[u"id"_s].toString(), u"call_7"_s);
    QCOMPARE(uses.first()[u"name"_s].toString(), u"get_weather"_s);
    QCOMPARE(uses.first()[u"input"_s].toObject(), (QJsonObject{{u"city"_s, u"Oslo"_s}}));
    QCOMPARE(result.value(u"second"_s).toObject().value(u"text"_s).toString(), u"It is 21 degrees in Oslo."_s);
    // The second request carried the call and its result upstream in the
    // upstream's own format, the id kept.
    const QJsonArray sent = upstreamBody(1).value(u"messages"_s).toArray();
    QCOMPARE(sent.size(), 3);
    QCOMPARE(sent.at(1)[u"tool_calls"_s][0][u"id"_s].toString(), u"call_7"_s);
    QCOMPARE(sent.at(2)[u"role"_s].toString(), u"tool"_s);
    QCOMPARE(sent.at(2)[u"tool_call_id"_s].toString(), u"call_7"_s);
    QVERIFY(sent.at(2)[u"content"_s].toString().contains(u"21"_s));
}

void TestAnthropicClients::sdkImage()
{
    m_upstream->enqueue(Replies::text({u"A pixel."_s}));
    const QJsonObject result = runSdk(u"image"_s);
    QCOMPARE(result.value(u"text"_s).toString(), u"A pixel."_s);
    const QJsonArray parts = upstreamBody(0).value(u"messages"_s).toArray().last()[u"content"_s].toArray();
    QVERIFY(std::any_of(parts.begin(), parts.end(), [](const QJsonValue &part) {
        return part[u"image_url"_s][u"url"_s].toString().startsWith(u"data:image/png;base64,iVBOR"_s);
    }));
}

void TestAnthropicClients::sdkCountTokens()
{
    const QJsonObject result = runSdk(u"countTokens"_s);
    QVERIFY2(result.value(u"input_tokens"_s).toInt() > 0, QJsonDocument(result).toJson().constData());
    QVERIFY(m_upstream->requests().isEmpty());
}

void TestAnthropicClients::sdkModels()
{
    const QJsonObject result = runSdk(u"models"_s);
    QCOMPARE(result.value(u"ids"_s).toArray(), (QJsonArray{u"main"_s, u"fixture/model-a"_s}));
}

void TestAnthropicClients::sdkWrongKey()
{
    const QJsonObject error = runSdk(u"wrongKey"_s).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"class"_s).toString(), u"AuthenticationError"_s);
    QCOMPARE(error.value(u"status"_s).toInt(), 401);
    QCOMPARE(error.value(u"type"_s).toString(), u"authentication_error"_s);
    QVERIFY(m_upstream->requests().isEmpty());
}

void TestAnthropicClients::sdkRateLimited()
{
    m_upstream->enqueue(Replies::failure(429, {{"retry-after", "7"}}));
    const QJsonObject error = runSdk(u"rateLimited"_s).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"class"_s).toString(), u"RateLimitError"_s);
    QCOMPARE(error.value(u"status"_s).toInt(), 429);
    QCOMPARE(error.value(u"type"_s).toString(), u"rate_limit_error"_s);
    QCOMPARE(error.value(u"retryAfter"_s).toString(), u"7"_s);
}

void TestAnthropicClients::sdkCutMidStream()
{
    FixtureReply cut = Replies::text({u"The first half"_s, u" and the rest"_s});
    cut.cutAfterChunks = 2; // the role chunk and the first piece
    m_upstream->enqueue(cut);
    const QJsonObject result = runSdk(u"cutMidStream"_s);
    QCOMPARE(result.value(u"pieces"_s).toArray(), QJsonArray{u"The first half"_s});
    const QJsonObject error = result.value(u"error"_s).toObject();
    QVERIFY2(!error.isEmpty(), QJsonDocument(result).toJson().constData());
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    const auto rows = loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().status, Usage::Status::Incomplete);
}

void TestAnthropicClients::claudeCodePrintsTheAnswer()
{
    m_upstream->enqueue(Replies::text({u"The fixture "_s, u"says 42."_s}, 900, 5));
    QTemporaryDir work;
    const QJsonObject result = runClaude({u"What does the fixture say?"_s}, work.path());
    QCOMPARE(result.value(u"is_error"_s).toBool(true), false);
    QCOMPARE(result.value(u"result"_s).toString(), u"The fixture says 42."_s);
    QVERIFY(!m_upstream->requests().isEmpty());
    // Claude Code's request, in the upstream's format: its system prompt, its
    // tools and the user's words.
    const QJsonObject sent = upstreamBody(m_upstream->requests().size() - 1);
    QCOMPARE(sent.value(u"messages"_s).toArray().first()[u"role"_s].toString(), u"system"_s);
    QVERIFY(!sent.value(u"tools"_s).toArray().isEmpty());
    QVERIFY(QJsonDocument(sent).toJson().contains("What does the fixture say?"));
    const auto rows = loggedCalls();
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows.last().status, Usage::Status::Ok);
    QCOMPARE(rows.last().tokensIn, 900);
}

void TestAnthropicClients::claudeCodeToolRound()
{
    QTemporaryDir work;
    QFile note(work.filePath(u"note.txt"_s));
    QVERIFY(note.open(QIODevice::WriteOnly));
    note.write("The secret word is PELICAN.\n");
    note.close();
    // The model reads the file with Claude Code's Read tool, then answers.
    const QString arguments = QString::fromUtf8(QJsonDocument(QJsonObject{{u"file_path"_s, note.fileName()}}).toJson(QJsonDocument::Compact));
    m_upstream->enqueue(Replies::toolCall(u"call_read_1"_s, u"Read"_s, {arguments.first(10), arguments.mid(10)}));
    m_upstream->enqueue(Replies::text({u"The word is PELICAN."_s}));
    const QJsonObject result =
        runClaude({u"What is the secret word in note.txt?"_s, u"--allowedTools"_s, u"Read"_s}, work.path());
    QCOMPARE(result.value(u"is_error"_s).toBool(true), false);
    QCOMPARE(result.value(u"result"_s).toString(), u"The word is PELICAN."_s);
    // The tool ran on Claude Code's side, and its result came back through
    // the gateway as the upstream's tool message for the same call.
    QVERIFY(m_upstream->requests().size() >= 2);
    const QJsonArray sent = upstreamBody(m_upstream->requests().size() - 1).value(u"messages"_s).toArray();
    const auto result_ = std::find_if(sent.begin(), sent.end(), [](const QJsonValue &m) {
        return m[u"role"_s].toString() == "tool"_L1 && m[u"tool_call_id"_s].toString() == "call_read_1"_L1;
    });
    QVERIFY2(result_ != sent.end(), QJsonDocument(sent).toJson().constData());
    QVERIFY((*result_)[u"content"_s].toString().contains(u"PELICAN"_s));
}

QTEST_GUILESS_MAIN(TestAnthropicClients)
#include "tst_anthropicclients.moc"
