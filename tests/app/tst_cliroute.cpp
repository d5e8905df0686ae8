// switchyard-cli route, run as a user or a CI job would run it: check a
// config and its tests, export it, import another gateway's config, replay
// the usage log.

#include "routing/configreader.h"
#include "usage/usagedatabase.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

const QString DataDir = QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing"_s;
const QByteArray FakeKey = "sk-fake-cliroute-0123456789abcdef";

// Written into the temporary folder; @TMP@ and @DATA@ in arguments and
// patterns are that folder and tests/data/routing.
const QHash<QString, QByteArray> &files()
{
    static const QHash<QString, QByteArray> f{
        {u"failing.yaml"_s, "version: 1\nroutes:\n  a:\n    targets: [openai/gpt-4o-mini]\n  b:\n    targets: [openai/gpt-4o]\n"
                            "rules:\n  - name: hr\n    when: {tags: [hr]}\n    route: b\ndefault: a\n"
                            "tests:\n  - name: hr goes to b\n    prompt: hi\n    tags: [hr]\n    expect: b\n"
                            "  - name: wrong on purpose\n    prompt: hi\n    expect: b\n"},
        {u"broken.yaml"_s, "version: 1\nroutes:\n  a:\n    tragets: [openai/gpt-4o-mini]\n"},
        {u"unreached.yaml"_s, "version: 1\nroutes:\n  a:\n    targets: [openai/gpt-4o-mini]\n  b:\n    targets: [openai/gpt-4o]\n"},
        {u"broken.json"_s, "{\"strategy\": {\"mode\": \"fallback\"},\n \"targets\": [}\n"},
        {u"broken-litellm.yaml"_s, "model_list:\n  - model_name: a\n    litellm_params:\n      api_key: os.environ/X\n"},
    };
    return f;
}

QString expand(QString text, const QString &tmp)
{
    return text.replace(u"@TMP@"_s, tmp).replace(u"@DATA@"_s, DataDir);
}

CliRun run(const QStringList &arguments, const QString &dataDir)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SWITCHYARD_DATA_DIR"_s, dataDir);
    // A key in the environment must never reach an export.
    env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(FakeKey));
    env.insert(u"ANTHROPIC_API_KEY"_s, QString::fromLatin1(FakeKey));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!process.waitForFinished(30000))
        process.kill();
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestCliRoute final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandLine_data();
    void commandLine();
    void exportWritesAFile_data();
    void exportWritesAFile();
    void importWritesOurYaml();
    void simulateReplaysTheLog();

private:
    QTemporaryDir m_tmp;
};

void TestCliRoute::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    for (auto it = files().begin(); it != files().end(); ++it) {
        QFile file(m_tmp.filePath(it.key()));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(it.value()) == it.value().size());
    }
}

