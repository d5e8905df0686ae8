// The usage database: rows and roll-ups written together, summaries that
// match the rows they summarise, bad files refused untouched, every earlier
// schema upgraded.

#include "usage/histogram.h"
#include "usage/usagecsv.h"
#include "usage/usagedatabase.h"
#include "usage/usageschema.h"
#include "votes/votetable.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;

class TestUsageDatabase final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void histogramQuantile_data();
    void histogramQuantile();
    void histogramStoredForm();
    void roundTrip();
    void summariesMatchTheRows_data();
    void summariesMatchTheRows();
    void latencyPercentiles();
    void latenciesOverAnyRange_data();
    void latenciesOverAnyRange();
    void unknownCostIsNotZero();
    void filterChoices();
    void refusesBadFile_data();
    void refusesBadFile();
    void setAsideKeepsTheOldFile();
    void upgradesFromEveryVersion_data();
    void upgradesFromEveryVersion();
    void twoConnectionsShareTheFile();
    void budgets();
    void budgetPeriodsAndKeys_data();
    void budgetPeriodsAndKeys();
    void budgetLevels_data();
    void budgetLevels();
    void votes();
    void csvLine_data();
    void csvLine();
};

namespace {

QByteArray hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

qint64 at(QDate day, int hour)
{
    return QDateTime(day, QTime(hour, 30)).toMSecsSinceEpoch();
}

// A varied month: three providers, four models, sources, projects, errors,
// unknown costs and figures, from a seeded generator so a failure repeats.
QList<UsageRecord> sampleRecords(int count, quint32 seed = 7)
{
    QRandomGenerator random(seed);
    const QStringList providers{u"openai"_s, u"anthropic"_s, u"local"_s};
    const QStringList models{u"gpt-4o-mini"_s, u"claude-sonnet-4"_s, u"llama3"_s, u"gpt-4o"_s};
    const QStringList projects{QString(), u"docs"_s, u"agent"_s};
    QList<UsageRecord> records;
    for (int i = 0; i < count; ++i) {
        const int m = random.bounded(4);
        UsageRecord r;
        r.timeMs = at(QDate(2026, 10, 1).addDays(random.bounded(31)), random.bounded(24));
        r.source = Source(random.bounded(4));
        r.project = projects.at(random.bounded(3));
        if (r.source == Source::Gateway)
            r.keyName = QStringList{u"owner"_s, u"codex"_s, u"claude-code"_s}.at(i % 3);
        r.provider = providers.at(m == 3 ? 0 : m);
        r.model = models.at(m);
        r.tokensIn = random.bounded(50, 5000);
        r.tokensOut = random.bounded(1, 2000);
        if (random.bounded(3) == 0)
            r.tokensCached = random.bounded(0, 40);
        if (m != 2)
            r.costNanoUsd = random.bounded(1000, 5'000'000);
        r.costEstimated = random.bounded(5) == 0;
        const int outcome = random.bounded(10);
        r.status = outcome == 0 ? Status::Error : outcome == 1 ? Status::Cancelled : Status::Ok;
        if (r.status != Status::Error) {
            r.ttftMs = 50.0 + random.bounded(2000.0);
            r.totalMs = *r.ttftMs + random.bounded(20000.0);
            r.tokensPerSecond = 5.0 + random.bounded(150.0);
        } else {
            r.errorClass = u"rate_limited"_s;
            r.httpStatus = 429;
        }
        records.append(r);
    }
    return records;
}

UsageDatabase openOrFail(const QString &path)
{
    auto db = UsageDatabase::open(path);
    if (!db)
        qFatal("open %s: %s", qPrintable(path), qPrintable(db.error().message));
    return std::move(*db);
}

} // namespace

void TestUsageDatabase::histogramQuantile_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");

    QList<double> hundred;
    for (int i = 1; i <= 100; ++i)
        hundred.append(i * 10.0);
    QTest::newRow("p50 of 10..1000") << hundred << 0.5 << 500.0;
    QTest::newRow("p95 of 10..1000") << hundred << 0.95 << 950.0;
    QTest::newRow("p0 is the smallest") << hundred << 0.0 << 10.0;
    QTest::newRow("p100 is the largest") << hundred << 1.0 << 1000.0;
    QTest::newRow("one value") << QList<double>{1234.5} << 0.95 << 1234.5;
    QTest::newRow("sub-millisecond") << QList<double>{0.4, 0.5, 0.6} << 0.5 << 0.5;
    QTest::newRow("ten minutes") << QList<double>{600'000.0} << 0.5 << 600'000.0;
}

