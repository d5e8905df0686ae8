#pragma once

#include "catalog/price.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Switchyard::Catalog {

/// What PriceCatalog::importOpenRouter() did, model by model, for the user to
/// review. "Updated" means the price changed; a changed name or context length
/// alone is applied quietly and the model counts as unchanged.
struct ImportSummary
{
    struct Change
    {
        QString modelId;
        Price before;
        Price after;
    };
    struct Rejection
    {
        QString modelId; ///< "#N" (the entry's position) when the entry has no id
        QString reason;
    };

    QStringList added;
    QList<Change> updated;
    QStringList unchanged;
    QList<Rejection> rejected;

    /// "12 added, 3 updated, 290 unchanged, 1 rejected": the line the CLI
    /// prints and the Providers page shows after an import.
    [[nodiscard]] QString counts() const
    {
        return QStringLiteral("%1 added, %2 updated, %3 unchanged, %4 rejected")
            .arg(added.size())
            .arg(updated.size())
            .arg(unchanged.size())
            .arg(rejected.size());
    }
};

} // namespace Switchyard::Catalog
