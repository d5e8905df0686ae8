#include "usage/usagedatabase.h"

#include "audit/auditlog.h"
#include "usage/sqlitetransaction.h"
#include "usage/usageaudit.h"
#include "usage/usageschema.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <QtEndian>

#include <sqlite3.h>

#include <array>
#include <vector>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage {

namespace {

// "SWYD": marks the file as Switchyard's, so another program's SQLite file
// given by mistake is refused instead of having tables added to it.
constexpr qint64 ApplicationId = 0x53575944;

constexpr const char *InsertCall = R"sql(
INSERT INTO calls (time_ms, day, source, project, provider, model, route, rule, tokens_in, tokens_out,
                   tokens_cached, tokens_reasoning, cost_nano, cost_estimated, ttft_ms, total_ms, tokens_per_s,
                   status, error_class, http_status, retries, fallback_hops, key_name)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql";

constexpr const char *FindSeries = R"sql(
SELECT id FROM series WHERE provider = ? AND model = ? AND source = ? AND project = ? AND key_name = ?)sql";

constexpr const char *InsertSeries = R"sql(
INSERT INTO series (provider, model, source, project, key_name) VALUES (?, ?, ?, ?, ?))sql";

constexpr const char *ReadTotals = R"sql(
SELECT totals FROM daily WHERE day = ? AND series = ?)sql";

constexpr const char *WriteTotals = R"sql(
INSERT OR REPLACE INTO daily (day, series, totals) VALUES (?, ?, ?))sql";

constexpr const char *ReadLatency = R"sql(
SELECT ttft, total, speed FROM daily_latency WHERE day = ? AND series = ?)sql";

constexpr const char *WriteLatency = R"sql(
INSERT OR REPLACE INTO daily_latency (day, series, ttft, total, speed) VALUES (?, ?, ?, ?, ?))sql";

constexpr const char *ReadMonthLatency = R"sql(
SELECT ttft, total, speed FROM monthly_latency WHERE month = ? AND series = ?)sql";

constexpr const char *WriteMonthLatency = R"sql(
INSERT OR REPLACE INTO monthly_latency (month, series, ttft, total, speed) VALUES (?, ?, ?, ?, ?))sql";

qint64 monthOf(QDate day)
{
    return qint64(day.year()) * 12 + day.month() - 1;
}

QDate firstDayOf(qint64 month)
{
    return QDate(int(month / 12), int(month % 12) + 1, 1);
}

struct DailyKey {
    qint64 day;
    qint64 series;
    bool operator==(const DailyKey &) const = default;
};

size_t qHash(const DailyKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.day, key.series);
}

// The counters of a daily row, in the order of the stored blob.
struct DailyTotals {
    static constexpr int Count = 9;
    std::array<qint64, Count> values{};
    qint64 &calls() { return values[0]; }
    qint64 &errors() { return values[1]; }
    qint64 &tokensIn() { return values[2]; }
    qint64 &tokensOut() { return values[3]; }
    qint64 &tokensCached() { return values[4]; }
    qint64 &tokensReasoning() { return values[5]; }
    qint64 &costNano() { return values[6]; }
    qint64 &estimated() { return values[7]; }
    qint64 &unpriced() { return values[8]; }

    // Adds a stored blob; one of another length (a damaged row) adds nothing.
    void add(QByteArrayView stored)
    {
        if (stored.size() != Count * qsizetype(sizeof(qint64)))
            return;
        for (int i = 0; i < Count; ++i)
            values[std::size_t(i)] += qFromLittleEndian<qint64>(stored.data() + i * sizeof(qint64));
    }
    QByteArray toBytes() const
    {
        QByteArray out(Count * qsizetype(sizeof(qint64)), Qt::Uninitialized);
        for (int i = 0; i < Count; ++i)
            qToLittleEndian<qint64>(values[std::size_t(i)], out.data() + i * sizeof(qint64));
        return out;
    }
};

struct LatencyDelta {
    Histogram ttft, total, speed;
    bool isEmpty() const { return ttft.isEmpty() && total.isEmpty() && speed.isEmpty(); }
};