void TestUsageDatabase::histogramQuantile()
{
    QFETCH(QList<double>, values);
    QFETCH(double, q);
    QFETCH(double, expected);
    Histogram h;
    for (double v : values)
        h.add(v);
    QCOMPARE(h.count(), quint64(values.size()));
    const double got = h.quantile(q);
    QVERIFY2(std::abs(got - expected) <= expected * 0.025,
             qPrintable(u"got %1, expected %2 ± 2.5%"_s.arg(got).arg(expected)));
}

void TestUsageDatabase::histogramStoredForm()
{
    Histogram h;
    QCOMPARE(h.quantile(0.5), -1.0);
    for (double v : {3.0, 3.0, 80.0, 15'000.0})
        h.add(v);
    const QByteArray stored = h.toBytes();
    QCOMPARE(stored.size(), 3 * 6); // sparse: one pair per bucket in use
    Histogram back = Histogram::fromBytes(stored);
    QCOMPARE(back.count(), 4u);
    QCOMPARE(back.quantile(0.5), h.quantile(0.5));
    back.merge(h);
    QCOMPARE(back.count(), 8u);
    back.merge(QByteArrayView("garbage")); // not a whole number of pairs: ignored
    QCOMPARE(back.count(), 8u);
}

void TestUsageDatabase::roundTrip()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    const QList<UsageRecord> records = sampleRecords(300);
    QVERIFY(db.insert(records));

    QList<UsageRecord> expected = records;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const UsageRecord &a, const UsageRecord &b) { return a.timeMs < b.timeMs; });
    QList<UsageRecord> read;
    const auto visited = db.forEachCall({}, [&read](const UsageRecord &r) {
        read.append(r);
        return true;
    });
    QVERIFY(visited);
    QCOMPARE(*visited, 300);
    QCOMPARE(read.size(), expected.size());
    for (qsizetype i = 0; i < read.size(); ++i)
        QVERIFY2(read.at(i) == expected.at(i), qPrintable(u"row %1 differs"_s.arg(i)));

    // A day range selects by local calendar day, both ends included.
    UsageFilter days{.from = QDate(2026, 10, 5), .to = QDate(2026, 10, 6)};
    qint64 inRange = 0;
    for (const auto &r : records)
        inRange += UsageDatabase::dayOf(r.timeMs) >= days.from && UsageDatabase::dayOf(r.timeMs) <= days.to;
    QVERIFY(inRange > 0);
    QCOMPARE(*db.forEachCall(days, [](const UsageRecord &) { return true; }), inRange);
}

void TestUsageDatabase::summariesMatchTheRows_data()
{
    QTest::addColumn<int>("groupBy");
    QTest::addColumn<UsageFilter>("filter");

    QTest::newRow("everything") << int(GroupBy()) << UsageFilter{};
    QTest::newRow("by model") << int(GroupBy(GroupKey::Model)) << UsageFilter{};
    QTest::newRow("by provider") << int(GroupBy(GroupKey::Provider)) << UsageFilter{};
    QTest::newRow("by day and model") << int(GroupKey::Day | GroupKey::Model) << UsageFilter{};
    QTest::newRow("by project") << int(GroupBy(GroupKey::Project)) << UsageFilter{};
    QTest::newRow("a week, by day")
        << int(GroupBy(GroupKey::Day)) << UsageFilter{.from = QDate(2026, 10, 10), .to = QDate(2026, 10, 16)};
    QTest::newRow("one provider by source")
        << int(GroupBy(GroupKey::Source)) << UsageFilter{.providers = {u"openai"_s}};
    QTest::newRow("one model, one project")
        << int(GroupBy(GroupKey::Day)) << UsageFilter{.models = {u"openai/gpt-4o"_s}, .projects = {u"docs"_s}};
    QTest::newRow("gateway and cli") << int(GroupBy(GroupKey::Model))
                                     << UsageFilter{.sources = {u"gateway"_s, u"cli"_s}};
    QTest::newRow("by key") << int(GroupBy(GroupKey::Key)) << UsageFilter{};
    QTest::newRow("one key, by day and model")
        << int(GroupKey::Day | GroupKey::Model) << UsageFilter{.keys = {u"codex"_s}};
    QTest::newRow("calls without a key, by key") << int(GroupBy(GroupKey::Key)) << UsageFilter{.keys = {QString()}};
}