void TestCliRoute::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern");
    QTest::addColumn<QString>("stderrPattern");

    QTest::newRow("check: team.yaml passes")
        << QStringList{u"route"_s, u"check"_s, u"@DATA@/team.yaml"_s} << 0
        << u"pass  a password goes local: rule 'secrets stay local' → route private\n.*pass  small talk: no rule "
           "matched → default route fast-cheap\n.*5 tests, 0 failed"_s
        << u"^$"_s;
    QTest::newRow("check: a failing test")
        << QStringList{u"route"_s, u"check"_s, u"@TMP@/failing.yaml"_s} << 1
        << u"pass  hr goes to b: rule 'hr' → route b\nFAIL  wrong on purpose: expected route b, got .*a.*2 tests, 1 failed"_s
        << u"@TMP@/failing.yaml:17:5: error: test 'wrong on purpose' failed"_s;
    QTest::newRow("check: errors at their line and column")
        << QStringList{u"route"_s, u"check"_s, u"@TMP@/broken.yaml"_s} << 1 << u"^$"_s
        << u"@TMP@/broken.yaml:4:5: error: unknown key 'tragets'"_s;
    QTest::newRow("check: warnings do not fail")
        << QStringList{u"route"_s, u"check"_s, u"@TMP@/unreached.yaml"_s} << 0 << u"0 tests, 0 failed"_s
        << u"@TMP@/unreached.yaml:5:3: warning: no rule leads to route 'b'"_s;
    QTest::newRow("check: no such file")
        << QStringList{u"route"_s, u"check"_s, u"@TMP@/missing.yaml"_s} << 1 << u"^$"_s << u"missing.yaml"_s;
    QTest::newRow("export: unsupported on stderr, no key anywhere")
        << QStringList{u"route"_s, u"export"_s, u"--to"_s, u"litellm"_s, u"@DATA@/team.yaml"_s} << 0
        << u"^(?!.*sk-fake).*model_list:.*api_key: os.environ/OPENAI_API_KEY"_s
        << u"^(?!.*sk-fake).*unsupported: rule 'secrets stay local' \\(→ private\\): LiteLLM has no request rules"_s;
    QTest::newRow("export: one route to OpenRouter")
        << QStringList{u"route"_s, u"export"_s, u"--to"_s, u"openrouter"_s, u"--route"_s, u"long-context"_s,
                       u"@DATA@/team.yaml"_s}
        << 0 << u"\"models\": \\[\\s*\"google/gemini-2.5-pro\",\\s*\"anthropic/claude-sonnet-4-0\"\\s*\\]"_s
        << u"unsupported: route 'long-context': min_context 200000"_s;
    QTest::newRow("export: a provider's base URL")
        << QStringList{u"route"_s, u"export"_s, u"--to"_s, u"portkey"_s, u"--route"_s, u"private"_s,
                       u"--provider"_s, u"local=openai,http://127.0.0.1:9999/v1"_s, u"@DATA@/team.yaml"_s}
        << 0 << u"\"custom_host\": \"http://127.0.0.1:9999/v1\""_s << u"note: no keys in the config"_s;
    QTest::newRow("export: unknown format") << QStringList{u"route"_s, u"export"_s, u"--to"_s, u"kong"_s, u"@DATA@/team.yaml"_s}
                                            << 2 << u"^$"_s << u"say --to litellm, portkey or openrouter"_s;
    QTest::newRow("export: unknown route")
        << QStringList{u"route"_s, u"export"_s, u"--to"_s, u"portkey"_s, u"--route"_s, u"nope"_s, u"@DATA@/team.yaml"_s}
        << 2 << u"^$"_s << u"has no route 'nope' \\(it has: fast-cheap, code, long-context, private\\)"_s;
    QTest::newRow("import: Portkey to stdout")
        << QStringList{u"route"_s, u"import"_s, u"@DATA@/portkey-fallback.json"_s} << 0
        << u"^(?!.*never-copied)version: 1\n.*routes:\n  main:\n.*anthropic/claude-3-5-sonnet-20240620"_s
        << u"^(?!.*never-copied).*note: config.targets\\[0\\]: api_key is not imported"_s;
    QTest::newRow("import: LiteLLM notes")
        << QStringList{u"route"_s, u"import"_s, u"--from"_s, u"litellm"_s, u"@DATA@/litellm-proxy.yaml"_s} << 0
        << u"^(?!.*never-copied)version: 1\n.*  gpt-4o:\n    strategy: weighted"_s
        << u"^(?!.*never-copied).*note: deployment 1 of 'vllm-qwen': api_key is written into the file"_s;
    QTest::newRow("import: broken JSON")
        << QStringList{u"route"_s, u"import"_s, u"@TMP@/broken.json"_s} << 1 << u"^$"_s
        << u"@TMP@/broken.json:2:14: error: not valid JSON"_s;
    QTest::newRow("import: our own config is not imported")
        << QStringList{u"route"_s, u"import"_s, u"@DATA@/team.yaml"_s} << 1 << u"^$"_s
        << u"team.yaml reads as a Switchyard routing config, not LiteLLM's or Portkey's"_s;
    QTest::newRow("import: LiteLLM error position")
        << QStringList{u"route"_s, u"import"_s, u"@TMP@/broken-litellm.yaml"_s} << 1 << u"^$"_s
        << u"@TMP@/broken-litellm.yaml:4:7: error: litellm_params.model must name the model"_s;
    QTest::newRow("no action") << QStringList{u"route"_s} << 2 << u"^$"_s << u"say check, export, import or simulate"_s;
    QTest::newRow("unknown action") << QStringList{u"route"_s, u"frob"_s, u"x"_s} << 2 << u"^$"_s << u"unknown action 'frob'"_s;
    QTest::newRow("two files") << QStringList{u"route"_s, u"check"_s, u"a"_s, u"b"_s} << 2 << u"^$"_s
                               << u"check takes one file"_s;
    QTest::newRow("simulate: days must be positive")
        << QStringList{u"route"_s, u"simulate"_s, u"--days"_s, u"0"_s, u"@DATA@/team.yaml"_s} << 2 << u"^$"_s
        << u"--days takes a whole number from 1"_s;
    QTest::newRow("help") << QStringList{u"route"_s, u"--help"_s} << 0 << u"route export --to litellm\\|portkey\\|openrouter"_s
                          << u"^$"_s;
}