struct DailyDelta {
    DailyTotals totals;
    LatencyDelta latency;
};

std::expected<void, SqliteError> mergeLatency(SqliteStatement &read, SqliteStatement &write, qint64 period, qint64 series,
                                              const LatencyDelta &delta)
{
    // Histograms do not add up in SQL: read, merge, write back, inside the
    // caller's write transaction.
    LatencyDelta merged = delta;
    read.bind(1, period);
    read.bind(2, series);
    const auto row = read.step();
    if (row && *row) {
        merged.ttft.merge(read.blob(0));
        merged.total.merge(read.blob(1));
        merged.speed.merge(read.blob(2));
    }
    read.reset();
    if (!row)
        return std::unexpected(row.error());
    write.bind(1, period);
    write.bind(2, series);
    write.bindBlob(3, merged.ttft.toBytes());
    write.bindBlob(4, merged.total.toBytes());
    write.bindBlob(5, merged.speed.toBytes());
    return write.run();
}


} // namespace

QString UsageDatabase::fileIn(const QString &dataDir)
{
    return dataDir + u"/usage.sqlite3"_s;
}

QDate UsageDatabase::dayOf(qint64 timeMs)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs).date();
}

UsageError UsageDatabase::errorOf(const SqliteError &error) const
{
    if (error.isCorrupt())
        return {UsageError::Kind::Corrupt,
                QObject::tr("The usage database %1 is damaged (%2).").arg(m_path, error.message)};
    return {UsageError::Kind::Failed, QObject::tr("The usage database %1: %2").arg(m_path, error.message)};
}

std::expected<UsageDatabase, UsageError> UsageDatabase::open(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && (!info.isFile() || !info.isReadable()))
        return std::unexpected(UsageError{UsageError::Kind::Io,
                                          QObject::tr("The usage database %1 cannot be read.").arg(path)});
    auto connection = SqliteConnection::open(path, SqliteConnection::Mode::ReadWriteCreate);
    if (!connection)
        return std::unexpected(UsageError{UsageError::Kind::Io, QObject::tr("The usage database %1 cannot be opened: %2")
                                                                    .arg(path, connection.error().message)});
    UsageDatabase db(path, std::move(*connection));

    // Look before writing anything: these reads fail on a file that is not a
    // database, and nothing below may touch a file that is not ours.
    const auto version = db.m_db.scalar("PRAGMA user_version");
    const auto appId = db.m_db.scalar("PRAGMA application_id");
    const auto tables = db.m_db.scalar("SELECT count(*) FROM sqlite_master");
    for (const auto *read : {&version, &appId, &tables}) {
        if (!*read) {
            const SqliteError &error = read->error();
            if (error.isCorrupt())
                return std::unexpected(UsageError{
                    UsageError::Kind::Corrupt,
                    QObject::tr("%1 is not a usable usage database (%2).").arg(path, error.message)});
            return std::unexpected(db.errorOf(error));
        }
    }
    if ((*appId != 0 && *appId != ApplicationId) || (*appId == 0 && *tables > 0))
        return std::unexpected(UsageError{UsageError::Kind::Corrupt,
                                          QObject::tr("%1 is an SQLite database of another program, not "
                                                      "Switchyard's usage database.")
                                              .arg(path)});
    if (*version > UsageSchema::currentVersion())
        return std::unexpected(UsageError{
            UsageError::Kind::Newer,
            QObject::tr("The usage database %1 was written by a newer version of Switchyard (schema %2; this "
                        "version knows up to %3). It has been left as it is: use the newer Switchyard, or "
                        "start a new database.")
                .arg(path)
                .arg(*version)
                .arg(UsageSchema::currentVersion())});

    // WAL: readers (the usage page, another process) never block the writer;
    // with synchronous=NORMAL a commit survives the process being killed (not
    // a power cut, which the usage log can afford to lose the last second of).
    // The application id only when it is not there yet: opening a file of
    // ours writes nothing, so that a damaged one is left as it was until
    // the check has looked at it.
    std::string setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
    if (*appId != ApplicationId)
        setup += "PRAGMA application_id = " + std::to_string(ApplicationId) + ";";
    if (auto done = db.m_db.exec(setup.c_str()); !done)
        return std::unexpected(db.errorOf(done.error()));
    if (auto migrated = UsageSchema::migrate(db.m_db); !migrated)
        return std::unexpected(db.errorOf(migrated.error()));
    if (auto prepared = db.prepareStatements(); !prepared)
        return std::unexpected(db.errorOf(prepared.error()));
    return db;
}

