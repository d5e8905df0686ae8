// The Compare page on the offscreen platform against fixture providers over
// real HTTP: one prompt to three panes where one fails, one is slow and one is
// fast; stop; retry; follow-ups; panes added, moved and removed; state kept.

#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "compare/comparisonhistory.h"
#include "compare/historydialog.h"
#include "compare/historytable.h"
#include "secrets/environmentkeys.h"
#include "shell/translations.h"
#include "support/fixtureprovider.h"
#include "usage/budgetmonitor.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "votes/votetable.h"
#include "widgets/elidedlabel.h"

#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using CompareUi::ComparePage;
using CompareUi::ComparePane;

namespace {

QByteArray chunk(const QByteArray &text)
{
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
}

FixtureReply answer(const QList<QByteArray> &pieces, int delayMs = 0)
{
    FixtureReply reply{.chunkDelayMs = delayMs};
    for (const QByteArray &p : pieces)
        reply.chunks.append(chunk(p));
    reply.chunks.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n");
    return reply;
}

QString shown(ComparePane *pane)
{
    return pane->findChild<QTextBrowser *>(u"answerView"_s)->toPlainText();
}

QLabel *status(ComparePane *pane)
{
    return pane->findChild<QLabel *>(u"status"_s);
}

} // namespace

class TestComparePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void threePanesOneFailsOneSlowOneFast();
    void stopAllKeepsPartialAnswers();
    void panesAddMoveRemoveAndPersist();
    void unknownModelSaysWhy();
    void hostedProviderWithoutKeySaysWhich();
    void blindVoteThenTie();
    void historyReopensAndContinues();
    void imageGoesWithTheNextPrompt();
    void paneSettingsOverrideShared();
    void answersRenderAsSafeMarkdown();
    void budgetWarnsThenStops();

private:
    CompareUi::CompareContext context();
    void typeAndSend(ComparePage &page, const QString &prompt);
    static bool showActive(ComparePage &page);

    QNetworkAccessManager m_network;
    // Fresh servers for every test, so no queued reply crosses over.
    std::unique_ptr<FixtureProvider> m_fastServer, m_slowServer, m_brokenServer;
    Secrets::EnvironmentKeys m_keys{QProcessEnvironment()}; // no keys at all, no keychain
};

void TestComparePage::initTestCase()
{
    Shell::Translations::install(*QCoreApplication::instance()); // English plurals, as the app has
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_comparepage"_s);
}

void TestComparePage::init()
{
    QSettings().clear();
    m_fastServer = std::make_unique<FixtureProvider>();
    m_slowServer = std::make_unique<FixtureProvider>();
    m_brokenServer = std::make_unique<FixtureProvider>();
    QVERIFY(m_fastServer->listen() && m_slowServer->listen() && m_brokenServer->listen());
}

bool TestComparePage::showActive(ComparePage &page)
{
    page.show();
    page.activateWindow();
    return QTest::qWaitForWindowActive(&page);
}

CompareUi::CompareContext TestComparePage::context()
{
    auto named = [](Providers::ProviderConfig p, const QString &id) {
        p.id = id;
        p.displayName = id;
        return p;
    };
    Providers::ProviderConfig hosted = m_fastServer->providerConfig(Providers::ApiKind::OpenAi);
    hosted.keyEnvironmentVariable = u"HOSTED_API_KEY"_s;
    return {.network = &m_network,
            .catalog = nullptr,
            .keys = &m_keys,
            .providers = {named(m_fastServer->providerConfig(Providers::ApiKind::OpenAi), u"fast"_s),
                          named(m_slowServer->providerConfig(Providers::ApiKind::OpenAi), u"slow"_s),
                          named(m_brokenServer->providerConfig(Providers::ApiKind::OpenAi), u"broken"_s),
                          named(hosted, u"hosted"_s)}};
}