void TestUsageDatabase::summariesMatchTheRows()
{
    QFETCH(int, groupBy);
    QFETCH(UsageFilter, filter);
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    const QList<UsageRecord> records = sampleRecords(2000);
    // In several batches, so roll-ups are updated as well as created.
    for (qsizetype i = 0; i < records.size(); i += 170)
        QVERIFY(db.insert(std::span(records).subspan(i, std::min<qsizetype>(170, records.size() - i))));

    const GroupBy by = GroupBy::fromInt(groupBy);
    // The expected totals, computed the plain way from the records.
    QMap<QString, UsageGroup> expected;
    for (const UsageRecord &r : records) {
        const QDate day = UsageDatabase::dayOf(r.timeMs);
        if ((filter.from.isValid() && day < filter.from) || (filter.to.isValid() && day > filter.to)
            || !filter.matches(r.provider, r.model, sourceName(r.source), r.project, r.keyName))
            continue;
        const QString key = (by & GroupKey::Day ? day.toString(Qt::ISODate) : QString()) + u'|'
            + (by & (GroupKey::Provider | GroupKey::Model) ? r.provider : QString()) + u'|'
            + (by & GroupKey::Model ? r.model : QString()) + u'|'
            + (by & GroupKey::Source ? sourceName(r.source) : QString()) + u'|'
            + (by & GroupKey::Project ? r.project : QString()) + u'|' + (by & GroupKey::Key ? r.keyName : QString());
        UsageGroup &g = expected[key];
        ++g.calls;
        g.errors += r.status == Status::Error;
        g.tokensIn += r.tokensIn.value_or(0);
        g.tokensOut += r.tokensOut.value_or(0);
        g.tokensCached += r.tokensCached.value_or(0);
        g.costNanoUsd += r.costNanoUsd.value_or(0);
        g.estimatedCalls += r.costNanoUsd && r.costEstimated;
        g.unpricedCalls += !r.costNanoUsd;
    }
    const auto groups = db.summarize(filter, by);
    QVERIFY(groups);
    QCOMPARE(groups->size(), expected.size());
    QVERIFY(!groups->isEmpty());
    for (const UsageGroup &g : *groups) {
        const QString key = (g.day.isValid() ? g.day.toString(Qt::ISODate) : QString()) + u'|' + g.provider + u'|'
            + g.model + u'|' + g.source + u'|' + g.project + u'|' + g.key;
        QVERIFY2(expected.contains(key), qPrintable(key));
        const UsageGroup &e = expected.value(key);
        QCOMPARE(g.calls, e.calls);
        QCOMPARE(g.errors, e.errors);
        QCOMPARE(g.tokensIn, e.tokensIn);
        QCOMPARE(g.tokensOut, e.tokensOut);
        QCOMPARE(g.tokensCached, e.tokensCached);
        QCOMPARE(g.costNanoUsd, e.costNanoUsd);
        QCOMPARE(g.estimatedCalls, e.estimatedCalls);
        QCOMPARE(g.unpricedCalls, e.unpricedCalls);
    }
}

void TestUsageDatabase::latencyPercentiles()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    const QList<UsageRecord> records = sampleRecords(3000, 11);
    for (qsizetype i = 0; i < records.size(); i += 500)
        QVERIFY(db.insert(std::span(records).subspan(i, 500)));
    const auto groups = db.summarize({}, GroupKey::Model, true);
    QVERIFY(groups);
    for (const UsageGroup &g : *groups) {
        QList<double> ttft, total, speed;
        for (const UsageRecord &r : records) {
            if (r.provider != g.provider || r.model != g.model)
                continue;
            if (r.ttftMs)
                ttft.append(*r.ttftMs);
            if (r.status == Status::Ok) {
                total.append(*r.totalMs);
                speed.append(*r.tokensPerSecond);
            }
        }
        auto nearestRank = [](QList<double> values, double q) {
            std::sort(values.begin(), values.end());
            return values.at(qsizetype(std::ceil(q * double(values.size()))) - 1);
        };
        QVERIFY(g.latencies);
        QCOMPARE(g.latencies->ttftMs.count(), quint64(ttft.size()));
        QCOMPARE(g.latencies->totalMs.count(), quint64(total.size()));
        for (double q : {0.5, 0.95}) {
            for (auto [histogram, exact] : {std::pair{&g.latencies->ttftMs, &ttft}, std::pair{&g.latencies->totalMs, &total},
                                            std::pair{&g.latencies->tokensPerSecond, &speed}}) {
                const double want = nearestRank(*exact, q);
                const double got = histogram->quantile(q);
                QVERIFY2(std::abs(got - want) <= want * 0.025,
                         qPrintable(u"%1 p%2: got %3, exact %4"_s.arg(g.modelKey()).arg(q * 100).arg(got).arg(want)));
            }
        }
    }
}