std::expected<void, UsageError> UsageDatabase::check(const QString &path, const std::atomic<bool> *cancel)
{
    // A connection of its own, read-only: it runs beside the writer's and
    // blocks no one (WAL).
    auto connection = SqliteConnection::open(path, SqliteConnection::Mode::ReadOnly);
    if (!connection)
        return std::unexpected(UsageError{UsageError::Kind::Io, QObject::tr("The usage database %1 cannot be opened: %2")
                                                                    .arg(path, connection.error().message)});
    if (cancel)
        sqlite3_progress_handler(
            connection->handle(), 10'000,
            [](void *flag) { return static_cast<const std::atomic<bool> *>(flag)->load() ? 1 : 0; },
            const_cast<std::atomic<bool> *>(cancel));
    auto statement = connection->prepare("PRAGMA quick_check(1)");
    std::expected<bool, SqliteError> row = statement ? statement->step() : std::unexpected(statement.error());
    if (row && *row) {
        const QString verdict = statement->text(0);
        if (verdict == "ok"_L1)
            return {};
        return std::unexpected(UsageError{UsageError::Kind::Corrupt,
                                          QObject::tr("The usage database %1 is damaged (%2).").arg(path, verdict)});
    }
    const SqliteError error = row ? SqliteError{.code = 0, .message = u"no answer"_s} : row.error();
    if (error.isCorrupt())
        return std::unexpected(UsageError{UsageError::Kind::Corrupt,
                                          QObject::tr("The usage database %1 is damaged (%2).").arg(path, error.message)});
    return std::unexpected(
        UsageError{UsageError::Kind::Failed, QObject::tr("The usage database %1: %2").arg(path, error.message)});
}

std::optional<UsageError> UsageDatabase::damage() const
{
    if (const auto said = m_db.damage())
        return UsageError{UsageError::Kind::Corrupt, QObject::tr("The usage database %1 is damaged (%2).").arg(m_path, *said)};
    return std::nullopt;
}

std::expected<void, SqliteError> UsageDatabase::prepareStatements()
{
    for (auto [statement, sql] :
         {std::pair{&m_insertCall, InsertCall}, std::pair{&m_findSeries, FindSeries},
          std::pair{&m_insertSeries, InsertSeries}, std::pair{&m_readTotals, ReadTotals},
          std::pair{&m_writeTotals, WriteTotals},
          std::pair{&m_readLatency, ReadLatency}, std::pair{&m_writeLatency, WriteLatency},
          std::pair{&m_readMonthLatency, ReadMonthLatency}, std::pair{&m_writeMonthLatency, WriteMonthLatency}}) {
        auto prepared = m_db.prepare(sql);
        if (!prepared)
            return std::unexpected(prepared.error());
        *statement = std::move(*prepared);
    }
    return {};
}

std::expected<QString, UsageError> UsageDatabase::setAside(const QString &path)
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
    QString target = path + u".broken-"_s + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = path + u".broken-"_s + stamp + u'-' + QString::number(n);
    // The -wal file may hold committed calls: it moves with the database so
    // the set-aside copy stays whole and can still be opened by hand.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (!QFileInfo::exists(path + suffix))
            continue;
        if (!QFile::rename(path + suffix, target + suffix))
            return std::unexpected(UsageError{UsageError::Kind::Io,
                                              QObject::tr("Could not move %1 aside to %2.").arg(path + suffix, target + suffix)});
    }
    return target;
}