void TestComparePage::typeAndSend(ComparePage &page, const QString &prompt)
{
    auto *box = page.findChild<QPlainTextEdit *>(u"prompt"_s);
    box->setFocus();
    QTest::keyClicks(box, prompt);
    QTest::keyClick(box, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(box->toPlainText().isEmpty()); // sent, so cleared
}

void TestComparePage::threePanesOneFailsOneSlowOneFast()
{
    m_fastServer->enqueue(answer({"Fast ", "answer."}));
    m_slowServer->enqueue(answer({"Slow ", "but ", "sure."}, 150));
    // A 500 is tried twice by the call path (the default retry policy) before
    // the pane shows it.
    for (int i = 0; i < 2; ++i)
        m_brokenServer->enqueue({.status = 500, .contentType = "application/json", .chunks = {R"({"error":{"message":"kaput"}})"}});
    m_brokenServer->enqueue(answer({"Recovered."}));

    ComparePage page(context());
    page.resize(1280, 700);
    QVERIFY(showActive(page));
    QCOMPARE(page.panes().size(), 2);
    page.addPane();
    page.panes().at(0)->setModelLabel(u"fast/model-a"_s);
    page.panes().at(1)->setModelLabel(u"slow/model-b"_s);
    page.panes().at(2)->setModelLabel(u"broken/model-c"_s);
    // Arriving on the page means typing a prompt.
    QTRY_VERIFY(page.findChild<QPlainTextEdit *>(u"prompt"_s)->hasFocus());
    // The hint for an empty pane goes once a model is picked.
    QVERIFY(page.panes().at(0)->findChild<QTextBrowser *>(u"answerView"_s)->placeholderText().isEmpty());

    // Counts read as English: "3 models", not "3 model(s)".
    page.findChild<QPlainTextEdit *>(u"prompt"_s)->setPlainText(u"draft"_s);
    QVERIFY2(page.findChild<QLabel *>(u"hint"_s)->text().startsWith(u"Ctrl+Enter sends to 3 models;"_s),
             qPrintable(page.findChild<QLabel *>(u"hint"_s)->text()));
    page.findChild<QPlainTextEdit *>(u"prompt"_s)->clear();

    typeAndSend(page, u"Hello all"_s);
    ComparePane *fast = page.panes().at(0);
    ComparePane *slow = page.panes().at(1);
    ComparePane *broken = page.panes().at(2);
    // A busy pane shows that it works, and a Stop that says so.
    QVERIFY(slow->findChild<QWidget *>(u"busy"_s)->isVisible());
    QVERIFY(slow->findChild<QPushButton *>(u"stopPane"_s)->isVisible());
    QCOMPARE(slow->findChild<QPushButton *>(u"stopPane"_s)->text(), u"Stop"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shown(fast), u"Hello all\nFast answer."_s, 5000);
    QVERIFY(!fast->findChild<QWidget *>(u"busy"_s)->isVisible());
    QVERIFY(!fast->findChild<QPushButton *>(u"stopPane"_s)->isVisible());
    QVERIFY(slow->isBusy()); // still dripping
    QTRY_VERIFY_WITH_TIMEOUT(!broken->isBusy(), 5000);
    QVERIFY(status(broken)->isVisible());
    QVERIFY2(status(broken)->text().contains(u"kaput"_s), qPrintable(status(broken)->text()));
    auto *retry = broken->findChild<QPushButton *>(u"retry"_s);
    QVERIFY(retry->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(shown(slow), u"Hello all\nSlow but sure."_s, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!slow->isBusy(), 5000); // the usage and [DONE] drip in after the text

    // Live figures once finished: TTFT, total, tokens from the usage; no
    // speed from an answer that came in one burst.
    auto *figuresLabel = fast->findChild<Widgets::ElidedLabel *>(u"figures"_s);
    const QString figures = figuresLabel->fullText();
    QVERIFY2(figures.contains(u"TTFT "_s) && figures.contains(u"7 → 3 tok"_s), qPrintable(figures));
    QVERIFY2(!figures.contains(u"tok/s"_s), qPrintable(figures));
    QVERIFY(figuresLabel->toolTip().contains(u"Speed: not measured"_s));
    // Footers are one line high in every pane, whatever their text.
    for (ComparePane *pane : page.panes())
        QCOMPARE(pane->findChild<QLabel *>(u"figures"_s)->height(), figuresLabel->height());
    // Best only on a finished answer: not on the failed pane.
    fast->setVotingOpen(true);
    broken->setVotingOpen(true);
    QVERIFY(fast->findChild<QPushButton *>(u"voteBest"_s)->isVisible());
    QVERIFY(!broken->findChild<QPushButton *>(u"voteBest"_s)->isVisible());
    fast->setVotingOpen(false);
    broken->setVotingOpen(false);

    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown(broken), u"Hello all\nRecovered."_s, 5000);
    QVERIFY(!status(broken)->isVisible());

    // A follow-up continues each pane's own conversation.
    m_fastServer->enqueue(answer({"Again."}));
    m_slowServer->enqueue(answer({"More."}));
    m_brokenServer->enqueue(answer({"Fine."}));
    typeAndSend(page, u"And then?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shown(fast), u"Hello all\nFast answer.\nAnd then?\nAgain."_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(shown(slow), u"Hello all\nSlow but sure.\nAnd then?\nMore."_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(shown(broken), u"Hello all\nRecovered.\nAnd then?\nFine."_s, 5000);
    const QJsonArray messages =
        QJsonDocument::fromJson(m_fastServer->requests().last().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages[1]["content"_L1].toString(), u"Fast answer."_s);

    QTemporaryDir dir;
    QVERIFY(page.exportTo(dir.filePath(u"c.md"_s), ComparePage::ExportFormat::Markdown));
    QFile md(dir.filePath(u"c.md"_s));
    QVERIFY(md.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(md.readAll());
    QVERIFY(text.contains(u"### fast/model-a\n\nAgain."_s) && text.contains(u"## Prompt 2"_s));
    QVERIFY(page.exportTo(dir.filePath(u"c.json"_s), ComparePage::ExportFormat::Json));
    QVERIFY(!page.exportTo(dir.filePath(u"no/such/dir/c.json"_s), ComparePage::ExportFormat::Json));
    QVERIFY(page.findChild<QLabel *>(u"hint"_s)->text().startsWith(u"Could not export"_s));
}

void TestComparePage::stopAllKeepsPartialAnswers()
{
    m_slowServer->enqueue(answer({"first ", "second ", "third"}, 2000));
    ComparePage page(context());
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"slow/m"_s);
    page.removePane(page.panes().at(1));
    typeAndSend(page, u"Go"_s);
    // Rendered as Markdown, the paragraph's trailing space is not shown.
    QTRY_COMPARE_WITH_TIMEOUT(shown(page.panes().at(0)), u"Go\nfirst"_s, 5000);
    QVERIFY(page.stopAllAction()->isEnabled());
    QTest::keyClick(page.findChild<QPlainTextEdit *>(u"prompt"_s), Qt::Key_Escape);
    QVERIFY(!page.panes().at(0)->isBusy());
    QCOMPARE(shown(page.panes().at(0)), u"Go\nfirst"_s);
    QCOMPARE(status(page.panes().at(0))->text(), u"Stopped."_s);
    QVERIFY(!page.stopAllAction()->isEnabled());
}

void TestComparePage::panesAddMoveRemoveAndPersist()
{
    {
        ComparePage page(context());
        page.panes().at(0)->setModelLabel(u"fast/a"_s);
        page.panes().at(1)->setModelLabel(u"slow/b"_s);
        for (int i = 0; i < 10; ++i)
            page.addPaneAction()->trigger();
        QCOMPARE(page.panes().size(), ComparePage::MaxPanes);
        QVERIFY(!page.addPaneAction()->isEnabled());
        page.movePane(page.panes().at(1), -1);
        QCOMPARE(page.panes().at(0)->modelLabel(), u"slow/b"_s);
        while (page.panes().size() > 2)
            page.removePane(page.panes().last());
        page.removePane(page.panes().first());
        page.removePane(page.panes().first()); // the last pane stays
        QCOMPARE(page.panes().size(), 1);
        page.addPane(u"broken/c"_s);
    }
    ComparePage again(context());
    QCOMPARE(again.panes().size(), 2);
    QCOMPARE(again.panes().at(0)->modelLabel(), u"fast/a"_s);
    QCOMPARE(again.panes().at(1)->modelLabel(), u"broken/c"_s);
}

void TestComparePage::unknownModelSaysWhy()
{
    ComparePage page(context());
    page.show();
    page.panes().at(0)->setModelLabel(u"nosuch/model"_s);
    QVERIFY(!page.panes().at(0)->conversation());
    QVERIFY(status(page.panes().at(0))->text().contains(u"Unknown model"_s));
    QVERIFY(status(page.panes().at(0))->text().contains(u"fast"_s)); // lists the providers there are
}

void TestComparePage::hostedProviderWithoutKeySaysWhich()
{
    ComparePage page(context());
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"hosted/x"_s);
    page.removePane(page.panes().at(1));
    const qsizetype before = m_fastServer->requests().size();
    typeAndSend(page, u"hi"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status(page.panes().at(0))->isVisible(), 5000);
    QVERIFY2(status(page.panes().at(0))->text().contains(u"No API key for hosted"_s), qPrintable(status(page.panes().at(0))->text()));
    QVERIFY(!page.panes().at(0)->isBusy());
    QCOMPARE(m_fastServer->requests().size(), before); // nothing was sent without the key
}

void TestComparePage::blindVoteThenTie()
{
    QTemporaryDir dir;
    Usage::UsageStore usage(Usage::UsageDatabase::fileIn(dir.path()));
    CompareUi::CompareContext withVotes = context();
    withVotes.usage = &usage;
    m_fastServer->enqueue(answer({"A1"}));
    m_fastServer->enqueue(answer({"A2"}));
    m_slowServer->enqueue(answer({"B1"}));
    m_slowServer->enqueue(answer({"B2"}));

    ComparePage page(withVotes);
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"fast/a"_s);
    page.panes().at(1)->setModelLabel(u"slow/b"_s);
    page.blindAction()->trigger();
    QStringList names;
    for (ComparePane *pane : page.panes()) {
        auto *name = pane->findChild<QLabel *>(u"blindName"_s);
        QVERIFY(name->isVisible());
        QVERIFY(!pane->findChild<QComboBox *>(u"modelPicker"_s)->isVisible());
        names.append(name->text());
    }
    QCOMPARE(names, (QStringList{u"Model A"_s, u"Model B"_s}));
    QVERIFY(!page.isVotingOpen());

    page.findChild<QLineEdit *>(u"project"_s)->setText(u"eval"_s);
    typeAndSend(page, u"Round one"_s);
    QTRY_VERIFY_WITH_TIMEOUT(page.isVotingOpen(), 5000);
    QVERIFY(page.tieAction()->isEnabled());
    // Vote for whichever pane holds fast/a, wherever the shuffle put it.
    ComparePane *fastPane = page.panes().at(0)->modelLabel() == u"fast/a"_s ? page.panes().at(0) : page.panes().at(1);
    auto *best = fastPane->findChild<QPushButton *>(u"voteBest"_s);
    QVERIFY(best->isVisible());
    QTest::mouseClick(best, Qt::LeftButton);
    QVERIFY(!page.isVotingOpen());
    QVERIFY(!best->isVisible());
    QVERIFY(!fastPane->findChild<QLabel *>(u"blindName"_s)->isVisible()); // revealed after the vote

    typeAndSend(page, u"Round two"_s);
    QVERIFY(fastPane->findChild<QLabel *>(u"blindName"_s)->isVisible()); // blind again
    QTRY_VERIFY_WITH_TIMEOUT(page.isVotingOpen(), 5000);
    page.tieAction()->trigger();

    QVERIFY(!page.vote(nullptr)); // one vote per round

    QVERIFY(usage.waitForIdle());
    auto db = Usage::UsageDatabase::open(usage.path());
    QVERIFY(db);
    const auto votes = Votes::VoteTable(*db).votes();
    QVERIFY(votes);
    QCOMPARE(votes->size(), 2);
    QCOMPARE(votes->at(0).winner, u"fast/a"_s);
    QCOMPARE(votes->at(0).prompt, u"Round one"_s);
    QVERIFY(votes->at(0).blind);
    QCOMPARE(QSet<QString>(votes->at(0).models.begin(), votes->at(0).models.end()),
             (QSet<QString>{u"fast/a"_s, u"slow/b"_s}));
    QVERIFY(votes->at(1).winner.isEmpty());
    const auto rates = Votes::VoteTable(*db).winRates();
    QVERIFY(rates);
    QCOMPARE(rates->first().model, u"fast/a"_s);
    QCOMPARE(rates->first().rate(), 0.75); // a win and a tie

    // Every answer of both rounds was logged: four calls, by the Compare page.
    const auto calls = db->summarize({}, Usage::GroupKey::Model);
    QVERIFY(calls);
    QCOMPARE(calls->size(), 2);
    for (const Usage::UsageGroup &g : *calls) {
        QCOMPARE(g.calls, 2);
        QCOMPARE(g.errors, 0);
    }
    QCOMPARE(db->choices()->sources, QStringList{u"compare"_s});
    QCOMPARE(db->choices()->projects, QStringList{u"eval"_s}); // the project field tags the calls
}

