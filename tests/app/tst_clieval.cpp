// switchyard-cli eval as CI runs it: exit codes for passing, failing and
// broken suites, a regression against a baseline, a run stopped by a signal
// and resumed without sending done work again, list/show, and the promptfoo
// import — all against a fixture provider on 127.0.0.1.

#include "support/fixtureprovider.h"
#include "support/openaireplies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCliEval final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void exitCodes_data();
    void exitCodes();
    void baselineRegression();
    void stopAndResume();
    void listAndShow();
    void importPromptfoo();
    void ratingsFromJudgeScores();

private:
    struct CliRun {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    CliRun runCli(const QStringList &arguments);
    QString writeSuite(const QByteArray &yaml, const QString &name = u"suite.yaml"_s);
    QString provider() const { return u"local=openai,"_s + m_fixture->url(u"/v1"_s).toString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FixtureProvider> m_fixture;
    QString m_greeting = u"Hello"_s;
    int m_dripMs = 0;
};

namespace {

QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = QJsonDocument::fromJson(request.body)[u"messages"_s].toArray();
    return messages.isEmpty() ? QString() : messages.last()[u"content"_s].toString();
}

const QByteArray passing = "version: 1\nname: smoke\ntargets: [local/m]\n"
                           "tests:\n  - vars: {q: hello}\n    prompt: \"Say {{q}}\"\n"
                           "    assert:\n      - {type: contains, value: \"Hello\"}\n";

} // namespace

void TestCliEval::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fixture = std::make_unique<FixtureProvider>();
    QVERIFY(m_fixture->listen());
    m_greeting = u"Hello"_s;
    m_dripMs = 0;
    m_fixture->setResponder([this](const RecordedRequest &request) {
        FixtureReply reply = Switchyard::TestSupport::OpenAiReplies::text({m_greeting + u", "_s, promptOf(request)});
        reply.chunkDelayMs = m_dripMs;
        return reply;
    });
}

TestCliEval::CliRun TestCliEval::runCli(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, m_dir->filePath(u"data"_s)); // never the developer's own
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!finished.wait(30000))
        process.kill();
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QString TestCliEval::writeSuite(const QByteArray &yaml, const QString &name)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(yaml);
    return file.fileName();
}

void TestCliEval::exitCodes_data()
{
    QTest::addColumn<QByteArray>("suite");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output"); // in stdout, or stderr when the code is 2

    QTest::newRow("passes") << passing << QStringList{} << 0 << u"| Say hello | ✓ pass"_s;
    QByteArray failing = passing;
    failing.replace("value: \"Hello\"", "value: \"Goodbye\"");
    QTest::newRow("assertion fails") << failing << QStringList{} << 1 << u"contains: the answer does not contain \"Goodbye\""_s;
    QTest::newRow("json") << passing << QStringList{u"--json"_s} << 0 << u"\"status\": \"pass\""_s;
    QByteArray broken = passing;
    broken.replace("prompt:", "promt:");
    QTest::newRow("suite with errors") << broken << QStringList{} << 2 << u"suite.yaml:6:5: unknown key 'promt' in a test"_s;
    QByteArray unknown = passing;
    unknown.replace("local/m", "nosuch/m");
    QTest::newRow("unknown provider") << unknown << QStringList{} << 2 << u"unknown model or route 'nosuch/m'"_s;
    QTest::newRow("baseline missing") << passing << QStringList{u"--baseline"_s, u"999"_s} << 2 << u"no run '999'"_s;
}

void TestCliEval::exitCodes()
{
    QFETCH(QByteArray, suite);
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    const CliRun run = runCli(QStringList{u"eval"_s, u"run"_s, writeSuite(suite), u"--provider"_s, provider()} + extra);
    QCOMPARE(run.exitCode, exitCode);
    const QString text = QString::fromUtf8(exitCode == 2 ? run.err : run.out);
    QVERIFY2(text.contains(output), qPrintable(text + QString::fromUtf8(run.err)));
}