std::expected<qint64, SqliteError> UsageDatabase::seriesId(const SeriesKey &key)
{
    if (const auto found = m_seriesIds.constFind(key); found != m_seriesIds.constEnd())
        return *found;
    for (SqliteStatement *statement : {&m_findSeries, &m_insertSeries}) {
        statement->bind(1, key.provider);
        statement->bind(2, key.model);
        statement->bind(3, key.source);
        statement->bind(4, key.project);
        statement->bind(5, key.key);
        const auto row = statement->step();
        const qint64 id = row && *row ? statement->int64(0) : m_db.lastInsertRowId();
        statement->reset();
        if (!row)
            return std::unexpected(row.error());
        if (*row || statement == &m_insertSeries) {
            m_seriesIds.insert(key, id);
            return id;
        }
    }
    Q_UNREACHABLE_RETURN(-1);
}

std::expected<void, UsageError> UsageDatabase::insert(std::span<const UsageRecord> records)
{
    if (records.empty())
        return {};
    auto transaction = SqliteTransaction::begin(m_db);
    if (!transaction)
        return std::unexpected(errorOf(transaction.error()));
    auto fail = [this](const SqliteError &error) {
        m_seriesIds.clear(); // a series made in this transaction is rolled back
        return std::unexpected(errorOf(error));
    };

    QHash<DailyKey, DailyDelta> deltas;
    QHash<DailyKey, LatencyDelta> months; // DailyKey::day holds the month here
    for (const UsageRecord &r : records) {
        const qint64 day = dayOf(r.timeMs).toJulianDay();
        const QString source = sourceName(r.source);
        const auto series = seriesId({r.provider, r.model, source, r.project, r.keyName});
        if (!series)
            return fail(series.error());
        auto &s = m_insertCall;
        s.bind(1, r.timeMs);
        s.bind(2, day);
        s.bind(3, source);
        s.bind(4, r.project);
        s.bind(5, r.provider);
        s.bind(6, r.model);
        s.bind(7, r.route);
        s.bind(8, r.rule);
        s.bind(9, r.tokensIn);
        s.bind(10, r.tokensOut);
        s.bind(11, r.tokensCached);
        s.bind(12, r.tokensReasoning);
        s.bind(13, r.costNanoUsd);
        s.bind(14, qint64(r.costEstimated));
        s.bind(15, r.ttftMs);
        s.bind(16, r.totalMs);
        s.bind(17, r.tokensPerSecond);
        s.bind(18, statusName(r.status));
        s.bind(19, r.errorClass);
        s.bind(20, qint64(r.httpStatus));
        s.bind(21, qint64(r.retries));
        s.bind(22, qint64(r.fallbackHops));
        s.bind(23, r.keyName);
        if (auto done = s.run(); !done)
            return fail(done.error());

        DailyDelta &d = deltas[DailyKey{day, *series}];
        DailyTotals &t = d.totals;
        ++t.calls();
        const bool answered = r.status == Status::Ok;
        t.errors() += (r.status == Status::Error || r.status == Status::Incomplete) ? 1 : 0;
        t.tokensIn() += r.tokensIn.value_or(0);
        t.tokensOut() += r.tokensOut.value_or(0);
        t.tokensCached() += r.tokensCached.value_or(0);
        t.tokensReasoning() += r.tokensReasoning.value_or(0);
        if (r.costNanoUsd) {
            t.costNano() += *r.costNanoUsd;
            t.estimated() += r.costEstimated ? 1 : 0;
        } else {
            ++t.unpriced();
        }
        // Time to first token counts whenever a token came; total time and
        // speed only for whole answers, so a cut stream does not look fast.
        if (r.ttftMs)
            d.latency.ttft.add(*r.ttftMs);
        if (answered && r.totalMs)
            d.latency.total.add(*r.totalMs);
        if (answered && r.tokensPerSecond)
            d.latency.speed.add(*r.tokensPerSecond);
    }

    for (auto it = deltas.begin(); it != deltas.end(); ++it) {
        const DailyKey &k = it.key();
        DailyDelta &d = it.value();
        // Read, add, write back: one row per day and series, however many
        // batches and processes add to it (each inside its write transaction).
        auto &read = m_readTotals;
        read.bind(1, k.day);
        read.bind(2, k.series);
        const auto found = read.step();
        if (found && *found)
            d.totals.add(read.blob(0));
        read.reset();
        if (!found)
            return fail(found.error());
        auto &write = m_writeTotals;
        write.bind(1, k.day);
        write.bind(2, k.series);
        write.bindBlob(3, d.totals.toBytes());
        if (auto done = write.run(); !done)
            return fail(done.error());
        if (d.latency.isEmpty())
            continue;
        if (auto merged = mergeLatency(m_readLatency, m_writeLatency, k.day, k.series, d.latency); !merged)
            return fail(merged.error());
        LatencyDelta &month = months[DailyKey{monthOf(QDate::fromJulianDay(k.day)), k.series}];
        month.ttft.merge(d.latency.ttft);
        month.total.merge(d.latency.total);
        month.speed.merge(d.latency.speed);
    }
    for (auto it = months.cbegin(); it != months.cend(); ++it) {
        if (auto merged = mergeLatency(m_readMonthLatency, m_writeMonthLatency, it.key().day, it.key().series, it.value());
            !merged)
            return fail(merged.error());
    }
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return {};
}

