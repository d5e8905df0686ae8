#pragma once

#include "providers/chatevent.h"
#include "providers/providerconfig.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Switchyard::Providers {

/// Asks one provider which models it serves — the Providers page's "test
/// connection", and the model pickers' source. Owns its QNetworkReply (one per
/// page: Anthropic and Gemini list in pages, followed up to MaxPages), caps
/// each body at MaxBodyBytes, never follows a redirect, and gives up after
/// the timeout, which covers all pages. Failures map to the same CallErrors
/// as chat calls. Emits finished() exactly once, whether the listing
/// succeeded, failed or was cancelled. Never blocks.
class ModelListCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelListCall)

public:
    static constexpr int DefaultTimeoutMs = 20'000;
    static constexpr int MaxPages = 20;
    static constexpr qsizetype MaxBodyBytes = 16 * 1024 * 1024;

    ModelListCall(QNetworkAccessManager *network, ProviderConfig provider, QString key, QObject *parent = nullptr);
    ~ModelListCall() override;

    /// The limit for the whole listing, every page included; set before start().
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void start();
    /// Stops the request at once; finished() follows with a Cancelled error.
    void cancel();

    [[nodiscard]] const ProviderConfig &provider() const { return m_provider; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// Sorted, without duplicates. After an error, the ids of the pages read
    /// before it: a partial list, which error() says is one.
    [[nodiscard]] const QStringList &modelIds() const { return m_ids; }
    [[nodiscard]] const std::optional<CallError> &error() const { return m_error; }
    /// From start() to finished(), all pages included; the time so far while
    /// running, -1 before start().
    [[nodiscard]] qint64 elapsedMs() const;
    /// The pages requested so far.
    [[nodiscard]] int pageCount() const { return m_pages; }

Q_SIGNALS:
    void finished();

private:
    void requestPage(const QString &cursor);
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void fail(CallError error);
    void finish();

    QNetworkAccessManager *m_network = nullptr;
    ProviderConfig m_provider;
    QString m_key;
    int m_timeoutMs = DefaultTimeoutMs;

    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    bool m_gotBytes = false;
    int m_pages = 0;
    QTimer m_deadline;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = -1;
    std::optional<CallError::Kind> m_abortReason;

    QStringList m_ids;
    std::optional<CallError> m_error;
    bool m_finished = false;
};

} // namespace Switchyard::Providers
