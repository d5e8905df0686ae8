#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace Switchyard::Usage {

/// A spending limit over a calendar period: everyone's spend (empty scope and
/// key), one provider's, or one gateway key's (a tool's: only the calls that
/// came with that key count, and only they are stopped). Kept in the usage
/// database so the app, the CLI and the gateway all stop at the same line.
/// At 80% callers warn; at 100% the action applies.
struct Budget {
    enum class Action : quint8 {
        Block,   ///< refuse the call, saying which budget stopped it
        Reroute, ///< send it to rerouteTo, a route of the routing config
    };
    /// Calendar periods in local time; a week starts on Monday (ISO 8601).
    enum class Period : quint8 { Month, Week, Day };

    QString scope; // empty: every provider; else a provider id
    QString key;   // empty: every caller; else a gateway key's name
    Period period = Period::Month;
    qint64 limitNanoUsd = 0;
    Action action = Action::Block;
    QString rerouteTo;

    [[nodiscard]] bool isTotal() const { return scope.isEmpty() && key.isEmpty(); }
    /// The budget the status bar and the cumulative chart show.
    [[nodiscard]] bool isMonthlyTotal() const { return isTotal() && period == Period::Month; }
    /// Whether a call to provider made with the gateway key keyName counts
    /// against this budget (and so is stopped by it).
    [[nodiscard]] bool covers(const QString &provider, const QString &keyName) const
    {
        return (scope.isEmpty() || scope == provider) && (key.isEmpty() || key == keyName);
    }
    /// The first day of the period that today is in.
    [[nodiscard]] QDate periodStart(QDate today) const;
    /// For people: "The monthly budget", "The daily budget for openai",
    /// "The weekly budget of key “codex”".
    [[nodiscard]] QString name() const;
    /// A short label for tables, without the period: "total", "openai", "key codex".
    [[nodiscard]] QString label() const;

    bool operator==(const Budget &) const = default;
};

/// The names stored in the database and typed on the command line.
[[nodiscard]] QString periodName(Budget::Period period);
[[nodiscard]] std::optional<Budget::Period> periodFromName(QStringView name);

/// A budget and what has been spent against it this period.
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
