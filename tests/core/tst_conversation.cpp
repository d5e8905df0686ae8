// A Compare pane's conversation against the fixture provider: follow-ups carry
// the earlier turns, failed turns can be retried and stay out of the context,
// stop keeps the partial answer, and each turn is priced.

#include "catalog/pricecatalog.h"
#include "compare/comparisonexport.h"
#include "compare/comparisonhistory.h"
#include "compare/historytable.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "compare/conversation.h"
#include "routing/router.h"
#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QDir>
#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Compare::Conversation;

namespace {

FixtureReply answer(const QByteArray &text, int in = 10, int out = 5)
{
    return {.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}\n\n"
                       "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":" + QByteArray::number(in)
                       + ",\"completion_tokens\":" + QByteArray::number(out) + "}}\n\ndata: [DONE]\n\n"}};
}

QJsonArray sentMessages(const FixtureProvider &fixture, int request)
{
    return QJsonDocument::fromJson(fixture.requests().at(request).body).object().value("messages"_L1).toArray();
}

// The router a conversation sends through, over one provider, with no retry
// (a config's default retries are the router's tests' to check).
struct Sender {
    Routing::Router router;
    Sender(QNetworkAccessManager *network, const Providers::ProviderConfig &provider,
           const Catalog::PriceCatalog *catalog = nullptr, Secrets::KeyStore *keys = nullptr)
        : router({.network = network,
                  .keys = keys,
                  .provider = [provider](const QString &id) {
                      return id == provider.id ? std::optional(provider) : std::nullopt;
                  },
                  .catalog = catalog})
    {
        Routing::RoutingConfig config;
        config.retry.attempts = 1;
        router.setDecider(Routing::Decider(config));
    }
};

bool waitForTurn(Conversation &c)
{
    QSignalSpy finished(&c, &Conversation::turnFinished);
    return finished.wait(10000);
}

} // namespace

class TestConversation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followUpsCarryTheConversation();
    void failedTurnRetriedAndLeftOutOfContext();
    void stopKeepsThePartialAnswer();
    void turnsArePriced();
    void exportsMarkdownAndJson();
    void historySavesAndReopens();
    void historyImportsTheOldFiles();

private:
    QNetworkAccessManager m_network;
};

void TestConversation::followUpsCarryTheConversation()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(answer("Paris"));
    fixture.enqueue(answer("About 2 million"));
    Sender cSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation c(&cSender.router, u"fixture/m"_s);
    c.setParameters({.systemPrompt = u"Be brief."_s});
    QSignalSpy updated(&c, &Conversation::turnUpdated);
    QVERIFY(c.send(u"Capital of France?"_s));
    QVERIFY(c.isBusy());
    QVERIFY(!c.send(u"too early"_s)); // one turn at a time
    QVERIFY(waitForTurn(c));
    QVERIFY(updated.count() >= 1);
    QCOMPARE(c.turns().first().answer, u"Paris"_s);
    QVERIFY(c.turns().first().succeeded());

    QVERIFY(c.send(u"Population?"_s));
    QVERIFY(waitForTurn(c));
    const QJsonArray messages = sentMessages(fixture, 1);
    QCOMPARE(messages.size(), 4); // system, user, assistant, user
    QCOMPARE(messages[2]["content"_L1].toString(), u"Paris"_s);
    QCOMPARE(messages[3]["content"_L1].toString(), u"Population?"_s);
    QCOMPARE(c.turns().size(), 2);
}

void TestConversation::failedTurnRetriedAndLeftOutOfContext()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.status = 503, .contentType = "application/json", .chunks = {R"({"error":"busy"})"}});
    fixture.enqueue(answer("second try"));
    fixture.enqueue({.status = 500, .contentType = "application/json", .chunks = {R"({"error":"boom"})"}});
    fixture.enqueue(answer("fresh"));
    Sender cSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation c(&cSender.router, u"fixture/m"_s);

    QVERIFY(c.send(u"one"_s));
    QVERIFY(waitForTurn(c));
    QVERIFY(c.turns().last().error);
    QCOMPARE(c.turns().last().error->kind, Providers::CallError::Kind::Overloaded);
    QVERIFY(c.retry());
    QVERIFY(waitForTurn(c));
    QCOMPARE(c.turns().size(), 1);
    QCOMPARE(c.turns().last().answer, u"second try"_s);
    QVERIFY(!c.retry()); // nothing to retry

    QVERIFY(c.send(u"two"_s));
    QVERIFY(waitForTurn(c));
    QVERIFY(c.turns().last().error);
    QVERIFY(c.send(u"three"_s)); // without retrying "two"
    QVERIFY(waitForTurn(c));
    const QJsonArray messages = sentMessages(fixture, 3);
    QCOMPARE(messages.size(), 3); // one, its answer, three — not the failed "two"
    QCOMPARE(messages[2]["content"_L1].toString(), u"three"_s);
}

