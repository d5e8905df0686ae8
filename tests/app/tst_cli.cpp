// The executables' command lines, run as a user or a script would run them.

#include "../support/damagedusagedatabase.h"
#include "../support/fixtureprovider.h"
#include "base/buildinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include "providers/providerregistry.h"
#include "usage/usagedatabase.h"
#include <QSignalSpy>
#include <QTemporaryDir>

#include <csignal>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandLine_data();
    void commandLine();
    void askComparesModels();
    void askReportsFailures();
    void askStopsOnCtrlC();
    void modelsLists();
    void usageLogsAndSummarises();
    void budgetStopsAsk();
    void damagedUsageDatabase();
    void providersFromTheApp();
    void askMasksSecrets();
    void refusesBadInput_data();
    void refusesBadInput();
    void askTimeoutDoesWhatHelpSays();
};

namespace {

// Runs switchyard-cli while this process's event loop keeps serving the fixture.
struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments, QProcessEnvironment env = QProcessEnvironment::systemEnvironment())
{
    // Never the developer's own data folder.
    static const QTemporaryDir dataDir;
    if (!env.contains(u"SWITCHYARD_DATA_DIR"_s))
        env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    QProcess process;
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!finished.wait(20000))
        process.kill();
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QByteArray openAiAnswer(const char *text, int in, int out)
{
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + QByteArray(text)
        + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + QByteArray::number(in) + ",\"completion_tokens\":" + QByteArray::number(out) + "}}\n\ndata: [DONE]\n\n";
}

} // namespace

void TestCli::commandLine_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern");
    QTest::addColumn<QString>("stderrPattern");
    QTest::addColumn<bool>("withDisplay");

    const QString cli = QStringLiteral(SWITCHYARD_CLI_PATH);
    const QString gui = QStringLiteral(SWITCHYARD_GUI_PATH);
    const QString version = QRegularExpression::escape(Switchyard::Base::BuildInfo::version());

    QTest::newRow("cli --version") << cli << QStringList{u"--version"_s} << 0
                                   << u"^switchyard-cli %1\nrevision .*Qt 6\\.\\d+"_s.arg(version) << u"^$"_s << false;
    QTest::newRow("cli version") << cli << QStringList{u"version"_s} << 0
                                 << u"^switchyard-cli %1\n"_s.arg(version) << u"^$"_s << false;
    QTest::newRow("cli --help") << cli << QStringList{u"--help"_s} << 0
                                << u"^usage: switchyard-cli .*Commands:"_s << u"^$"_s << false;
    // Every command's --help names the command, not only the program.
    for (const char *command : {"ask", "models", "prices", "usage", "budget", "route", "serve"}) {
        QTest::newRow(qPrintable(u"cli %1 --help"_s.arg(QLatin1StringView(command))))
            << cli << QStringList{QLatin1StringView(command), u"--help"_s} << 0
            << u"^Usage: switchyard-cli %1 \\[options\\]"_s.arg(QLatin1StringView(command)) << u"^$"_s
            << false;
    }
    QTest::newRow("cli without arguments") << cli << QStringList{} << 2 << u"^$"_s << u"^usage: switchyard-cli"_s << false;
    QTest::newRow("cli unknown command") << cli << QStringList{u"frobnicate"_s} << 2 << u"^$"_s
                                         << u"unknown command or option 'frobnicate'.*--help"_s << false;
    // The GUI answers --version and --help without a display.
    QTest::newRow("gui --version") << gui << QStringList{u"--version"_s} << 0
                                   << u"^switchyard %1\nrevision "_s.arg(version) << u"^$"_s << false;
    QTest::newRow("gui --help") << gui << QStringList{u"--help"_s} << 0
                                << u"Usage: .*switchyard.*--version"_s << u"^$"_s << false;
    QTest::newRow("gui bad option") << gui << QStringList{u"--no-such-option"_s} << 1 << u"^$"_s
                                    << u"Unknown option 'no-such-option'"_s << true;
}

