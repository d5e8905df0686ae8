#pragma once

#include "providers/providerconfig.h"

#include <QList>
#include <QString>

namespace Switchyard::Routing {

/// What an exporter or importer needs besides the config. Providers are the
/// user's own (providers.json, --provider): their base URLs become a target's
/// api_base / custom_host on export, and an imported api_base / custom_host
/// is matched against them (then the presets) to find the provider id. The
/// presets are always known and need not be listed.
struct FormatOptions {
    QList<Providers::ProviderConfig> providers;
    /// Export only this route (the CLI's --route); empty: the whole config.
    QString route;
};

} // namespace Switchyard::Routing
