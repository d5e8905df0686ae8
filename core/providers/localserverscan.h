#pragma once

#include "providers/chatevent.h"
#include "providers/providerconfig.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

class QNetworkAccessManager;

namespace Switchyard::Providers {

/// Looks for model servers running on this computer — Ollama on 11434, LM
/// Studio on 1234, a llama.cpp server on 8080 — by asking each for its model
/// list, all at once, for the first-run step. Only a server that answers in
/// its format counts: a web server that happens to use port 8080 answers with
/// a page, not a model list, and is not taken for llama.cpp. The candidates
/// are given, so a test can put a fixture on a port it chose. Emits finished()
/// once every candidate has answered, failed or timed out. Never blocks.
class LocalServerScan final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalServerScan)

public:
    /// Loopback answers at once or not at all; the limit is for a port that
    /// accepts and then stays silent.
    static constexpr int DefaultTimeoutMs = 3000;

    struct Finding
    {
        ProviderConfig provider;
        QStringList models;
        std::optional<CallError> error; ///< why it is not there; empty when found
        qint64 elapsedMs = -1;

        [[nodiscard]] bool found() const { return !error; }
    };

    /// The presets of the usual local servers (Ollama, LM Studio, llama.cpp).
    [[nodiscard]] static QList<ProviderConfig> defaultCandidates();

    LocalServerScan(QNetworkAccessManager *network, QList<ProviderConfig> candidates, QObject *parent = nullptr);
    ~LocalServerScan() override;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void start();
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// One per candidate, in their order; filled in as they finish.
    [[nodiscard]] const QList<Finding> &findings() const { return m_findings; }
    /// From start() to the last answer.
    [[nodiscard]] qint64 elapsedMs() const { return m_elapsedMs; }

Q_SIGNALS:
    void finished();

private:
    QNetworkAccessManager *m_network = nullptr;
    QList<Finding> m_findings;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_running = 0;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = -1;
    bool m_finished = false;
};

} // namespace Switchyard::Providers
