// The usage store: calls recorded from any thread land in the database off
// the caller's thread; a refused file keeps them in memory until the user
// sets it aside, and the old file is left as it was.

#include "../support/damagedusagedatabase.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "votes/votetable.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;

class TestUsageStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsFromManyThreads();
    void queryComesBackOnTheCallersThread();
    void refusedFileKeepsCallsUntilSetAside();
    void destructorWritesWhatIsQueued();
    void damageInTheMiddleIsFoundBeforeWriting();
    void damageMetByAQueryStopsWrites();
};

namespace {

UsageRecord call(int i)
{
    return {.timeMs = 1'790'000'000'000 + i, .source = Source::Gateway, .provider = u"openai"_s,
            .model = u"gpt-4o-mini"_s, .tokensIn = 10, .tokensOut = i, .costNanoUsd = 1000};
}

qint64 callsIn(const QString &path)
{
    auto db = UsageDatabase::open(path);
    return db ? *db->connection().scalar("SELECT count(*) FROM calls") : -1;
}

} // namespace

void TestUsageStore::recordsFromManyThreads()
{
    QTemporaryDir dir;
    UsageStore store(UsageDatabase::fileIn(dir.path()));
    QSignalSpy recorded(&store, &UsageStore::recorded);
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&store, t] {
            for (int i = 0; i < 500; ++i)
                store.record(call(t * 1000 + i));
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(10'000));
        delete thread;
    }
    QVERIFY(store.waitForIdle());
    QVERIFY(!store.problem());
    QCOMPARE(callsIn(store.path()), 2000);
    // Batched: far fewer commits than calls, however the threads interleaved.
    // The signals come queued from the store's thread.
    auto total = [&recorded] {
        int sum = 0;
        for (const auto &args : recorded)
            sum += args.at(0).toInt();
        return sum;
    };
    QTRY_COMPARE(total(), 2000);
    QVERIFY2(recorded.size() < 2000, qPrintable(QString::number(recorded.size())));
}

void TestUsageStore::queryComesBackOnTheCallersThread()
{
    QTemporaryDir dir;
    UsageStore store(UsageDatabase::fileIn(dir.path()));
    for (int i = 0; i < 10; ++i)
        store.record(call(i));
    QThread *askedOn = nullptr;
    QThread *answeredOn = nullptr;
    qint64 calls = -1;
    QObject context;
    store.query<qint64>(
        &context,
        [&askedOn](UsageDatabase *db) {
            askedOn = QThread::currentThread();
            return db ? db->summarize({}, {})->value(0).calls : -1;
        },
        [&](qint64 result) {
            answeredOn = QThread::currentThread();
            calls = result;
        });
    QTRY_COMPARE(calls, 10); // the query waits behind the queued calls
    QVERIFY(askedOn != QThread::currentThread());
    QCOMPARE(answeredOn, QThread::currentThread());
}

void TestUsageStore::refusedFileKeepsCallsUntilSetAside()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    {
        QFile garbage(path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, 'x'));
    }
    UsageStore store(path);
    QSignalSpy failed(&store, &UsageStore::failed);
    QTRY_VERIFY(store.problem().has_value());
    QCOMPARE(store.problem()->kind, UsageError::Kind::Corrupt);
    QTRY_COMPARE(failed.size(), 1);
    for (int i = 0; i < 3; ++i)
        store.record(call(i));
    Switchyard::Votes::VoteTable::queue(store, {.when = QDateTime::currentDateTime(), .prompt = u"p"_s,
                                                .models = {u"a/x"_s, u"b/y"_s}, .winner = u"a/x"_s});
    QVERIFY(!store.waitForIdle(200)); // nowhere to write them yet
    QCOMPARE(QFile(path).size(), 8192);

    QSignalSpy setAside(&store, &UsageStore::setAsideDone);
    store.setAsideAndStartNew();
    QTRY_COMPARE(setAside.size(), 1); // emitted on the store's thread, maybe before wait() would start
    const QString moved = setAside.first().at(0).toString();
    QVERIFY2(setAside.first().at(1).toString().isEmpty(), qPrintable(setAside.first().at(1).toString()));
    QFile old(moved);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray(8192, 'x'));
    QVERIFY(store.waitForIdle());
    QVERIFY(!store.problem());
    QCOMPARE(callsIn(path), 3);
    auto db = UsageDatabase::open(path);
    QCOMPARE(Switchyard::Votes::VoteTable(*db).votes()->size(), 1);
}

void TestUsageStore::destructorWritesWhatIsQueued()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    {
        UsageStore store(path);
        for (int i = 0; i < 1000; ++i)
            store.record(call(i));
    }
    QCOMPARE(callsIn(path), 1000);
}

namespace {

QByteArray digestOf(const QString &path)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &suffix : {u""_s, u"-wal"_s}) {
        QFile file(path + suffix);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(&file);
    }
    return hash.result();
}

} // namespace

void TestUsageStore::damageInTheMiddleIsFoundBeforeWriting()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    QVERIFY(Switchyard::TestSupport::writeDamagedUsageDatabase(path));
    QVERIFY(UsageDatabase::open(path)); // the damage is not where opening looks
    const QByteArray before = digestOf(path);

    UsageStore store(path);
    QSignalSpy failed(&store, &UsageStore::failed);
    for (int i = 0; i < 3; ++i)
        store.record(call(i));
    // The check before the first write finds it: nothing is written.
    QVERIFY(!store.waitForIdle(20'000));
    QVERIFY(store.problem());
    QCOMPARE(store.problem()->kind, UsageError::Kind::Corrupt);
    QVERIFY2(store.problem()->message.contains(path), qPrintable(store.problem()->message));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(digestOf(path), before);

    // Set aside, the calls kept in memory go to a new file.
    QSignalSpy setAside(&store, &UsageStore::setAsideDone);
    store.setAsideAndStartNew();
    QTRY_COMPARE(setAside.size(), 1);
    QVERIFY(store.waitForIdle());
    QCOMPARE(callsIn(path), 3);
    QVERIFY(!UsageDatabase::check(setAside.first().at(0).toString()));
}

void TestUsageStore::damageMetByAQueryStopsWrites()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    QVERIFY(Switchyard::TestSupport::writeDamagedUsageDatabase(path));
    {
        // Damage is remembered for the connection whoever met it, and said.
        auto db = UsageDatabase::open(path);
        QVERIFY(db);
        QVERIFY(!db->damage());
        const auto visited = db->forEachCall({}, [](const UsageRecord &) { return true; });
        QVERIFY(!visited);
        QCOMPARE(visited.error().kind, UsageError::Kind::Corrupt);
        QVERIFY(db->damage());
        QCOMPARE(db->damage()->kind, UsageError::Kind::Corrupt);
    }
    const QByteArray before = digestOf(path);
    UsageStore store(path);
    // A query of the Usage page reads the damaged pages; whichever sees the
    // damage first, the query or the check, no call is written afterwards.
    std::optional<bool> read;
    store.query<bool>(
        this,
        [](UsageDatabase *db) {
            return db && db->forEachCall({}, [](const UsageRecord &) { return true; }).has_value();
        },
        [&read](bool ok) { read = ok; });
    QTRY_VERIFY(read.has_value());
    QVERIFY(!*read);
    QTRY_VERIFY(store.problem());
    QCOMPARE(store.problem()->kind, UsageError::Kind::Corrupt);
    store.record(call(1));
    QVERIFY(!store.waitForIdle(500));
    QCOMPARE(digestOf(path), before);
}

QTEST_GUILESS_MAIN(TestUsageStore)
#include "tst_usagestore.moc"
