#include "catalog/openrouterdownload.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace Switchyard::Catalog {

QUrl OpenRouterDownload::defaultUrl()
{
    return QUrl(u"https://openrouter.ai/api/v1/models"_s);
}

OpenRouterDownload::OpenRouterDownload(QNetworkAccessManager *network, QUrl url, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_url(std::move(url))
{
}

OpenRouterDownload::~OpenRouterDownload()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void OpenRouterDownload::start()
{
    Q_ASSERT(!m_reply && !m_finished);
    QNetworkRequest request(m_url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, "Switchyard"_ba);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        // Checked as bytes arrive, so a runaway body is never held whole.
        if (received > MaxBytes && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &OpenRouterDownload::onFinished);
}

void OpenRouterDownload::cancel()
{
    if (m_finished || !m_reply)
        return;
    m_cancelled = true;
    m_reply->abort(); // finished() follows synchronously
}

void OpenRouterDownload::onFinished()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_cancelled)
        finish(u"Stopped."_s);
    else if (m_tooLarge)
        finish(u"%1 sent more than %2 MB; stopped reading."_s.arg(m_url.toString()).arg(MaxBytes / (1024 * 1024)));
    else if (status != 0 && status != 200)
        finish(u"could not fetch %1: HTTP %2"_s.arg(m_url.toString()).arg(status));
    else if (m_reply->error() != QNetworkReply::NoError)
        finish(u"could not fetch %1: %2"_s.arg(m_url.toString(), m_reply->errorString()));
    else {
        m_body = m_reply->readAll();
        finish({});
    }
}

void OpenRouterDownload::finish(const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    Q_EMIT finished();
}

} // namespace Switchyard::Catalog
