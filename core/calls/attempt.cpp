#include "calls/attempt.h"

#include "calls/pricing.h"
#include "catalog/pricecatalog.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"
#include "usage/usagestore.h"

#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace Switchyard::Calls {

using Providers::CallError;
using Providers::ChatCall;

Attempt::Attempt(CallPath *path, QString providerId, Providers::ChatRequest request, CallTags tags,
                 std::optional<Providers::CallTimeouts> limits, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_providerId(std::move(providerId))
    , m_request(std::move(request))
    , m_tags(std::move(tags))
    , m_limits(limits)
{
    m_cost.nanoUsd = 0; // until something is sent, nothing is spent
}

Attempt::~Attempt()
{
    if (m_call && !m_call->isFinished())
        m_call->disconnect(this);
}

void Attempt::start()
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

void Attempt::send(const Providers::ProviderConfig &provider, const QString &key)
{
    // A reasoning effort is a wish, not a condition: agents ask for one on
    // every turn whatever model a route gives them, and a model that does
    // not reason refuses the whole request for it (OpenAI's 400). Dropped
    // only where the catalog knows the model does not reason.
    if (!m_request.reasoningEffort.isEmpty()) {
        if (const Catalog::PriceCatalog *catalog = m_path->services().catalog) {
            const auto model = catalog->find(provider.id, m_request.model);
            if (model && !model->capabilities.testFlag(Catalog::Capability::Reasoning))
                m_request.reasoningEffort.clear();
        }
    }
    auto *call = new ChatCall(m_path->services().network, provider, m_request, key, this);
    call->setTimeouts(m_limits ? *m_limits : m_path->timeouts());
    m_call = call;
    connect(call, &ChatCall::eventsReceived, this, &Attempt::eventsReceived);
    connect(call, &ChatCall::finished, this, &Attempt::onCallFinished);
    call->start();
}

void Attempt::refuse(CallError error)
{
    // Queued, as a sent call's failures come: never from inside start().
    QMetaObject::invokeMethod(
        this,
        [this, error = std::move(error)] {
            if (m_finished)
                return;
            m_finished = true;
            m_error = error;
            Q_EMIT eventsReceived({Providers::ChatEvent::failure(error)});
            Q_EMIT finished();
        },
        Qt::QueuedConnection);
}

void Attempt::cancel()
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

void Attempt::onCallFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    const ChatCall &call = *m_call;
    m_error = call.error();
    const Catalog::PriceCatalog *catalog = m_path ? m_path->services().catalog : nullptr;
    const auto model = catalog ? catalog->find(call.provider().id, m_request.model) : std::nullopt;
    m_cost = Pricing::costOf(model ? &*model : nullptr, call);

    Usage::UsageRecord row = Usage::UsageRecord::of(call, m_cost, m_tags.source, m_tags.project);
    row.keyName = m_tags.keyName;
    row.route = m_tags.route;
    row.rule = m_tags.rule;
    row.retries = m_tags.retries;
    row.fallbackHops = m_tags.fallbackHops;
    m_record = row;
    // Locals only from here: a slot of finished() may delete this attempt.
    Usage::UsageStore *store = m_path ? m_path->services().usage : nullptr;
    const auto logged = qScopeGuard([store, row = std::move(row)] {
        if (store)
            store->record(row);
    });
    Q_EMIT finished();
}

QString Attempt::text() const
{
    return m_call ? m_call->text() : QString();
}

QString Attempt::reasoning() const
{
    return m_call ? m_call->reasoning() : QString();
}

QList<Providers::ToolCall> Attempt::toolCalls() const
{
    return m_call ? m_call->toolCalls() : QList<Providers::ToolCall>();
}

Providers::TokenUsage Attempt::usage() const
{
    return m_call ? m_call->usage() : Providers::TokenUsage();
}

QString Attempt::finishReason() const
{
    return m_call ? m_call->finishReason() : QString();
}

std::optional<Providers::CallTimings> Attempt::timings() const
{
    return m_call ? std::optional(m_call->timings()) : std::nullopt;
}

qint64 Attempt::elapsedNs() const
{
    return m_call ? m_call->elapsedNs() : 0;
}

} // namespace Switchyard::Calls
