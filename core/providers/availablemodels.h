#pragma once

#include "catalog/modelinfo.h"

#include <QList>
#include <QString>

#include <optional>

namespace Switchyard::Catalog {
class PriceCatalog;
}

namespace Switchyard::Providers {

class ProviderRegistry;
struct ProviderEntry;

/// One model a user can pick: a model of an enabled provider with what the
/// price catalog knows about it.
struct AvailableModel
{
    QString providerId;
    QString providerName;
    QString modelId;
    /// Price, context and capabilities; empty when the catalog does not know
    /// the model ("price unknown", never zero).
    std::optional<Catalog::ModelInfo> info;
    /// The provider named it in its last listing (else it comes from the catalog).
    bool listed = false;
    bool favourite = false;

    [[nodiscard]] QString label() const { return providerId + u'/' + modelId; }
    [[nodiscard]] bool isPriced() const { return info && info->price.input && info->price.output; }
};

/// The models of the user's enabled providers, merged with the price catalog:
/// the one list behind the Compare page's pickers and the Providers page's
/// model table, so both offer the same models in the same order.
namespace AvailableModels {

/// Favourites first, in the order they were starred; then each enabled
/// provider in the registry's order, its models sorted by id. A provider that
/// was listed contributes the ids of its last listing (what its key can really
/// use); one never listed contributes the catalog's entries for it. catalog
/// may be null: then nothing is priced.
[[nodiscard]] QList<AvailableModel> list(const ProviderRegistry &registry, const Catalog::PriceCatalog *catalog);
/// The same for providers that are not in a registry (a test's fixtures).
[[nodiscard]] QList<AvailableModel> list(const QList<ProviderEntry> &entries, const QStringList &favourites,
                                         const Catalog::PriceCatalog *catalog);

/// The first `count` models to start a comparison with, one per provider
/// before a second from any: the listed models of the given providers in their
/// order, else their cheapest priced catalog model.
[[nodiscard]] QStringList starters(const QList<AvailableModel> &models, const QStringList &providerIds, int count);

} // namespace AvailableModels
} // namespace Switchyard::Providers