std::expected<QList<UsageGroup>, UsageError> UsageDatabase::summarize(const UsageFilter &filter, GroupBy groupBy,
                                                                      bool withLatencies)
{
    // The few hundred series decide, once, whether the filter keeps them and
    // which group (apart from the day) they fall in; the roll-up rows are then
    // only integers to add up.
    auto series = m_db.prepare("SELECT id, provider, model, source, project, key_name FROM series");
    if (!series)
        return std::unexpected(errorOf(series.error()));
    const bool byDay = groupBy.testFlag(GroupKey::Day);
    const bool byModel = groupBy.testFlag(GroupKey::Model);
    const bool byProvider = byModel || groupBy.testFlag(GroupKey::Provider);
    const bool bySource = groupBy.testFlag(GroupKey::Source);
    const bool byProject = groupBy.testFlag(GroupKey::Project);
    const bool byKey = groupBy.testFlag(GroupKey::Key);
    QList<UsageGroup> templates; // a group's fields, without the day
    QHash<QString, int> templateOf;
    std::vector<int> templateOfSeries; // by series id; -1: filtered out
    for (;;) {
        const auto row = series->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        const qint64 id = series->int64(0);
        UsageGroup g{.provider = series->text(1), .model = series->text(2), .source = series->text(3),
                     .project = series->text(4), .key = series->text(5)};
        if (id < 0 || id > 10'000'000)
            continue; // not an id this code wrote
        if (std::size_t(id) >= templateOfSeries.size())
            templateOfSeries.resize(std::size_t(id) + 1, -1);
        if (!filter.matches(g.provider, g.model, g.source, g.project, g.key))
            continue;
        if (!byProvider)
            g.provider.clear();
        if (!byModel)
            g.model.clear();
        if (!bySource)
            g.source.clear();
        if (!byProject)
            g.project.clear();
        if (!byKey)
            g.key.clear();
        const QString key = g.provider + u'\x1f' + g.model + u'\x1f' + g.source + u'\x1f' + g.project + u'\x1f' + g.key;
        auto found = templateOf.constFind(key);
        if (found == templateOf.constEnd()) {
            found = templateOf.insert(key, int(templates.size()));
            templates.append(std::move(g));
        }
        templateOfSeries[std::size_t(id)] = *found;
    }

    QList<UsageGroup> groups;
    // (day, template) → index in groups. Rows come in day order, so when
    // grouping by day only the current day's slotOf are needed.
    std::vector<qsizetype> slotOf(templates.size(), -1);
    qint64 slotOfDay = std::numeric_limits<qint64>::min();
    auto groupFor = [&](qint64 day, int t) -> UsageGroup & {
        if (byDay && day != slotOfDay) {
            std::fill(slotOf.begin(), slotOf.end(), -1);
            slotOfDay = day;
        }
        qsizetype &slot = slotOf[std::size_t(t)];
        if (slot < 0) {
            slot = groups.size();
            UsageGroup g = templates.at(t);
            if (byDay)
                g.day = QDate::fromJulianDay(day);
            if (withLatencies)
                g.latencies = std::make_shared<Latencies>();
            groups.append(std::move(g));
        }
        return groups[slot];
    };
    auto templateFor = [&templateOfSeries](qint64 id) {
        return id >= 0 && std::size_t(id) < templateOfSeries.size() ? templateOfSeries[std::size_t(id)] : -1;
    };
    const qint64 from = filter.from.isValid() ? filter.from.toJulianDay() : std::numeric_limits<qint64>::min();
    const qint64 to = filter.to.isValid() ? filter.to.toJulianDay() : std::numeric_limits<qint64>::max();

    auto totals = m_db.prepare("SELECT day, series, totals FROM daily WHERE day BETWEEN ? AND ? ORDER BY day, series");
    if (!totals)
        return std::unexpected(errorOf(totals.error()));
    totals->bind(1, from);
    totals->bind(2, to);
    // Both tables are keyed (day, series) and read in that order, so the
    // histograms are paired with their totals by walking the two side by side
    // (a merge join) rather than by a look-up per row.
    auto latencies = m_db.prepare(
        "SELECT day, series, ttft, total, speed FROM daily_latency WHERE day BETWEEN ? AND ? ORDER BY day, series");
    if (!latencies)
        return std::unexpected(errorOf(latencies.error()));
    latencies->bind(1, from);
    latencies->bind(2, to);
    // Without days in the grouping, whole months come from the monthly
    // histograms instead (below); by day, the daily ones walk along.
    const bool dailyLatencies = withLatencies && byDay;
    bool latencyRow = false;
    if (dailyLatencies) {
        const auto first = latencies->step();
        if (!first)
            return std::unexpected(errorOf(first.error()));
        latencyRow = *first;
    }
    for (;;) {
        const auto row = totals->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        const int t = templateFor(totals->int64(1));
        if (t < 0)
            continue;
        DailyTotals sum;
        sum.add(totals->blob(2));
        UsageGroup &g = groupFor(totals->int64(0), t);
        g.calls += sum.calls();
        g.errors += sum.errors();
        g.tokensIn += sum.tokensIn();
        g.tokensOut += sum.tokensOut();
        g.tokensCached += sum.tokensCached();
        g.tokensReasoning += sum.tokensReasoning();
        g.costNanoUsd += sum.costNano();
        g.estimatedCalls += sum.estimated();
        g.unpricedCalls += sum.unpriced();
        if (!dailyLatencies)
            continue;
        const auto key = std::pair(totals->int64(0), totals->int64(1));
        while (latencyRow && std::pair(latencies->int64(0), latencies->int64(1)) < key) {
            const auto next = latencies->step();
            if (!next)
                return std::unexpected(errorOf(next.error()));
            latencyRow = *next;
        }
        if (latencyRow && std::pair(latencies->int64(0), latencies->int64(1)) == key) {
            g.latencies->ttftMs.merge(latencies->blob(2));
            g.latencies->totalMs.merge(latencies->blob(3));
            g.latencies->tokensPerSecond.merge(latencies->blob(4));
        }
    }
    if (!withLatencies || dailyLatencies)
        return groups;

    // The months wholly inside the range, and the days before and after them.
    const qint64 firstMonth = !filter.from.isValid() ? std::numeric_limits<qint64>::min()
        : filter.from.day() == 1                     ? monthOf(filter.from)
                                                     : monthOf(filter.from) + 1;
    const qint64 lastMonth = !filter.to.isValid()       ? std::numeric_limits<qint64>::max()
        : filter.to.addDays(1).day() == 1             ? monthOf(filter.to)
                                                      : monthOf(filter.to) - 1;
    struct Scan {
        const char *sql;
        qint64 from, to;
    };
    QList<Scan> scans;
    if (firstMonth <= lastMonth) {
        scans.append({"SELECT month, series, ttft, total, speed FROM monthly_latency WHERE month BETWEEN ? AND ?",
                      firstMonth, lastMonth});
        const char *days = "SELECT day, series, ttft, total, speed FROM daily_latency WHERE day BETWEEN ? AND ?";
        if (filter.from.isValid() && firstMonth > monthOf(filter.from))
            scans.append({days, from, firstDayOf(firstMonth).toJulianDay() - 1});
        if (filter.to.isValid() && lastMonth < monthOf(filter.to))
            scans.append({days, firstDayOf(lastMonth + 1).toJulianDay(), to});
    } else {
        scans.append({"SELECT day, series, ttft, total, speed FROM daily_latency WHERE day BETWEEN ? AND ?", from, to});
    }
    for (const Scan &scan : std::as_const(scans)) {
        auto rows = m_db.prepare(scan.sql);
        if (!rows)
            return std::unexpected(errorOf(rows.error()));
        rows->bind(1, scan.from);
        rows->bind(2, scan.to);
        const auto read = rows->forEachRow([&] {
            const int t = templateFor(rows->int64(1));
            if (t < 0)
                return;
            Latencies &l = *groupFor(0, t).latencies;
            l.ttftMs.merge(rows->blob(2));
            l.totalMs.merge(rows->blob(3));
            l.tokensPerSecond.merge(rows->blob(4));
        });
        if (!read)
            return std::unexpected(errorOf(read.error()));
    }
    return groups;
}

