#pragma once

#include "providers/availablemodels.h"

#include <QAbstractTableModel>

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Providers {
class ProviderRegistry;
}

namespace Switchyard::ProvidersUi {

/// The Providers page's model table: every model of the enabled providers
/// (AvailableModels, the same list the Compare pickers show) with its price
/// per million tokens, context, capabilities and where the price comes from.
/// Unknown prices say so ("price unknown"), never "$0". SortRole gives numbers
/// that sort right, unknown prices last. Reloads when the registry changes;
/// call reload() after changing the catalog.
class ModelTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelTableModel)

public:
    enum Column { Favourite, Provider, Model, Context, Input, Output, Cached, Capabilities, Source, ColumnCount };
    Q_ENUM(Column)
    enum Role { SortRole = Qt::UserRole + 1, LabelRole, ProviderIdRole, PricedRole };

    ModelTableModel(const Providers::ProviderRegistry *registry, const Catalog::PriceCatalog *catalog,
                    QObject *parent = nullptr);
    ~ModelTableModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    [[nodiscard]] const Providers::AvailableModel &modelAt(int row) const { return m_models.at(row); }
    void reload();

private:
    const Providers::ProviderRegistry *m_registry = nullptr;
    const Catalog::PriceCatalog *m_catalog = nullptr;
    QList<Providers::AvailableModel> m_models;
};

} // namespace Switchyard::ProvidersUi