void TestComparePage::historyReopensAndContinues()
{
    QTemporaryDir dir;
    Usage::UsageStore usage(Usage::UsageDatabase::fileIn(dir.path()));
    Compare::ComparisonHistory history(&usage);
    CompareUi::CompareContext withHistory = context();
    withHistory.usage = &usage;
    withHistory.history = &history;
    m_fastServer->enqueue(answer({"Blue ", "light scatters."}));
    m_slowServer->enqueue(answer({"Rayleigh."}));
    // What the database holds, read the way the page reads it: on the store's thread.
    auto saved = [&usage]() {
        usage.waitForIdle();
        auto db = Usage::UsageDatabase::open(usage.path());
        return db ? Compare::HistoryTable(*db).entries().value_or(QList<Compare::HistoryEntry>())
                  : QList<Compare::HistoryEntry>();
    };

    ComparePage page(withHistory);
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"fast/a"_s);
    page.panes().at(1)->setModelLabel(u"slow/b"_s);
    typeAndSend(page, u"Why is the sky blue?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy() && !page.panes().at(1)->isBusy(), 5000);
    const QString id = page.comparisonId();
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE(saved().size(), 1);

    page.newComparisonAction()->trigger();
    QCOMPARE(shown(page.panes().at(0)), QString());
    page.removePane(page.panes().at(1));
    QCOMPARE(page.panes().size(), 1);

    // The dialog finds it by title.
    {
        CompareUi::HistoryDialog dialog(history);
        QSignalSpy listed(&dialog, &CompareUi::HistoryDialog::listed);
        auto *search = dialog.findChild<QLineEdit *>(u"search"_s);
        auto *list = dialog.findChild<QListWidget *>(u"comparisons"_s);
        QTRY_COMPARE(listed.size(), 1);
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().startsWith(u"Why is the sky blue?\nfast/a, slow/b"_s));
        QTest::keyClicks(search, u"ocean"_s);
        // Answers to the searches typed meanwhile are dropped; the last one shows.
        QTRY_VERIFY(listed.size() >= 2 && list->count() == 1 && !(list->item(0)->flags() & Qt::ItemIsEnabled));
        QVERIFY(list->item(0)->text().contains(u"ocean"_s)); // "No comparison title contains “ocean”."
    }

    QSignalSpy opened(&page, &ComparePage::comparisonOpened);
    page.openComparison(id);
    QTRY_COMPARE(opened.size(), 1);
    QVERIFY(opened.first().first().toBool());
    QCOMPARE(page.panes().size(), 2);
    QCOMPARE(page.panes().at(0)->modelLabel(), u"fast/a"_s);
    QCOMPARE(shown(page.panes().at(0)), u"Why is the sky blue?\nBlue light scatters."_s);
    QCOMPARE(shown(page.panes().at(1)), u"Why is the sky blue?\nRayleigh."_s);
    QVERIFY(!page.isVotingOpen()); // the saved round is not voted on again

    m_fastServer->enqueue(answer({"Red."}));
    m_slowServer->enqueue(answer({"Mie."}));
    typeAndSend(page, u"And at sunset?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shown(page.panes().at(0)), u"Why is the sky blue?\nBlue light scatters.\nAnd at sunset?\nRed."_s, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(1)->isBusy(), 5000);
    QCOMPARE(page.comparisonId(), id);
    QTRY_COMPARE(saved().size(), 1); // the same entry, brought up to date
    {
        auto db = Usage::UsageDatabase::open(usage.path());
        QTRY_COMPARE(Compare::HistoryTable(*db).load(id)->at(0).turns.size(), 2);
    }
    page.openComparison(u"no-such-comparison"_s);
    QTRY_COMPARE(opened.size(), 2);
    QVERIFY(!opened.last().first().toBool());
    QCOMPARE(page.panes().size(), 2); // left as it was
}