void TestCli::commandLine()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    QFETCH(QString, stderrPattern);
    QFETCH(bool, withDisplay);

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    if (withDisplay)
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    else
        env.remove(u"QT_QPA_PLATFORM"_s);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    QVERIFY2(process.waitForFinished(30000), qPrintable(process.errorString()));

    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == exitCode,
             qPrintable(u"exit code %1, stderr: %2"_s.arg(process.exitCode()).arg(err)));
    const auto options = QRegularExpression::DotMatchesEverythingOption;
    QVERIFY2(QRegularExpression(stdoutPattern, options).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(QRegularExpression(stderrPattern, options).match(err).hasMatch(), qPrintable(err));
}

void TestCli::askComparesModels()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {openAiAnswer("first", 5, 1)}});
    fixture.enqueue({.chunks = {openAiAnswer("second", 5, 1)}});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_TEST_KEY"_s, u"sk-test-from-env"_s);

    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    const CliRun json = runCli({u"ask"_s, u"--provider"_s, provider, u"--key-env"_s, u"SWITCHYARD_TEST_KEY"_s,
                                u"-m"_s, u"local/model-a"_s, u"-m"_s, u"local/model-b"_s, u"--json"_s, u"Say hi"_s}, env);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray results = QJsonDocument::fromJson(json.out).object().value("results"_L1).toArray();
    QCOMPARE(results.size(), 2);
    QStringList texts;
    for (const QJsonValue &r : results) {
        QCOMPARE(r["status"_L1].toString(), u"ok"_s);
        QCOMPARE(r["tokens_in"_L1].toInt(), 5);
        QVERIFY(r["ttft_ms"_L1].toDouble() >= 0);
        texts.append(r["text"_L1].toString());
    }
    texts.sort();
    QCOMPARE(texts, (QStringList{u"first"_s, u"second"_s})); // the two ran at once; either may answer first
    QCOMPARE(fixture.requests().size(), 2);
    for (const RecordedRequest &r : fixture.requests())
        QCOMPARE(r.headers.value("authorization"), "Bearer sk-test-from-env"_ba);

    fixture.enqueue({.chunks = {openAiAnswer("third", 7, 2)}});
    const CliRun table = runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/model-c"_s, u"Hello"_s});
    QVERIFY2(table.exitCode == 0, table.err.constData());
    const QString text = QString::fromUtf8(table.out);
    QVERIFY2(text.contains(u"── local/model-c ──\nthird"_s), qPrintable(text));
    QVERIFY2(QRegularExpression(u"^model\\s+TTFT\\s+total\\s+in\\s+out\\s+tok/s\\s+cost\\s+status$"_s,
                                QRegularExpression::MultilineOption).match(text).hasMatch(), qPrintable(text));
    QVERIFY2(QRegularExpression(u"^local/model-c\\s+\\d+\\.\\d\\d s\\s+\\d+\\.\\d\\d s\\s+7\\s+2\\s.*ok$"_s,
                                QRegularExpression::MultilineOption).match(text).hasMatch(), qPrintable(text));
}

void TestCli::askReportsFailures()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 401, .contentType = "application/json",
                     .chunks = {R"({"error":{"message":"Incorrect API key provided"}})"}});
    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    const CliRun run = runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/x"_s, u"--json"_s, u"hi"_s});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject result = QJsonDocument::fromJson(run.out).object()["results"_L1].toArray().first().toObject();
    QCOMPARE(result["status"_L1].toString(), u"failed"_s);
    QCOMPARE(result["http_status"_L1].toInt(), 401);
    QVERIFY(result["error"_L1].toString().contains(u"Invalid key for local"_s));

    // OpenRouter's own usage.cost is the cost shown, exact.
    fixture.enqueue({.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n"
                                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"cost\":0.00042}}\n\ndata: [DONE]\n\n"}});
    const CliRun priced = runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/x"_s, u"--json"_s, u"hi"_s});
    QCOMPARE(priced.exitCode, 0);
    const QJsonObject pricedResult = QJsonDocument::fromJson(priced.out).object()["results"_L1].toArray().first().toObject();
    QCOMPARE(pricedResult["cost_usd"_L1].toDouble(), 0.00042);
    QCOMPARE(pricedResult["cost_estimated"_L1].toBool(true), false);

    const CliRun bad = runCli({u"ask"_s, u"--provider"_s, u"broken"_s, u"-m"_s, u"x/y"_s, u"hi"_s});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("NAME=KIND,BASE_URL"));
    const CliRun unknown = runCli({u"ask"_s, u"-m"_s, u"nosuch/model"_s, u"hi"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("unknown model 'nosuch/model'"));
}