void TestUsageDatabase::latenciesOverAnyRange_data()
{
    // Whole months come from the monthly histograms, the days at the ends of
    // the range from the daily ones: every call must be counted exactly once.
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::newRow("everything") << QDate() << QDate();
    QTest::newRow("one whole month") << QDate(2026, 10, 1) << QDate(2026, 10, 31);
    QTest::newRow("inside a month") << QDate(2026, 10, 5) << QDate(2026, 10, 20);
    QTest::newRow("across three months") << QDate(2026, 9, 15) << QDate(2026, 11, 10);
    QTest::newRow("whole months and a tail") << QDate(2026, 9, 1) << QDate(2026, 11, 3);
    QTest::newRow("a head and whole months") << QDate(2026, 9, 29) << QDate(2026, 11, 30);
    QTest::newRow("open start") << QDate() << QDate(2026, 10, 17);
    QTest::newRow("open end") << QDate(2026, 10, 17) << QDate();
    QTest::newRow("one day") << QDate(2026, 11, 1) << QDate(2026, 11, 1);
}

void TestUsageDatabase::latenciesOverAnyRange()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    // October's sample, and the same calls a month earlier and a month later.
    QList<UsageRecord> records = sampleRecords(900, 5);
    for (qsizetype i = 0; i < 900; i += 3) {
        UsageRecord early = records.at(i), late = records.at(i + 1);
        early.timeMs = QDateTime::fromMSecsSinceEpoch(early.timeMs).addMonths(-1).toMSecsSinceEpoch();
        late.timeMs = QDateTime::fromMSecsSinceEpoch(late.timeMs).addMonths(1).toMSecsSinceEpoch();
        records.append({early, late});
    }
    for (qsizetype i = 0; i < records.size(); i += 200)
        QVERIFY(db.insert(std::span(records).subspan(i, std::min<qsizetype>(200, records.size() - i))));
    const UsageFilter filter{.from = from, .to = to};
    quint64 ttft = 0, total = 0;
    for (const UsageRecord &r : records) {
        const QDate day = UsageDatabase::dayOf(r.timeMs);
        if ((from.isValid() && day < from) || (to.isValid() && day > to))
            continue;
        ttft += r.ttftMs.has_value();
        total += r.status == Status::Ok && r.totalMs;
    }
    const auto groups = db.summarize(filter, GroupKey::Provider, true);
    QVERIFY(groups);
    quint64 gotTtft = 0, gotTotal = 0;
    for (const UsageGroup &g : *groups) {
        gotTtft += g.latencies->ttftMs.count();
        gotTotal += g.latencies->totalMs.count();
    }
    QVERIFY(ttft > 0);
    QCOMPARE(gotTtft, ttft);
    QCOMPARE(gotTotal, total);
}

void TestUsageDatabase::unknownCostIsNotZero()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    const QDate day(2026, 11, 2);
    const QList<UsageRecord> records{
        {.timeMs = at(day, 9), .provider = u"local"_s, .model = u"llama3"_s, .tokensIn = 10, .tokensOut = 5},
        {.timeMs = at(day, 10), .provider = u"local"_s, .model = u"llama3"_s, .costNanoUsd = 0},
        {.timeMs = at(day, 11), .provider = u"local"_s, .model = u"llama3"_s, .costNanoUsd = 3000, .costEstimated = true},
    };
    QVERIFY(db.insert(records));
    const auto groups = db.summarize({}, GroupKey::Model);
    QVERIFY(groups);
    QCOMPARE(groups->size(), 1);
    const UsageGroup &g = groups->first();
    QCOMPARE(g.calls, 3);
    QCOMPARE(g.unpricedCalls, 1);
    QCOMPARE(g.estimatedCalls, 1);
    QCOMPARE(g.costNanoUsd, 3000);
    QCOMPARE(g.averageCostUsd(), 1.5e-6); // over the two priced calls only
}

