#pragma once

#include <QSortFilterProxyModel>

namespace Switchyard::ProvidersUi {

/// Narrows the model table: words typed in the filter (each must appear in
/// "provider/model" or the provider's name), one provider, starred only.
/// Sorts by ModelTableModel::SortRole, so prices sort as numbers.
class ModelFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelFilterModel)

public:
    explicit ModelFilterModel(QObject *parent = nullptr);
    ~ModelFilterModel() override;

    void setText(const QString &text);
    /// Empty for every provider.
    void setProviderId(const QString &id);
    void setFavouritesOnly(bool only);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;
    QString m_providerId;
    bool m_favouritesOnly = false;
};

} // namespace Switchyard::ProvidersUi
