#pragma once

#include "usage/budget.h"
#include "usage/usagerecord.h"

#include <QJsonObject>
#include <QString>

/// What the audit log keeps of usage: the entry for a finished call and for a
/// budget set or removed. Names, outcomes and figures from the UsageRecord —
/// which holds no prompt, answer or error text by design — and nothing else.
namespace Switchyard::Usage::UsageAudit {

inline constexpr QLatin1StringView CallKind{"call"};
inline constexpr QLatin1StringView BudgetSetKind{"budget.set"};
inline constexpr QLatin1StringView BudgetRemovedKind{"budget.removed"};

/// caller (the Source: compare, cli, router, gateway), key (the gateway
/// key's name, never its token), project, provider, model, route, rule,
/// status, error, http_status, retries, hops, cost (in nano-dollars, with
/// cost_estimated) and started (the call's start, UTC).
[[nodiscard]] QJsonObject callData(const UsageRecord &record);
/// scope ("total" or the provider), key, period, limit_nano_usd, action,
/// reroute_to.
[[nodiscard]] QJsonObject budgetData(const Budget &budget);
/// scope, key and period of the budget removed.
[[nodiscard]] QJsonObject budgetRemovedData(const Budget &which);

} // namespace Switchyard::Usage::UsageAudit
