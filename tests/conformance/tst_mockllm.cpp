// ChatCall against mock-llm (@dwmkerr/mock-llm, pinned in package-lock.json):
// an OpenAI-compatible mock server that nobody in this project wrote. Our own
// fixture server speaks the wire format as we read it; this one speaks it as
// someone else does, so the two together catch a misreading that the fixture
// would share. mock-llm.yaml scripts its replies; docs/providers.md lists where
// it differs from the fixture and the real providers.

#include "providers/chatcall.h"
#include "providers/modellistcall.h"
#include "providers/provideradapter.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

Q_DECLARE_METATYPE(CallError::Kind)

namespace {

constexpr int StartTimeoutMs = 30'000;
constexpr int CallTimeoutMs = 20'000;
const QString Key = u"sk-conformance-1234"_s;
// mock-llm.yaml streams three UTF-16 code units per chunk.
constexpr int ChunkSize = 3;

/// One mock-llm on 127.0.0.1 and a free port, for as long as the object lives.
/// node runs main.js itself, not through npx or a shell, so that the death
/// signal set in the child reaches the server and not a wrapper.
class MockLlm final
{
    Q_DISABLE_COPY_MOVE(MockLlm)

public:
    MockLlm() = default;
    ~MockLlm() { kill(); }

    /// False on failure, with errorString() saying why.
    [[nodiscard]] bool start(QNetworkAccessManager &network);
    /// SIGKILL, as a crash would: mock-llm keeps no state worth a clean exit.
    void kill();
    [[nodiscard]] QUrl url(const QString &path = {}) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
    }
    [[nodiscard]] const QString &errorString() const{ return m_error; }
    /// Merges a change into the running server's config (its PATCH /config).
    [[nodiscard]] bool patchConfig(QNetworkAccessManager &network, const QByteArray &json);

private:
    enum class Attempt{ Ready, PortTaken, Failed };
    [[nodiscard]] Attempt startOnce(QNetworkAccessManager &network);
    [[nodiscard]] QString log() const;
    [[nodiscard]] Attempt fail(const QString &message);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

// Waits for a reply and says whether it finished in time; aborts it if not.
bool waitFor(QNetworkReply *reply, int ms)
{
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(ms)) {
            reply->abort();
            return false;
        }
    }
    return true;
}

bool MockLlm::start(QNetworkAccessManager &network)
{
    if (QStringLiteral(SWITCHYARD_NODE).endsWith(u"-NOTFOUND"_s)) {
        m_error = u"node was not found when the build was configured: install Node.js (Debian: nodejs, as "
                  "packaging/build-deps.txt lists) and reconfigure"_s;
        return false;
    }
    if (!QFileInfo::exists(QStringLiteral(SWITCHYARD_MOCKLLM_MAIN))) {
        m_error = u"mock-llm is not installed at %1; ctest's conformance_npm_ci test installs it "
                  "(run the suite through ctest, or that test first)"_s.arg(
                      QStringLiteral(SWITCHYARD_MOCKLLM_MAIN));
        return false;
    }
    // The port is picked here and handed over, so another process can take it
    // in between; mock-llm then exits with EADDRINUSE and a new port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        switch (startOnce(network)) {
        case Attempt::Ready:
            return true;
        case Attempt::Failed:
            return false;
        case Attempt::PortTaken:
            break;
        }
    }
    return false;
}

MockLlm::Attempt MockLlm::startOnce(QNetworkAccessManager &network)
{
    kill();
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return fail(u"cannot find a free port on 127.0.0.1: "_s + probe.errorString());
        m_port = probe.serverPort();
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(QStringLiteral(SWITCHYARD_NODE));
    m_process->setArguments(
        {QStringLiteral(SWITCHYARD_MOCKLLM_MAIN), u"--config"_s, QStringLiteral(SWITCHYARD_MOCKLLM_CONFIG)});
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOST"_s, u"127.0.0.1"_s); // it listens on every interface otherwise
    environment.insert(u"PORT"_s, QString::number(m_port));
    m_process->setProcessEnvironment(environment);
    // Its own folder, where no stray mock-llm.yaml is picked up.
    m_process->setWorkingDirectory(m_dir.path());
    // A file, not a pipe: node writes to a full pipe synchronously and would
    // block while the test waits on something else.
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(u"mock-llm.log"_s));
    const pid_t test = ::getpid();
    m_process->setChildProcessModifier([test] {
        // The server dies with the test, even when the test crashes or ctest
        // kills it on timeout; and if the test is already gone, it never starts.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != test)
            ::_exit(1);
    });
    m_process->start();
    if (!m_process->waitForStarted(StartTimeoutMs))
        return fail(u"cannot start %1: %2"_s.arg(m_process->program(), m_process->errorString()));

    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            const QString said = log();
            if (said.contains(u"EADDRINUSE"_s)) {
                m_error = u"port %1 was taken: "_s.arg(m_port) + said;
                return Attempt::PortTaken;
            }
            return fail(u"mock-llm exited with status %1 before answering"_s.arg(m_process->exitCode()));
        }
        std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url(u"/health"_s))));
        if (waitFor(reply.get(), 2000)
            && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            return Attempt::Ready;
        QTest::qWait(100);
    }
    return fail(u"mock-llm did not answer GET /health within %1 s"_s.arg(StartTimeoutMs / 1000));
}

