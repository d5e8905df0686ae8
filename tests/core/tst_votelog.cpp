// Compare votes: kept as JSON lines, read back, torn lines skipped, win rates.

#include "votes/votelog.h"
#include "votes/winrate.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Switchyard::Votes;

class TestVoteLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordAndLoad();
    void tornLineIsSkipped();
    void winnerMustHaveTakenPart();
    void winRates_data();
    void winRates();
};

namespace {
Vote vote(const QStringList &models, const QString &winner)
{
    return {.when = QDateTime(QDate(2026, 11, 23), QTime(10, 0), QTimeZone::UTC), .prompt = u"p"_s, .models = models,
            .winner = winner, .blind = false};
}
} // namespace

void TestVoteLog::recordAndLoad()
{
    QTemporaryDir dir;
    VoteLog log(dir.filePath(u"sub/votes.jsonl"_s));
    const Vote a = vote({u"x/a"_s, u"y/b"_s}, u"y/b"_s);
    Vote b = vote({u"x/a"_s, u"y/b"_s, u"z/c"_s}, QString());
    b.blind = true;
    b.prompt = u"multi\nline \"quoted\""_s;
    QVERIFY(log.record(a));
    QVERIFY(log.record(b));
    const auto loaded = VoteLog(log.path()).load();
    QVERIFY(loaded);
    QCOMPARE(loaded->unreadableLines, 0);
    QCOMPARE(loaded->votes, (QList<Vote>{a, b}));
}

void TestVoteLog::tornLineIsSkipped()
{
    QTemporaryDir dir;
    VoteLog log(dir.filePath(u"votes.jsonl"_s));
    QVERIFY(log.record(vote({u"x/a"_s, u"y/b"_s}, u"x/a"_s)));
    QFile file(log.path());
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"when\":\"2026-11-23T10:0"); // the process died mid-write
    file.close();
    const auto loaded = log.load();
    QVERIFY(loaded);
    QCOMPARE(loaded->votes.size(), 1);
    QCOMPARE(loaded->unreadableLines, 1);
    QVERIFY(log.record(vote({u"x/a"_s, u"y/b"_s}, QString()))); // appending still works
}

void TestVoteLog::winnerMustHaveTakenPart()
{
    QTemporaryDir dir;
    VoteLog log(dir.filePath(u"votes.jsonl"_s));
    QVERIFY(!log.record(vote({u"x/a"_s, u"y/b"_s}, u"q/q"_s)));
    QVERIFY(!QFile::exists(log.path()));
}

void TestVoteLog::winRates_data()
{
    QTest::addColumn<QList<Vote>>("votes");
    QTest::addColumn<QStringList>("expected"); // "model wins/ties/contests rate%" best first

    QTest::newRow("no votes") << QList<Vote>{} << QStringList{};
    QTest::newRow("one win") << QList<Vote>{vote({u"a"_s, u"b"_s}, u"a"_s)}
                             << QStringList{u"a 1/0/1 100"_s, u"b 0/0/1 0"_s};
    QTest::newRow("ties count half") << QList<Vote>{vote({u"a"_s, u"b"_s}, QString()), vote({u"a"_s, u"b"_s}, u"b"_s)}
                                     << QStringList{u"b 1/1/2 75"_s, u"a 0/1/2 25"_s};
    QTest::newRow("three-way, equal records by name")
        << QList<Vote>{vote({u"a"_s, u"b"_s, u"c"_s}, u"c"_s), vote({u"c"_s, u"a"_s}, u"a"_s)}
        << QStringList{u"a 1/0/2 50"_s, u"c 1/0/2 50"_s, u"b 0/0/1 0"_s};
    QTest::newRow("equal rate, more contests first")
        << QList<Vote>{vote({u"a"_s, u"b"_s}, u"a"_s), vote({u"c"_s, u"b"_s}, u"c"_s), vote({u"c"_s, u"b"_s}, u"c"_s)}
        << QStringList{u"c 2/0/2 100"_s, u"a 1/0/1 100"_s, u"b 0/0/3 0"_s};
}

void TestVoteLog::winRates()
{
    QFETCH(QList<Vote>, votes);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const WinRate &r : winRatesOf(votes))
        got.append(u"%1 %2/%3/%4 %5"_s.arg(r.model).arg(r.wins).arg(r.ties).arg(r.contests).arg(qRound(r.rate() * 100)));
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestVoteLog)
#include "tst_votelog.moc"