void TestConversation::stopKeepsThePartialAnswer()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    const QByteArray chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"part \"}}]}\n\n";
    fixture.enqueue({.chunks = {chunk, chunk, chunk}, .chunkDelayMs = 3000});
    Sender cSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation c(&cSender.router, u"fixture/m"_s);
    QSignalSpy updated(&c, &Conversation::turnUpdated);
    QVERIFY(c.send(u"go"_s));
    QVERIFY(updated.wait(5000));
    QSignalSpy finished(&c, &Conversation::turnFinished);
    c.stop();
    QCOMPARE(finished.count(), 1);
    QVERIFY(!c.isBusy());
    QCOMPARE(c.turns().last().answer, u"part "_s);
    QCOMPARE(c.turns().last().error->kind, Providers::CallError::Kind::Cancelled);
    QVERIFY(c.turns().last().figures.ttftMs >= 0);
}

void TestConversation::turnsArePriced()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(answer("ok", 1000000, 1000000));
    Catalog::PriceCatalog catalog{QString()};
    QVERIFY(catalog.loadBundled());
    Providers::ProviderConfig provider = fixture.providerConfig(Providers::ApiKind::OpenAi);
    provider.id = u"openai"_s; // priced as OpenAI's model, served by the fixture
    provider.keyEnvironmentVariable = u"OPENAI_API_KEY"_s; // a hosted API, which bills
    TestSupport::MemoryKeyStore keys;
    keys.keys.insert(u"openai"_s, u"sk-test"_s);
    Sender sender(&m_network, provider, &catalog, &keys);
    Conversation c(&sender.router, u"openai/gpt-4o-mini"_s);
    QVERIFY(c.send(u"hi"_s));
    QVERIFY(waitForTurn(c));
    const Catalog::Cost &cost = c.turns().last().cost;
    QVERIFY(cost.isKnown());
    QVERIFY(!cost.estimated);
    const auto info = catalog.find(u"openai"_s, u"gpt-4o-mini"_s);
    QCOMPARE(*cost.nanoUsd, (*info->price.input + *info->price.output) * 1000); // a million tokens each
}

void TestConversation::exportsMarkdownAndJson()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(answer("A | B"));
    fixture.enqueue({.status = 429, .contentType = "application/json", .chunks = {R"({"error":"slow down"})"}});
    Sender firstSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation first(&firstSender.router, u"fixture/one"_s);
    Sender secondSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation second(&secondSender.router, u"fixture/two"_s);
    QVERIFY(first.send(u"Line 1\nLine 2"_s));
    QVERIFY(waitForTurn(first));
    QVERIFY(second.send(u"Line 1\nLine 2"_s));
    QVERIFY(waitForTurn(second));

    const QDateTime when(QDate(2026, 11, 23), QTime(12, 0), QTimeZone::UTC);
    const QString md = Compare::ComparisonExport::toMarkdown({&first, &second}, when);
    QVERIFY2(md.startsWith(u"# Comparison, 2026-11-23T12:00:00Z\n"_s), qPrintable(md));
    QVERIFY(md.contains(u"> Line 1\n> Line 2\n"_s));
    QVERIFY2(md.contains(u"| fixture/one | "_s) && md.contains(u" | 10 | 5 | $0 | ok |"_s), qPrintable(md));
    QVERIFY(md.contains(u"| failed |"_s));
    QVERIFY(md.contains(u"### fixture/one\n\nA | B\n"_s)); // answers verbatim, outside the table
    QVERIFY(md.contains(u"> **Error:** "_s));

    const QJsonObject json = QJsonDocument::fromJson(Compare::ComparisonExport::toJson({&first, &second}, when)).object();
    const QJsonArray panes = json["panes"_L1].toArray();
    QCOMPARE(panes.size(), 2);
    QCOMPARE(panes[0]["model"_L1].toString(), u"fixture/one"_s);
    QCOMPARE(panes[0]["turns"_L1][0]["answer"_L1].toString(), u"A | B"_s);
    QCOMPARE(panes[0]["turns"_L1][0]["tokens_out"_L1].toInt(), 5);
    QVERIFY(panes[1]["turns"_L1][0]["error"_L1].toString().contains(u"429"_s));
}

