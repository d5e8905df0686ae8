#include "usage/usagedatabase.h"

#include "usage/usageschema.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <map>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage {

namespace {

// "SWYD": marks the file as Switchyard's, so another program's SQLite file
// given by mistake is refused instead of having tables added to it.
constexpr qint64 ApplicationId = 0x53575944;

constexpr const char *InsertCall = R"sql(
INSERT INTO calls (time_ms, day, source, project, provider, model, route, rule, tokens_in, tokens_out,
                   tokens_cached, tokens_reasoning, cost_nano, cost_estimated, ttft_ms, total_ms, tokens_per_s,
                   status, error_class, http_status, retries, fallback_hops)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql";

constexpr const char *ReadDaily = R"sql(
SELECT ttft, total, speed FROM daily WHERE day = ? AND provider = ? AND model = ? AND source = ? AND project = ?)sql";

constexpr const char *UpsertDaily = R"sql(
INSERT INTO daily (day, provider, model, source, project, calls, errors, tokens_in, tokens_out, tokens_cached,
                   tokens_reasoning, cost_nano, estimated_calls, unpriced_calls, ttft, total, speed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (day, provider, model, source, project) DO UPDATE SET
    calls = calls + excluded.calls, errors = errors + excluded.errors,
    tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out,
    tokens_cached = tokens_cached + excluded.tokens_cached,
    tokens_reasoning = tokens_reasoning + excluded.tokens_reasoning,
    cost_nano = cost_nano + excluded.cost_nano, estimated_calls = estimated_calls + excluded.estimated_calls,
    unpriced_calls = unpriced_calls + excluded.unpriced_calls,
    ttft = excluded.ttft, total = excluded.total, speed = excluded.speed)sql";

struct DailyKey {
    qint64 day;
    QString provider, model, source, project;
    bool operator==(const DailyKey &) const = default;
};

size_t qHash(const DailyKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.day, key.provider, key.model, key.source, key.project);
}

struct DailyDelta {
    qint64 calls = 0, errors = 0, tokensIn = 0, tokensOut = 0, tokensCached = 0, tokensReasoning = 0;
    qint64 costNano = 0, estimated = 0, unpriced = 0;
    Histogram ttft, total, speed;
};

