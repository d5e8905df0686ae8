// switchyard-cli with a real Secret Service (gnome-keyring in a private D-Bus
// session) and a private data folder: keys stored, shown masked, used by ask,
// removed — and never written to any file — and the price catalog commands.

#include "support/fixtureprovider.h"
#include "support/privatekeyring.h"
#include "support/privatesession.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Switchyard::TestSupport::PrivateKeyring;

namespace {

const QString Canary = u"sk-test-SWITCHYARD-cli-canary-0123456789"_s;

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keyLifecycle();
    void askUsesTheKeychainKey();
    void hostedProviderWithoutKeyIsRefused();
    void environmentWinsOverKeychain();
    void pricesImportIsKept();
    void pricesFetch();
    void noFileHoldsTheKey();

private:
    CliRun cli(const QStringList &arguments, const QByteArray &input = {}, const QHash<QString, QString> &extra = {});
    [[nodiscard]] QString dataDir() const { return m_keyring.session().rootPath() + u"/switchyard-data"_s; }

    PrivateKeyring m_keyring;
};

void TestCliKeys::initTestCase()
{
    QVERIFY2(m_keyring.start(), qPrintable(m_keyring.errorString()));
}

void TestCliKeys::cleanupTestCase()
{
    m_keyring.stop();
}

CliRun TestCliKeys::cli(const QStringList &arguments, const QByteArray &input, const QHash<QString, QString> &extra)
{
    QProcessEnvironment env = m_keyring.session().environment();
    for (const QString &name : env.keys()) {
        if (name.endsWith("_API_KEY"_L1))
            env.remove(name); // the developer's own keys must not leak into the test
    }
    for (auto it = extra.begin(); it != extra.end(); ++it)
        env.insert(it.key(), it.value());
    QProcess process;
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!finished.wait(20000))
        process.kill();
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestCliKeys::keyLifecycle()
{
    CliRun run = cli({u"key"_s, u"show"_s, u"anthropic"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(u"anthropic: no key (set ANTHROPIC_API_KEY"_s), qPrintable(run.out));

    run = cli({u"key"_s, u"set"_s, u"anthropic"_s}, Canary.toUtf8() + "\n");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"stored ****6789 in the system keychain"_s), qPrintable(run.out));
    QVERIFY(!run.out.contains(Canary) && !run.err.contains(Canary));

    run = cli({u"key"_s, u"show"_s, u"anthropic"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), u"anthropic: ****6789 from the system keychain"_s);

    run = cli({u"key"_s, u"list"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"anthropic: ****6789 from the system keychain"_s));
    QVERIFY(run.out.contains(u"openai: no key"_s));

    run = cli({u"key"_s, u"remove"_s, u"anthropic"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(cli({u"key"_s, u"show"_s, u"anthropic"_s}).exitCode, 1);

    run = cli({u"key"_s, u"set"_s, u"anthropic"_s}, "two words\n");
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(cli({u"key"_s, u"set"_s, u"no/such"_s}).exitCode, 2);
    QCOMPARE(cli({u"key"_s, u"frob"_s}).exitCode, 2);
}

void TestCliKeys::askUsesTheKeychainKey()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n"
                                "data: [DONE]\n\n"}});
    QCOMPARE(cli({u"key"_s, u"set"_s, u"local"_s}, Canary.toUtf8()).exitCode, 0);
    const CliRun run = cli({u"ask"_s, u"--data-dir"_s, dataDir(), u"--provider"_s,
                            u"local=openai,"_s + fixture.url(u"/v1"_s).toString(), u"-m"_s, u"local/m"_s, u"hello"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(fixture.requests().size(), 1);
    QCOMPARE(fixture.requests().first().headers.value("authorization"), "Bearer " + Canary.toUtf8());
    QVERIFY(!run.out.contains(Canary) && !run.err.contains(Canary));
}

void TestCliKeys::hostedProviderWithoutKeyIsRefused()
{
    // Refused by the call path before anything is sent, as in every caller.
    const CliRun run = cli({u"ask"_s, u"--data-dir"_s, dataDir(), u"-m"_s, u"openai/gpt-4o-mini"_s, u"hi"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(u"[error] No API key for OpenAI"_s) && run.out.contains(u"OPENAI_API_KEY"_s),
             qPrintable(run.out));
}

void TestCliKeys::environmentWinsOverKeychain()
{
    QCOMPARE(cli({u"key"_s, u"set"_s, u"openai"_s}, Canary.toUtf8()).exitCode, 0);
    const CliRun run = cli({u"key"_s, u"show"_s, u"openai"_s}, {}, {{u"OPENAI_API_KEY"_s, u"sk-from-the-environment-wxyz"_s}});
    QCOMPARE(run.out.trimmed(), u"openai: ****wxyz from OPENAI_API_KEY"_s);
    QCOMPARE(cli({u"key"_s, u"remove"_s, u"openai"_s}).exitCode, 0);
}

void TestCliKeys::pricesImportIsKept()
{
    const QString sample = QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/openrouter-models.json"_s;
    CliRun run = cli({u"prices"_s, u"import"_s, sample, u"--data-dir"_s, dataDir()});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(QRegularExpression(u"^imported .*: \\d+ added, 0 updated, 0 unchanged, \\d+ rejected"_s).match(run.out).hasMatch(),
             qPrintable(run.out));
    QVERIFY(QFile::exists(dataDir() + u"/openrouter-models.json"_s));

    // A later run, a new process: the imported prices are still there.
    run = cli({u"prices"_s, u"list"_s, u"openrouter/"_s, u"--data-dir"_s, dataDir()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.count(u"\nopenrouter "_s) >= 5, qPrintable(run.out));

    run = cli({u"prices"_s, u"import"_s, sample, u"--data-dir"_s, dataDir()});
    QVERIFY2(run.out.contains(u"0 added, 0 updated"_s), qPrintable(run.out));
    QCOMPARE(cli({u"prices"_s, u"import"_s, u"--data-dir"_s, dataDir()}).exitCode, 2);
}

void TestCliKeys::pricesFetch()
{
    QFile sample(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/openrouter-models.json"_s);
    QVERIFY(sample.open(QIODevice::ReadOnly));
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.contentType = "application/json", .chunks = {sample.readAll()}});
    fixture.enqueue({.status = 503, .contentType = "text/plain", .chunks = {"down"}});
    const QString other = m_keyring.session().rootPath() + u"/fetch-data"_s;
    CliRun run = cli({u"prices"_s, u"import"_s, u"--fetch"_s, u"--url"_s, fixture.url(u"/api/v1/models"_s).toString(),
                      u"--data-dir"_s, other});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(fixture.requests().first().path, "/api/v1/models"_ba);
    QVERIFY(run.out.contains(u"added"_s));
    run = cli({u"prices"_s, u"import"_s, u"--fetch"_s, u"--url"_s, fixture.url(u"/api/v1/models"_s).toString(),
               u"--data-dir"_s, other});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"HTTP 503"_s), qPrintable(run.err));
}

void TestCliKeys::noFileHoldsTheKey()
{
    // Everything the CLI and the keyring wrote lives under the session's root:
    // HOME, XDG folders, the data folder. Only the keyring may know the key,
    // and it keeps it encrypted.
    const QStringList leaks = m_keyring.session().filesContaining(Canary);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", "_s)));
    QVERIFY(!m_keyring.session().files().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliKeys)
#include "tst_clikeys.moc"
