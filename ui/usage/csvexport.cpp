#include "usage/csvexport.h"

#include "usage/usagecsv.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QSaveFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

CsvExport::CsvExport(Usage::UsageStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_poll(new QTimer(this))
{
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_state)
            Q_EMIT progress(m_state->written.load(), m_total);
    });
}

CsvExport::~CsvExport()
{
    cancel();
}

void CsvExport::start(const QString &path, const Usage::UsageFilter &filter, qint64 expectedRows)
{
    cancel(); // an export still running is superseded; its answer is ignored
    auto state = std::make_shared<State>();
    m_state = state;
    m_total = expectedRows;
    m_poll->start();
    Q_EMIT progress(0, m_total);

    m_store->query<Result>(
        this,
        [state, path, filter](Usage::UsageDatabase *db) -> Result {
            if (!db)
                return {.error = tr("The usage database is not available.")};
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return {.error = tr("Cannot write %1: %2").arg(path, file.errorString())};
            QByteArray buffer = Usage::UsageCsv::header();
            const auto visited = db->forEachCall(filter, [&](const Usage::UsageRecord &record) {
                if (state->cancelled.load(std::memory_order_relaxed))
                    return false;
                buffer += Usage::UsageCsv::row(record);
                if (buffer.size() >= 1 << 16) {
                    file.write(buffer);
                    buffer.clear();
                }
                state->written.fetch_add(1, std::memory_order_relaxed);
                return true;
            });
            if (state->cancelled) {
                file.cancelWriting();
                return {.cancelled = true};
            }
            if (!visited) {
                file.cancelWriting();
                return {.error = visited.error().message};
            }
            file.write(buffer);
            if (!file.commit())
                return {.error = tr("Cannot write %1: %2").arg(path, file.errorString())};
            return {.rows = *visited};
        },
        [this, state, path](Result result) {
            if (m_state != state)
                return; // superseded by a newer export
            m_state.reset();
            m_poll->stop();
            if (!result.cancelled && result.error.isEmpty())
                Q_EMIT progress(result.rows, m_total);
            Q_EMIT finished(result.rows, path, result.error, result.cancelled);
        });
}

void CsvExport::cancel()
{
    // The store's thread sees the flag at the next row, removes the partial
    // file and answers with finished(cancelled).
    if (m_state)
        m_state->cancelled = true;
}

} // namespace Switchyard::UsageUi
