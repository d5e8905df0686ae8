#include "calls/callpath.h"

#include "calls/attempt.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"
#include "usage/budgetmonitor.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Calls {

CallPath::CallPath(CallServices services, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
{
}

CallPath::~CallPath() = default;

Attempt *CallPath::attempt(const QString &providerId, Providers::ChatRequest request, CallTags tags, QObject *parent,
                           const std::optional<Providers::CallTimeouts> &limits)
{
    return new Attempt(this, providerId, std::move(request), std::move(tags), limits, parent);
}

void CallPath::clear(const QString &providerId, const CallTags &tags, QObject *context, std::function<bool()> wanted,
                     std::function<void(const Ready &)> ready,
                     std::function<void(const Providers::CallError &)> refused) const
{
    using Providers::CallError;
    const auto provider = m_services.provider ? m_services.provider(providerId) : std::nullopt;
    if (!provider) {
        refused({.kind = CallError::Kind::BadRequest,
                 .message = u"No provider “%1” is set up (or it is disabled)."_s.arg(providerId)});
        return;
    }
    // The route a budget reroutes to is where that provider's calls are meant
    // to go: there they pass.
    const Usage::BudgetGate gate = this->gate(provider->id, tags.keyName);
    if (!gate.allows() && !(gate.verdict == Usage::BudgetGate::Verdict::Reroute && gate.route == tags.route)) {
        refused({.kind = CallError::Kind::BudgetReached, .message = gate.message, .httpStatus = 0});
        return;
    }
    const QString warning = gate.verdict == Usage::BudgetGate::Verdict::Warn ? gate.message : QString();
    const bool needsKey = !provider->keyEnvironmentVariable.isEmpty();
    if (!m_services.keys) {
        if (needsKey) {
            refused({.kind = CallError::Kind::KeyMissing,
                     .message = u"No API key for %1: set %2."_s.arg(provider->displayName,
                                                                   provider->keyEnvironmentVariable)});
            return;
        }
        ready({*provider, QString(), warning});
        return;
    }
    // Read for every request: a key changed or removed since the last call
    // applies now. From the environment the answer is there at once; from
    // the keychain it takes a round trip. A provider that needs no key (a
    // local server) still gets one the user stored for it.
    const auto withKey = [provider = *provider, needsKey, warning, wanted = std::move(wanted), ready = std::move(ready),
                          refused](const std::expected<Secrets::ApiKey, Secrets::KeyError> &key) {
        if (!wanted()) {
            refused({.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
            return;
        }
        if (!key && needsKey) {
            refused({.kind = CallError::Kind::KeyMissing,
                     .message = u"No API key for %1: %2"_s.arg(provider.displayName, key.error().message)});
            return;
        }
        ready({provider, key ? key->secret : QString(), warning});
    };
    if (const auto now = m_services.keys->readKeyNow(provider->id)) {
        withKey(*now);
        return;
    }
    Secrets::KeyJob *job = m_services.keys->readKey(provider->id);
    QObject::connect(job, &Secrets::KeyJob::finished, context,
                     [withKey](const Secrets::KeyResult &result) { withKey(result.outcome); });
}

Usage::BudgetGate CallPath::gate(const QString &provider, const QString &keyName) const
{
    return m_services.budgets ? m_services.budgets->gate(provider, keyName) : Usage::BudgetGate{};
}

QList<Usage::BudgetStatus> CallPath::budgets() const
{
    return m_services.budgets ? m_services.budgets->statuses() : QList<Usage::BudgetStatus>();
}

quint64 CallPath::budgetLevelGeneration() const
{
    return m_services.budgets ? m_services.budgets->levelGeneration() : 0;
}

Providers::CallTimeouts CallPath::timeouts() const
{
    return m_services.timeouts ? m_services.timeouts() : Providers::CallTimeouts{};
}

} // namespace Switchyard::Calls
