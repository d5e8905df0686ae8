#include "gateway/keytablemodel.h"

#include "base/units.h"
#include "usage/usageformat.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {
namespace {

QString limitText(qint64 limit)
{
    return limit > 0 ? QLocale().toString(limit) : KeyTableModel::tr("no limit");
}

QString dateText(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).date(), QLocale::ShortFormat)
                  : u"–"_s;
}

QString perPeriod(Usage::Budget::Period period)
{
    switch (period) {
    case Usage::Budget::Period::Day:
        return KeyTableModel::tr("a day");
    case Usage::Budget::Period::Week:
        return KeyTableModel::tr("a week");
    case Usage::Budget::Period::Month:
        break;
    }
    return KeyTableModel::tr("a month");
}

} // namespace

KeyTableModel::KeyTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

KeyTableModel::~KeyTableModel() = default;

int KeyTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString KeyTableModel::mayUseText(const Gateway::ToolKey &key, QStringView separator)
{
    if (!key.isRestricted())
        return tr("anything");
    QStringList parts;
    if (!key.routes.isEmpty())
        parts.append(tr("routes %1").arg(key.routes.join(", "_L1)));
    if (!key.models.isEmpty())
        parts.append(tr("models %1").arg(key.models.join(", "_L1)));
    return parts.join(separator);
}

QString KeyTableModel::budgetsText(const QList<Usage::BudgetStatus> &budgets, QStringView separator)
{
    if (budgets.isEmpty())
        return tr("none");
    // Shortest period first: the one a user hits first.
    QList<Usage::BudgetStatus> sorted = budgets;
    std::ranges::sort(sorted, [](const auto &a, const auto &b) { return a.budget.period > b.budget.period; });
    QStringList parts;
    for (const Usage::BudgetStatus &status : sorted) {
        QString part = u"%1 %2"_s.arg(UsageUi::UsageFormat::limit(status.budget.limitNanoUsd),
                                      perPeriod(status.budget.period));
        if (status.budget.action == Usage::Budget::Action::Reroute)
            part += u" → "_s + status.budget.rerouteTo;
        parts.append(part);
    }
    return parts.join(separator);
}

QVariant KeyTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Gateway::ToolKey &key = row.key;
    if (role == NameRole)
        return key.name;
    if (role == EnabledRole)
        return key.enabled;
    if (role == Qt::TextAlignmentRole) {
        // Cells of one line beside cells of two: all at the top.
        switch (index.column()) {
        case RequestsPerMinute:
        case TokensPerMinute:
        case Spent:
            return QVariant(Qt::AlignRight | Qt::AlignTop);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignTop);
        }
    }
    if (role == Qt::FontRole
        && (index.column() == RequestsPerMinute || index.column() == TokensPerMinute
            || index.column() == Spent)) {
        QFont tabular;
        tabular.setFeature(QFont::Tag("tnum"), 1); // figures that line up
        return tabular;
    }
    if (role == Qt::ForegroundRole && !key.enabled && index.column() == State)
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Budgets: {
            QStringList lines;
            for (const Usage::BudgetStatus &status : row.budgets)
                lines.append(tr("%1: %2 of %3 spent (%4)")
                                 .arg(status.budget.name(), Base::Units::usd(status.spentNanoUsd),
                                      UsageUi::UsageFormat::limit(status.budget.limitNanoUsd),
                                      UsageUi::UsageFormat::percent(status.fraction())));
            return lines.isEmpty() ? tr("No budget: its calls count only against the totals")
                                   : lines.join(u'\n');
        }
        case State:
            return key.enabled ? tr("Its token is let in")
                               : tr("Its token is refused until it is enabled again");
        case MayUse:
            return mayUseText(key);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return key.name;
    case State:
        return key.enabled ? tr("enabled") : tr("disabled");
    case MayUse:
        // A line each: the cell wraps rather than elides what matters.
        return mayUseText(key, u"\n");
    case RequestsPerMinute:
        return limitText(key.requestsPerMinute);
    case TokensPerMinute:
        return limitText(key.tokensPerMinute);
    case Budgets:
        return budgetsText(row.budgets, u"\n");
    case Spent:
        return Base::Units::usd(row.spentThisMonthNanoUsd);
    case Created:
        return key.rotatedMs > 0 ? tr("%1\nrotated %2").arg(dateText(key.createdMs), dateText(key.rotatedMs))
                                 : dateText(key.createdMs);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant KeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == RequestsPerMinute || section == TokensPerMinute || section == Spent
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name:
        return tr("Key");
    case State:
        return tr("State");
    case MayUse:
        return tr("May use");
    case RequestsPerMinute:
        return tr("Req/min");
    case TokensPerMinute:
        return tr("Tok/min");
    case Budgets:
        return tr("Budgets");
    case Spent:
        return tr("This month");
    case Created:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

void KeyTableModel::setRows(const QList<Row> &rows)
{
    if (rows == m_rows)
        return;
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

const KeyTableModel::Row *KeyTableModel::row(const QString &name) const
{
    const int at = indexOf(name);
    return at < 0 ? nullptr : &m_rows.at(at);
}

int KeyTableModel::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key.name == name)
            return int(i);
    }
    return -1;
}

} // namespace Switchyard::GatewayUi