void TestCli::askStopsOnCtrlC()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    QByteArray first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n";
    fixture.enqueue({.chunks = {first, first, first}, .chunkDelayMs = 5000});
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QTemporaryDir dataDir;
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH),
                  {u"ask"_s, u"--provider"_s, u"local=openai,"_s + fixture.url(u"/v1"_s).toString(), u"-m"_s,
                   u"local/slow"_s, u"--json"_s, u"hi"_s});
    QTRY_COMPARE_WITH_TIMEOUT(fixture.requests().size(), 1, 10000);
    QTest::qWait(300); // the first chunk is on its way
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(finished.wait(5000));
    QVERIFY(clock.elapsed() < 2000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QJsonObject result = QJsonDocument::fromJson(process.readAllStandardOutput()).object()["results"_L1].toArray().first().toObject();
    QCOMPARE(result["status"_L1].toString(), u"incomplete"_s);
    QCOMPARE(result["text"_L1].toString(), u"partial"_s);
    QCOMPARE(result["error"_L1].toString(), u"Stopped."_s);
}

void TestCli::modelsLists()
{
    FixtureProvider openAi;
    FixtureProvider ollama;
    FixtureProvider denied;
    QVERIFY(openAi.listen() && ollama.listen() && denied.listen());
    openAi.enqueue({.contentType = "application/json",
                    .chunks = {R"({"object":"list","data":[{"id":"gpt-4o-mini"},{"id":"gpt-4o"}]})"}});
    ollama.enqueue({.contentType = "application/json", .chunks = {R"({"models":[{"name":"llama3.2:latest"}]})"}});
    denied.enqueue({.status = 401, .contentType = "application/json", .chunks = {R"({"error":{"message":"bad key"}})"}});
    const CliRun run = runCli({u"models"_s, u"--json"_s, u"--provider"_s, u"o=openai,"_s + openAi.url(u"/v1"_s).toString(),
                               u"--provider"_s, u"l=ollama,"_s + ollama.url().toString(), u"--provider"_s,
                               u"d=openai,"_s + denied.url(u"/v1"_s).toString(), u"o"_s, u"l"_s, u"d"_s});
    QCOMPARE(run.exitCode, 1); // one provider failed
    const QJsonArray providers = QJsonDocument::fromJson(run.out).object()["providers"_L1].toArray();
    QCOMPARE(providers.size(), 3);
    QCOMPARE(providers[0]["models"_L1].toArray().size(), 2);
    QCOMPARE(providers[0]["models"_L1][0]["id"_L1].toString(), u"gpt-4o"_s); // sorted
    QCOMPARE(providers[1]["models"_L1][0]["id"_L1].toString(), u"llama3.2:latest"_s);
    QVERIFY(providers[2]["error"_L1].toString().contains(u"Invalid key for d"_s));
    QCOMPARE(openAi.requests().first().path, "/v1/models"_ba);
    QCOMPARE(ollama.requests().first().path, "/api/tags"_ba);

    QCOMPARE(runCli({u"models"_s, u"nosuch"_s}).exitCode, 2);
}

