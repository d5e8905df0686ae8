#include "usage/usagestore.h"

#include "audit/auditlog.h"
#include "usage/usageaudit.h"
#include "usage/usagedatabase.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

#include <atomic>

Q_LOGGING_CATEGORY(lcUsage, "switchyard.usage")

namespace Switchyard::Usage {

/// Lives on the store's thread and owns the connection there.
class UsageStore::Worker final : public QObject
{
public:
    explicit Worker(UsageStore *store)
        : m_store(store)
    {
        m_batch.setSingleShot(true);
        m_batch.setInterval(UsageStore::BatchMs);
        connect(&m_batch, &QTimer::timeout, this, &Worker::drain);
    }

    /// The first call of a batch: the rest of the batch comes while this
    /// waits, and goes in the same transaction.
    void drainSoon()
    {
        if (!m_batch.isActive())
            m_batch.start();
    }

    ~Worker() override { stopChecking(); }

    void open()
    {
        auto db = UsageDatabase::open(m_store->m_path);
        if (db) {
            m_db = std::make_unique<UsageDatabase>(std::move(*db));
            m_db->setAuditLog(m_store->auditLog());
            setProblem(std::nullopt);
            startChecking();
        } else {
            qCWarning(lcUsage) << db.error().message;
            setProblem(db.error());
        }
    }

    /// Damage anywhere in the file, not only where calls have read or
    /// written, is found by SQLite's quick check, which reads the whole file
    /// (seconds for a year of heavy use). It runs on a thread of its own with
    /// a read-only connection, so that queries go on meanwhile; writes wait
    /// for its verdict, so that nothing is written into a damaged file.
    void startChecking()
    {
        m_cancelCheck = false;
        m_checked.reset();
        m_checker = QThread::create([this, path = m_store->m_path] {
            auto verdict = UsageDatabase::check(path, &m_cancelCheck);
            {
                std::lock_guard lock(m_checkMutex);
                m_checked = std::move(verdict);
            }
            QMetaObject::invokeMethod(this, [this] { onChecked(); }, Qt::QueuedConnection);
        });
        m_checker->setObjectName(QStringLiteral("usage-check"));
        m_checker->start(QThread::LowPriority);
    }

    /// The check's verdict, once (also called directly when the store is
    /// about to end and waits for it).
    void onChecked()
    {
        if (!m_checker)
            return;
        m_checker->wait();
        delete std::exchange(m_checker, nullptr);
        std::optional<std::expected<void, UsageError>> verdict;
        {
            std::lock_guard lock(m_checkMutex);
            verdict.swap(m_checked);
        }
        if (verdict && !*verdict) {
            if (verdict->error().kind == UsageError::Kind::Corrupt)
                refuse(verdict->error());
            else if (!m_cancelCheck)
                qCWarning(lcUsage) << "the usage database could not be checked:" << verdict->error().message;
        }
        drain();
        const QList<std::function<void(UsageDatabase *)>> deferred = std::exchange(m_deferred, {});
        for (const auto &work : deferred) {
            work(m_db.get());
            noticeDamage();
        }
    }

    /// Waits for a check under way; with cancel, cuts it short (the file it
    /// checks is being set aside, or nothing will be written any more).
    void stopChecking(bool cancel = true)
    {
        if (!m_checker)
            return;
        m_cancelCheck = cancel;
        m_checker->wait();
        delete std::exchange(m_checker, nullptr);
        std::lock_guard lock(m_checkMutex);
        m_checked.reset();
    }

    /// The store is ending: what is queued is written once the check has
    /// said the file is sound.
    void finish()
    {
        if (m_checker) {
            m_checker->wait();
            onChecked();
        }
        drain();
        close();
    }