void TestConversation::historySavesAndReopens()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(answer("Answer one", 11, 4));
    fixture.enqueue({.status = 401, .contentType = "application/json", .chunks = {R"({"error":"no"})"}});
    fixture.enqueue(answer("Continued"));
    Sender aSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation a(&aSender.router, u"fixture/a"_s);
    Sender bSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation b(&bSender.router, u"fixture/b"_s);
    QVERIFY(a.send(u"Why is the sky blue?"_s));
    QVERIFY(waitForTurn(a));
    QVERIFY(b.send(u"Why is the sky blue?"_s));
    QVERIFY(waitForTurn(b));

    QTemporaryDir dir;
    Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
    Compare::ComparisonHistory history(&store);
    QObject context;
    // The history answers on this thread, later: wait for each answer.
    auto saved = [&](const QString &id, const QList<const Conversation *> &panes) {
        std::optional<QString> error;
        history.save(id, panes, u"sky"_s, &context, [&error](const QString &e) { error = e; });
        return QTest::qWaitFor([&error] { return error.has_value(); }) ? *error : u"no answer"_s;
    };
    auto entries = [&](const QString &filter) {
        std::optional<QList<Compare::HistoryEntry>> list;
        history.entries(filter, &context, [&list](const QList<Compare::HistoryEntry> &l) { list = l; });
        return QTest::qWaitFor([&list] { return list.has_value(); }) ? *list : QList<Compare::HistoryEntry>();
    };
    const QString id = Compare::ComparisonHistory::newId();
    QCOMPARE(saved(id, {&a, &b}), QString());
    QCOMPARE(saved(Compare::ComparisonHistory::newId(), {}), QString()); // empty: not kept
    QCOMPARE(saved(id, {&a, &b}), QString()); // saved again after each round: replaced, not doubled

    const auto all = entries({});
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().title, u"Why is the sky blue?"_s);
    QCOMPARE(all.first().project, u"sky"_s);
    QCOMPARE(all.first().models, (QStringList{u"fixture/a"_s, u"fixture/b"_s}));
    QCOMPARE(entries(u"SKY"_s).size(), 1);
    QCOMPARE(entries(u"ocean"_s).size(), 0);
    QCOMPARE(entries(u"%"_s).size(), 0); // a substring, not a LIKE pattern

    std::optional<std::expected<Compare::ComparisonHistory::Panes, QString>> loaded;
    history.load(id, &context, [&loaded](const auto &p) { loaded = p; });
    QVERIFY(QTest::qWaitFor([&loaded] { return loaded.has_value(); }));
    const auto &panes = *loaded;
    QVERIFY2(panes, panes ? "" : qPrintable(panes.error()));
    QCOMPARE(panes->size(), 2);
    const Compare::Turn &first = panes->at(0).turns.first();
    QCOMPARE(first.answer, u"Answer one"_s);
    QCOMPARE(first.figures.tokensIn, 11);
    QCOMPARE(first.figures.tokensOut, 4);
    QVERIFY(first.succeeded());
    QCOMPARE(panes->at(1).turns.first().error->kind, Providers::CallError::Kind::InvalidKey);

    // Reopened, the conversation continues from the saved turns.
    Sender reopenedSender(&m_network, fixture.providerConfig(Providers::ApiKind::OpenAi));
    Conversation reopened(&reopenedSender.router, u"fixture/a"_s);
    reopened.restore(panes->at(0).turns);
    QVERIFY(reopened.send(u"And at sunset?"_s));
    QVERIFY(waitForTurn(reopened));
    QCOMPARE(sentMessages(fixture, 2).size(), 3);

    std::optional<bool> removed;
    history.remove(id, &context, [&removed](bool r) { removed = r; });
    QVERIFY(QTest::qWaitFor([&removed] { return removed.has_value(); }));
    QVERIFY(*removed);
    QVERIFY(entries({}).isEmpty());
    loaded.reset();
    history.load(id, &context, [&loaded](const auto &p) { loaded = p; });
    QVERIFY(QTest::qWaitFor([&loaded] { return loaded.has_value(); }));
    QVERIFY(!loaded->has_value()); // gone, and says so
}

void TestConversation::historyImportsTheOldFiles()
{
    // An earlier Switchyard kept each comparison as a JSON file.
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"comparisons"_s);
    QVERIFY(QDir().mkpath(folder));
    {
        QFile file(folder + u"/0b7c-old.json"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"id":"0b7c-old","title":"Old question","exported":"2026-10-02T08:00:00Z",)"
                   R"("panes":[{"model":"openai/gpt-4o","turns":[{"prompt":"Old question","answer":"Old answer",)"
                   R"("tokens_in":3,"tokens_out":2,"cost_usd":0.001,"cost_estimated":false}]}]})");
    }
    Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
    Compare::ComparisonHistory history(&store);
    QObject context;
    history.importFolder(folder, &context);
    QTRY_VERIFY(QDir(folder + u".imported"_s).exists());
    QVERIFY(!QDir(folder).exists());
    QVERIFY(store.waitForIdle());
    auto db = Usage::UsageDatabase::open(store.path());
    QVERIFY(db);
    const auto entries = Compare::HistoryTable(*db).entries();
    QCOMPARE(entries->size(), 1);
    QCOMPARE(entries->first().title, u"Old question"_s);
    QCOMPARE(entries->first().updated, QDateTime(QDate(2026, 10, 2), QTime(8, 0), QTimeZone::UTC));
    const auto panes = Compare::HistoryTable(*db).load(u"0b7c-old"_s);
    QVERIFY(panes);
    QCOMPARE(panes->first().turns.first().answer, u"Old answer"_s);
    QCOMPARE(*panes->first().turns.first().cost.nanoUsd, 1'000'000);
}

QTEST_GUILESS_MAIN(TestConversation)
#include "tst_conversation.moc"
