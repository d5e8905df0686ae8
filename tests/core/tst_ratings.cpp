// Bradley–Terry ratings from Compare votes and judge scores: against
// hand-computed maximum-likelihood examples, the prior that keeps an unbeaten
// model finite, bootstrap intervals, tags, and the outcomes read back from a
// usage database holding votes and evaluation results.

#include "eval/evaltable.h"
#include "usage/usagedatabase.h"
#include "votes/ratings.h"
#include "votes/votetable.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Votes;

class TestRatings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void votesAsPairs_data();
    void votesAsPairs();
    void handComputed_data();
    void handComputed();
    void priorKeepsUnbeatenFinite();
    void bootstrapInterval();
    void tagsSelectOutcomes();
    void outcomesFromTheDatabase();
};

namespace {

QList<PairOutcome> games(const QString &a, const QString &b, int aWins, int bWins, int ties = 0,
                         const QString &tag = u"compare"_s)
{
    QList<PairOutcome> out;
    for (int i = 0; i < aWins; ++i)
        out.append({a, b, 1.0, tag});
    for (int i = 0; i < bWins; ++i)
        out.append({a, b, 0.0, tag});
    for (int i = 0; i < ties; ++i)
        out.append({a, b, 0.5, tag});
    return out;
}

double ratingOf(const QList<Rating> &ratings, const QString &model)
{
    for (const Rating &r : ratings)
        if (r.model == model)
            return r.rating;
    return qQNaN();
}

} // namespace

void TestRatings::votesAsPairs_data()
{
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QString>("winner");
    QTest::addColumn<QStringList>("pairs"); // "a>b", "a=b"

    QTest::newRow("two, a wins") << QStringList{u"a"_s, u"b"_s} << u"a"_s << QStringList{u"a>b"_s};
    QTest::newRow("two, b wins") << QStringList{u"a"_s, u"b"_s} << u"b"_s << QStringList{u"b>a"_s};
    QTest::newRow("three, c wins") << QStringList{u"a"_s, u"b"_s, u"c"_s} << u"c"_s
                                   << QStringList{u"c>a"_s, u"c>b"_s};
    QTest::newRow("three tie") << QStringList{u"a"_s, u"b"_s, u"c"_s} << QString()
                               << QStringList{u"a=b"_s, u"a=c"_s, u"b=c"_s};
    QTest::newRow("same model twice") << QStringList{u"a"_s, u"a"_s} << QString() << QStringList{};
}

void TestRatings::votesAsPairs()
{
    QFETCH(QStringList, models);
    QFETCH(QString, winner);
    QFETCH(QStringList, pairs);
    QStringList got;
    for (const PairOutcome &o : outcomesOf({Vote{.when = {}, .prompt = u"p"_s, .models = models, .winner = winner}})) {
        QCOMPARE(o.tag, u"compare"_s);
        got.append(o.scoreA == 0.5 ? o.a + u'=' + o.b : o.scoreA == 1 ? o.a + u'>' + o.b : o.b + u'>' + o.a);
    }
    got.sort();
    QCOMPARE(got, pairs);
}

void TestRatings::handComputed_data()
{
    QTest::addColumn<QList<PairOutcome>>("outcomes");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QList<double>>("expected");

    // 3 wins to 1: strengths 3:1, so ±200·log10(3) around 1000.
    QTest::newRow("three to one") << games(u"a"_s, u"b"_s, 3, 1) << QStringList{u"a"_s, u"b"_s}
                                  << QList<double>{1000 + 200 * std::log10(3.0), 1000 - 200 * std::log10(3.0)};
    // A beat B 2:1 and B beat C 2:1 (A and C never met): the likelihood
    // equations give pA = 2·pB and pC = pB/2, so 1000 ± 400·log10(2).
    QTest::newRow("chain") << (games(u"a"_s, u"b"_s, 2, 1) + games(u"b"_s, u"c"_s, 2, 1))
                           << QStringList{u"a"_s, u"b"_s, u"c"_s}
                           << QList<double>{1000 + 400 * std::log10(2.0), 1000, 1000 - 400 * std::log10(2.0)};
    // Ties count half: 1 win, 1 loss and 2 ties is even.
    QTest::newRow("ties") << games(u"a"_s, u"b"_s, 1, 1, 2) << QStringList{u"a"_s, u"b"_s}
                          << QList<double>{1000, 1000};
    // A rock-paper-scissors cycle: nobody is better.
    QTest::newRow("cycle") << (games(u"a"_s, u"b"_s, 2, 1) + games(u"b"_s, u"c"_s, 2, 1) + games(u"c"_s, u"a"_s, 2, 1))
                           << QStringList{u"a"_s, u"b"_s, u"c"_s} << QList<double>{1000, 1000, 1000};
}

void TestRatings::handComputed()
{
    QFETCH(QList<PairOutcome>, outcomes);
    QFETCH(QStringList, models);
    QFETCH(QList<double>, expected);
    const QList<Rating> ratings = Ratings::fit(outcomes, {.priorGames = 0, .bootstrap = 0});
    QCOMPARE(ratings.size(), models.size());
    for (qsizetype i = 0; i < models.size(); ++i) {
        const double got = ratingOf(ratings, models.at(i));
        QVERIFY2(std::abs(got - expected.at(i)) < 1e-4,
                 qPrintable(u"%1: %2, expected %3"_s.arg(models.at(i)).arg(got).arg(expected.at(i))));
    }
    QCOMPARE(ratings.first().model, models.first()); // best first
}