MockLlm::Attempt MockLlm::fail(const QString &message)
{
    m_error = message + u"; its output: "_s + log();
    kill();
    return Attempt::Failed;
}

void MockLlm::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

QString MockLlm::log() const
{
    QFile file(m_dir.filePath(u"mock-llm.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return u"(no output)"_s;
    return QString::fromUtf8(file.readAll().right(3000)).trimmed();
}

bool MockLlm::patchConfig(QNetworkAccessManager &network, const QByteArray &json)
{
    QNetworkRequest request(url(u"/config"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, "PATCH", json));
    return waitFor(reply.get(), 5000) && reply->error() == QNetworkReply::NoError;
}

ProviderConfig providerAt(const MockLlm &server, const QString &basePath = u"/v1"_s)
{
    return ProviderConfig{.id = u"mock-llm"_s,
        .displayName = u"mock-llm"_s,
        .kind = ApiKind::OpenAi,
        .baseUrl = server.url(basePath)};
}

ChatRequest ask(const QString &prompt, bool stream, const QString &model = u"mock-small"_s)
{
    return ChatRequest{.model = model, .messages = {{ChatMessage::Role::User, prompt}}, .stream = stream};
}

// How many text deltas mock-llm streams for an answer.
int chunksOf(const QString &text)
{
    return int(std::ceil(double(text.size()) / ChunkSize));
}

} // namespace

class TestMockLlm final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void answers_data();
    void answers();
    void errors_data();
    void errors();
    void models_data();
    void models();
    void serverDiesMidStream();

private:
    std::unique_ptr<ChatCall> run(
        const ProviderConfig &provider, ChatRequest request, int *textDeltas = nullptr);

    QNetworkAccessManager m_network;
    MockLlm m_server;
};

std::unique_ptr<ChatCall> TestMockLlm::run(
    const ProviderConfig &provider, ChatRequest request, int *textDeltas)
{
    auto call = std::make_unique<ChatCall>(&m_network, provider, std::move(request), Key);
    if (textDeltas) {
        *textDeltas = 0;
        connect(call.get(), &ChatCall::eventsReceived, this, [textDeltas](const QList<ChatEvent> &events) {
            for (const ChatEvent &e : events)
                *textDeltas += e.type == ChatEvent::Type::TextDelta ? 1 : 0;
        });
    }
    QSignalSpy finished(call.get(), &ChatCall::finished);
    call->start();
    if (!finished.wait(CallTimeoutMs))
        qWarning("the call did not finish");
    return call;
}

void TestMockLlm::initTestCase()
{
    QVERIFY2(m_server.start(m_network), qPrintable(m_server.errorString()));
}

void TestMockLlm::cleanupTestCase()
{
    m_server.kill();
}

