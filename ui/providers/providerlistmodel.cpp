#include "providers/providerlistmodel.h"

#include "providers/providerregistry.h"

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {

ProviderListModel::ProviderListModel(Providers::ProviderRegistry *registry, QObject *parent)
    : QAbstractListModel(parent)
    , m_registry(registry)
{
    // Rows come and go with the registry (a provider added or removed); a
    // reset is cheap for a list this short and keeps the view's selection
    // logic in the page, which restores it by id.
    connect(m_registry, &Providers::ProviderRegistry::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

ProviderListModel::~ProviderListModel() = default;

int ProviderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_registry->entries().size());
}

QVariant ProviderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Providers::ProviderEntry &entry = m_registry->entries().at(index.row());
    const ProviderStatus status = m_status.value(entry.config.id);
    switch (role) {
    case Qt::DisplayRole:
        return entry.config.displayName;
    case Qt::AccessibleTextRole:
        return QString(entry.config.displayName + u", "_s + status.summary(entry));
    case Qt::ToolTipRole:
        return status.error ? status.error->message : status.summary(entry);
    case IdRole:
        return entry.config.id;
    case SummaryRole:
        return status.summary(entry);
    case StateRole:
        return int(status.state(entry));
    default:
        return {};
    }
}

QString ProviderListModel::idAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_registry->entries().at(row).config.id : QString();
}

int ProviderListModel::rowOf(const QString &id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (m_registry->entries().at(row).config.id == id)
            return row;
    }
    return -1;
}

void ProviderListModel::setStatus(const QString &id, const ProviderStatus &status)
{
    m_status.insert(id, status);
    if (const int row = rowOf(id); row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
    Q_EMIT statusChanged(id);
}

} // namespace Switchyard::ProvidersUi
