#include "usage/usagereport.h"

#include "votes/votetable.h"

#include <QObject>

#include <algorithm>

namespace Switchyard::UsageUi {
namespace {

// Highest known spend first; calls break ties so unpriced models still rank.
void sortBySpend(QList<Usage::UsageGroup> &groups)
{
    std::ranges::stable_sort(groups, [](const Usage::UsageGroup &a, const Usage::UsageGroup &b) {
        return a.costNanoUsd != b.costNanoUsd ? a.costNanoUsd > b.costNanoUsd : a.calls > b.calls;
    });
}

} // namespace

std::optional<Usage::BudgetStatus> UsageReport::totalBudget() const
{
    for (const Usage::BudgetStatus &status : budgets) {
        if (status.budget.isMonthlyTotal())
            return status;
    }
    return std::nullopt;
}

UsageReport UsageReport::load(Usage::UsageDatabase *db, const Usage::UsageFilter &filter, QDate today)
{
    UsageReport report;
    report.filter = filter;
    report.today = today;
    if (!db) {
        report.error = Usage::UsageError{Usage::UsageError::Kind::Io,
                                         QObject::tr("The usage database could not be opened.")};
        return report;
    }

    // The first failure ends the report: a database that fails one query
    // fails the rest the same way, and the page shows the one message.
    auto take = [&report](auto &&result, auto &into) {
        if (report.error)
            return;
        if (result)
            into = std::move(*result);
        else
            report.error = result.error();
    };
    using Usage::GroupKey;
    take(db->choices(), report.choices);
    QList<Usage::UsageGroup> total;
    take(db->summarize(filter, {}), total);
    if (!total.isEmpty())
        report.total = total.constFirst();
    take(db->summarize(filter, GroupKey::Model, true), report.byModel);
    take(db->summarize(filter, GroupKey::Day | GroupKey::Model), report.byDayModel);
    take(db->summarize(filter, GroupKey::Day | GroupKey::Provider), report.byDayProvider);
    take(db->summarize(filter, GroupKey::Project), report.byProject);
    take(db->summarize(filter, GroupKey::Key), report.byKey);
    const Usage::UsageFilter month{.from = QDate(today.year(), today.month(), 1), .to = today};
    take(db->summarize(month, GroupKey::Day), report.monthByDay);
    take(Votes::VoteTable(*db).winRates(filter), report.winRates);
    take(db->budgetStatus(today), report.budgets);
    sortBySpend(report.byModel);
    sortBySpend(report.byProject);
    sortBySpend(report.byKey);
    std::ranges::sort(report.monthByDay, {}, &Usage::UsageGroup::day);
    return report;
}

} // namespace Switchyard::UsageUi