qint64 startOfDayMs(QDate day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

// Sorted, so the filter lists come out in a stable order.
QStringList sorted(const QSet<QString> &values)
{
    QStringList list(values.begin(), values.end());
    list.sort(Qt::CaseInsensitive);
    return list;
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
    const std::string setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                              "PRAGMA application_id = "
        + std::to_string(ApplicationId) + ";";
    if (auto done = db.m_db.exec(setup.c_str()); !done)
        return std::unexpected(db.errorOf(done.error()));
    if (auto migrated = UsageSchema::migrate(db.m_db); !migrated)
        return std::unexpected(db.errorOf(migrated.error()));
    if (auto prepared = db.prepareStatements(); !prepared)
        return std::unexpected(db.errorOf(prepared.error()));
    return db;
}

std::expected<void, SqliteError> UsageDatabase::prepareStatements()
{
    for (auto [statement, sql] : {std::pair{&m_insertCall, InsertCall}, std::pair{&m_readDaily, ReadDaily},
                                  std::pair{&m_upsertDaily, UpsertDaily}}) {
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

std::expected<void, UsageError> UsageDatabase::insert(std::span<const UsageRecord> records)
{
    if (records.empty())
        return {};
    if (auto begun = m_db.exec("BEGIN IMMEDIATE"); !begun)
        return std::unexpected(errorOf(begun.error()));
    auto fail = [this](const SqliteError &error) {
        (void)m_db.exec("ROLLBACK");
        return std::unexpected(errorOf(error));
    };

    QHash<DailyKey, DailyDelta> deltas;
    for (const UsageRecord &r : records) {
        const qint64 day = dayOf(r.timeMs).toJulianDay();
        const QString source = sourceName(r.source);
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
        if (auto done = s.run(); !done)
            return fail(done.error());

        DailyDelta &d = deltas[DailyKey{day, r.provider, r.model, source, r.project}];
        ++d.calls;
        const bool answered = r.status == Status::Ok;
        d.errors += (r.status == Status::Error || r.status == Status::Incomplete) ? 1 : 0;
        d.tokensIn += r.tokensIn.value_or(0);
        d.tokensOut += r.tokensOut.value_or(0);
        d.tokensCached += r.tokensCached.value_or(0);
        d.tokensReasoning += r.tokensReasoning.value_or(0);
        if (r.costNanoUsd) {
            d.costNano += *r.costNanoUsd;
            d.estimated += r.costEstimated ? 1 : 0;
        } else {
            ++d.unpriced;
        }
        // Time to first token counts whenever a token came; total time and
        // speed only for whole answers, so a cut stream does not look fast.
        if (r.ttftMs)
            d.ttft.add(*r.ttftMs);
        if (answered && r.totalMs)
            d.total.add(*r.totalMs);
        if (answered && r.tokensPerSecond)
            d.speed.add(*r.tokensPerSecond);
    }

    for (auto it = deltas.begin(); it != deltas.end(); ++it) {
        const DailyKey &k = it.key();
        DailyDelta &d = it.value();
        auto &read = m_readDaily;
        read.bind(1, k.day);
        read.bind(2, k.provider);
        read.bind(3, k.model);
        read.bind(4, k.source);
        read.bind(5, k.project);
        const auto row = read.step();
        if (!row) {
            read.reset();
            return fail(row.error());
        }
        if (*row) {
            d.ttft.merge(read.blob(0));
            d.total.merge(read.blob(1));
            d.speed.merge(read.blob(2));
        }
        read.reset();

        auto &up = m_upsertDaily;
        up.bind(1, k.day);
        up.bind(2, k.provider);
        up.bind(3, k.model);
        up.bind(4, k.source);
        up.bind(5, k.project);
        up.bind(6, d.calls);
        up.bind(7, d.errors);
        up.bind(8, d.tokensIn);
        up.bind(9, d.tokensOut);
        up.bind(10, d.tokensCached);
        up.bind(11, d.tokensReasoning);
        up.bind(12, d.costNano);
        up.bind(13, d.estimated);
        up.bind(14, d.unpriced);
        up.bindBlob(15, d.ttft.toBytes());
        up.bindBlob(16, d.total.toBytes());
        up.bindBlob(17, d.speed.toBytes());
        if (auto done = up.run(); !done)
            return fail(done.error());
    }
    if (auto committed = m_db.exec("COMMIT"); !committed)
        return fail(committed.error());
    return {};
}

std::expected<QList<UsageGroup>, UsageError> UsageDatabase::summarize(const UsageFilter &filter, GroupBy groupBy,
                                                                      bool withLatencies)
{
    auto statement = m_db.prepare(R"sql(
SELECT day, provider, model, source, project, calls, errors, tokens_in, tokens_out, tokens_cached, tokens_reasoning,
       cost_nano, estimated_calls, unpriced_calls, ttft, total, speed
FROM daily WHERE day BETWEEN ? AND ?)sql");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, filter.from.isValid() ? filter.from.toJulianDay() : std::numeric_limits<qint64>::min());
    statement->bind(2, filter.to.isValid() ? filter.to.toJulianDay() : std::numeric_limits<qint64>::max());

    // Keys are the grouped fields joined with a character no name contains.
    QHash<QString, qsizetype> index;
    QList<UsageGroup> groups;
    const bool byModel = groupBy.testFlag(GroupKey::Model);
    const bool byProvider = byModel || groupBy.testFlag(GroupKey::Provider);
    for (;;) {
        const auto row = statement->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        const QString provider = statement->text(1);
        const QString model = statement->text(2);
        const QString source = statement->text(3);
        const QString project = statement->text(4);
        if (!filter.matches(provider, model, source, project))
            continue;
        const qint64 day = statement->int64(0);
        UsageGroup key;
        if (groupBy.testFlag(GroupKey::Day))
            key.day = QDate::fromJulianDay(day);
        if (byProvider)
            key.provider = provider;
        if (byModel)
            key.model = model;
        if (groupBy.testFlag(GroupKey::Source))
            key.source = source;
        if (groupBy.testFlag(GroupKey::Project))
            key.project = project;
        const QString hashKey = QString::number(key.day.toJulianDay()) + u'\x1f' + key.provider + u'\x1f' + key.model
            + u'\x1f' + key.source + u'\x1f' + key.project;
        auto found = index.constFind(hashKey);
        if (found == index.constEnd()) {
            found = index.insert(hashKey, groups.size());
            if (withLatencies)
                key.latencies = std::make_shared<Latencies>();
            groups.append(std::move(key));
        }
        UsageGroup &g = groups[*found];
        g.calls += statement->int64(5);
        g.errors += statement->int64(6);
        g.tokensIn += statement->int64(7);
        g.tokensOut += statement->int64(8);
        g.tokensCached += statement->int64(9);
        g.tokensReasoning += statement->int64(10);
        g.costNanoUsd += statement->int64(11);
        g.estimatedCalls += statement->int64(12);
        g.unpricedCalls += statement->int64(13);
        if (withLatencies) {
            g.latencies->ttftMs.merge(statement->blob(14));
            g.latencies->totalMs.merge(statement->blob(15));
            g.latencies->tokensPerSecond.merge(statement->blob(16));
        }
    }
    return groups;
}

std::expected<qint64, UsageError> UsageDatabase::forEachCall(const UsageFilter &filter,
                                                             const std::function<bool(const UsageRecord &)> &visit)
{
    auto statement = m_db.prepare(R"sql(
SELECT time_ms, source, project, provider, model, route, rule, tokens_in, tokens_out, tokens_cached,
       tokens_reasoning, cost_nano, cost_estimated, ttft_ms, total_ms, tokens_per_s, status, error_class,
       http_status, retries, fallback_hops
FROM calls WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms, id)sql");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, filter.from.isValid() ? startOfDayMs(filter.from) : std::numeric_limits<qint64>::min());
    statement->bind(2, filter.to.isValid() ? startOfDayMs(filter.to.addDays(1)) : std::numeric_limits<qint64>::max());
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
        if (!filter.matches(r.provider, r.model, s.text(1), r.project))
            continue;
        ++visited;
        if (!visit(r))
            break;
    }
    return visited;
}

std::expected<UsageChoices, UsageError> UsageDatabase::choices()
{
    auto statement = m_db.prepare("SELECT DISTINCT provider, model, source, project FROM daily");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    QSet<QString> providers, models, sources, projects;
    for (;;) {
        const auto row = statement->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        providers.insert(statement->text(0));
        models.insert(statement->text(0) + u'/' + statement->text(1));
        sources.insert(statement->text(2));
        if (const QString project = statement->text(3); !project.isEmpty())
            projects.insert(project);
    }
    return UsageChoices{sorted(providers), sorted(models), sorted(sources), sorted(projects)};
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
    auto statement = m_db.prepare("SELECT scope, limit_nano, action, reroute FROM budgets ORDER BY scope");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    QList<Budget> list;
    for (;;) {
        const auto row = statement->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        list.append({.scope = statement->text(0),
                     .limitNanoUsd = statement->int64(1),
                     .action = statement->text(2) == u"reroute"_s ? Budget::Action::Reroute : Budget::Action::Block,
                     .rerouteTo = statement->text(3)});
    }
    return list; // '' sorts first: the total leads
}

std::expected<void, UsageError> UsageDatabase::setBudget(const Budget &budget)
{
    auto statement = m_db.prepare("INSERT OR REPLACE INTO budgets (scope, limit_nano, action, reroute) VALUES (?, ?, ?, ?)");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, budget.scope);
    statement->bind(2, budget.limitNanoUsd);
    statement->bind(3, actionName(budget.action));
    statement->bind(4, budget.rerouteTo);
    if (auto done = statement->run(); !done)
        return std::unexpected(errorOf(done.error()));
    return {};
}

std::expected<void, UsageError> UsageDatabase::removeBudget(const QString &scope)
{
    auto statement = m_db.prepare("DELETE FROM budgets WHERE scope = ?");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, scope);
    if (auto done = statement->run(); !done)
        return std::unexpected(errorOf(done.error()));
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
    const auto spend = summarize({.from = QDate(today.year(), today.month(), 1), .to = today}, GroupKey::Provider);
    if (!spend)
        return std::unexpected(spend.error());
    for (const Budget &budget : *list) {
        BudgetStatus status{.budget = budget};
        for (const UsageGroup &g : *spend) {
            if (budget.isTotal() || g.provider == budget.scope)
                status.spentNanoUsd += g.costNanoUsd;
        }
        statuses.append(status);
    }
    return statuses;
}