void TestMockLlm::answers_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("textDeltas");
    QTest::addColumn<QList<qint64>>("usage"); // input, output, cached, reasoning
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<QString>("toolCall"); // "name arguments"

    const QList<qint64> noUsage{-1, -1, -1, -1};
    const QString rivers = u"Name three rivers of Europe"_s;
    QTest::newRow("echo, streamed") << rivers << true << rivers << chunksOf(rivers) << noUsage << u"stop"_s
                                    << QString();
    QTest::newRow("echo, not streamed")
        << rivers << false << rivers << 1 << noUsage << u"stop"_s << QString();

    // mock-llm cuts by UTF-16 code units: "ab" + the high surrogate, then the
    // low one, each sent as a lone \uXXXX escape. No real provider does that.
    const QString split = u"ab😀cd, Grüße ☃"_s;
    QTest::newRow("streamed, a chunk border inside a surrogate pair")
        << split << true << split << chunksOf(split) << noUsage << u"stop"_s << QString();
    QTest::newRow("non-ASCII, not streamed")
        << split << false << split << 1 << noUsage << u"stop"_s << QString();

    QTest::newRow("the key arrives as a bearer token")
        << u"conformance: whoami"_s << true << u"Bearer "_s + Key << chunksOf(u"Bearer "_s + Key) << noUsage
        << u"stop"_s << QString();

    QTest::newRow("usage, not streamed") << u"conformance: usage"_s << false << u"Counted."_s << 1
                                         << QList<qint64>{11, 7, 3, -1} << u"stop"_s << QString();
    // include_usage is sent, and ignored: the stream has no usage chunk.
    QTest::newRow("usage, streamed: mock-llm drops it")
        << u"conformance: usage"_s << true << u"Counted."_s << chunksOf(u"Counted."_s) << noUsage << u"stop"_s
        << QString();

    QTest::newRow("tool call, not streamed") << u"conformance: tool"_s << false << QString() << 0 << noUsage
                                             << u"tool_calls"_s << uR"(get_weather {"city":"Oslo"})"_s;
}

void TestMockLlm::answers()
{
    QFETCH(QString, prompt);
    QFETCH(bool, stream);
    QFETCH(QString, text);
    QFETCH(int, textDeltas);
    QFETCH(QList<qint64>, usage);
    QFETCH(QString, finishReason);
    QFETCH(QString, toolCall);

    int deltas = 0;
    const auto call = run(providerAt(m_server), ask(prompt, stream), &deltas);
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), call->error() ? qPrintable(call->error()->message) : "");
    QVERIFY(!call->isIncomplete());
    QCOMPARE(call->httpStatus(), 200);
    QCOMPARE(call->text(), text);
    QCOMPARE(deltas, textDeltas);
    QCOMPARE((QList<qint64>{call->usage().input, call->usage().output, call->usage().cachedInput,
                 call->usage().reasoning}),
        usage);
    QVERIFY(!call->usage().providerCostUsd);
    QCOMPARE(call->finishReason(), finishReason);
    if (toolCall.isEmpty()) {
        QVERIFY(call->toolCalls().isEmpty());
    } else {
        QCOMPARE(call->toolCalls().size(), 1);
        const ToolCall &tool = call->toolCalls().first();
        QCOMPARE(tool.name + u' ' + tool.arguments, toolCall);
        QCOMPARE(tool.id, u"call_7"_s);
    }
    const CallTimings &t = call->timings();
    QVERIFY(t.firstByteNs >= 0);
    QVERIFY(t.doneNs >= t.firstByteNs);
    if (!text.isEmpty())
        QVERIFY(t.firstTokenNs >= t.firstByteNs && t.firstTokenNs <= t.doneNs);
}

void TestMockLlm::errors_data()
{
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<CallError::Kind>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("messagePart");

    const QString v1 = u"/v1"_s;
    const QString model = u"mock-small"_s;
    using K = CallError::Kind;
    QTest::newRow("401") << v1 << model << u"conformance: 401"_s << false << K::InvalidKey << 401
                         << u"Incorrect API key"_s;
    QTest::newRow("429") << v1 << model << u"conformance: 429"_s << false << K::RateLimited << 429
                         << u"Rate limit reached"_s;
    QTest::newRow("500") << v1 << model << u"conformance: 500"_s << false << K::ServerError << 500
                         << u"had an error"_s;
    QTest::newRow("503") << v1 << model << u"conformance: 503"_s << false << K::Overloaded << 503
                         << u"overloaded"_s;
    QTest::newRow("404 unknown model") << v1 << u"no-such-model"_s << u"hi"_s << false << K::BadRequest << 404
                                       << u"`no-such-model` does not exist"_s;

    // Streamed, every scripted status turns into HTTP 200 and one error frame:
    // the status is lost, so these are provider errors, not rate limits etc.
    QTest::newRow("401, streamed") << v1 << model << u"conformance: 401"_s << true << K::ProviderError << 200
                                   << u"Incorrect API key"_s;
    QTest::newRow("429, streamed") << v1 << model << u"conformance: 429"_s << true << K::ProviderError << 200
                                   << u"Rate limit reached"_s;
    QTest::newRow("500, streamed") << v1 << model << u"conformance: 500"_s << true << K::ProviderError << 200
                                   << u"had an error"_s;
    QTest::newRow("404 unknown model, streamed")
        << v1 << u"no-such-model"_s << u"hi"_s << true << K::ProviderError << 200
        << u"`no-such-model` does not exist"_s;

    // Express's own errors: {"error": "<name>", "message": "<what>"}.
    QTest::newRow("base URL without /v1") << QString() << model << u"hi"_s << true << K::BadRequest << 404
                                          << u"Cannot POST /chat/completions"_s;
    QTest::newRow("a quote breaks mock-llm's echo template")
        << v1 << model << u"Say \"hi\""_s << false << K::ServerError << 500 << u"SyntaxError: "_s;
    QTest::newRow("a quote breaks mock-llm's echo template, streamed")
        << v1 << model << u"Say \"hi\""_s << true << K::ServerError << 500 << u"SyntaxError: "_s;
    QTest::newRow("tool call, streamed: mock-llm's streamer fails")
        << v1 << model << u"conformance: tool"_s << true << K::ServerError << 500 << u"TypeError: "_s;
}

