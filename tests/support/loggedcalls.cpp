#include "support/loggedcalls.h"

#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

namespace Switchyard::TestSupport {

QList<Usage::UsageRecord> loggedCalls(Usage::UsageStore &store)
{
    QList<Usage::UsageRecord> rows;
    if (!store.waitForIdle())
        return rows;
    auto db = Usage::UsageDatabase::open(store.path());
    if (!db)
        return rows;
    (void)db->forEachCall({}, [&rows](const Usage::UsageRecord &r) {
        rows.append(r);
        return true;
    });
    return rows;
}

} // namespace Switchyard::TestSupport