void TestUsageDatabase::filterChoices()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    QVERIFY(db.insert(sampleRecords(400)));
    const auto choices = db.choices();
    QVERIFY(choices);
    QCOMPARE(choices->providers, (QStringList{u"anthropic"_s, u"local"_s, u"openai"_s}));
    QCOMPARE(choices->models, (QStringList{u"anthropic/claude-sonnet-4"_s, u"local/llama3"_s, u"openai/gpt-4o"_s,
                                           u"openai/gpt-4o-mini"_s}));
    QCOMPARE(choices->sources, (QStringList{u"cli"_s, u"compare"_s, u"gateway"_s, u"router"_s}));
    QCOMPARE(choices->projects, (QStringList{u"agent"_s, u"docs"_s}));
}

void TestUsageDatabase::refusesBadFile_data()
{
    QTest::addColumn<QByteArray>("sql");     // run on a fresh SQLite file, when not empty
    QTest::addColumn<QByteArray>("content"); // else the file's bytes
    QTest::addColumn<int>("kind");

    QTest::newRow("text file") << QByteArray() << QByteArray("name,cost\nopenai,3\n") << int(UsageError::Kind::Corrupt);
    QByteArray torn(4096, '\0');
    torn.replace(0, 16, "SQLite format 3\0");
    torn[16] = 'x'; // page size nonsense
    QTest::newRow("damaged header") << QByteArray() << torn << int(UsageError::Kind::Corrupt);
    QTest::newRow("another program's database")
        << QByteArray("CREATE TABLE notes(x); INSERT INTO notes VALUES(1);") << QByteArray()
        << int(UsageError::Kind::Corrupt);
    QTest::newRow("from a newer Switchyard")
        << (QByteArray("PRAGMA application_id = 1398233412; PRAGMA user_version = ")
            + QByteArray::number(UsageSchema::currentVersion() + 1) + ";CREATE TABLE future(x);")
        << QByteArray() << int(UsageError::Kind::Newer);
}

void TestUsageDatabase::refusesBadFile()
{
    QFETCH(QByteArray, sql);
    QFETCH(QByteArray, content);
    QFETCH(int, kind);
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    if (!sql.isEmpty()) {
        auto raw = SqliteConnection::open(path, SqliteConnection::Mode::ReadWriteCreate);
        QVERIFY(raw);
        QVERIFY(raw->exec(sql.constData()));
    } else {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const QByteArray before = hashOf(path);
    const auto db = UsageDatabase::open(path);
    QVERIFY(!db);
    QCOMPARE(int(db.error().kind), kind);
    QVERIFY2(db.error().message.contains(path), qPrintable(db.error().message));
    QCOMPARE(hashOf(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"_s) || QFileInfo(path + u"-wal"_s).size() == 0);
}

void TestUsageDatabase::setAsideKeepsTheOldFile()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("definitely not sqlite");
    }
    const QByteArray before = hashOf(path);
    QCOMPARE(UsageDatabase::open(path).error().kind, UsageError::Kind::Corrupt);
    const auto moved = UsageDatabase::setAside(path);
    QVERIFY(moved);
    QVERIFY(moved->startsWith(path + u".broken-"_s));
    QCOMPARE(hashOf(*moved), before);
    UsageDatabase db = openOrFail(path);
    QVERIFY(db.insert(sampleRecords(5)));
    // Setting aside twice in the same second must not overwrite the first.
    db = openOrFail(dir.filePath(u"other.sqlite3"_s)); // lets go of path
    const auto again = UsageDatabase::setAside(path);
    QVERIFY(again);
    QVERIFY(*again != *moved);
    QCOMPARE(hashOf(*moved), before);
}

void TestUsageDatabase::upgradesFromEveryVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 0; v < UsageSchema::currentVersion(); ++v)
        QTest::addRow("from version %d", v) << v;
}

