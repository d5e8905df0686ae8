#pragma once

#include "providers/providerstatus.h"

#include <QAbstractListModel>
#include <QHash>

namespace Switchyard::Providers {
class ProviderRegistry;
}

namespace Switchyard::ProvidersUi {

/// The Providers page's list: one row per provider in the registry, with the
/// state the page has found out this session (key, last connection test).
/// Follows the registry's changed(); the page feeds it statuses.
class ProviderListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderListModel)

public:
    enum Role { IdRole = Qt::UserRole + 1, SummaryRole, StateRole };

    explicit ProviderListModel(Providers::ProviderRegistry *registry, QObject *parent = nullptr);
    ~ProviderListModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    [[nodiscard]] QString idAt(int row) const;
    [[nodiscard]] int rowOf(const QString &id) const;
    [[nodiscard]] ProviderStatus status(const QString &id) const { return m_status.value(id); }
    void setStatus(const QString &id, const ProviderStatus &status);

Q_SIGNALS:
    void statusChanged(const QString &id);

private:
    Providers::ProviderRegistry *m_registry = nullptr;
    QHash<QString, ProviderStatus> m_status;
};

} // namespace Switchyard::ProvidersUi