std::expected<qint64, UsageError> UsageDatabase::forEachCall(const UsageFilter &filter,
                                                             const std::function<bool(const UsageRecord &)> &visit)
{
    auto statement = m_db.prepare(R"sql(
SELECT time_ms, source, project, provider, model, route, rule, tokens_in, tokens_out, tokens_cached,
       tokens_reasoning, cost_nano, cost_estimated, ttft_ms, total_ms, tokens_per_s, status, error_class,
       http_status, retries, fallback_hops, key_name
FROM calls WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms, id)sql");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, filter.startMs());
    statement->bind(2, filter.endMs());
    qint64 visited = 0;
    for (;;) {
        const auto row = statement->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        auto &s = *statement;
        UsageRecord r{
            .timeMs = s.int64(0),
            .source = sourceFromName(s.text(1)).value_or(Source::Compare),
            .project = s.text(2),
            .keyName = s.text(21),
            .provider = s.text(3),
            .model = s.text(4),
            .route = s.text(5),
            .rule = s.text(6),
            .tokensIn = s.optionalInt64(7),
            .tokensOut = s.optionalInt64(8),
            .tokensCached = s.optionalInt64(9),
            .tokensReasoning = s.optionalInt64(10),
            .costNanoUsd = s.optionalInt64(11),
            .costEstimated = s.int64(12) != 0,
            .ttftMs = s.optionalReal(13),
            .totalMs = s.optionalReal(14),
            .tokensPerSecond = s.optionalReal(15),
            .status = statusFromName(s.text(16)).value_or(Status::Error),
            .errorClass = s.text(17),
            .httpStatus = int(s.int64(18)),
            .retries = int(s.int64(19)),
            .fallbackHops = int(s.int64(20)),
        };
        if (!filter.matches(r.provider, r.model, s.text(1), r.project, r.keyName))
            continue;
        ++visited;
        if (!visit(r))
            break;
    }
    return visited;
}