void TestMockLlm::errors()
{
    QFETCH(QString, basePath);
    QFETCH(QString, model);
    QFETCH(QString, prompt);
    QFETCH(bool, stream);
    QFETCH(CallError::Kind, kind);
    QFETCH(int, httpStatus);
    QFETCH(QString, messagePart);

    const auto call = run(providerAt(m_server, basePath), ask(prompt, stream, model));
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, kind);
    QCOMPARE(call->httpStatus(), httpStatus);
    QVERIFY2(call->error()->message.contains(messagePart), qPrintable(call->error()->message));
    QVERIFY(!call->error()->message.contains(Key));
    QVERIFY(!call->error()->retryAfterSeconds); // mock-llm cannot send headers
    QVERIFY(call->text().isEmpty());
    QVERIFY(!call->isIncomplete());
    QCOMPARE(call->usage(), TokenUsage{});
}

void TestMockLlm::models_data()
{
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("ids"); // empty: the body is not a model list

    QTest::newRow("GET /v1/models") << u"/v1"_s << 200 << QStringList{u"gpt-5.2"_s, u"mock-small"_s};
    QTest::newRow("base URL without /v1") << QString() << 404 << QStringList{};
}

void TestMockLlm::models()
{
    QFETCH(QString, basePath);
    QFETCH(int, status);
    QFETCH(QStringList, ids);

    // Through the same ModelListCall the app and the CLI use.
    ModelListCall call(&m_network, providerAt(m_server, basePath), Key);
    QSignalSpy finished(&call, &ModelListCall::finished);
    call.start();
    QVERIFY(finished.wait(CallTimeoutMs));
    if (ids.isEmpty()) {
        QVERIFY(call.error());
        QCOMPARE(call.error()->httpStatus, status);
        QVERIFY(!call.error()->message.isEmpty());
    } else {
        // QVERIFY2 builds its message even when the check passes.
        QVERIFY2(!call.error(), call.error() ? qPrintable(call.error()->message) : "");
        QCOMPARE(call.modelIds(), ids);
    }
}

void TestMockLlm::serverDiesMidStream()
{
    // A server of its own, since this one is killed.
    MockLlm doomed;
    QVERIFY2(doomed.start(m_network), qPrintable(doomed.errorString()));
    // Slow enough that the kill lands inside the stream.
    QVERIFY(doomed.patchConfig(m_network, R"({"streaming":{"chunkSize":3,"chunkIntervalMs":200}})"));
    const QString prompt = u"Tell me the whole history of the Danube, from its source to the Black Sea"_s;

    ChatCall call(&m_network, providerAt(doomed), ask(prompt, true), Key);
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    QTRY_VERIFY_WITH_TIMEOUT(!call.text().isEmpty(), CallTimeoutMs);
    doomed.kill();
    QVERIFY(finished.wait(CallTimeoutMs));
    QVERIFY(call.error());
    QVERIFY2(call.error()->kind == CallError::Kind::StreamCut, qPrintable(call.error()->message));
    QVERIFY(call.isIncomplete());
    QVERIFY2(prompt.startsWith(call.text()) && call.text() != prompt, qPrintable(call.text()));

    const auto after = run(providerAt(doomed), ask(prompt, true));
    QVERIFY(after->error());
    QCOMPARE(after->error()->kind, CallError::Kind::ConnectionRefused);
}

QTEST_GUILESS_MAIN(TestMockLlm)
#include "tst_mockllm.moc"
