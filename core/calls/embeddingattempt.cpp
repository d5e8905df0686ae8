#include "calls/embeddingattempt.h"

#include "calls/pricing.h"
#include "catalog/pricecatalog.h"
#include "providers/callerrors.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"
#include "usage/usagestore.h"

#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace Switchyard::Calls {

using Providers::CallError;
using Providers::EmbeddingCall;

EmbeddingAttempt::EmbeddingAttempt(CallPath *path, QString providerId, Providers::EmbeddingRequest request,
                                   CallTags tags, QObject *parent, std::optional<Providers::CallTimeouts> limits)
    : QObject(parent)
    , m_path(path)
    , m_providerId(std::move(providerId))
    , m_request(std::move(request))
    , m_tags(std::move(tags))
    , m_limits(limits)
{
    m_cost.nanoUsd = 0; // until something is sent, nothing is spent
}

EmbeddingAttempt::~EmbeddingAttempt()
{
    if (m_call && !m_call->isFinished())
        m_call->disconnect(this);
}

const Providers::EmbeddingResult &EmbeddingAttempt::result() const
{
    static const Providers::EmbeddingResult none;
    return m_call ? m_call->result() : none;
}

// The same steps as Attempt::start(): CallPath::clear().
void EmbeddingAttempt::start()
{
    if (std::exchange(m_started, true))
        return;
    if (!m_path) {
        refuse({.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
        return;
    }
    m_path->clear(
        m_providerId, m_tags, this, [this] { return !m_cancelled && !m_finished; },
        [this](const CallPath::Ready &ready) {
            m_budgetWarning = ready.budgetWarning;
            send(ready.provider, ready.key);
        },
        [this](const CallError &error) { refuse(error); });
}

void EmbeddingAttempt::send(const Providers::ProviderConfig &provider, const QString &key)
{
    auto *call = new EmbeddingCall(m_path->services().network, provider, m_request, key, this);
    call->setTimeouts(m_limits ? *m_limits : m_path->timeouts());
    m_call = call;
    connect(call, &EmbeddingCall::finished, this, &EmbeddingAttempt::onCallFinished);
    call->start();
}

void EmbeddingAttempt::refuse(CallError error)
{
    // Queued, as a sent call's failures come: never from inside start().
    QMetaObject::invokeMethod(
        this,
        [this, error = std::move(error)] {
            if (m_finished)
                return;
            m_finished = true;
            m_error = error;
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

void EmbeddingAttempt::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_call) {
        m_call->cancel(); // its finished() comes at once
        return;
    }
    if (m_started) // a key lookup in flight
        refuse({.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
}

void EmbeddingAttempt::onCallFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    const EmbeddingCall &call = *m_call;
    m_error = call.error();
    if (!call.wasSent()) {
        // The format has no embeddings (Anthropic): refused before sending,
        // so no row, as with any other refusal.
        Q_EMIT finished();
        return;
    }
    const Catalog::PriceCatalog *catalog = m_path ? m_path->services().catalog : nullptr;
    const auto model = catalog ? catalog->find(call.provider().id, m_request.model) : std::nullopt;
    m_cost = Pricing::costOf(model ? &*model : nullptr, call);
    if (!m_error)
        m_tokens = Pricing::embeddingTokens(call);

    Usage::UsageRecord row{
        .timeMs = call.started().toMSecsSinceEpoch(),
        .source = m_tags.source,
        .project = m_tags.project,
        .keyName = m_tags.keyName,
        .provider = call.provider().id,
        .model = m_request.model,
        .route = m_tags.route,
        .rule = m_tags.rule,
        .costNanoUsd = m_cost.nanoUsd,
        .costEstimated = m_cost.estimated,
        .totalMs = double(call.elapsedNs()) / 1e6,
        .retries = m_tags.retries,
        .fallbackHops = m_tags.fallbackHops,
    };
    if (m_error) {
        row.status = m_error->kind == CallError::Kind::Cancelled ? Usage::Status::Cancelled : Usage::Status::Error;
        row.errorClass = Providers::CallErrors::kindName(m_error->kind);
        row.httpStatus = m_error->httpStatus;
    } else {
        row.tokensIn = m_tokens;
        row.tokensOut = 0; // an embedding generates no tokens
    }
    m_record = row;
    // Locals only from here: a slot of finished() may delete this attempt.
    Usage::UsageStore *store = m_path ? m_path->services().usage : nullptr;
    const auto logged = qScopeGuard([store, row = std::move(row)] {
        if (store)
            store->record(row);
    });
    Q_EMIT finished();
}

} // namespace Switchyard::Calls
