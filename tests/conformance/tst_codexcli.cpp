// The gateway's Responses front as Codex CLI sees it: npm @openai/codex, its
// native program, `codex exec` offline with a private CODEX_HOME whose
// config.toml names the gateway as a model provider with
// wire_api = "responses" — exactly the set-up the README gives — and the
// router behind the gateway talking to an OpenAI Chat Completions fixture
// provider, so every answer crosses from one wire format to the other. Codex
// prints the fixture's answer; and it runs a shell command the model calls,
// the command's output going back through the gateway as the upstream's
// tool message for the same call.

#include "support/gatewayharness.h"
#include "support/openaireplies.h"

#include <QFile>
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
using TestSupport::GatewayHarness;
namespace Replies = TestSupport::OpenAiReplies;

namespace {

const QString codex = QStringLiteral(SWITCHYARD_NPM_DIR)
    + u"/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex"_s;

const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  codex:\n"
                          "    targets: [one/model-a]\n"
                          "default: codex\n";

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCodexCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheAnswer();
    void toolRound();

private:
    static Run runCodex(GatewayHarness &h, const QString &workDir, const QStringList &arguments);
};

void TestCodexCli::initTestCase()
{
    QVERIFY2(QFileInfo(codex).isExecutable(),
             "Codex CLI's program is not installed: the conformance_npm_ci setup test installs it");
}

Run TestCodexCli::runCodex(GatewayHarness &h, const QString &workDir, const QStringList &arguments)
{
    QTemporaryDir home;
    QDir(home.path()).mkpath(u"codex"_s);
    QFile toml(home.filePath(u"codex/config.toml"_s));
    if (!toml.open(QIODevice::WriteOnly))
        return {};
    // The README's provider entry.
    toml.write("model = \"codex\"\n"
               "model_provider = \"switchyard\"\n"
               "[model_providers.switchyard]\n"
               "name = \"Switchyard\"\n"
               "base_url = \"" + h.gateway().baseUrl().toString().toUtf8() + "\"\n"
               "env_key = \"SWITCHYARD_TOKEN\"\n"
               "wire_api = \"responses\"\n");
    toml.close();
    QProcessEnvironment environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"PATH"_s, u"LANG"_s, u"TZ"_s}) {
        if (system.contains(name))
            environment.insert(name, system.value(name));
    }
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"CODEX_HOME"_s, home.filePath(u"codex"_s));
    environment.insert(u"SWITCHYARD_TOKEN"_s, QString::fromLatin1(GatewayHarness::Token));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(workDir);
    // Nothing on standard input: codex exec would read it as more prompt.
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(codex, QStringList{u"exec"_s, u"--skip-git-repo-check"_s} + arguments);
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(120000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

void TestCodexCli::printsTheAnswer()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    h.upstream().enqueue(Replies::text({u"The fixture "_s, u"says 42."_s}, 900, 5));
    QTemporaryDir work;
    const Run run = runCodex(h, work.path(), {u"What does the fixture say?"_s});
    QVERIFY2(run.exitCode == 0, run.err.right(3000).constData());
    QVERIFY2(run.out.contains("The fixture says 42."), run.out.constData());
    // Codex's request, in the upstream's format: its developer instructions
    // as system messages, its tools, the user's words.
    QVERIFY(!h.upstream().requests().isEmpty());
    const QJsonObject sent = h.upstreamBody(h.upstream().requests().size() - 1);
    QCOMPARE(sent.value(u"messages"_s).toArray().first()[u"role"_s].toString(), u"system"_s);
    QVERIFY(!sent.value(u"tools"_s).toArray().isEmpty());
    QVERIFY(QJsonDocument(sent).toJson().contains("What does the fixture say?"));
    const auto rows = h.loggedCalls();
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows.last().status, Usage::Status::Ok);
    QCOMPARE(rows.last().tokensIn, 900);
}

void TestCodexCli::toolRound()
{
    GatewayHarness h;
    QCOMPARE(h.start(config), QString());
    QTemporaryDir work;
    QFile note(work.filePath(u"note.txt"_s));
    QVERIFY(note.open(QIODevice::WriteOnly));
    note.write("The secret word is PELICAN.\n");
    note.close();
    // The model runs a command with Codex's exec_command tool, then answers.
    h.upstream().enqueue(Replies::toolCall(u"call_cat_1"_s, u"exec_command"_s, {u"{\"cmd\":"_s, u"\"cat note.txt\"}"_s}));
    h.upstream().enqueue(Replies::text({u"The word is PELICAN."_s}));
    // No sandbox: the build root has no user namespaces for bubblewrap, and
    // the one command is the fixture's own.
    const Run run = runCodex(h, work.path(),
                             {u"--dangerously-bypass-approvals-and-sandbox"_s, u"What is the secret word in note.txt?"_s});
    QVERIFY2(run.exitCode == 0, run.err.right(3000).constData());
    QVERIFY2(run.out.contains("The word is PELICAN."), run.out.constData());
    QVERIFY(h.upstream().requests().size() >= 2);
    const QJsonArray sent = h.upstreamBody(h.upstream().requests().size() - 1).value(u"messages"_s).toArray();
    const auto call = std::find_if(sent.begin(), sent.end(), [](const QJsonValue &m) {
        return m[u"role"_s].toString() == "assistant"_L1 && m[u"tool_calls"_s][0][u"id"_s].toString() == "call_cat_1"_L1;
    });
    QVERIFY2(call != sent.end(), QJsonDocument(sent).toJson().constData());
    const auto result = std::find_if(sent.begin(), sent.end(), [](const QJsonValue &m) {
        return m[u"role"_s].toString() == "tool"_L1 && m[u"tool_call_id"_s].toString() == "call_cat_1"_L1;
    });
    QVERIFY2(result != sent.end(), QJsonDocument(sent).toJson().constData());
    QVERIFY2((*result)[u"content"_s].toString().contains(u"PELICAN"_s), qPrintable((*result)[u"content"_s].toString()));
}

QTEST_GUILESS_MAIN(TestCodexCli)
#include "tst_codexcli.moc"
