// The Evaluate page against fixture providers on 127.0.0.1: a suite with
// errors shows them; a run fills the matrix through the router; a baseline
// highlights a regression; exports; a cell opens its answer; Cancel stops a
// run that Resume finishes.

#include "support/fixtureprovider.h"
#include "support/openaireplies.h"

#include "eval/runcomparison.h"
#include "evaluate/answerdialog.h"
#include "evaluate/evalmatrixmodel.h"
#include "evaluate/evaluatepage.h"
#include "evaluate/ratingsdialog.h"
#include "markdown/markdownview.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/router.h"
#include "usage/usagestore.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::EvaluateUi;

class TestEvaluatePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void suiteErrorsAreShown();
    void runBaselineExportAndAnswer();
    void cancelAndResume();

private:
    QString write(const QString &name, const QByteArray &text);
    bool waitForRun(EvaluatePage &page);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FixtureProvider> m_fixture;
    std::unique_ptr<Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Routing::Router> m_router;
    QString m_greeting = u"Hello"_s;
    int m_dripMs = 0;
};

namespace {

QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = QJsonDocument::fromJson(request.body)[u"messages"_s].toArray();
    return messages.isEmpty() ? QString() : messages.last()[u"content"_s].toString();
}

const QByteArray suite = "version: 1\nname: page\ntargets: [one/model-a, one/model-b]\n"
                         "prompts: [\"Greet {{who}}\"]\n"
                         "tests:\n"
                         "  - vars: {who: ada}\n    assert: [{type: contains, value: Hello}]\n"
                         "  - vars: {who: bob}\n    assert: [{type: contains, value: bob}]\n";

} // namespace

void TestEvaluatePage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fixture = std::make_unique<FixtureProvider>();
    QVERIFY(m_fixture->listen());
    m_greeting = u"Hello"_s;
    m_dripMs = 0;
    m_fixture->setResponder([this](const RecordedRequest &request) {
        FixtureReply reply = TestSupport::OpenAiReplies::text({m_greeting + u" "_s, promptOf(request).section(u' ', 1)});
        reply.chunkDelayMs = m_dripMs;
        return reply;
    });
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    m_usage = std::make_unique<Usage::UsageStore>(m_dir->filePath(u"usage.sqlite3"_s));
    Routing::Router::Services services;
    services.network = m_network.get();
    services.usage = m_usage.get();
    services.provider = FixtureProvider::openAiProviders({{u"one"_s, m_fixture.get()}});
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(Routing::RoutingConfig{}));
}

void TestEvaluatePage::cleanup()
{
    m_router.reset();
    m_usage.reset();
    m_network.reset();
    m_fixture.reset();
    m_dir.reset();
}

QString TestEvaluatePage::write(const QString &name, const QByteArray &text)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    return file.fileName();
}

bool TestEvaluatePage::waitForRun(EvaluatePage &page)
{
    QSignalSpy finished(&page, &EvaluatePage::runFinished);
    return finished.wait(20000);
}

void TestEvaluatePage::suiteErrorsAreShown()
{
    EvaluatePage page({.router = m_router.get(), .usage = m_usage.get()});
    QByteArray broken = suite;
    broken.replace("prompts:", "prompt:");
    QVERIFY(!page.openSuite(write(u"broken.yaml"_s, broken)));
    QVERIFY2(page.problemsText().startsWith(u"broken.yaml:4:1: unknown key 'prompt' in the suite"_s),
             qPrintable(page.problemsText()));
    QVERIFY(!page.findChild<QPushButton *>(u"evalRun"_s)->isEnabled());
    QVERIFY(page.openSuite(write(u"suite.yaml"_s, suite)));
    QVERIFY(page.problemsText().isEmpty());
    QVERIFY(page.findChild<QPushButton *>(u"evalRun"_s)->isEnabled());
}