std::expected<UsageChoices, UsageError> UsageDatabase::choices()
{
    auto statement = m_db.prepare("SELECT provider, model, source, project, key_name FROM series");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    QSet<QString> providers, models, sources, projects, keys;
    const auto read = statement->forEachRow([&] {
        providers.insert(statement->text(0));
        models.insert(statement->text(0) + u'/' + statement->text(1));
        sources.insert(statement->text(2));
        if (const QString project = statement->text(3); !project.isEmpty())
            projects.insert(project);
        if (const QString key = statement->text(4); !key.isEmpty())
            keys.insert(key);
    });
    if (!read)
        return std::unexpected(errorOf(read.error()));
    auto sorted = [](const QSet<QString> &set) {
        QStringList list(set.begin(), set.end());
        list.sort(Qt::CaseInsensitive);
        return list;
    };
    return UsageChoices{sorted(providers), sorted(models), sorted(sources), sorted(projects), sorted(keys)};
}

} // namespace Switchyard::Usage

namespace Switchyard::Usage {

namespace {

QString actionName(Budget::Action action)
{
    return action == Budget::Action::Reroute ? u"reroute"_s : u"block"_s;
}

} // namespace

std::expected<QList<Budget>, UsageError> UsageDatabase::budgets()
{
    // '' sorts first: the totals lead, then providers, then keys; within
    // each, the month before the week before the day.
    auto statement = m_db.prepare(R"sql(
SELECT scope, key_name, period, limit_nano, action, reroute FROM budgets
ORDER BY key_name, scope, CASE period WHEN 'month' THEN 0 WHEN 'week' THEN 1 ELSE 2 END)sql");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    QList<Budget> list;
    const auto read = statement->forEachRow([&] {
        list.append({.scope = statement->text(0),
                     .key = statement->text(1),
                     .period = periodFromName(statement->text(2)).value_or(Budget::Period::Month),
                     .limitNanoUsd = statement->int64(3),
                     .action = statement->text(4) == u"reroute"_s ? Budget::Action::Reroute : Budget::Action::Block,
                     .rerouteTo = statement->text(5)});
    });
    if (!read)
        return std::unexpected(errorOf(read.error()));
    return list;
}

std::expected<void, UsageError> UsageDatabase::setBudget(const Budget &budget)
{
    auto statement = m_db.prepare(
        "INSERT OR REPLACE INTO budgets (scope, key_name, period, limit_nano, action, reroute) VALUES (?, ?, ?, ?, ?, ?)");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, budget.scope);
    statement->bind(2, budget.key);
    statement->bind(3, periodName(budget.period));
    statement->bind(4, budget.limitNanoUsd);
    statement->bind(5, actionName(budget.action));
    statement->bind(6, budget.rerouteTo);
    if (auto done = statement->run(); !done)
        return std::unexpected(errorOf(done.error()));
    if (m_audit)
        m_audit->record(UsageAudit::BudgetSetKind, UsageAudit::budgetData(budget));
    return {};
}