void TestComparePage::imageGoesWithTheNextPrompt()
{
    QTemporaryDir dir;
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(dir.filePath(u"red.png"_s)));
    QFile text(dir.filePath(u"notes.txt"_s));
    QVERIFY(text.open(QIODevice::WriteOnly) && text.write("hello") == 5);
    text.close();

    m_fastServer->enqueue(answer({"A red square."}));
    m_fastServer->enqueue(answer({"Still red."}));
    ComparePage page(context());
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"fast/vision"_s);
    page.removePane(page.panes().at(1));

    QVERIFY(!page.attachImage(dir.filePath(u"notes.txt"_s)));
    QVERIFY(page.findChild<QLabel *>(u"hint"_s)->text().contains(u"not an image"_s));
    QVERIFY(page.attachImage(dir.filePath(u"red.png"_s)));
    QVERIFY(page.findChild<QLabel *>(u"attachments"_s)->isVisible());

    typeAndSend(page, u"What is this?"_s);
    QVERIFY(page.attachments().isEmpty()); // it went with that prompt
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy(), 5000);
    const QJsonArray content = QJsonDocument::fromJson(m_fastServer->requests().at(0).body)
                                   .object()["messages"_L1][0]["content"_L1].toArray();
    QCOMPARE(content.size(), 2);
    QVERIFY(content[1]["image_url"_L1]["url"_L1].toString().startsWith(u"data:image/png;base64,iVBOR"_s));

    // A follow-up carries the earlier image in the context, and no new one.
    typeAndSend(page, u"And now?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy(), 5000);
    const QJsonArray messages = QJsonDocument::fromJson(m_fastServer->requests().at(1).body).object()["messages"_L1].toArray();
    QVERIFY(messages[0]["content"_L1].isArray());
    QCOMPARE(messages[2]["content"_L1].toString(), u"And now?"_s);
}

