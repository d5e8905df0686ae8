#pragma once

#include "usage/usagesummary.h"

#include <QString>

namespace Switchyard::UsageUi::UsageFormat {

/// How the usage page writes a group's spend: "$1.24", "≈ $1.24" when part of
/// it rests on estimated token counts, "$1.24 + ?" when some calls have no
/// price, and "unknown" when none has one — never "$0" for a cost not known.
[[nodiscard]] QString spend(const Usage::UsageGroup &group);
/// Says which calls are estimated or unpriced, and why; empty when all is known.
[[nodiscard]] QString spendToolTip(const Usage::UsageGroup &group);
/// The average cost of a priced call, with the same markers as spend().
[[nodiscard]] QString averageCost(const Usage::UsageGroup &group);
/// A budget's limit: whole dollars or cents as the user typed them ("$50",
/// "$12.50"), not with the four places a spend gets.
[[nodiscard]] QString limit(qint64 nanoUsd);
/// The known part of the spend in dollars; what charts draw.
[[nodiscard]] double spendUsd(const Usage::UsageGroup &group);

[[nodiscard]] QString count(qint64 value);
/// "1 call", "1,234 calls": English plurals without a translation loaded.
[[nodiscard]] QString calls(qint64 value);
[[nodiscard]] QString percent(double fraction);
/// "(no project)" for the empty tag.
[[nodiscard]] QString projectName(const QString &project);
/// "(no key)" for calls that came through no gateway key; "owner (gateway
/// token)" for the gateway's own token's.
[[nodiscard]] QString keyName(const QString &key);
/// "Compare", "CLI", "Router", "Gateway" for the stored source names.
[[nodiscard]] QString sourceTitle(const QString &source);

/// Adds one group's totals to another's (not its latencies).
void accumulate(Usage::UsageGroup &into, const Usage::UsageGroup &from);

} // namespace Switchyard::UsageUi::UsageFormat