void TestUsageDatabase::upgradesFromEveryVersion()
{
    QFETCH(int, version);
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    {
        // The database as that version of Switchyard left it.
        auto raw = SqliteConnection::open(path, SqliteConnection::Mode::ReadWriteCreate);
        QVERIFY(raw);
        if (version > 0)
            QVERIFY(raw->exec("PRAGMA application_id = 1398233412"));
        for (int v = 0; v < version; ++v)
            QVERIFY(raw->exec(UsageSchema::migrationFrom(v)));
        QVERIFY(raw->exec(("PRAGMA user_version = " + std::to_string(version)).c_str()));
        if (version >= 1) {
            QVERIFY(raw->exec("INSERT INTO calls (time_ms, day, source, provider, model, status, cost_nano) "
                              "VALUES (1760000000000, 2461000, 'cli', 'openai', 'gpt-4o', 'ok', 1234)"));
            // A roll-up that refers to its series: tables rebuilt by a later
            // step must keep both, and the reference.
            QVERIFY(raw->exec("INSERT INTO series (id, provider, model, source, project) "
                              "VALUES (7, 'openai', 'gpt-4o', 'cli', '')"));
            QVERIFY(raw->exec("INSERT INTO daily (day, series, totals) VALUES (2461000, 7, x'01')"));
        }
        if (version >= 2)
            QVERIFY(raw->exec("INSERT INTO budgets (scope, limit_nano, action, reroute) "
                              "VALUES ('openai', 5000000000, 'reroute', 'cheap')"));
    }
    UsageDatabase db = openOrFail(path);
    QCOMPARE(*db.connection().scalar("PRAGMA user_version"), UsageSchema::currentVersion());
    QCOMPARE(*db.connection().scalar("SELECT count(*) FROM calls"), version >= 1 ? 1 : 0);
    QCOMPARE(*db.connection().scalar("SELECT count(*) FROM daily JOIN series ON series.id = daily.series "
                                     "WHERE series.id = 7 AND series.provider = 'openai'"),
             version >= 1 ? 1 : 0);
    if (version >= 2) {
        QCOMPARE(*db.budgets(), (QList<Budget>{{.scope = u"openai"_s, .limitNanoUsd = 5'000'000'000,
                                                .action = Budget::Action::Reroute, .rerouteTo = u"cheap"_s}}));
    }
    QCOMPARE(*db.connection().scalar("PRAGMA foreign_keys"), 1);
    QCOMPARE(*db.connection().scalar("PRAGMA integrity_check = 1") , 0); // "ok" reads as 0
    QVERIFY(db.insert(sampleRecords(3)));
}

void TestUsageDatabase::twoConnectionsShareTheFile()
{
    // The app, the CLI and the gateway may each have the file open.
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    UsageDatabase a = openOrFail(path);
    UsageDatabase b = openOrFail(path);
    const QList<UsageRecord> records = sampleRecords(200);
    for (qsizetype i = 0; i < records.size(); i += 20)
        QVERIFY((i / 20 % 2 ? a : b).insert(std::span(records).subspan(i, 20)));
    const auto total = a.summarize({}, {});
    QVERIFY(total);
    QCOMPARE(total->size(), 1);
    QCOMPARE(total->first().calls, 200);
    QCOMPARE(b.summarize({}, {})->first().calls, 200);
    // Both connections made series; each combination is there once.
    QCOMPARE(*b.connection().scalar("SELECT count(*) FROM series"),
             *b.connection().scalar("SELECT count(DISTINCT provider || model || source || project || key_name) FROM calls"));
}