void TestComparePage::paneSettingsOverrideShared()
{
    m_fastServer->enqueue(answer({"own"}));
    m_slowServer->enqueue(answer({"shared"}));
    {
        ComparePage page(context());
        QVERIFY(showActive(page));
        page.panes().at(0)->setModelLabel(u"fast/a"_s);
        page.panes().at(1)->setModelLabel(u"slow/b"_s);
        page.panes().at(0)->setOwnParameters(Compare::Parameters{.systemPrompt = u"Own prompt"_s, .temperature = 0.2});
        auto *reasoning = page.findChild<QComboBox *>(u"reasoningEffort"_s);
        reasoning->setCurrentIndex(reasoning->findData(u"high"_s));
        typeAndSend(page, u"Hi"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy() && !page.panes().at(1)->isBusy(), 5000);
    }
    const QJsonObject own = QJsonDocument::fromJson(m_fastServer->requests().at(0).body).object();
    const QJsonObject shared = QJsonDocument::fromJson(m_slowServer->requests().at(0).body).object();
    QCOMPARE(own["messages"_L1][0]["content"_L1].toString(), u"Own prompt"_s);
    QCOMPARE(own["temperature"_L1].toDouble(), 0.2);
    QVERIFY(!own.contains("reasoning_effort"_L1));
    QCOMPARE(shared["reasoning_effort"_L1].toString(), u"high"_s);
    QCOMPARE(shared["messages"_L1][0]["role"_L1].toString(), u"user"_s);

    ComparePage again(context()); // both kept
    QVERIFY(again.panes().at(0)->ownParameters());
    QCOMPARE(again.panes().at(0)->ownParameters()->systemPrompt, u"Own prompt"_s);
    QVERIFY(!again.panes().at(1)->ownParameters());
    QCOMPARE(again.parameters().reasoningEffort, u"high"_s);
}

