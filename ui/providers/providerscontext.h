#pragma once

#include "providers/localserverscan.h"

#include <QList>

class QNetworkAccessManager;

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Providers {
class ProviderRegistry;
}
namespace Switchyard::Secrets {
class KeyStore;
}
namespace Switchyard::Settings {
class AppSettings;
}

namespace Switchyard::ProvidersUi {

/// What the Providers page and the first-run step work with, owned by whoever
/// builds them (the main window's services, or a test with a fixture provider,
/// its own key store and a temporary data folder).
struct ProvidersContext {
    QNetworkAccessManager *network = nullptr;
    Providers::ProviderRegistry *registry = nullptr;
    Catalog::PriceCatalog *catalog = nullptr;
    /// Reads say where a key came from; writes go to the system keychain.
    Secrets::KeyStore *keys = nullptr;
    const Settings::AppSettings *settings = nullptr; // may be null: default timeouts
    /// Where the first-run step looks for local servers; a test puts fixtures here.
    QList<Providers::ProviderConfig> localServers = Providers::LocalServerScan::defaultCandidates();
};

} // namespace Switchyard::ProvidersUi