void TestEvaluatePage::runBaselineExportAndAnswer()
{
    EvaluatePage page({.router = m_router.get(), .usage = m_usage.get()});
    QAbstractItemModelTester tester(page.matrix(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(page.openSuite(write(u"suite.yaml"_s, suite)));
    page.run();
    QVERIFY(waitForRun(page));
    EvalMatrixModel *m = page.matrix();
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(m->columnCount(), 2);
    QCOMPARE(m->headerData(1, Qt::Horizontal).toString(), u"one/model-b"_s);
    QCOMPARE(m->headerData(1, Qt::Vertical).toString(), u"Greet bob"_s);
    QCOMPARE(m->index(0, 0).data(EvalMatrixModel::PassedRole).toBool(), true);
    QCOMPARE(m->index(1, 1).data(EvalMatrixModel::PassedRole).toBool(), true);
    QVERIFY(m->index(0, 0).data().toString().startsWith(u"✓ pass\n$0 · "_s));
    QCOMPARE(page.runs().size(), 1);
    QCOMPARE(page.runs().first().passed, 4);
    QVERIFY2(page.summaryText().startsWith(u"4 passed · 0 failed · 0 errors of 4 answers"_s), qPrintable(page.summaryText()));
    const qint64 first = page.runs().first().id;

    // The model stops greeting: "Greet ada" regresses at both targets.
    m_greeting = u"Hi"_s;
    page.run();
    QVERIFY(waitForRun(page));
    QCOMPARE(page.runs().size(), 2);
    QSignalSpy loaded(&page, &EvaluatePage::loaded);
    page.setBaseline(first);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(m->index(0, 0).data(EvalMatrixModel::ChangeRole).toInt(), int(Eval::EvalCell::Change::Regressed));
    QCOMPARE(m->index(1, 0).data(EvalMatrixModel::ChangeRole).toInt(), int(Eval::EvalCell::Change::None));
    QVERIFY(m->index(0, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!m->index(1, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY2(page.summaryText().contains(u"against #%1: 2 regressed, 0 improved"_s.arg(first)), qPrintable(page.summaryText()));

    const QString md = m_dir->filePath(u"run.md"_s);
    const QString json = m_dir->filePath(u"run.json"_s);
    const QString csv = m_dir->filePath(u"run.csv"_s);
    QVERIFY(page.exportRun(EvaluatePage::Format::Markdown, md));
    QVERIFY(page.exportRun(EvaluatePage::Format::Json, json));
    QVERIFY(page.exportRun(EvaluatePage::Format::Csv, csv));
    QFile mdFile(md);
    QVERIFY(mdFile.open(QIODevice::ReadOnly));
    QVERIFY(mdFile.readAll().contains("| Greet ada | ✗ fail · $0"));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(jsonFile.readAll())[u"summary"_s][u"regressed"_s].toInt(), 2);
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QVERIFY(csvFile.readAll().contains(",regressed,,Hi ada\r\n"));

    std::unique_ptr<AnswerDialog> dialog(page.openCell(m->index(0, 1)));
    QVERIFY(dialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    QCOMPARE(dialog->answerView()->toPlainText().trimmed(), u"Hi ada"_s);

    // No judge in this suite, so nothing to rate: the table is empty, the tags too.
    std::unique_ptr<RatingsDialog> ratings(page.showRatings());
    ratings->setAttribute(Qt::WA_DeleteOnClose, false);
    QSignalSpy ratingsLoaded(ratings.get(), &RatingsDialog::loaded);
    QVERIFY(ratingsLoaded.wait(5000));
    QCOMPARE(ratings->table()->rowCount(), 0);
}

void TestEvaluatePage::cancelAndResume()
{
    m_dripMs = 40;
    QByteArray yaml = "version: 1\nname: slow\ntargets: [one/m]\nconcurrency: 1\nprompts: [\"Count {{n}}\"]\ntests:\n";
    for (int i = 1; i <= 6; ++i)
        yaml += "  - vars: {n: " + QByteArray::number(i) + "}\n";
    EvaluatePage page({.router = m_router.get(), .usage = m_usage.get()});
    QVERIFY(page.openSuite(write(u"slow.yaml"_s, yaml)));
    page.run();
    QTRY_VERIFY_WITH_TIMEOUT(page.isRunning(), 5000);
    QVERIFY(page.findChild<QPushButton *>(u"evalCancel"_s)->isVisibleTo(&page));
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->requests().size() >= 2, 10000);
    QTest::keyClick(&page, Qt::Key_Escape); // Esc cancels, as the Cancel button does
    QVERIFY(waitForRun(page));
    QCOMPARE(page.runs().first().state, Eval::EvalRun::State::Stopped);
    const int kept = page.runs().first().finishedResults();
    QVERIFY(kept >= 1 && kept < 6);
    QVERIFY(page.findChild<QPushButton *>(u"evalResume"_s)->isVisibleTo(&page));

    const qsizetype sent = m_fixture->requests().size();
    m_dripMs = 0;
    page.resume();
    QVERIFY(waitForRun(page));
    QCOMPARE(page.runs().size(), 1);
    QCOMPARE(page.runs().first().state, Eval::EvalRun::State::Done);
    QCOMPARE(page.runs().first().passed, 6);
    QCOMPARE(m_fixture->requests().size() - sent, 6 - kept);
    QVERIFY(!page.findChild<QPushButton *>(u"evalResume"_s)->isVisibleTo(&page));
}

QTEST_MAIN(TestEvaluatePage)
#include "tst_evaluatepage.moc"
