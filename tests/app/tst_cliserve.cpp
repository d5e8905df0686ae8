// `switchyard-cli serve` as a user runs it: the real binary on a free port,
// its address on stdout, an OpenAI-style request through it to a fixture
// provider, the call in the usage log, Ctrl+C; and its refusals.

#include "support/fixtureprovider.h"

#include "usage/usagedatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace Switchyard;

class TestCliServe final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serves_data();
    void serves();
    void refuses_data();
    void refuses();
    void stopsOnSignal_data();
    void stopsOnSignal();
    void toolKeysAcrossProcesses();
};

namespace {

const QByteArray answer =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi there\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n"
    "data: [DONE]\n\n";

QProcessEnvironment environment(const QString &dataDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir);
    env.insert(u"SWITCHYARD_GATEWAY_TOKEN"_s, u"sy-cli-test-token"_s);
    env.insert(u"LOCAL_API_KEY"_s, u"sk-local-secret"_s);
    return env;
}

// Every call in the usage log of a data folder, oldest first.
QList<Usage::UsageRecord> loggedCalls(const QString &dataDir)
{
    QList<Usage::UsageRecord> rows;
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dataDir));
    if (db)
        (void)db->forEachCall({}, [&rows](const Usage::UsageRecord &r) {
            rows.append(r);
            return true;
        });
    return rows;
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// A short command of the same binary, to its end. Nothing in flight needs
// this process's event loop meanwhile.
Run runCli(const QStringList &arguments, const QString &dataDir)
{
    QProcess process;
    process.setProcessEnvironment(environment(dataDir));
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!process.waitForFinished(20000))
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

int chat(QNetworkAccessManager &network, const QUrl &base, const QByteArray &token, QByteArray *body = nullptr)
{
    QNetworkRequest request(QUrl(base.toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply =
        network.post(request, R"({"model":"local/tiny","messages":[{"role":"user","content":"hello"}]})");
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(15000))
        return 0;
    reply->deleteLater();
    if (body)
        *body = reply->readAll();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

void TestCliServe::serves_data()
{
    QTest::addColumn<bool>("withConfig");
    QTest::addColumn<QByteArray>("model");
    QTest::newRow("route of a config") << true << QByteArray("quick");
    // No config: clients name provider/model, and --key-env still gives
    // the --provider its key.
    QTest::newRow("provider/model without config") << false << QByteArray("local/tiny");
}

void TestCliServe::serves()
{
    QFETCH(bool, withConfig);
    QFETCH(QByteArray, model);
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {answer}});
    QTemporaryDir dir;
    const QString config = dir.filePath(u"routing.yaml"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("version: 1\nroutes:\n  quick:\n    targets: [local/tiny]\n");
    file.close();

    QStringList arguments{u"serve"_s, u"--port"_s, u"0"_s, u"--provider"_s,
                          u"local=openai,"_s + fixture.url(u"/v1"_s).toString(), u"--key-env"_s, u"LOCAL_API_KEY"_s};
    if (withConfig)
        arguments << u"--config"_s << config;
    QProcess process;
    process.setProcessEnvironment(environment(dir.path()));
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 15000);
    const QUrl base(QString::fromUtf8(process.readLine()).trimmed());
    QCOMPARE(base.host(), u"127.0.0.1"_s);
    QVERIFY(base.port() > 0);
    QCOMPARE(base.path(), u"/v1"_s);

    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(base.toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer sy-cli-test-token");
    QNetworkReply *reply = network.post(
        request, R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hello"}]})");
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(15000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject completion = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(completion["choices"_L1].toArray().first().toObject()["message"_L1].toObject()["content"_L1].toString(),
             u"Hi there"_s);
    // The provider got Switchyard's key for it, not the client's token.
    QCOMPARE(fixture.requests().size(), 1);
    QCOMPARE(fixture.requests().first().headers.value("authorization"), "Bearer sk-local-secret");

    QSignalSpy finished(&process, &QProcess::finished);
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(finished.wait(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("endpoint at http://127.0.0.1:"), err.constData());
    QVERIFY2(err.contains("Anthropic Messages"), err.constData());
    QVERIFY2(!err.contains("sy-cli-test-token") && !err.contains("sk-local-secret"), err.constData());

    const QList<Usage::UsageRecord> rows = loggedCalls(dir.path());
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
    QCOMPARE(rows.first().model, u"tiny"_s);
}

void TestCliServe::refuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("bad port") << QStringList{u"--port"_s, u"70000"_s} << 2 << u"--port takes a number"_s;
    QTest::newRow("bad address") << QStringList{u"--address"_s, u"nowhere"_s} << 2 << u"--address takes an IP"_s;
    QTest::newRow("missing config") << QStringList{u"--config"_s, u"/nonexistent/routing.yaml"_s} << 1
                                    << u"cannot read /nonexistent/routing.yaml"_s;
    QTest::newRow("stray argument") << QStringList{u"now"_s} << 2 << u"unexpected argument 'now'"_s;
    QTest::newRow("origin without scheme") << QStringList{u"--allow-origin"_s, u"localhost:3000"_s} << 2
                                           << u"--allow-origin: “localhost:3000” is not an origin: it needs a scheme"_s;
    QTest::newRow("origin with a path") << QStringList{u"--allow-origin"_s, u"https://app.example/chat"_s} << 2
                                        << u"with no path"_s;
    QTest::newRow("show and renew") << QStringList{u"--show-token"_s, u"--renew-token"_s} << 2
                                    << u"do not go together"_s;
    // The variable wins over the keychain: a renewed keychain token would not be used.
    QTest::newRow("renew an environment token") << QStringList{u"--renew-token"_s} << 1
                                                << u"the token comes from SWITCHYARD_GATEWAY_TOKEN"_s;
}

void TestCliServe::refuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QProcess process;
    process.setProcessEnvironment(environment(dir.path()));
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), QStringList{u"serve"_s} + arguments);
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitCode(), exitCode);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestCliServe::stopsOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGINT") << int(SIGINT);
    // A service manager's stop, a logout: as graceful as Ctrl+C.
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

