#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Switchyard::Catalog {

/// Downloads OpenRouter's public model list (GET /api/v1/models; no key) for
/// PriceCatalog::importOpenRouter(), so the CLI and the Providers page fetch it
/// the same way. Owns its reply, stops reading beyond MaxBytes, gives up after
/// the timeout, follows no redirect to another host, and emits finished()
/// exactly once — also after cancel(). Never blocks.
class OpenRouterDownload final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenRouterDownload)

public:
    static constexpr qsizetype MaxBytes = 64 * 1024 * 1024;
    static constexpr int DefaultTimeoutMs = 30'000;
    [[nodiscard]] static QUrl defaultUrl();

    explicit OpenRouterDownload(QNetworkAccessManager *network, QUrl url = defaultUrl(), QObject *parent = nullptr);
    ~OpenRouterDownload() override;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void start();
    void cancel();

    [[nodiscard]] const QUrl &url() const { return m_url; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// The body once finished without error().
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    /// Why the download failed, naming the address; empty on success.
    [[nodiscard]] const QString &error() const { return m_error; }

Q_SIGNALS:
    void finished();

private:
    void onFinished();
    void finish(const QString &error);

    QNetworkAccessManager *m_network = nullptr;
    QUrl m_url;
    int m_timeoutMs = DefaultTimeoutMs;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
    QString m_error;
    bool m_tooLarge = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Switchyard::Catalog