std::expected<void, UsageError> UsageDatabase::removeBudget(const Budget &which)
{
    auto statement = m_db.prepare("DELETE FROM budgets WHERE scope = ? AND key_name = ? AND period = ?");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, which.scope);
    statement->bind(2, which.key);
    statement->bind(3, periodName(which.period));
    if (auto done = statement->run(); !done)
        return std::unexpected(errorOf(done.error()));
    if (m_audit)
        m_audit->record(UsageAudit::BudgetRemovedKind, UsageAudit::budgetRemovedData(which));
    return {};
}

std::expected<QList<BudgetStatus>, UsageError> UsageDatabase::budgetStatus(QDate today)
{
    const auto list = budgets();
    if (!list)
        return std::unexpected(list.error());
    QList<BudgetStatus> statuses;
    if (list->isEmpty())
        return statuses;
    // One read for every budget: by day from the earliest period's start
    // (the month's, or a week's reaching into the month before).
    QDate from = today;
    for (const Budget &budget : *list)
        from = std::min(from, budget.periodStart(today));
    const auto spend = summarize({.from = from, .to = today}, GroupKey::Day | GroupKey::Provider | GroupKey::Key);
    if (!spend)
        return std::unexpected(spend.error());
    for (const Budget &budget : *list) {
        BudgetStatus status{.budget = budget};
        const QDate start = budget.periodStart(today);
        for (const UsageGroup &g : *spend) {
            if (g.day >= start && budget.covers(g.provider, g.key))
                status.spentNanoUsd += g.costNanoUsd;
        }
        statuses.append(status);
    }
    return statuses;
}

} // namespace Switchyard::Usage