void TestCliEval::baselineRegression()
{
    const QString suite = writeSuite(passing);
    QCOMPARE(runCli({u"eval"_s, u"run"_s, suite, u"--provider"_s, provider()}).exitCode, 0);
    // The same suite against the same baseline: nothing regressed.
    QCOMPARE(runCli({u"eval"_s, u"run"_s, suite, u"--provider"_s, provider(), u"--baseline"_s, u"last"_s}).exitCode, 0);
    m_greeting = u"Hi"_s;
    const CliRun run = runCli({u"eval"_s, u"run"_s, suite, u"--provider"_s, provider(), u"--baseline"_s, u"1"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json[u"summary"_s][u"regressed"_s].toInt(), 1);
    QCOMPARE(json[u"cells"_s][0][u"change"_s].toString(), u"regressed"_s);
    QVERIFY2(run.err.contains("1 cell(s) regressed against run 1"), run.err.constData());
}

void TestCliEval::stopAndResume()
{
    m_dripMs = 60;
    QByteArray yaml = "version: 1\nname: long\ntargets: [local/m]\nconcurrency: 1\nprompts: [\"Count {{n}}\"]\ntests:\n";
    for (int i = 1; i <= 8; ++i)
        yaml += "  - vars: {n: " + QByteArray::number(i) + "}\n";
    const QString suite = writeSuite(yaml);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, m_dir->filePath(u"data"_s));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), {u"eval"_s, u"run"_s, suite, u"--provider"_s, provider()});
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->requests().size() >= 3, 20000);
    process.terminate(); // SIGTERM: stop, keep what is done
    QVERIFY(finished.wait(20000));
    QCOMPARE(process.exitCode(), 1);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("stopped; resume with: switchyard-cli eval run"), err.constData());
    const qsizetype sentBefore = m_fixture->requests().size();
    QVERIFY(sentBefore < 8);

    m_dripMs = 0;
    const CliRun resumed = runCli({u"eval"_s, u"run"_s, suite, u"--provider"_s, provider(), u"--resume"_s, u"last"_s, u"--json"_s});
    QCOMPARE(resumed.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(resumed.out).object();
    QCOMPARE(json[u"summary"_s][u"passed"_s].toInt(), 8);
    QCOMPARE(json[u"state"_s].toString(), u"done"_s);
    // Each case was answered once and kept; the one cut by the signal was sent again.
    QStringList prompts;
    for (const RecordedRequest &r : m_fixture->requests())
        prompts.append(promptOf(r));
    QVERIFY(m_fixture->requests().size() <= 9);
    for (int i = 1; i <= 8; ++i)
        QVERIFY(prompts.contains(u"Count %1"_s.arg(i)));
}

void TestCliEval::listAndShow()
{
    QCOMPARE(runCli({u"eval"_s, u"list"_s}).out, QByteArray("No evaluation runs yet: switchyard-cli eval run SUITE.yaml\n"));
    QCOMPARE(runCli({u"eval"_s, u"run"_s, writeSuite(passing), u"--provider"_s, provider()}).exitCode, 0);
    const CliRun list = runCli({u"eval"_s, u"list"_s, u"--json"_s});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray runs = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first()[u"suite"_s].toString(), u"smoke"_s);
    QCOMPARE(runs.first()[u"passed"_s].toInt(), 1);
    const CliRun table = runCli({u"eval"_s, u"list"_s});
    QVERIFY2(table.out.startsWith("run  suite  started"), table.out.constData());
    const CliRun csv = runCli({u"eval"_s, u"show"_s, u"1"_s, u"--csv"_s});
    QCOMPARE(csv.exitCode, 0);
    QVERIFY2(csv.out.contains("0,Say hello,local/m,1,pass,"), csv.out.constData());
    QVERIFY(csv.out.endsWith("\"Hello, Say hello\"\r\n") || csv.out.endsWith("\"Hello, Say hello\"\r\n"));
    QCOMPARE(runCli({u"eval"_s, u"show"_s, u"7"_s}).exitCode, 2);
    QCOMPARE(runCli({u"eval"_s}).exitCode, 2);
    QCOMPARE(runCli({u"eval"_s, u"frobnicate"_s}).exitCode, 2);
    const CliRun help = runCli({u"eval"_s, u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("switchyard-cli eval run SUITE.yaml [--baseline RUN|last]"));
}