void TestComparePage::answersRenderAsSafeMarkdown()
{
    m_fastServer->enqueue(answer({"A **bold** claim, ", "<b>raw html</b>.\\n\\n```cpp\\nint x = 1;\\n```\\n"}));
    ComparePage page(context());
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"fast/a"_s);
    page.removePane(page.panes().at(1));
    typeAndSend(page, u"Show *me* <i>this</i>"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy(), 5000);
    const QString text = shown(page.panes().at(0));
    QVERIFY2(text.startsWith(u"Show *me* <i>this</i>\nA bold claim, <b>raw html</b>."_s), qPrintable(text));
    QVERIFY2(text.contains(u"int x = 1;"_s) && !text.contains(u"```"_s), qPrintable(text));
}

void TestComparePage::budgetWarnsThenStops()
{
    QTemporaryDir dir;
    Usage::UsageStore usage(Usage::UsageDatabase::fileIn(dir.path()));
    {
        // $9 of this month's $10 spent on "fast"; "slow" has a budget of its own, used up.
        auto db = Usage::UsageDatabase::open(usage.path());
        QVERIFY(db);
        QVERIFY(db->insert(QList<Usage::UsageRecord>{{.timeMs = QDateTime::currentMSecsSinceEpoch(),
                                                      .provider = u"fast"_s, .model = u"a"_s,
                                                      .costNanoUsd = 9'000'000'000}}));
        QVERIFY(db->setBudget({.limitNanoUsd = 10'000'000'000}));
        QVERIFY(db->setBudget({.scope = u"slow"_s, .limitNanoUsd = 0}));
    }
    Usage::BudgetMonitor budgets(&usage);
    QTRY_COMPARE(budgets.statuses().size(), 2);
    CompareUi::CompareContext withBudgets = context();
    withBudgets.usage = &usage;
    withBudgets.budgets = &budgets;
    m_fastServer->enqueue(answer({"Fine."}));

    ComparePage page(withBudgets);
    QVERIFY(showActive(page));
    page.panes().at(0)->setModelLabel(u"fast/a"_s);
    page.panes().at(1)->setModelLabel(u"slow/b"_s);
    typeAndSend(page, u"Hello"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!page.panes().at(0)->isBusy(), 5000);
    // 90% used: the call goes out, with a warning in the pane.
    QCOMPARE(m_fastServer->requests().size(), 1);
    QVERIFY2(status(page.panes().at(0))->text().contains(u"90% used"_s), qPrintable(status(page.panes().at(0))->text()));
    // "slow" is over its own budget: nothing sent, and the pane says which budget.
    QCOMPARE(m_slowServer->requests().size(), 0);
    const QString stopped = status(page.panes().at(1))->text();
    QVERIFY2(stopped.contains(u"monthly budget for slow is used up"_s), qPrintable(stopped));
    QVERIFY2(stopped.contains(u"($0 of $0 spent)"_s), qPrintable(stopped));
}

QTEST_MAIN(TestComparePage)
#include "tst_comparepage.moc"
