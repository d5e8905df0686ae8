#pragma once

#include "providers/providerconfig.h"

#include <QList>

class QNetworkAccessManager;

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Secrets {
class KeyStore;
}
namespace Switchyard::Compare {
class ComparisonHistory;
}
namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}

namespace Switchyard::CompareUi {

/// What the Compare page works with, owned by whoever builds the page (the
/// main window, or a test with a fixture provider and its own key store).
struct CompareContext {
    QNetworkAccessManager *network = nullptr;
    const Catalog::PriceCatalog *catalog = nullptr; // may be null: costs unknown
    Secrets::KeyStore *keys = nullptr;
    const Compare::ComparisonHistory *history = nullptr; // may be null: nothing is saved
    Usage::UsageStore *usage = nullptr; // may be null: calls and votes are not logged
    const Usage::BudgetMonitor *budgets = nullptr; // may be null: no budget applies
    QList<Providers::ProviderConfig> providers;

    [[nodiscard]] std::optional<Providers::ProviderConfig> provider(const QString &id) const
    {
        for (const auto &p : providers) {
            if (p.id == id)
                return p;
        }
        return std::nullopt;
    }
};

} // namespace Switchyard::CompareUi