    /// A query, after what was recorded before it. While the check runs,
    /// nothing is written, so a query with calls queued before it waits for
    /// the check too; one without runs at once beside it.
    void run(std::function<void(UsageDatabase *)> work)
    {
        if (m_checker && (hasQueued() || !m_deferred.isEmpty())) {
            m_deferred.append(std::move(work));
            return;
        }
        drain();
        work(m_db.get());
        noticeDamage();
    }

    /// Damage met by a query or another module's write: no more writes.
    void noticeDamage()
    {
        if (m_db)
            if (const auto damage = m_db->damage())
                refuse(*damage);
    }

    void setAsideAndReopen()
    {
        stopChecking();
        m_db.reset();
        const auto moved = UsageDatabase::setAside(m_store->m_path);
        if (!moved) {
            Q_EMIT m_store->setAsideDone({}, moved.error().message);
            return;
        }
        open();
        Q_EMIT m_store->setAsideDone(*moved, m_db ? QString() : m_store->problem()->message);
        drain();
    }

    void drain()
    {
        m_batch.stop();
        if (m_checker)
            return; // written once the check has passed
        QList<UsageRecord> batch;
        QList<UsageRecord> audited;
        std::shared_ptr<Audit::AuditLog> audit;
        QList<Write> writes;
        {
            std::lock_guard lock(m_store->m_mutex);
            m_store->m_drainScheduled = false;
            batch.swap(m_store->m_queue);
            audited.swap(m_store->m_auditQueue);
            audit = m_store->m_audit;
            writes.swap(m_store->m_writes);
        }
        if (audit && !audited.isEmpty())
            enterInAudit(*audit, audited);
        runWrites(writes);
        if (batch.isEmpty())
            return;
        std::expected<void, UsageError> written = std::unexpected(UsageError{});
        if (m_db)
            written = m_db->insert(batch);
        std::optional<UsageError> damage;
        if (!written && m_db) {
            if (written.error().kind == UsageError::Kind::Corrupt)
                damage = written.error();
            else
                damage = m_db->damage();
        }
        if (damage)
            m_db.reset(); // not another write into a damaged file
        {
            std::lock_guard lock(m_store->m_mutex);
            if (written) {
                m_store->m_pending -= batch.size();
                m_store->m_problem.reset();
            } else {
                // Kept for the next attempt: a full disk or a lock held too
                // long passes; a refused file waits for the user's decision.
                batch.append(m_store->m_queue);
                m_store->m_queue.swap(batch);
                if (m_db)
                    m_store->m_problem = written.error();
            }
        }
        m_store->m_idle.notify_all();
        if (written) {
            Q_EMIT m_store->recorded(int(batch.size()));
        } else if (damage) {
            refuse(*damage);
        } else if (m_db) {
            qCWarning(lcUsage) << written.error().message;
            Q_EMIT m_store->failed(written.error());
        }
    }

    UsageDatabase *database() const { return m_db.get(); }

    /// One entry per call, under one lock of the log for the whole batch.
    static void enterInAudit(Audit::AuditLog &log, const QList<UsageRecord> &calls)
    {
        QList<std::pair<QString, QJsonObject>> entries;
        entries.reserve(calls.size());
        for (const UsageRecord &call : calls)
            entries.append({UsageAudit::CallKind, UsageAudit::callData(call)});
        if (auto written = log.appendAll(entries); !written)
            qCWarning(lcUsage).noquote() << "calls not entered in the audit log:" << written.error();
    }

    void setAuditLog(const std::shared_ptr<Audit::AuditLog> &log)
    {
        if (m_db)
            m_db->setAuditLog(log);
    }

