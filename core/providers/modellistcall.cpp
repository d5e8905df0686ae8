#include "providers/modellistcall.h"

#include "providers/callerrors.h"
#include "providers/provideradapter.h"
#include "secrets/redaction.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

ModelListCall::ModelListCall(QNetworkAccessManager *network, ProviderConfig provider, QString key, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_provider(std::move(provider))
    , m_key(std::move(key))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ModelListCall::onTimeout);
}

ModelListCall::~ModelListCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

qint64 ModelListCall::elapsedMs() const
{
    if (m_finished)
        return m_elapsedMs;
    return m_clock.isValid() ? m_clock.elapsed() : -1;
}

void ModelListCall::start()
{
    Q_ASSERT(!m_reply && !m_finished);
    m_clock.start();
    m_deadline.start(m_timeoutMs);
    requestPage({});
}

void ModelListCall::requestPage(const QString &cursor)
{
    ++m_pages;
    m_body.clear();
    m_gotBytes = false;
    m_reply = m_network->get(ProviderAdapter::forKind(m_provider.kind).modelsRequest(m_provider, m_key, cursor));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (auto bad = CallErrors::forHead(m_provider.displayName, m_reply->rawHeaderPairs()))
            fail(*bad);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelListCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelListCall::onFinished);
}

void ModelListCall::cancel()
{
    if (m_finished || !m_reply)
        return;
    m_abortReason = CallError::Kind::Cancelled;
    m_reply->abort(); // finished() follows synchronously
}

void ModelListCall::onTimeout()
{
    if (m_finished || !m_reply)
        return;
    m_abortReason = CallError::Kind::Timeout;
    m_reply->abort();
}

void ModelListCall::onReadyRead()
{
    m_gotBytes = true;
    // Checked before reading, so a runaway body is never held in memory whole.
    if (m_body.size() + m_reply->bytesAvailable() > MaxBodyBytes) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent a model list larger than %2 MB; stopped reading."_s.arg(m_provider.displayName)
                             .arg(MaxBodyBytes / (1024 * 1024))});
        return;
    }
    m_body += m_reply->readAll();
}

void ModelListCall::onFinished()
{
    if (m_finished)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished)
        return;

    if (m_abortReason) {
        if (*m_abortReason == CallError::Kind::Cancelled)
            fail({.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
        else
            fail({.kind = CallError::Kind::Timeout,
                  .message = u"%1 did not list its models within %2 s; gave up waiting."_s.arg(m_provider.displayName)
                                 .arg(m_timeoutMs / 1000.0)});
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300) {
        fail(CallErrors::forStatus(m_provider.displayName, status, m_body, m_reply->rawHeaderPairs()));
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        fail(CallErrors::forNetworkError(m_provider, m_reply->error(), m_reply->errorString(), m_reply->url(),
                                         m_gotBytes));
        return;
    }
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    if (type.startsWith("text/html")) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 answered with a web page instead of a model list — is the base URL %2 right?"_s.arg(
                  m_provider.displayName, m_provider.baseUrl.toString())});
        return;
    }
    const auto page = ProviderAdapter::forKind(m_provider.kind).decodeModels(m_body);
    if (!page) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent an unreadable model list. %2."_s.arg(m_provider.displayName, page.error())});
        return;
    }
    m_ids += page->ids;
    if (page->nextCursor.isEmpty()) {
        finish();
        return;
    }
    // A server that keeps saying "more" (or repeats its cursor) must not keep us listing forever.
    if (m_pages >= MaxPages) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 listed more than %2 pages of models; stopped there, so the list is incomplete."_s.arg(
                  m_provider.displayName).arg(MaxPages)});
        return;
    }
    m_reply->disconnect(this);
    m_reply->deleteLater();
    requestPage(page->nextCursor);
}

void ModelListCall::fail(CallError error)
{
    if (m_finished)
        return;
    error.message = Secrets::redacted(error.message, m_key);
    m_error = std::move(error);
    if (m_reply && m_reply->isRunning()) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    finish();
}

void ModelListCall::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    m_elapsedMs = m_clock.elapsed();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_ids.sort();
    m_ids.removeDuplicates();
    Q_EMIT finished();
}

} // namespace Switchyard::Providers
