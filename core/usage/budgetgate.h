#pragma once

#include "usage/budget.h"

#include <QList>
#include <QString>

namespace Switchyard::Usage {

/// What the budgets say about one more call to a provider: go ahead, go ahead
/// with a warning (80% spent), stop, or go to another route instead. The same
/// rule for the Compare page, the CLI and the gateway, so a budget stops a
/// call wherever it comes from, with the same words.
struct BudgetGate {
    enum class Verdict : quint8 { Allow, Warn, Block, Reroute };

    Verdict verdict = Verdict::Allow;
    QString route;   // Reroute: the route to use instead
    QString message; // for people; names the budget, its limit and the spend

    [[nodiscard]] bool allows() const { return verdict == Verdict::Allow || verdict == Verdict::Warn; }

    /// A total applies to every call; a provider's own budget to its calls
    /// only; a gateway key's to the calls made with that key (keyName) only.
    /// A reached budget outranks a warning; between two reached budgets the
    /// first (the total) decides.
    [[nodiscard]] static BudgetGate decide(const QList<BudgetStatus> &statuses, const QString &provider,
                                           const QString &keyName = {});
};

} // namespace Switchyard::Usage