void TestCliRoute::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    QFETCH(QString, stderrPattern);
    for (QString &a : arguments)
        a = expand(a, m_tmp.path());
    QTemporaryDir dataDir;
    const CliRun r = run(arguments, dataDir.path());
    QVERIFY2(r.exitCode == exitCode, qPrintable(u"exit code %1, stderr: %2"_s.arg(r.exitCode).arg(r.err)));
    const auto options = QRegularExpression::DotMatchesEverythingOption;
    const QString outPattern = expand(stdoutPattern, QRegularExpression::escape(m_tmp.path()));
    const QString errPattern = expand(stderrPattern, QRegularExpression::escape(m_tmp.path()));
    QVERIFY2(QRegularExpression(outPattern, options).match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY2(QRegularExpression(errPattern, options).match(r.err).hasMatch(), qPrintable(r.err));
}

void TestCliRoute::exportWritesAFile_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("litellm") << u"litellm"_s;
    QTest::newRow("portkey") << u"portkey"_s;
    QTest::newRow("openrouter") << u"openrouter"_s;
}

void TestCliRoute::exportWritesAFile()
{
    QFETCH(QString, format);
    QTemporaryDir dataDir;
    const QString out = m_tmp.filePath(u"export-"_s + format);
    const CliRun r = run({u"route"_s, u"export"_s, u"--to"_s, format, u"-o"_s, out, DataDir + u"/team.yaml"_s}, dataDir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    QVERIFY(r.err.contains(u"unsupported: "_s));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(!text.contains(FakeKey));
    if (format == "litellm"_L1)
        QVERIFY(text.contains("model_list:"));
    else
        QVERIFY(QJsonDocument::fromJson(text).isObject());
}

void TestCliRoute::importWritesOurYaml()
{
    QTemporaryDir dataDir;
    const QString out = m_tmp.filePath(u"imported.yaml"_s);
    const CliRun r = run({u"route"_s, u"import"_s, DataDir + u"/portkey-conditional.json"_s, u"-o"_s, out}, dataDir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.err.contains(u"note: targets[0]: virtual_key is not imported"_s));
    // What it wrote is a config `route check` and the reader take.
    const auto read = Switchyard::Routing::ConfigReader::readFile(out);
    QVERIFY(read);
    QCOMPARE(read->config.routes.size(), 3);
    QCOMPARE(read->config.defaultRoute, u"fast"_s);
    const CliRun checked = run({u"route"_s, u"check"_s, out}, dataDir.path());
    QVERIFY2(checked.exitCode == 0, qPrintable(checked.err));
}

void TestCliRoute::simulateReplaysTheLog()
{
    QTemporaryDir dataDir;
    {
        auto db = Switchyard::Usage::UsageDatabase::open(Switchyard::Usage::UsageDatabase::fileIn(dataDir.path()));
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        QList<Switchyard::Usage::UsageRecord> records;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 6; ++i) {
            Switchyard::Usage::UsageRecord r;
            r.timeMs = now - qint64(i) * 3'600'000;
            r.provider = u"openai"_s;
            r.model = u"gpt-4o"_s;
            r.tokensIn = 1000;
            r.tokensOut = 200;
            r.costNanoUsd = 4'500'000;
            r.ttftMs = 400;
            r.totalMs = 2000;
            r.project = i < 2 ? u"hr"_s : QString();
            r.status = i == 5 ? Switchyard::Usage::Status::Error : Switchyard::Usage::Status::Ok;
            records.append(r);
        }
        QVERIFY(db->insert(records));
    }
    const CliRun r = run({u"route"_s, u"simulate"_s, u"--days"_s, u"7"_s, DataDir + u"/team.yaml"_s}, dataDir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // Five answered calls: the two of project hr go to the private route (tag rule), the rest to the default.
    QVERIFY2(QRegularExpression(u"fast-cheap\\s+3\\s"_s).match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY2(QRegularExpression(u"private\\s+2\\s"_s).match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY2(QRegularExpression(u"total\\s+5\\s"_s).match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"unanswered calls (failed or cancelled, not replayed): 1"_s), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestCliRoute)
#include "tst_cliroute.moc"