std::expected<void, UsageError> UsageDatabase::recordVote(const Compare::Vote &vote)
{
    if (auto begun = m_db.exec("BEGIN IMMEDIATE"); !begun)
        return std::unexpected(errorOf(begun.error()));
    auto fail = [this](const SqliteError &error) {
        (void)m_db.exec("ROLLBACK");
        return std::unexpected(errorOf(error));
    };
    auto insertVote = m_db.prepare("INSERT INTO votes (time_ms, prompt, blind, winner) VALUES (?, ?, ?, ?)");
    auto insertModel = m_db.prepare("INSERT INTO vote_models (vote_id, position, model) VALUES (?, ?, ?)");
    if (!insertVote)
        return fail(insertVote.error());
    if (!insertModel)
        return fail(insertModel.error());
    insertVote->bind(1, vote.when.toMSecsSinceEpoch());
    insertVote->bind(2, vote.prompt);
    insertVote->bind(3, qint64(vote.blind));
    insertVote->bind(4, vote.winner);
    if (auto done = insertVote->run(); !done)
        return fail(done.error());
    const qint64 id = m_db.lastInsertRowId();
    for (qsizetype i = 0; i < vote.models.size(); ++i) {
        insertModel->bind(1, id);
        insertModel->bind(2, qint64(i));
        insertModel->bind(3, vote.models.at(i));
        if (auto done = insertModel->run(); !done)
            return fail(done.error());
    }
    if (auto committed = m_db.exec("COMMIT"); !committed)
        return fail(committed.error());
    return {};
}