void TestCli::usageLogsAndSummarises()
{
    QTemporaryDir dataDir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {openAiAnswer("one", 10, 4)}});
    fixture.enqueue({.chunks = {openAiAnswer("two", 20, 6)}});
    // A 429 is tried again once (the default retry policy, as for every
    // caller): two rows, one per attempt.
    for (int i = 0; i < 2; ++i)
        fixture.enqueue({.status = 429, .contentType = "application/json", .chunks = {R"({"error":{"message":"slow down"}})"}});
    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    QCOMPARE(runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/a"_s, u"--project"_s, u"docs"_s, u"hi"_s}, env).exitCode, 0);
    QCOMPARE(runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/a"_s, u"hi"_s}, env).exitCode, 0);
    QCOMPARE(runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/b"_s, u"hi"_s}, env).exitCode, 1);

    const CliRun json = runCli({u"usage"_s, u"--json"_s, u"--since"_s, u"today"_s}, env);
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(json.out).object()["rows"_L1].toArray();
    QCOMPARE(rows.size(), 2);
    QMap<QString, QJsonObject> byModel;
    for (const QJsonValue &row : rows)
        byModel.insert(row["model"_L1].toString(), row.toObject());
    QCOMPARE(byModel[u"local/a"_s]["calls"_L1].toInt(), 2);
    QCOMPARE(byModel[u"local/a"_s]["tokens_in"_L1].toInt(), 30);
    QCOMPARE(byModel[u"local/a"_s]["tokens_out"_L1].toInt(), 10);
    QVERIFY(byModel[u"local/a"_s]["ttft_ms"_L1]["p50"_L1].toDouble() > 0);
    QCOMPARE(byModel[u"local/b"_s]["errors"_L1].toInt(), 2);

    const CliRun byProject = runCli({u"usage"_s, u"--by"_s, u"project"_s, u"--project"_s, u"docs"_s}, env);
    QVERIFY2(byProject.exitCode == 0, byProject.err.constData());
    QVERIFY2(QRegularExpression(u"^docs\\s+1\\s+0\\s+10\\s+4\\s"_s, QRegularExpression::MultilineOption)
                 .match(QString::fromUtf8(byProject.out)).hasMatch(),
             byProject.out.constData());

    const CliRun csv = runCli({u"usage"_s, u"--calls"_s, u"--csv"_s, u"--source"_s, u"cli"_s}, env);
    QVERIFY2(csv.exitCode == 0, csv.err.constData());
    const QList<QByteArray> lines = csv.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5); // header and four calls
    QVERIFY(lines.at(0).startsWith("time,source,project,provider,model,"));
    QVERIFY2(lines.at(1).contains(",cli,docs,local,a,"), lines.at(1).constData());
    QVERIFY2(lines.at(3).contains(",error,rate_limited,429,"), lines.at(3).constData());
    QVERIFY2(lines.at(4).contains(",error,rate_limited,429,"), lines.at(4).constData());

    const CliRun badSince = runCli({u"usage"_s, u"--since"_s, u"yesterday-ish"_s}, env);
    QCOMPARE(badSince.exitCode, 2);
    QVERIFY(badSince.err.contains("--since takes"));
}

void TestCli::budgetStopsAsk()
{
    QTemporaryDir dataDir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    const CliRun set = runCli({u"budget"_s, u"set"_s, u"0"_s, u"--provider"_s, u"local"_s}, env);
    QVERIFY2(set.exitCode == 0, set.err.constData());
    QCOMPARE(set.out, "Set the monthly budget for local to $0 a month.\n"_ba);
    QCOMPARE(runCli({u"budget"_s, u"set"_s, u"$12.50"_s}, env).exitCode, 0);
    QCOMPARE(runCli({u"budget"_s, u"set"_s, u"lots"_s}, env).exitCode, 2);
    const CliRun daily = runCli({u"budget"_s, u"set"_s, u"3"_s, u"--key"_s, u"codex"_s, u"--period"_s, u"day"_s}, env);
    QCOMPARE(daily.exitCode, 0);
    QCOMPARE(daily.out, "Set the daily budget of key “codex” to $3.0000 a day.\n"_ba);
    QCOMPARE(runCli({u"budget"_s, u"set"_s, u"3"_s, u"--period"_s, u"fortnight"_s}, env).exitCode, 2);
    QCOMPARE(runCli({u"budget"_s, u"remove"_s, u"--key"_s, u"codex"_s, u"--period"_s, u"day"_s}, env).exitCode, 0);
    {
        auto db = Switchyard::Usage::UsageDatabase::open(Switchyard::Usage::UsageDatabase::fileIn(dataDir.path()));
        QVERIFY(db);
        QCOMPARE(db->budgets()->size(), 2);
        QCOMPARE(db->budgets()->at(0).limitNanoUsd, 12'500'000'000);
    }
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    const CliRun run = runCli({u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/a"_s, u"hi"_s}, env);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("── local/a ──\n[error] The monthly budget for local is used up"), run.out.constData());
    QCOMPARE(fixture.requests().size(), 0);
    const CliRun budgets = runCli({u"budget"_s, u"list"_s}, env);
    QVERIFY2(QRegularExpression(u"^local\\s+month\\s+\\$0\\s+\\$0\\s+100%\\s+block$"_s, QRegularExpression::MultilineOption)
                 .match(QString::fromUtf8(budgets.out)).hasMatch(),
             budgets.out.constData());
    QCOMPARE(runCli({u"budget"_s, u"remove"_s, u"--provider"_s, u"local"_s}, env).exitCode, 0);
    QVERIFY(!runCli({u"usage"_s, u"--budgets"_s}, env).out.contains("local"));
}

void TestCli::damagedUsageDatabase()
{
    QTemporaryDir dataDir;
    const QString path = Switchyard::Usage::UsageDatabase::fileIn(dataDir.path());
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(5000, '!'));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    const CliRun run = runCli({u"usage"_s}, env);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("not a usable usage database") && run.err.contains("--set-aside"), run.err.constData());
    QCOMPARE(QFileInfo(path).size(), 5000);
    const CliRun moved = runCli({u"usage"_s, u"--set-aside"_s}, env);
    QCOMPARE(moved.exitCode, 0);
    QVERIFY(moved.out.contains(".broken-"));
    QCOMPARE(runCli({u"usage"_s}, env).exitCode, 0);
    QCOMPARE(runCli({u"usage"_s, u"--set-aside"_s}, env).exitCode, 2); // a sound database stays

    // Damaged in the middle: it opens, and only a check of every page sees it.
    QFile::remove(path);
    QVERIFY(Switchyard::TestSupport::writeDamagedUsageDatabase(path));
    const CliRun middle = runCli({u"usage"_s, u"--set-aside"_s}, env);
    QCOMPARE(middle.exitCode, 0);
    QVERIFY2(middle.err.contains("is damaged"), middle.err.constData());
    QVERIFY(middle.out.contains(".broken-"));
}

void TestCli::providersFromTheApp()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {openAiAnswer("from the team gateway", 3, 4)}});
    QTemporaryDir dataDir;
    {
        // What the Providers page writes when the user adds an endpoint.
        Switchyard::Providers::ProviderRegistry registry(dataDir.path());
        QVERIFY(registry.load());
        Switchyard::Providers::ProviderConfig team = fixture.providerConfig(Switchyard::Providers::ApiKind::OpenAi);
        team.id = u"team"_s;
        team.displayName = u"Team gateway"_s;
        const auto added = registry.add(team);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir.path());
    const CliRun run = runCli({u"ask"_s, u"-m"_s, u"team/x"_s, u"hi"_s}, env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("from the team gateway"));
}

