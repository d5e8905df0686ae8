#pragma once

#include "providers/providerconfig.h"

#include <QDateTime>
#include <QStringList>

namespace Switchyard::Providers {

/// One of the user's providers as ProviderRegistry keeps it: a preset (perhaps
/// at another base URL) or one the user added, whether it is in use, and what
/// its last successful model listing said. Never a key: keys live in the
/// system keychain or the environment, found by the provider's id.
struct ProviderEntry
{
    ProviderConfig config;
    bool enabled = true;
    /// One of ProviderPresets::all(): its id and wire format are fixed, and it
    /// can be disabled but not removed.
    bool preset = false;
    /// The model ids of the last successful listing, sorted; empty when the
    /// provider was never listed.
    QStringList models;
    QDateTime modelsListedAt; ///< UTC; invalid when never listed

    /// A hosted service that answers nothing without a key (the presets with a
    /// conventional key variable). Local servers and custom endpoints take a
    /// key when one is stored and go without otherwise.
    [[nodiscard]] bool needsKey() const { return !config.keyEnvironmentVariable.isEmpty(); }
    /// "provider/model" for one of its models, as pickers and favourites write it.
    [[nodiscard]] QString label(const QString &modelId) const { return config.id + u'/' + modelId; }
};

} // namespace Switchyard::Providers
