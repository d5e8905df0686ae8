#pragma once

#include "usage/usagefilter.h"
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::UsageUi {

/// Writes the calls a filter selects to a CSV file (Usage::UsageCsv, the same
/// form as `switchyard-cli usage --calls --csv`), one row per call, on the
/// usage store's thread (the rows come from there), so a year of calls never
/// holds up the GUI. Reports progress about ten times a second; cancel() stops
/// it and leaves no file behind: the file appears whole or not at all (QSaveFile).
class CsvExport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvExport)

public:
    explicit CsvExport(Usage::UsageStore *store, QObject *parent = nullptr);
    /// Cancels a running export.
    ~CsvExport() override;

    /// expectedRows: the total progress counts towards (the filter's call count).
    void start(const QString &path, const Usage::UsageFilter &filter, qint64 expectedRows);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_state != nullptr; }

Q_SIGNALS:
    void progress(qint64 written, qint64 total);
    /// error is empty on success and when cancelled.
    void finished(qint64 rows, const QString &path, const QString &error, bool cancelled);

private:
    struct State {
        std::atomic<qint64> written = 0;
        std::atomic<bool> cancelled = false;
    };
    struct Result {
        qint64 rows = 0;
        QString error;
        bool cancelled = false;
    };

    Usage::UsageStore *m_store;
    QTimer *m_poll = nullptr;
    std::shared_ptr<State> m_state; // while running
    qint64 m_total = 0;
};

} // namespace Switchyard::UsageUi
