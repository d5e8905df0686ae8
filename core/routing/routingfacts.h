#pragma once

#include "catalog/modelinfo.h"
#include "usage/budget.h"
#include "usage/usageerror.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>
#include <optional>

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Usage {
class UsageDatabase;
}

namespace Switchyard::Routing {

struct RoutingConfig;

/// What is known about one model when deciding: its catalog entry, how it
/// has performed in the usage log, and how it has fared in Compare votes.
struct ModelFacts {
    bool inCatalog = false;
    std::optional<qint64> inputPrice; // Catalog::Price units
    std::optional<qint64> outputPrice;
    qint64 contextLength = 0; // 0: not known
    Catalog::Capabilities capabilities;

    qint64 calls = 0; // answered calls the figures below rest on
    std::optional<double> ttftP50Ms;
    std::optional<double> totalP95Ms;
    std::optional<double> tokensPerSecond; // median
    std::optional<double> winRate;
    int contests = 0;
    /// Votes::Ratings by tag (an evaluation suite, "compare"); "" for all of them.
    QHash<QString, double> ratings;

    /// The price of a typical request, three input tokens to one output, the
    /// blend price comparisons use; empty when either price is unknown.
    [[nodiscard]] std::optional<qint64> blendedPrice() const
    {
        if (!inputPrice || !outputPrice)
            return std::nullopt;
        return (3 * *inputPrice + *outputPrice) / 4;
    }
};

/// Everything a decision rests on besides the config and the request: model
/// facts by "provider/model", and the month's budgets. A plain value, built
/// off the hot path (after calls, on a timer) and handed to the Decider.
struct RoutingFacts {
    QHash<QString, ModelFacts> models;
    QList<Usage::BudgetStatus> budgets;

    [[nodiscard]] const ModelFacts *model(const QString &key) const
    {
        const auto it = models.constFind(key);
        return it == models.cend() ? nullptr : &*it;
    }

    /// Prices, context lengths and capabilities of every target the config names.
    void addCatalog(const Catalog::PriceCatalog &catalog, const RoutingConfig &config);
    /// Latency and speed of the last `days` days up to today, Compare win
    /// rates and ratings (votes and judge scores) over the same days, and
    /// this month's budgets.
    [[nodiscard]] std::expected<void, Usage::UsageError> addUsage(Usage::UsageDatabase &db, QDate today,
                                                                  int days = 30);
};

} // namespace Switchyard::Routing
