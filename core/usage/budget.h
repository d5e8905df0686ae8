#pragma once

#include <QString>

namespace Switchyard::Usage {

/// A monthly spending limit: the whole month's spend (empty scope) or one
/// provider's. Kept in the usage database so the app, the CLI and the gateway
/// all stop at the same line. At 80% callers warn; at 100% the action applies.
struct Budget {
    enum class Action : quint8 {
        Block,   ///< refuse the call, saying which budget stopped it
        Reroute, ///< send it to rerouteTo, a route of the routing config
    };

    QString scope; // empty: the monthly total; else a provider id
    qint64 limitNanoUsd = 0;
    Action action = Action::Block;
    QString rerouteTo;

    [[nodiscard]] bool isTotal() const { return scope.isEmpty(); }
    bool operator==(const Budget &) const = default;
};

/// A budget and what has been spent against it this month.
struct BudgetStatus {
    enum class Level : quint8 { Ok, Warning, Reached };
    static constexpr double WarningFraction = 0.8;

    Budget budget;
    qint64 spentNanoUsd = 0;

    [[nodiscard]] double fraction() const
    {
        return budget.limitNanoUsd > 0 ? double(spentNanoUsd) / double(budget.limitNanoUsd) : 1.0;
    }
    [[nodiscard]] Level level() const
    {
        const double f = fraction();
        return f >= 1.0 ? Level::Reached : f >= WarningFraction ? Level::Warning : Level::Ok;
    }
    bool operator==(const BudgetStatus &) const = default;
};

} // namespace Switchyard::Usage