void TestRatings::priorKeepsUnbeatenFinite()
{
    const QList<PairOutcome> unbeaten = games(u"a"_s, u"b"_s, 4, 0);
    const QList<Rating> ratings = Ratings::fit(unbeaten, {.priorGames = 2, .bootstrap = 0});
    // With two drawn games against an average model each: a's 5 of 8 points
    // and b's 1 of 8 — finite, a well ahead.
    const double a = ratingOf(ratings, u"a"_s);
    const double b = ratingOf(ratings, u"b"_s);
    QVERIFY(std::isfinite(a) && std::isfinite(b));
    QVERIFY(a > 1150 && b < 850);
    QCOMPARE(ratings.first().comparisons, 4);
    QCOMPARE(ratings.first().score, 4.0);
}

void TestRatings::bootstrapInterval()
{
    const QList<PairOutcome> outcomes = games(u"a"_s, u"b"_s, 30, 10) + games(u"b"_s, u"c"_s, 20, 20);
    const QList<Rating> once = Ratings::fit(outcomes, {.bootstrap = 300, .seed = 7});
    const QList<Rating> again = Ratings::fit(outcomes, {.bootstrap = 300, .seed = 7});
    for (qsizetype i = 0; i < once.size(); ++i) {
        QVERIFY(once.at(i).low < once.at(i).rating && once.at(i).rating < once.at(i).high);
        QCOMPARE(once.at(i).low, again.at(i).low); // the same seed, the same interval
    }
    // More games, a narrower interval: b played 80, c only 40.
    const auto width = [&once](const QString &m) {
        for (const Rating &r : once)
            if (r.model == m)
                return r.high - r.low;
        return 0.0;
    };
    QVERIFY(width(u"b"_s) < width(u"c"_s));
    QCOMPARE(once.first().model, u"a"_s);
}

void TestRatings::tagsSelectOutcomes()
{
    const QList<PairOutcome> outcomes = games(u"a"_s, u"b"_s, 3, 0, 0, u"compare"_s) + games(u"a"_s, u"b"_s, 0, 3, 0, u"support"_s);
    QCOMPARE(Ratings::tags(outcomes), (QStringList{u"compare"_s, u"support"_s}));
    QCOMPARE(Ratings::fit(outcomes, {.bootstrap = 0, .tag = u"support"_s}).first().model, u"b"_s);
    QCOMPARE(Ratings::fit(outcomes, {.bootstrap = 0, .tag = u"compare"_s}).first().model, u"a"_s);
    const QList<Rating> all = Ratings::fit(outcomes, {.bootstrap = 0});
    QVERIFY(std::abs(all.first().rating - 1000) < 1e-6); // 3:3 overall
}

void TestRatings::outcomesFromTheDatabase()
{
    QTemporaryDir dir;
    auto db = Usage::UsageDatabase::open(dir.filePath(u"usage.sqlite3"_s));
    QVERIFY(db);
    const QDateTime now = QDateTime::currentDateTime();
    QVERIFY(VoteTable(*db).record({.when = now, .prompt = u"p"_s, .models = {u"x/a"_s, u"x/b"_s}, .winner = u"x/b"_s}));
    Eval::EvalTable table(*db);
    const auto run = table.createRun({.suite = u"support"_s, .started = now, .targets = {u"x/a"_s, u"fast"_s}, .cases = 1});
    QVERIFY(run);
    // One case, two repeats: a route answered by x/c scores higher once, ties once.
    auto result = [](const QString &target, const QString &by, int repeat, double score) {
        Eval::CaseResult r;
        r.caseKey = u"greet"_s;
        r.target = target;
        r.answeredBy = by;
        r.repeat = repeat;
        r.score = score;
        r.status = Eval::CaseResult::Status::Passed;
        return r;
    };
    QVERIFY(table.record(*run, result(u"x/a"_s, u"x/a"_s, 0, 0.4)));
    QVERIFY(table.record(*run, result(u"fast"_s, u"x/c"_s, 0, 0.9)));
    QVERIFY(table.record(*run, result(u"x/a"_s, u"x/a"_s, 1, 0.7)));
    QVERIFY(table.record(*run, result(u"fast"_s, u"x/c"_s, 1, 0.7)));
    Eval::CaseResult unscored = result(u"x/a"_s, {}, 2, 0);
    unscored.score.reset();
    QVERIFY(table.record(*run, unscored));
    const auto outcomes = Ratings::outcomes(*db);
    QVERIFY(outcomes);
    QCOMPARE(*outcomes, (QList<PairOutcome>{{u"x/a"_s, u"x/b"_s, 0.0, u"compare"_s},
                                            {u"x/c"_s, u"x/a"_s, 1.0, u"support"_s},
                                            {u"x/c"_s, u"x/a"_s, 0.5, u"support"_s}}));
}

QTEST_GUILESS_MAIN(TestRatings)
#include "tst_ratings.moc"
