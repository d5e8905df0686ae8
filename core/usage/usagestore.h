#pragma once

#include "usage/usageerror.h"
#include "usage/usagerecord.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <condition_variable>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace Switchyard::Audit {
class AuditLog;
}

namespace Switchyard::Usage {

class UsageDatabase;

/// The usage database on a thread of its own, so that whoever records a call
/// or asks for a summary — the GUI above all — never waits on the disk.
/// record() queues and returns at once; the store's thread writes whatever has
/// queued up in one transaction BatchMs after the first of them, so calls are
/// on disk within milliseconds, and many calls a second (the gateway's) wake
/// the thread and the disk a few dozen times a second rather than once a
/// call. Summaries run on the same thread through query(), after what is
/// queued, and come back to the asker's thread.
///
/// When the file cannot be opened (damaged, from a newer Switchyard), the
/// store says so through problem() and failed(), keeps the calls recorded
/// since in memory, and writes them once setAsideAndStartNew() has moved the
/// old file out of the way.
class UsageStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageStore)

public:
    /// How long the first call of a batch waits for others to join it.
    static constexpr int BatchMs = 20;

    explicit UsageStore(QString path, QObject *parent = nullptr);
    /// Writes what is still queued, then stops the thread.
    ~UsageStore() override;

    [[nodiscard]] const QString &path() const { return m_path; }

    /// Thread-safe; never blocks on the disk.
    void record(const UsageRecord &record);

    /// From now on, every call recorded is also entered in log (one "call"
    /// entry each: UsageAudit::callData) and budgets set through the store's
    /// database too. The entries are written on the store's thread with the
    /// batch they came in, so recording a call still never waits for a disk
    /// or the log's lock; they are written even while the database is
    /// refused. Null stops it. Thread-safe.
    void setAuditLog(std::shared_ptr<Audit::AuditLog> log);
    [[nodiscard]] std::shared_ptr<Audit::AuditLog> auditLog() const;

    /// A write to the tables other modules keep in the file (a vote: see
    /// Votes::VoteTable::queue()), run on the store's thread with the
    /// database, before the calls queued with it.
    using Write = std::function<std::expected<void, UsageError>(UsageDatabase &)>;
    /// Thread-safe, like record(), and like a call it is kept in memory while
    /// the file is refused and counts for waitForIdle(). A write that fails is
    /// tried again with the next batch, so it must undo what it did on
    /// failure (one transaction); those after it wait, keeping their order.
    void write(Write job);
    /// Blocks until every call recorded so far is on disk or the store has
    /// failed; for a CLI about to exit, and tests. False on timeout or failure.
    bool waitForIdle(int timeoutMs = 10'000);

    /// Why the database is not usable, if it is not. Thread-safe.
    [[nodiscard]] std::optional<UsageError> problem() const;
    /// Moves the refused file aside (UsageDatabase::setAside) and starts a new
    /// one; answers through setAsideDone().
    void setAsideAndStartNew();

    /// Runs work on the store's thread with the database (null when it could
    /// not be opened), then done with its result on context's thread, unless
    /// context is gone by then.
    template<typename Result>
    void query(QObject *context, std::function<Result(UsageDatabase *)> work, std::function<void(Result)> done)
    {
        post([context = QPointer<QObject>(context), work = std::move(work), done = std::move(done)](UsageDatabase *db) {
            if (!context)
                return;
            auto result = std::make_shared<Result>(work(db));
            QMetaObject::invokeMethod(context.get(), [result, done] { done(std::move(*result)); },
                                      Qt::QueuedConnection);
        });
    }

Q_SIGNALS:
    /// count calls were committed (emitted on the store's thread; connect queued).
    void recorded(int count);
    void failed(const Switchyard::Usage::UsageError &error);
    /// setAsideAndStartNew() is done: newPath is where the old file went, or empty on failure.
    void setAsideDone(const QString &newPath, const QString &errorMessage);

private:
    class Worker;
    void post(std::function<void(UsageDatabase *)> work);
    /// Runs append under the lock, counts one more pending write, and wakes
    /// the store's thread unless a drain is already on its way.
    void enqueue(const std::function<void()> &append);

    QString m_path;
    QThread *m_thread = nullptr;
    Worker *m_worker = nullptr;

    mutable std::mutex m_mutex;
    std::condition_variable m_idle;
    QList<UsageRecord> m_queue;
    QList<UsageRecord> m_auditQueue; // calls not yet entered in m_audit
    std::shared_ptr<Audit::AuditLog> m_audit;
    QList<Write> m_writes;
    qint64 m_pending = 0; // queued or being written
    bool m_drainScheduled = false;
    std::optional<UsageError> m_problem;

    friend class Worker;
};

} // namespace Switchyard::Usage

Q_DECLARE_METATYPE(Switchyard::Usage::UsageError)
