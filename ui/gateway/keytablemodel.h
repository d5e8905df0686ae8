#pragma once

#include "gateway/toolkey.h"
#include "usage/budget.h"

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard::GatewayUi {

/// The Keys dialog's table: one row per per-tool key of the gateway, with its
/// state, what it may use, its rates, its budgets and what it spent this
/// month. Filled whole by setRows() from what the dialog read on the usage
/// store's thread; it never reads the database itself.
class KeyTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyTableModel)

public:
    enum Column {
        Name,
        State,
        MayUse,
        RequestsPerMinute,
        TokensPerMinute,
        Budgets,
        Spent,
        Created, // and when it was rotated, if it was
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { NameRole = Qt::UserRole + 1, EnabledRole };

    /// A key with its budgets (and what was spent against each this period)
    /// and its spend this calendar month.
    struct Row
    {
        Gateway::ToolKey key;
        QList<Usage::BudgetStatus> budgets;
        qint64 spentThisMonthNanoUsd = 0;
        bool operator==(const Row &) const = default;
    };

    explicit KeyTableModel(QObject *parent = nullptr);
    ~KeyTableModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setRows(const QList<Row> &rows);
    [[nodiscard]] const QList<Row> &rows() const { return m_rows; }
    [[nodiscard]] const Row *row(const QString &name) const;
    /// The row of the key of this name, or -1.
    [[nodiscard]] int indexOf(const QString &name) const;

    /// "anything", or "routes main, cheap; models openai/*"; separator
    /// "\n" for a table cell of a line each.
    [[nodiscard]] static QString mayUseText(const Gateway::ToolKey &key, QStringView separator = u"; ");
    /// "$5 a day, $100 a month → cheap", or "none"; the shortest period first.
    [[nodiscard]] static QString budgetsText(const QList<Usage::BudgetStatus> &budgets,
                                             QStringView separator = u", ");

private:
    QList<Row> m_rows;
};

} // namespace Switchyard::GatewayUi