void TestCliServe::stopsOnSignal()
{
    QFETCH(int, signal);
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {answer}});
    fixture.enqueue({.chunks = {answer}, .stallAfterChunks = 0}); // still under way when the signal comes
    QTemporaryDir dir;
    QProcess process;
    process.setProcessEnvironment(environment(dir.path()));
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH),
                  {u"serve"_s, u"--port"_s, u"0"_s, u"--provider"_s,
                   u"local=openai,"_s + fixture.url(u"/v1"_s).toString(), u"--key-env"_s, u"LOCAL_API_KEY"_s});
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 15000);
    const QUrl base(QString::fromUtf8(process.readLine()).trimmed());

    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(base.toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer sy-cli-test-token");
    const QByteArray body = R"({"model":"local/tiny","messages":[{"role":"user","content":"hello"}]})";
    QNetworkReply *answered = network.post(request, body);
    QSignalSpy done(answered, &QNetworkReply::finished);
    QVERIFY(done.wait(15000));
    QCOMPARE(answered->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QNetworkReply *stalled = network.post(request, body);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.requests().size(), 2, 10000);

    // Right after the answer: its row is still waiting for the store's batch.
    QSignalSpy finished(&process, &QProcess::finished);
    ::kill(pid_t(process.processId()), signal);
    QVERIFY(finished.wait(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray err = process.readAllStandardError();
    const QByteArray stopped = "stopped by " + QByteArray(QTest::currentDataTag());
    QVERIFY2(err.contains(stopped), err.constData());
    QVERIFY2(err.contains("1 answer under way cancelled"), err.constData());
    QSignalSpy cut(stalled, &QNetworkReply::finished);
    QVERIFY(stalled->isFinished() || cut.wait(5000));

    const QList<Usage::UsageRecord> rows = loggedCalls(dir.path());
    QCOMPARE(rows.size(), 2);
    QList<Usage::Status> statuses{rows.at(0).status, rows.at(1).status};
    std::ranges::sort(statuses);
    QCOMPARE(statuses, (QList<Usage::Status>{Usage::Status::Ok, Usage::Status::Cancelled}));
}

void TestCliServe::toolKeysAcrossProcesses()
{
    // The keys made, changed and revoked by `gateway-key` in other
    // processes while `serve` runs: the way a user sets up Claude Code and
    // Codex beside a running gateway.
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    QTemporaryDir dir;
    const Run created = runCli({u"gateway-key"_s, u"create"_s, u"codex"_s, u"--model"_s, u"local/*"_s}, dir.path());
    QCOMPARE(created.exitCode, 0);
    const QByteArray token = created.out.trimmed();
    QVERIFY2(token.startsWith("sy-") && token.size() == 46 && !token.contains('\n'), created.out.constData());
    QVERIFY2(created.err.contains("shown once"), created.err.constData());
    QCOMPARE(runCli({u"gateway-key"_s, u"create"_s, u"codex"_s}, dir.path()).exitCode, 1); // taken
    QCOMPARE(runCli({u"gateway-key"_s, u"create"_s, u"owner"_s}, dir.path()).exitCode, 2);
    const Run listed = runCli({u"gateway-key"_s, u"list"_s}, dir.path());
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains("codex") && listed.out.contains("models local/*"), listed.out.constData());
    QVERIFY(!listed.out.contains(token));

    QProcess serve;
    serve.setProcessEnvironment(environment(dir.path()));
    serve.start(QStringLiteral(SWITCHYARD_CLI_PATH),
                {u"serve"_s, u"--port"_s, u"0"_s, u"--provider"_s, u"local=openai,"_s + fixture.url(u"/v1"_s).toString(),
                 u"--key-env"_s, u"LOCAL_API_KEY"_s});
    QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine(), 15000);
    const QUrl base(QString::fromUtf8(serve.readLine()).trimmed());
    QNetworkAccessManager network;
    for (int i = 0; i < 2; ++i)
        fixture.enqueue({.chunks = {answer}});
    QCOMPARE(chat(network, base, token), 200);
    QCOMPARE(chat(network, base, "sy-cli-test-token"), 200);

    // Disabled elsewhere: refused within the keyring's poll.
    QCOMPARE(runCli({u"gateway-key"_s, u"disable"_s, u"codex"_s}, dir.path()).exitCode, 0);
    QByteArray refusal;
    QTRY_COMPARE_WITH_TIMEOUT(chat(network, base, token, &refusal), 403, 6000);
    QVERIFY2(refusal.contains("key_disabled"), refusal.constData());
    // Rotated and enabled: the old token is unknown, the new one works.
    const Run rotated = runCli({u"gateway-key"_s, u"rotate"_s, u"codex"_s}, dir.path());
    QCOMPARE(rotated.exitCode, 0);
    const QByteArray newToken = rotated.out.trimmed();
    QVERIFY(newToken != token);
    QCOMPARE(runCli({u"gateway-key"_s, u"enable"_s, u"codex"_s}, dir.path()).exitCode, 0);
    fixture.enqueue({.chunks = {answer}});
    QTRY_COMPARE_WITH_TIMEOUT(chat(network, base, newToken), 200, 6000);
    QCOMPARE(chat(network, base, token), 401);
    // Revoked: gone.
    QCOMPARE(runCli({u"gateway-key"_s, u"revoke"_s, u"codex"_s}, dir.path()).exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(chat(network, base, newToken), 401, 6000);

    QSignalSpy finished(&serve, &QProcess::finished);
    ::kill(pid_t(serve.processId()), SIGINT);
    QVERIFY(finished.wait(10000));
    QCOMPARE(serve.exitCode(), 0);
    const QByteArray err = serve.readAllStandardError();
    QVERIFY2(!err.contains(token) && !err.contains(newToken), err.constData());

    // Every call carries its key's name; the owner made one. (The requests
    // sent while the disabling was on its way were let through and logged.)
    const QList<Usage::UsageRecord> rows = loggedCalls(dir.path());
    QCOMPARE(rows.first().keyName, u"codex"_s);
    QCOMPARE(rows.at(1).keyName, u"owner"_s);
    QCOMPARE(rows.last().keyName, u"codex"_s);
    QCOMPARE(std::ranges::count_if(rows, [](const auto &r) { return r.keyName == u"owner"_s; }), 1);
    QCOMPARE(std::ranges::count_if(rows, [](const auto &r) { return r.keyName == u"codex"_s; }), rows.size() - 1);
    const Run byKey = runCli({u"usage"_s, u"--by"_s, u"key"_s, u"--key"_s, u"owner"_s}, dir.path());
    QCOMPARE(byKey.exitCode, 0);
    QVERIFY2(!byKey.out.contains("codex"), byKey.out.constData());
    QVERIFY2(QRegularExpression(u"^owner\\s+1\\s"_s, QRegularExpression::MultilineOption)
                 .match(QString::fromUtf8(byKey.out)).hasMatch(),
             byKey.out.constData());
}

QTEST_GUILESS_MAIN(TestCliServe)
#include "tst_cliserve.moc"
