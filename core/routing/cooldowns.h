#pragma once

#include "routing/routingconfig.h"

#include <QHash>
#include <QString>

namespace Switchyard::Routing {

/// Targets resting after failing several times in a row: a target in
/// cooldown is skipped by every decision until its time is up, so one dead
/// provider does not cost each request a timeout. Keyed by "provider/model";
/// times are ms on any monotonic clock the caller keeps using.
class Cooldowns final
{
public:
    /// One more failure in a row; after policy.cooldownFailures of them the
    /// target rests for policy.cooldownSeconds. Returns whether it now rests.
    bool recordFailure(const QString &target, const RetryPolicy &policy, qint64 nowMs);
    void recordSuccess(const QString &target);
    [[nodiscard]] bool isResting(const QString &target, qint64 nowMs) const
    {
        const auto it = m_states.constFind(target);
        return it != m_states.cend() && it->untilMs > nowMs;
    }
    /// When the rest ends, or 0 when it is not resting.
    [[nodiscard]] qint64 restingUntil(const QString &target, qint64 nowMs) const;
    [[nodiscard]] bool isEmpty() const { return m_states.isEmpty(); }
    void clear() { m_states.clear(); }

private:
    struct State {
        int failures = 0;
        qint64 untilMs = 0;
    };
    QHash<QString, State> m_states;
};

} // namespace Switchyard::Routing
