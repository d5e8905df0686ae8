#include "providers/embeddingcall.h"

#include "providers/callerrors.h"
#include "providers/provideradapter.h"
#include "secrets/redaction.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

EmbeddingCall::EmbeddingCall(QNetworkAccessManager *network, ProviderConfig provider, EmbeddingRequest request,
                             QString key, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_provider(std::move(provider))
    , m_request(std::move(request))
    , m_key(std::move(key))
{
    m_watchdog.setSingleShot(true);
    m_deadline.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &EmbeddingCall::onTimeout);
    connect(&m_deadline, &QTimer::timeout, this, &EmbeddingCall::onTimeout);
}

EmbeddingCall::~EmbeddingCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void EmbeddingCall::start()
{
    Q_ASSERT(!m_reply && !m_finished);
    const ProviderAdapter &adapter = ProviderAdapter::forKind(m_provider.kind);
    m_started = QDateTime::currentDateTimeUtc();
    m_clock.start();
    if (QString refusal = adapter.embeddingsRefusal(m_request); !refusal.isEmpty()) {
        // Queued, as every other failure arrives after start() returns.
        QMetaObject::invokeMethod(
            this,
            [this, refusal = std::move(refusal)] {
                fail({.kind = CallError::Kind::BadRequest, .message = m_provider.displayName + u": "_s + refusal});
            },
            Qt::QueuedConnection);
        return;
    }
    m_deadline.start(m_timeouts.totalMs); // for all of the requests
    sendBatch();
}

void EmbeddingCall::sendBatch()
{
    const ProviderAdapter &adapter = ProviderAdapter::forKind(m_provider.kind);
    const qsizetype limit = adapter.maxEmbeddingInputs();
    const qsizetype total = m_request.inputCount();
    m_batchSize = limit > 0 && m_request.tokenInputs.isEmpty() ? std::min(limit, total - m_batchStart)
                                                                : total - m_batchStart;
    EmbeddingRequest batch = m_request;
    if (m_batchSize < total)
        batch.texts = m_request.texts.mid(m_batchStart, m_batchSize);
    ++m_requests;
    m_body.clear();
    m_gotBytes = false;
    m_reply = m_network->post(adapter.embeddingsRequest(m_provider, batch, m_key), adapter.embeddingsBody(batch));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (auto bad = CallErrors::forHead(m_provider.displayName, m_reply->rawHeaderPairs()))
            fail(*bad);
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &EmbeddingCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EmbeddingCall::onFinished);
    m_watchdog.start(m_timeouts.firstByteMs);
}

void EmbeddingCall::cancel()
{
    if (m_finished)
        return;
    if (!m_reply) { // refused, its failure still queued
        fail({.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
        return;
    }
    m_abortReason = CallError::Kind::Cancelled;
    m_reply->abort(); // finished() follows synchronously
}

void EmbeddingCall::onTimeout()
{
    if (m_finished || !m_reply)
        return;
    m_abortReason = CallError::Kind::Timeout;
    m_reply->abort();
}

void EmbeddingCall::onReadyRead()
{
    m_gotBytes = true;
    m_watchdog.start(m_timeouts.stallMs);
    // Checked before reading, so that a body past the limit is never held
    // whole; the vectors of earlier requests count towards it.
    if (m_held + m_body.size() + m_reply->bytesAvailable() > m_timeouts.maxAnswerBytes) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent more than %2 MiB of embeddings for one request; stopped reading there."_s
                             .arg(m_provider.displayName)
                             .arg(double(m_timeouts.maxAnswerBytes) / (1024 * 1024), 0, 'g', 4)});
        return;
    }
    m_body += m_reply->readAll();
}

void EmbeddingCall::onFinished()
{
    if (m_finished)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished)
        return;
    if (m_abortReason) {
        CallError e{.kind = *m_abortReason};
        if (*m_abortReason == CallError::Kind::Cancelled)
            e.message = u"Stopped."_s;
        else if (!m_gotBytes)
            e.message = u"%1 sent nothing for %2 s; gave up waiting."_s.arg(m_provider.displayName).arg(m_timeouts.firstByteMs / 1000.0);
        else if (m_deadline.isActive())
            e.message = u"The answer from %1 stalled: no data for %2 s."_s.arg(m_provider.displayName).arg(m_timeouts.stallMs / 1000.0);
        else
            e.message = u"The call to %1 took longer than the %2 s limit."_s.arg(m_provider.displayName).arg(m_timeouts.totalMs / 1000.0);
        fail(e);
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
              .message = u"%1 answered with a web page instead of embeddings — is the base URL %2 right?"_s.arg(
                  m_provider.displayName, m_provider.baseUrl.toString())});
        return;
    }
    auto result = ProviderAdapter::forKind(m_provider.kind).decodeEmbeddings(m_body);
    if (!result) {
        // An error object inside a 200 is the provider's own word.
        const QString said = ProviderAdapter::errorMessageFromBody(m_body);
        if (!said.isEmpty())
            fail({.kind = CallError::Kind::ProviderError, .message = m_provider.displayName + u": "_s + said});
        else
            fail({.kind = CallError::Kind::Protocol,
                  .message = u"%1 sent embeddings that cannot be read: %2."_s.arg(m_provider.displayName, result.error())});
        return;
    }
    if (result->vectors.size() != m_batchSize) {
        fail({.kind = CallError::Kind::Protocol,
              .message = u"%1 sent %2 embeddings for %3 inputs."_s.arg(m_provider.displayName)
                             .arg(result->vectors.size())
                             .arg(m_batchSize)});
        return;
    }
    m_body = {};
    if (m_requests == 1) {
        m_result = std::move(*result);
    } else {
        m_result.vectors.append(std::move(result->vectors));
        // A count is known only if every request reported one.
        m_result.promptTokens = m_result.promptTokens >= 0 && result->promptTokens >= 0
            ? m_result.promptTokens + result->promptTokens
            : -1;
    }
    for (const QList<float> &vector : std::as_const(m_result.vectors).last(m_batchSize))
        m_held += vector.size() * qsizetype(sizeof(float));
    m_batchStart += m_batchSize;
    if (m_batchStart < m_request.inputCount()) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
        sendBatch();
        return;
    }
    finish();
}

void EmbeddingCall::fail(CallError error)
{
    if (m_finished)
        return;
    // Whatever a provider said goes out from here, so the key it may repeat
    // is masked once, here.
    error.message = Secrets::redacted(error.message, m_key);
    m_error = std::move(error);
    if (m_reply && m_reply->isRunning()) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    finish();
}

void EmbeddingCall::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_watchdog.stop();
    m_deadline.stop();
    m_doneNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    m_body = {};
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    Q_EMIT finished();
}

} // namespace Switchyard::Providers
