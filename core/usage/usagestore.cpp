#include "usage/usagestore.h"

#include "usage/usagedatabase.h"

#include <QLoggingCategory>
#include <QThread>
#include <QTimer>

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

    void open()
    {
        auto db = UsageDatabase::open(m_store->m_path);
        if (db) {
            m_db = std::make_unique<UsageDatabase>(std::move(*db));
            setProblem(std::nullopt);
        } else {
            qCWarning(lcUsage) << db.error().message;
            setProblem(db.error());
        }
    }

    void setAsideAndReopen()
    {
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
        QList<UsageRecord> batch;
        QList<Write> writes;
        {
            std::lock_guard lock(m_store->m_mutex);
            m_store->m_drainScheduled = false;
            batch.swap(m_store->m_queue);
            writes.swap(m_store->m_writes);
        }
        runWrites(writes);
        if (batch.isEmpty())
            return;
        std::expected<void, UsageError> written = std::unexpected(UsageError{});
        if (m_db)
            written = m_db->insert(batch);
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
        } else if (m_db) {
            qCWarning(lcUsage) << written.error().message;
            Q_EMIT m_store->failed(written.error());
        }
    }

    UsageDatabase *database() const { return m_db.get(); }

    void runWrites(QList<Write> &writes)
    {
        while (!writes.isEmpty() && m_db) {
            const auto written = writes.first()(*m_db);
            if (!written) {
                qCWarning(lcUsage) << written.error().message;
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
    void close() { m_db.reset(); }

private:
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
    QMetaObject::invokeMethod(worker, [worker] {
        worker->drain();
        worker->close();
    }, Qt::BlockingQueuedConnection);
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
    QMetaObject::invokeMethod(worker, [worker, work = std::move(work)] {
        worker->drain();
        work(worker->database());
    }, Qt::QueuedConnection);
}

void UsageStore::record(const UsageRecord &record)
{
    enqueue([this, &record] { m_queue.append(record); });
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
