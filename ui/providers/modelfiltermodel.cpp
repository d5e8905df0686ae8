#include "providers/modelfiltermodel.h"

#include "providers/modeltablemodel.h"

#include <algorithm>

namespace Switchyard::ProvidersUi {

ModelFilterModel::ModelFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ModelTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

ModelFilterModel::~ModelFilterModel() = default;

void ModelFilterModel::setText(const QString &text)
{
    m_words = text.split(u' ', Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

void ModelFilterModel::setProviderId(const QString &id)
{
    m_providerId = id;
    invalidateRowsFilter();
}

void ModelFilterModel::setFavouritesOnly(bool only)
{
    m_favouritesOnly = only;
    invalidateRowsFilter();
}

bool ModelFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *source = qobject_cast<const ModelTableModel *>(sourceModel());
    if (!source || sourceParent.isValid())
        return true;
    const Providers::AvailableModel &model = source->modelAt(sourceRow);
    if (!m_providerId.isEmpty() && model.providerId != m_providerId)
        return false;
    if (m_favouritesOnly && !model.favourite)
        return false;
    const QString haystack = model.label() + u' ' + model.providerName;
    return std::ranges::all_of(m_words, [&haystack](const QString &word) {
        return haystack.contains(word, Qt::CaseInsensitive);
    });
}

} // namespace Switchyard::ProvidersUi