    void runWrites(QList<Write> &writes)
    {
        while (!writes.isEmpty() && m_db) {
            const auto written = writes.first()(*m_db);
            if (!written) {
                qCWarning(lcUsage) << written.error().message;
                if (written.error().kind == UsageError::Kind::Corrupt)
                    refuse(written.error());
                else
                    noticeDamage();
                break;
            }
            writes.removeFirst();
            std::lock_guard lock(m_store->m_mutex);
            --m_store->m_pending;
        }
        if (writes.isEmpty())
            return;
        // Kept, in order, ahead of those queued meanwhile.
        std::lock_guard lock(m_store->m_mutex);
        writes.append(m_store->m_writes);
        m_store->m_writes.swap(writes);
    }
    void close()
    {
        stopChecking();
        m_db.reset();
    }

private:
    bool hasQueued() const
    {
        std::lock_guard lock(m_store->m_mutex);
        return !m_store->m_queue.isEmpty() || !m_store->m_writes.isEmpty();
    }

    /// The file is damaged: closed, and the calls from now on kept in memory
    /// until the user sets it aside (UsageStore::setAsideAndStartNew).
    void refuse(const UsageError &error)
    {
        m_db.reset();
        qCWarning(lcUsage) << error.message;
        setProblem(error);
    }

    void setProblem(std::optional<UsageError> problem)
    {
        {
            std::lock_guard lock(m_store->m_mutex);
            m_store->m_problem = problem;
        }
        m_store->m_idle.notify_all();
        if (problem)
            Q_EMIT m_store->failed(*problem);
    }

    UsageStore *m_store;
    std::unique_ptr<UsageDatabase> m_db;
    QTimer m_batch{this};
    QThread *m_checker = nullptr;
    std::atomic<bool> m_cancelCheck = false;
    std::mutex m_checkMutex;
    std::optional<std::expected<void, UsageError>> m_checked;
    QList<std::function<void(UsageDatabase *)>> m_deferred; // queries waiting for the check
};

UsageStore::UsageStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_thread(new QThread)
    , m_worker(new Worker(this))
{
    qRegisterMetaType<UsageError>();
    m_thread->setObjectName(QStringLiteral("usage-store"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
    post([this](UsageDatabase *) { m_worker->open(); });
}

UsageStore::~UsageStore()
{
    // Blocking: quit() would end the thread's event loop without running what
    // is still posted to it, and those are calls not yet on disk.
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->finish(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
}

void UsageStore::post(std::function<void(UsageDatabase *)> work)
{
    // What was recorded before the question is in the answer: the batch
    // waiting for its timer goes first.
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, work = std::move(work)]() mutable { worker->run(std::move(work)); },
                              Qt::QueuedConnection);
}

void UsageStore::record(const UsageRecord &record)
{
    enqueue([this, &record] {
        m_queue.append(record);
        if (m_audit)
            m_auditQueue.append(record);
    });
}

void UsageStore::setAuditLog(std::shared_ptr<Audit::AuditLog> log)
{
    {
        std::lock_guard lock(m_mutex);
        m_audit = log;
    }
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, log] { worker->setAuditLog(log); }, Qt::QueuedConnection);
}

std::shared_ptr<Audit::AuditLog> UsageStore::auditLog() const
{
    std::lock_guard lock(m_mutex);
    return m_audit;
}

void UsageStore::write(Write job)
{
    enqueue([this, &job] { m_writes.append(std::move(job)); });
}

void UsageStore::enqueue(const std::function<void()> &append)
{
    {
        std::lock_guard lock(m_mutex);
        append();
        ++m_pending;
        if (m_drainScheduled)
            return;
        m_drainScheduled = true;
    }
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->drainSoon(); }, Qt::QueuedConnection);
}

bool UsageStore::waitForIdle(int timeoutMs)
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->drain(); }, Qt::QueuedConnection);
    std::unique_lock lock(m_mutex);
    const bool done = m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                      [this] { return m_pending == 0 || m_problem.has_value(); });
    return done && m_pending == 0;
}

std::optional<UsageError> UsageStore::problem() const
{
    std::lock_guard lock(m_mutex);
    return m_problem;
}

void UsageStore::setAsideAndStartNew()
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->setAsideAndReopen(); }, Qt::QueuedConnection);
}

} // namespace Switchyard::Usage