void TestCliEval::importPromptfoo()
{
    const QString config = writeSuite("prompts: [\"Tell me about {{topic}}\"]\n"
                                      "providers: [openai:gpt-4o-mini, exec:./model.sh]\n"
                                      "tests:\n  - vars: {topic: owls}\n    assert:\n"
                                      "      - {type: icontains, value: owl}\n      - {type: python, value: x}\n",
                                      u"promptfooconfig.yaml"_s);
    const QString out = m_dir->filePath(u"imported.yaml"_s);
    const CliRun run = runCli({u"eval"_s, u"import"_s, config, u"-o"_s, out});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QString::fromUtf8(run.err),
             config + u":2:33: provider 'exec:./model.sh' has no Switchyard equivalent and was left out\n"_s + config
                 + u":7:9: assertion type 'python' has no Switchyard equivalent and was left out\n"_s);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray yaml = file.readAll();
    QVERIFY2(yaml.contains("name: \"promptfooconfig\""), yaml.constData());
    QVERIFY(yaml.contains("{type: \"contains\", value: \"owl\", ignore_case: true}")
            || yaml.contains("{ignore_case: true, type: \"contains\", value: \"owl\"}"));
}

void TestCliEval::ratingsFromJudgeScores()
{
    QCOMPARE(runCli({u"eval"_s, u"ratings"_s}).out, QByteArray("No Compare votes or judge scores to rate models by yet.\n"));
    // Each model signs its answer; the judge likes model a's best, then b's, then c's.
    m_fixture->setResponder([](const RecordedRequest &request) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const QString model = body[u"model"_s].toString();
        if (model == "judge"_L1) {
            const QString prompt = promptOf(request);
            const double score = prompt.contains(u"signed a"_s) ? 0.9 : prompt.contains(u"signed b"_s) ? 0.6 : 0.2;
            return Switchyard::TestSupport::OpenAiReplies::text({u"{\"score\": %1, \"reason\": \"ok\"}"_s.arg(score)});
        }
        return Switchyard::TestSupport::OpenAiReplies::text({u"An answer, signed "_s + model});
    });
    const QString suite = writeSuite("version: 1\nname: rated\ntargets: [local/a, local/b, local/c]\njudge: local/judge\n"
                                     "repeats: 2\nassert: [{type: judge, value: helpful}]\n"
                                     "tests: [{prompt: one}, {prompt: two}, {prompt: three}]\n");
    QCOMPARE(runCli({u"eval"_s, u"run"_s, suite, u"--provider"_s, provider()}).exitCode, 1); // c fails its judge
    const CliRun run = runCli({u"eval"_s, u"ratings"_s, u"--json"_s, u"--tag"_s, u"rated"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray ratings = QJsonDocument::fromJson(run.out)[u"ratings"_s].toArray();
    QCOMPARE(ratings.size(), 3);
    QStringList order;
    for (const QJsonValue &r : ratings)
        order.append(r[u"model"_s].toString());
    QCOMPARE(order, (QStringList{u"local/a"_s, u"local/b"_s, u"local/c"_s}));
    // Six cases and repeats, each a game against both others.
    QCOMPARE(ratings.first()[u"comparisons"_s].toInt(), 12);
    QVERIFY(ratings.first()[u"low"_s].toDouble() < ratings.first()[u"rating"_s].toDouble());
    const CliRun table = runCli({u"eval"_s, u"ratings"_s});
    QVERIFY2(table.out.startsWith("#  model    rating  95% interval  comparisons  score\n1  local/a"), table.out.constData());
    QCOMPARE(runCli({u"eval"_s, u"ratings"_s, u"--tag"_s, u"nosuch"_s}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliEval)
#include "tst_clieval.moc"
