#pragma once

#include "routing/router.h"

#include <QString>

#include <memory>

namespace Switchyard::Audit {
class AuditLog;
}
namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Usage {
class UsageStore;
}
namespace Switchyard::Settings {
class AppSettings;
}
namespace Switchyard::Providers {
class ProviderRegistry;
}

namespace Switchyard::RoutingUi {

/// What the Routing page works with, owned by whoever builds the page (the
/// main window, or a test with fixture providers and a temporary folder).
struct RoutingContext {
    /// The data folder; configs live in its routing/ folder.
    QString dataDir;
    /// What Try it's router sends with: network, keys, providers, catalog, usage log.
    Routing::Router::Services router;
    const Catalog::PriceCatalog *catalog = nullptr; // may be null: no prices, cheapest cannot order
    Usage::UsageStore *usage = nullptr;             // may be null: no simulation
    Settings::AppSettings *settings = nullptr;      // may be null: no active config
    /// The user's providers: a new config's default route uses the ones set
    /// up. May be null: then it names two well-known models.
    const Providers::ProviderRegistry *registry = nullptr;
    /// Configs saved are entered here with what changed. May be null.
    std::shared_ptr<Audit::AuditLog> audit;
};

} // namespace Switchyard::RoutingUi