void TestCli::askMasksSecrets()
{
    // A provider whose error repeats the key it was sent, and other key-shaped text.
    const QByteArray key = "my-own-server-secret-0123456789wxyz";
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    const QByteArray error = R"({"error":{"message":"Key )" + key
        + R"( is not valid; neither is sk-ant-api03-AbCdEfGhIjKlMnOpQrSt-uvwx or Bearer abc.def.ghi"}})";
    for (int i = 0; i < 2; ++i)
        fixture.enqueue({.status = 401, .contentType = "application/json", .chunks = {error}});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_TEST_KEY"_s, QString::fromLatin1(key));
    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    for (const bool json : {true, false}) {
        QStringList arguments{u"ask"_s, u"--provider"_s, provider, u"--key-env"_s, u"SWITCHYARD_TEST_KEY"_s,
                              u"-m"_s, u"local/x"_s, u"hi"_s};
        if (json)
            arguments.insert(1, u"--json"_s);
        const CliRun run = runCli(arguments, env);
        QCOMPARE(run.exitCode, 1);
        const QByteArray all = run.out + run.err;
        QVERIFY2(all.contains("is not valid"), all.constData());
        QVERIFY2(!all.contains(key), all.constData());
        QVERIFY2(!all.contains("AbCdEfGhIjKlMnOpQrSt"), all.constData());
        QVERIFY2(!all.contains("abc.def.ghi"), all.constData());
        QVERIFY2(all.contains("****wxyz"), all.constData());
    }
    // The key did go out, in its header and nowhere else.
    QCOMPARE(fixture.requests().first().headers.value("authorization"), "Bearer " + key);
}

