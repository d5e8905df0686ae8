#include "providers/availablemodels.h"

#include "catalog/pricecatalog.h"
#include "providers/providerregistry.h"

#include <QSet>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers::AvailableModels {
namespace {

AvailableModel modelOf(const ProviderEntry &entry, const QString &modelId, const Catalog::PriceCatalog *catalog,
                       const QStringList &favourites)
{
    AvailableModel model{.providerId = entry.config.id, .providerName = entry.config.displayName,
                         .modelId = modelId, .info = std::nullopt, .listed = entry.models.contains(modelId),
                         .favourite = favourites.contains(entry.label(modelId))};
    if (catalog)
        model.info = catalog->find(entry.config.id, modelId);
    return model;
}

// The catalog's model ids by provider (lower-case), read once per list().
QHash<QString, QStringList> catalogIds(const Catalog::PriceCatalog *catalog)
{
    QHash<QString, QStringList> ids;
    if (catalog) {
        for (const Catalog::ModelInfo &info : catalog->models())
            ids[info.provider.toLower()].append(info.id);
    }
    return ids;
}

QStringList modelIdsOf(const ProviderEntry &entry, const QHash<QString, QStringList> &byProvider)
{
    if (entry.modelsListedAt.isValid())
        return entry.models;
    QStringList ids = byProvider.value(entry.config.id.toLower());
    ids.sort();
    return ids;
}

// A model's total list price for a million tokens in and out, for picking a
// cheap one to start with; unpriced models come last.
qint64 startingPrice(const AvailableModel &model)
{
    if (!model.isPriced())
        return std::numeric_limits<qint64>::max();
    return *model.info->price.input + *model.info->price.output;
}

} // namespace

QList<AvailableModel> list(const ProviderRegistry &registry, const Catalog::PriceCatalog *catalog)
{
    return list(registry.entries(), registry.favourites(), catalog);
}

QList<AvailableModel> list(const QList<ProviderEntry> &entries, const QStringList &favourites,
                           const Catalog::PriceCatalog *catalog)
{
    QList<AvailableModel> models;
    QHash<QString, qsizetype> byLabel;
    QHash<QString, const ProviderEntry *> enabled;
    const QHash<QString, QStringList> fromCatalog = catalogIds(catalog);
    for (const ProviderEntry &entry : entries) {
        if (!entry.enabled)
            continue;
        enabled.insert(entry.config.id, &entry);
        for (const QString &id : modelIdsOf(entry, fromCatalog)) {
            byLabel.insert(entry.label(id), models.size());
            models.append(modelOf(entry, id, catalog, favourites));
        }
    }
    QList<AvailableModel> ordered;
    QSet<qsizetype> taken;
    for (const QString &label : favourites) {
        if (const auto it = byLabel.constFind(label); it != byLabel.cend()) {
            ordered.append(models.at(*it));
            taken.insert(*it);
            continue;
        }
        // Starred, though the provider no longer lists it: still the user's choice.
        if (const ProviderEntry *entry = enabled.value(label.section(u'/', 0, 0)))
            ordered.append(modelOf(*entry, label.section(u'/', 1), catalog, favourites));
    }
    for (qsizetype i = 0; i < models.size(); ++i) {
        if (!taken.contains(i))
            ordered.append(models.at(i));
    }
    return ordered;
}

QStringList starters(const QList<AvailableModel> &models, const QStringList &providerIds, int count)
{
    // Each provider's candidates, best first: what it listed (in its order),
    // else its catalog models from the cheapest up.
    QList<QList<const AvailableModel *>> queues;
    for (const QString &id : providerIds) {
        QList<const AvailableModel *> queue;
        for (const AvailableModel &model : models) {
            if (model.providerId == id)
                queue.append(&model);
        }
        std::ranges::stable_sort(queue, [](const AvailableModel *a, const AvailableModel *b) {
            if (a->listed != b->listed)
                return a->listed;
            return !a->listed && startingPrice(*a) < startingPrice(*b);
        });
        queues.append(queue);
    }
    QStringList chosen;
    for (qsizetype round = 0; chosen.size() < count; ++round) {
        bool any = false;
        for (const auto &queue : std::as_const(queues)) {
            if (round < queue.size() && chosen.size() < count) {
                if (!chosen.contains(queue.at(round)->label()))
                    chosen.append(queue.at(round)->label());
                any = true;
            }
        }
        if (!any)
            break;
    }
    return chosen;
}

} // namespace Switchyard::Providers::AvailableModels
