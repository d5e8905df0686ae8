#pragma once

#include "usage/budget.h"
#include "usage/usagedatabase.h"
#include "usage/usageerror.h"
#include "usage/usagefilter.h"
#include "usage/usagesummary.h"
#include "votes/winrate.h"

#include <QDate>
#include <QList>

#include <optional>

namespace Switchyard::UsageUi {

/// Everything the usage page shows for one filter, read in one go on the
/// usage store's thread (load() runs there through UsageStore::query) and
/// handed to the GUI thread as a value, so drawing never touches the database.
struct UsageReport {
    std::optional<Usage::UsageError> error; // set: nothing below could be read
    Usage::UsageFilter filter;              // what the figures cover
    QDate today;
    Usage::UsageChoices choices;            // of the whole log, for the filter combos
    Usage::UsageGroup total;                // every call the filter selects
    QList<Usage::UsageGroup> byModel;       // with latencies; by spend, then calls
    QList<Usage::UsageGroup> byDayModel;
    QList<Usage::UsageGroup> byDayProvider;
    QList<Usage::UsageGroup> byProject;     // by spend
    QList<Usage::UsageGroup> byKey;         // by spend; the gateway key calls came with
    /// This month up to today, every call whatever the filter: what a monthly
    /// budget counts, for the cumulative chart.
    QList<Usage::UsageGroup> monthByDay;
    QList<Votes::WinRate> winRates;           // Compare votes in the filter's range and models
    QList<Usage::BudgetStatus> budgets;       // every budget, with this month's spend

    /// The monthly total budget, if one is set.
    [[nodiscard]] std::optional<Usage::BudgetStatus> totalBudget() const;

    /// Whether the log holds any call at all (else the page shows its empty state).
    [[nodiscard]] bool hasCalls() const { return !choices.providers.isEmpty(); }

    /// db may be null (the store could not open the file): the report then
    /// carries an error.
    [[nodiscard]] static UsageReport load(Usage::UsageDatabase *db, const Usage::UsageFilter &filter, QDate today);
};

} // namespace Switchyard::UsageUi
