#pragma once

#include "usage/usagesummary.h"
#include "votes/winrate.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Switchyard::UsageUi {

/// The usage page's tables: one row per model (with its Compare win rate) or
/// per project or per gateway key, with spend, calls, tokens, average cost per call and error
/// rate. Display text carries units and the ≈ / unknown markers; SortRole
/// gives the plain number, so a view sorts $10 above $9 and unknown below $0.
class UsageTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageTableModel)

public:
    enum class Rows { Models, Projects, Keys };
    enum Column { Name, Spend, Calls, TokensIn, TokensOut, AverageCost, ErrorRate, WinRate, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit UsageTableModel(Rows rows, QObject *parent = nullptr);
    ~UsageTableModel() override;

    void setGroups(QList<Usage::UsageGroup> groups);
    /// Keyed by "provider/model"; for the Models table.
    void setWinRates(const QList<Votes::WinRate> &winRates);
    [[nodiscard]] const Usage::UsageGroup &group(int row) const { return m_groups.at(row); }
    /// The row's model ("provider/model"), project or key.
    [[nodiscard]] QString key(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] QVariant display(const Usage::UsageGroup &group, int column, const QString &key) const;
    [[nodiscard]] QVariant sortValue(const Usage::UsageGroup &group, int column, const QString &key) const;
    [[nodiscard]] QVariant toolTip(const Usage::UsageGroup &group, int column, const QString &key) const;

    Rows m_rows;
    QList<Usage::UsageGroup> m_groups;
    QHash<QString, Votes::WinRate> m_winRates;
};

} // namespace Switchyard::UsageUi
