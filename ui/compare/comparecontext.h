#pragma once

#include "providers/providerconfig.h"
#include "providers/providerregistry.h"

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
namespace Switchyard::Settings {
class AppSettings;
}
namespace Switchyard::Routing {
class Router;
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
    QList<Providers::ProviderConfig> providers; // used when there is no registry
    /// The user's providers, read live: when set, the enabled ones are the
    /// providers, and the pickers offer their models, favourites first.
    const Providers::ProviderRegistry *registry = nullptr;
    const Settings::AppSettings *settings = nullptr; // may be null: default time limits
    /// The router every pane sends through: the one call path, deciding by
    /// the active routing config (whose routes the pickers offer). May be
    /// null: the page then makes one from the fields above, with no routes.
    Routing::Router *router = nullptr;

    [[nodiscard]] QList<Providers::ProviderConfig> currentProviders() const
    {
        return registry ? registry->enabledProviders() : providers;
    }
    [[nodiscard]] std::optional<Providers::ProviderConfig> provider(const QString &id) const
    {
        if (registry)
            return registry->enabledProvider(id);
        for (const auto &p : providers) {
            if (p.id == id)
                return p;
        }
        return std::nullopt;
    }
};

} // namespace Switchyard::CompareUi
