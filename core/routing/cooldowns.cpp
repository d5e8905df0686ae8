#include "cooldowns.h"

namespace Switchyard::Routing {

bool Cooldowns::recordFailure(const QString &target, const RetryPolicy &policy, qint64 nowMs)
{
    State &state = m_states[target];
    ++state.failures;
    if (policy.cooldownFailures <= 0 || state.failures < policy.cooldownFailures)
        return false;
    state.failures = 0; // after the rest it gets a fresh count
    state.untilMs = nowMs + qint64(policy.cooldownSeconds) * 1000;
    return policy.cooldownSeconds > 0;
}

void Cooldowns::recordSuccess(const QString &target)
{
    m_states.remove(target);
}

qint64 Cooldowns::restingUntil(const QString &target, qint64 nowMs) const
{
    const auto it = m_states.constFind(target);
    return it != m_states.cend() && it->untilMs > nowMs ? it->untilMs : 0;
}

} // namespace Switchyard::Routing
