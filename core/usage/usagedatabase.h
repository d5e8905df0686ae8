#pragma once

#include "usage/budget.h"
#include "usage/sqliteconnection.h"
#include "usage/usageerror.h"
#include "usage/usagefilter.h"
#include "usage/usagerecord.h"
#include "usage/usagesummary.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <expected>
#include <functional>
#include <memory>
#include <span>

namespace Switchyard::Audit {
class AuditLog;
}

namespace Switchyard::Usage {

/// What the usage log holds values for: the choices of the usage page's filters.
struct UsageChoices {
    QStringList providers;
    QStringList models; // "provider/model"
    QStringList sources;
    QStringList projects; // without the empty "no project"
    QStringList keys;     // gateway keys' names, without the empty "no key"
};

/// The usage log: one SQLite file in the data folder (WAL, foreign keys on,
/// schema versioned and migrated) holding a row per call and daily roll-ups
/// per provider, model, source and project that every summary is read from,
/// and the budgets. The same file keeps what other modules store beside the
/// calls — Compare's votes (Votes::VoteTable) and saved comparisons
/// (Compare::HistoryTable) — in tables of the one schema (UsageSchema); they
/// work on this object through connection(), so that this class knows
/// nothing of them. One object is one connection, for use on one thread:
/// UsageStore runs one on its own thread so the GUI never waits on the disk;
/// the CLI uses one directly. Several processes may have the same file open
/// at once.
///
/// The file is never overwritten or repaired behind the user's back: a file
/// that is not a usage database, or is damaged, or comes from a newer
/// Switchyard, is refused with a message, and setAside() moves it out of the
/// way on the user's word.
class UsageDatabase final
{
public:
    UsageDatabase(UsageDatabase &&) noexcept = default;
    UsageDatabase &operator=(UsageDatabase &&) noexcept = default;

    /// dataDir/usage.sqlite3
    [[nodiscard]] static QString fileIn(const QString &dataDir);
    /// Opens path, creating it if missing, and upgrades an older schema.
    [[nodiscard]] static std::expected<UsageDatabase, UsageError> open(const QString &path);
    /// Renames path and its -wal and -shm files to "path.broken-YYYYMMDD-HHMMSS"
    /// (never over an existing file) so a new database can start; returns the
    /// new name of the database file.
    [[nodiscard]] static std::expected<QString, UsageError> setAside(const QString &path);

    [[nodiscard]] const QString &path() const { return m_path; }

    /// SQLite's quick check of the whole file (every page, not the indexes'
    /// agreement with their tables): damage anywhere, not only where the
    /// calls so far have read or written. Reads the whole file: 1.4 s for a
    /// million calls (145 MB) here, so UsageStore runs it beside the store's
    /// thread before the first write (bench_usage's usage.quick_check_ms).
    /// `cancel`, when given and set, cuts it short.
    [[nodiscard]] static std::expected<void, UsageError> check(const QString &path,
                                                               const std::atomic<bool> *cancel = nullptr);
    /// Some call on this connection met damage (SQLITE_CORRUPT/NOTADB), its
    /// caller's or another module's through connection().
    [[nodiscard]] std::optional<UsageError> damage() const;

    /// Writes the records and updates the roll-ups, all in one transaction.
    [[nodiscard]] std::expected<void, UsageError> insert(std::span<const UsageRecord> records);

    /// Totals of the calls the filter selects, one per group. Latency
    /// histograms are merged only when asked for (they cost a little).
    [[nodiscard]] std::expected<QList<UsageGroup>, UsageError> summarize(const UsageFilter &filter, GroupBy groupBy,
                                                                         bool withLatencies = false);
    /// Calls the visitor for each call the filter selects, oldest first, until
    /// it returns false; returns how many it was called for.
    [[nodiscard]] std::expected<qint64, UsageError>
    forEachCall(const UsageFilter &filter, const std::function<bool(const UsageRecord &)> &visit);
    [[nodiscard]] std::expected<UsageChoices, UsageError> choices();

    /// Budgets: the totals first, then per provider by id, then per key.
    [[nodiscard]] std::expected<QList<Budget>, UsageError> budgets();
    /// Adds or replaces the budget of the same scope, key and period.
    [[nodiscard]] std::expected<void, UsageError> setBudget(const Budget &budget);
    /// Removes the budget of which's scope, key and period; none there is no error.
    [[nodiscard]] std::expected<void, UsageError> removeBudget(const Budget &which);
    /// Budgets set or removed through this object are also entered in log
    /// (UsageAudit); null for none.
    void setAuditLog(std::shared_ptr<Audit::AuditLog> log) { m_audit = std::move(log); }
    /// The log, for the other modules' tables to enter their changes in.
    [[nodiscard]] const std::shared_ptr<Audit::AuditLog> &auditLog() const { return m_audit; }
    /// Every budget with what was spent against it in the period (day, week
    /// or month) that today is in, up to now.
    [[nodiscard]] std::expected<QList<BudgetStatus>, UsageError> budgetStatus(QDate today);

    /// The local calendar day a call made at timeMs counts for.
    [[nodiscard]] static QDate dayOf(qint64 timeMs);

    /// The connection itself: for the tables other modules keep in this file
    /// (Votes::VoteTable, Compare::HistoryTable), tests and the benchmark.
    [[nodiscard]] SqliteConnection &connection() { return m_db; }
    /// An SQLite error as the UsageError that names this file.
    [[nodiscard]] UsageError errorOf(const SqliteError &error) const;

private:
    UsageDatabase(QString path, SqliteConnection db) : m_path(std::move(path)), m_db(std::move(db)) {}
    [[nodiscard]] std::expected<void, SqliteError> prepareStatements();

    QString m_path;
    SqliteConnection m_db;
    std::shared_ptr<Audit::AuditLog> m_audit;
    struct SeriesKey {
        QString provider, model, source, project, key;
        bool operator==(const SeriesKey &) const = default;
        friend size_t qHash(const SeriesKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.provider, k.model, k.source, k.project, k.key);
        }
    };
    [[nodiscard]] std::expected<qint64, SqliteError> seriesId(const SeriesKey &key);

    QHash<SeriesKey, qint64> m_seriesIds;
    SqliteStatement m_insertCall;
    SqliteStatement m_findSeries;
    SqliteStatement m_insertSeries;
    SqliteStatement m_readTotals;
    SqliteStatement m_writeTotals;
    SqliteStatement m_readLatency;
    SqliteStatement m_writeLatency;
    SqliteStatement m_readMonthLatency;
    SqliteStatement m_writeMonthLatency;
};

} // namespace Switchyard::Usage