void TestUsageDatabase::budgets()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    QCOMPARE(db.budgetStatus(QDate(2026, 10, 20))->size(), 0);
    const Budget total{.limitNanoUsd = 50'000'000'000};
    const Budget openai{.scope = u"openai"_s, .limitNanoUsd = 2'000'000'000, .action = Budget::Action::Reroute,
                        .rerouteTo = u"cheap"_s};
    QVERIFY(db.setBudget(openai));
    QVERIFY(db.setBudget(total));
    QCOMPARE(*db.budgets(), (QList<Budget>{total, openai}));
    Budget lower = openai;
    lower.limitNanoUsd = 1'000'000'000;
    QVERIFY(db.setBudget(lower)); // replaces
    QCOMPARE(*db.budgets(), (QList<Budget>{total, lower}));

    // Month to date: October's calls count on the 20th, September's do not.
    const QList<UsageRecord> records = sampleRecords(500);
    QVERIFY(db.insert(records));
    QVERIFY(db.insert(QList<UsageRecord>{{.timeMs = at(QDate(2026, 9, 30), 12), .provider = u"openai"_s,
                                          .model = u"gpt-4o"_s, .costNanoUsd = 999'000'000'000}}));
    qint64 all = 0, ofOpenai = 0;
    for (const UsageRecord &r : records) {
        if (UsageDatabase::dayOf(r.timeMs) <= QDate(2026, 10, 20)) {
            all += r.costNanoUsd.value_or(0);
            ofOpenai += r.provider == u"openai"_s ? r.costNanoUsd.value_or(0) : 0;
        }
    }
    const auto status = db.budgetStatus(QDate(2026, 10, 20));
    QVERIFY(status);
    QCOMPARE(status->size(), 2);
    QCOMPARE(status->at(0).spentNanoUsd, all);
    QCOMPARE(status->at(1).spentNanoUsd, ofOpenai);
    QVERIFY(db.removeBudget({.scope = u"openai"_s}));
    QCOMPARE(*db.budgets(), QList<Budget>{total});
}

void TestUsageDatabase::budgetPeriodsAndKeys_data()
{
    // 2026-10-21 is a Wednesday: its week began on Monday the 19th.
    QTest::addColumn<Budget>("budget");
    QTest::addColumn<QDate>("from");
    QTest::newRow("the month's total") << Budget{.limitNanoUsd = 1} << QDate(2026, 10, 1);
    QTest::newRow("the week's total") << Budget{.period = Budget::Period::Week, .limitNanoUsd = 1} << QDate(2026, 10, 19);
    QTest::newRow("the day's total") << Budget{.period = Budget::Period::Day, .limitNanoUsd = 1} << QDate(2026, 10, 21);
    QTest::newRow("a key's day") << Budget{.key = u"codex"_s, .period = Budget::Period::Day, .limitNanoUsd = 1}
                                 << QDate(2026, 10, 21);
    QTest::newRow("a key's week") << Budget{.key = u"claude-code"_s, .period = Budget::Period::Week, .limitNanoUsd = 1}
                                  << QDate(2026, 10, 19);
    QTest::newRow("a key's month at one provider")
        << Budget{.scope = u"openai"_s, .key = u"codex"_s, .limitNanoUsd = 1} << QDate(2026, 10, 1);
    QTest::newRow("the owner's week") << Budget{.key = u"owner"_s, .period = Budget::Period::Week, .limitNanoUsd = 1}
                                      << QDate(2026, 10, 19);
}

void TestUsageDatabase::budgetPeriodsAndKeys()
{
    QFETCH(Budget, budget);
    QFETCH(QDate, from);
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    QVERIFY(db.setBudget(budget));
    const QList<UsageRecord> records = sampleRecords(3000);
    QVERIFY(db.insert(records));
    const QDate today(2026, 10, 21);
    qint64 expected = 0;
    for (const UsageRecord &r : records) {
        const QDate day = UsageDatabase::dayOf(r.timeMs);
        if (day >= from && day <= today && budget.covers(r.provider, r.keyName))
            expected += r.costNanoUsd.value_or(0);
    }
    QVERIFY(expected > 0);
    const auto status = db.budgetStatus(today);
    QVERIFY(status);
    QCOMPARE(status->size(), 1);
    QCOMPARE(status->first().budget, budget);
    QCOMPARE(status->first().spentNanoUsd, expected);
    // The same scope with another period is another budget; removing one
    // leaves the other.
    Budget other = budget;
    other.period = budget.period == Budget::Period::Day ? Budget::Period::Month : Budget::Period::Day;
    QVERIFY(db.setBudget(other));
    QCOMPARE(db.budgets()->size(), 2);
    QVERIFY(db.removeBudget(budget));
    QCOMPARE(*db.budgets(), QList<Budget>{other});
}

void TestUsageDatabase::budgetLevels_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("spent");
    QTest::addColumn<int>("level");
    QTest::newRow("nothing spent") << qint64(100) << qint64(0) << int(BudgetStatus::Level::Ok);
    QTest::newRow("just under 80%") << qint64(100) << qint64(79) << int(BudgetStatus::Level::Ok);
    QTest::newRow("80%") << qint64(100) << qint64(80) << int(BudgetStatus::Level::Warning);
    QTest::newRow("99%") << qint64(100) << qint64(99) << int(BudgetStatus::Level::Warning);
    QTest::newRow("100%") << qint64(100) << qint64(100) << int(BudgetStatus::Level::Reached);
    QTest::newRow("over") << qint64(100) << qint64(250) << int(BudgetStatus::Level::Reached);
    QTest::newRow("a zero budget blocks at once") << qint64(0) << qint64(0) << int(BudgetStatus::Level::Reached);
}

void TestUsageDatabase::budgetLevels()
{
    QFETCH(qint64, limit);
    QFETCH(qint64, spent);
    QFETCH(int, level);
    const BudgetStatus status{.budget = {.limitNanoUsd = limit}, .spentNanoUsd = spent};
    QCOMPARE(int(status.level()), level);
}

void TestUsageDatabase::votes()
{
    QTemporaryDir dir;
    UsageDatabase db = openOrFail(UsageDatabase::fileIn(dir.path()));
    auto vote = [](QDate day, QStringList models, QString winner) {
        return Switchyard::Votes::Vote{.when = QDateTime(day, QTime(12, 0)), .prompt = u"Why?"_s,
                                       .models = std::move(models), .winner = std::move(winner),
                                       .blind = false};
    };
    const QList<Switchyard::Votes::Vote> cast{
        vote(QDate(2026, 10, 1), {u"b/two"_s, u"a/one"_s}, u"a/one"_s),
        vote(QDate(2026, 10, 2), {u"a/one"_s, u"c/three"_s}, QString()),
        vote(QDate(2026, 10, 9), {u"c/three"_s, u"b/two"_s, u"a/one"_s}, u"c/three"_s),
    };
    Switchyard::Votes::VoteTable votes(db);
    for (const auto &v : cast)
        QVERIFY(votes.record(v));
    QCOMPARE(*votes.votes(), cast); // models keep their order
    QCOMPARE(votes.votes({.from = QDate(2026, 10, 2), .to = QDate(2026, 10, 8)})->size(), 1);
    QCOMPARE(votes.votes({.models = {u"b/two"_s}})->size(), 2);
    QCOMPARE(votes.votes({.providers = {u"c"_s}})->size(), 2);
    const auto rates = votes.winRates();
    QVERIFY(rates);
    QCOMPARE(rates->size(), 3);
    QCOMPARE(rates->at(0).model, u"c/three"_s); // a win and a tie of 2
    QCOMPARE(rates->at(0).rate(), 0.75);
    QCOMPARE(rates->at(1).model, u"a/one"_s); // a win and a tie of 3
    QCOMPARE(rates->at(1).contests, 3);
    QCOMPARE(rates->at(1).rate(), 0.5);
}

void TestUsageDatabase::csvLine_data()
{
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("plain") << QStringList{u"a"_s, u"1.5"_s, QString()} << QByteArray("a,1.5,\r\n");
    QTest::newRow("comma and quote") << QStringList{u"a,b"_s, u"say \"hi\""_s}
                                     << QByteArray("\"a,b\",\"say \"\"hi\"\"\"\r\n");
    QTest::newRow("line break") << QStringList{u"two\nlines"_s} << QByteArray("\"two\nlines\"\r\n");
    QTest::newRow("formula") << QStringList{u"=HYPERLINK(1)"_s} << QByteArray("'=HYPERLINK(1)\r\n");
    QTest::newRow("plus, at, minus") << QStringList{u"+1+1"_s, u"@SUM(A1)"_s, u"-x"_s}
                                     << QByteArray("'+1+1,'@SUM(A1),'-x\r\n");
    QTest::newRow("negative number stays") << QStringList{u"-3.25"_s} << QByteArray("-3.25\r\n");
    QTest::newRow("utf-8") << QStringList{u"café"_s} << QByteArray("caf\xc3\xa9\r\n");
}

void TestUsageDatabase::csvLine()
{
    QFETCH(QStringList, fields);
    QFETCH(QByteArray, line);
    QCOMPARE(UsageCsv::line(fields), line);
}

QTEST_GUILESS_MAIN(TestUsageDatabase)
#include "tst_usagedatabase.moc"
