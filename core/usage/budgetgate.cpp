#include "usage/budgetgate.h"

#include "base/units.h"

#include <QObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage {

namespace {

QString spendOf(const BudgetStatus &status)
{
    return QObject::tr("%1 of %2 spent").arg(Base::Units::usd(status.spentNanoUsd), Base::Units::usd(status.budget.limitNanoUsd));
}

} // namespace

BudgetGate BudgetGate::decide(const QList<BudgetStatus> &statuses, const QString &provider, const QString &keyName)
{
    BudgetGate gate;
    for (const BudgetStatus &status : statuses) {
        if (!status.budget.covers(provider, keyName))
            continue;
        switch (status.level()) {
        case BudgetStatus::Level::Reached:
            if (status.budget.action == Budget::Action::Reroute && !status.budget.rerouteTo.isEmpty()) {
                return {Verdict::Reroute, status.budget.rerouteTo,
                        QObject::tr("%1 is used up (%2): switching to the route “%3”.")
                            .arg(status.budget.name(), spendOf(status), status.budget.rerouteTo)};
            }
            return {Verdict::Block, {},
                    QObject::tr("%1 is used up (%2): the call was not sent. Raise or remove the budget on the "
                                "Usage page to go on.")
                        .arg(status.budget.name(), spendOf(status))};
        case BudgetStatus::Level::Warning:
            if (gate.verdict == Verdict::Allow) {
                gate = {Verdict::Warn, {},
                        QObject::tr("%1 is %2% used (%3).")
                            .arg(status.budget.name())
                            .arg(int(status.fraction() * 100))
                            .arg(spendOf(status))};
            }
            break;
        case BudgetStatus::Level::Ok:
            break;
        }
    }
    return gate;
}

} // namespace Switchyard::Usage