std::expected<QList<Compare::Vote>, UsageError> UsageDatabase::votes(const UsageFilter &filter)
{
    auto statement = m_db.prepare(R"sql(
SELECT v.id, v.time_ms, v.prompt, v.blind, v.winner, m.model
FROM votes v JOIN vote_models m ON m.vote_id = v.id
WHERE v.time_ms >= ? AND v.time_ms < ? ORDER BY v.time_ms, v.id, m.position)sql");
    if (!statement)
        return std::unexpected(errorOf(statement.error()));
    statement->bind(1, filter.from.isValid() ? startOfDayMs(filter.from) : std::numeric_limits<qint64>::min());
    statement->bind(2, filter.to.isValid() ? startOfDayMs(filter.to.addDays(1)) : std::numeric_limits<qint64>::max());
    QList<Compare::Vote> list;
    qint64 lastId = -1;
    for (;;) {
        const auto row = statement->step();
        if (!row)
            return std::unexpected(errorOf(row.error()));
        if (!*row)
            break;
        if (statement->int64(0) != lastId) {
            lastId = statement->int64(0);
            list.append({.when = QDateTime::fromMSecsSinceEpoch(statement->int64(1)),
                         .prompt = statement->text(2),
                         .models = {},
                         .winner = statement->text(4),
                         .blind = statement->int64(3) != 0});
        }
        list.last().models.append(statement->text(5));
    }
    // A vote counts when any model in it passes the filter's model and
    // provider lists (source and project do not apply to votes).
    if (!filter.models.isEmpty() || !filter.providers.isEmpty()) {
        list.removeIf([&filter](const Compare::Vote &vote) {
            return std::none_of(vote.models.begin(), vote.models.end(), [&filter](const QString &model) {
                return (filter.models.isEmpty() || filter.models.contains(model))
                    && (filter.providers.isEmpty() || filter.providers.contains(model.section(u'/', 0, 0)));
            });
        });
    }
    return list;
}

std::expected<QList<Compare::WinRate>, UsageError> UsageDatabase::winRates(const UsageFilter &filter)
{
    const auto list = votes(filter);
    if (!list)
        return std::unexpected(list.error());
    return Compare::VoteLog::winRates(*list);
}

} // namespace Switchyard::Usage