void TestCli::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString provider = u"local=openai,http://127.0.0.1:9/v1"_s;
    const QStringList ask{u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/x"_s};
    QTest::newRow("--timeout abc") << ask + QStringList{u"--timeout"_s, u"abc"_s, u"hi"_s} << u"--timeout takes a number"_s;
    QTest::newRow("--timeout 0") << ask + QStringList{u"--timeout"_s, u"0"_s, u"hi"_s} << u"--timeout takes a number"_s;
    QTest::newRow("--max-tokens 12x") << ask + QStringList{u"--max-tokens"_s, u"12x"_s, u"hi"_s}
                                      << u"--max-tokens takes a whole number"_s;
    QTest::newRow("--max-tokens 0") << ask + QStringList{u"--max-tokens"_s, u"0"_s, u"hi"_s}
                                    << u"--max-tokens takes a whole number"_s;
    QTest::newRow("--temperature warm") << ask + QStringList{u"--temperature"_s, u"warm"_s, u"hi"_s}
                                        << u"--temperature takes a number"_s;
    QTest::newRow("--temperature nan") << ask + QStringList{u"--temperature"_s, u"nan"_s, u"hi"_s}
                                       << u"--temperature takes a number"_s;
    QTest::newRow("model with a newline") << QStringList{u"ask"_s, u"--provider"_s, provider, u"-m"_s,
                                                         u"local/x\nforged row"_s, u"hi"_s}
                                          << u"control character (U+000a)"_s;
    QTest::newRow("provider with an escape") << QStringList{u"ask"_s, u"--provider"_s,
                                                            u"lo\x1b[31mcal=openai,http://127.0.0.1:9/v1"_s, u"-m"_s,
                                                            u"local/x"_s, u"hi"_s}
                                             << u"control character (U+001b)"_s;
    QTest::newRow("budget for a provider with a tab")
        << QStringList{u"budget"_s, u"set"_s, u"5"_s, u"--provider"_s, u"open\tai"_s} << u"control character (U+0009)"_s;
    QTest::newRow("--days x") << QStringList{u"route"_s, u"simulate"_s, u"none.yaml"_s, u"--days"_s, u"x"_s}
                              << u"--days takes a whole number"_s;
}

void TestCli::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = runCli(arguments);
    QVERIFY2(run.exitCode == 2, run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
}

void TestCli::askTimeoutDoesWhatHelpSays()
{
    // --help: "Give up on a model that sends nothing, or stalls, for this
    // many seconds ... an answer cut by a limit keeps what arrived."
    const CliRun help = runCli({u"ask"_s, u"--help"_s});
    // Wrapped to the terminal: compared with the line breaks taken out.
    const QString helpText = QString::fromUtf8(help.out).simplified();
    QVERIFY2(helpText.contains(u"sends nothing, or stalls, for this many seconds"_s), help.out.constData());
    QVERIFY2(helpText.contains(u"an answer cut by a limit keeps what arrived"_s), help.out.constData());
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    FixtureReply stalling;
    stalling.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"},\"finish_reason\":null}]}\n\n",
                       "data: [DONE]\n\n"};
    stalling.stallAfterChunks = 1;
    fixture.enqueue(stalling);
    // Then silence, which repeats: the router's retries of a call that got
    // no byte meet it again.
    fixture.enqueue({.neverAnswer = true});
    const QString provider = u"local=openai,"_s + fixture.url(u"/v1"_s).toString();
    const QStringList ask{u"ask"_s, u"--provider"_s, provider, u"-m"_s, u"local/x"_s, u"--timeout"_s, u"0.5"_s};
    const CliRun stalled = runCli(ask + QStringList{u"hi"_s});
    QCOMPARE(stalled.exitCode, 1);
    QVERIFY2(stalled.out.contains("stalled: no data for 0.5 s"), stalled.out.constData());
    QVERIFY2(stalled.out.contains("partial"), stalled.out.constData());
    const CliRun silent = runCli(ask + QStringList{u"hi"_s});
    QCOMPARE(silent.exitCode, 1);
    QVERIFY2(silent.out.contains("sent nothing for 0.5 s"), silent.out.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
