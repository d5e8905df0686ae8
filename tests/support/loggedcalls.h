#pragma once

#include "usage/usagerecord.h"

#include <QList>

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::TestSupport {

/// Every call the store has logged, oldest first, read back from its
/// database file once the store's writer is idle: what a later run of the
/// app would find. Empty when the writer does not settle or the file does
/// not open (the caller's count check then fails).
[[nodiscard]] QList<Usage::UsageRecord> loggedCalls(Usage::UsageStore &store);

} // namespace Switchyard::TestSupport
