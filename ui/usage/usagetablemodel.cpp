#include "usage/usagetablemodel.h"

#include "usage/usageformat.h"
#include "widgets/modelcolors.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

UsageTableModel::UsageTableModel(Rows rows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_rows(rows)
{
}

UsageTableModel::~UsageTableModel() = default;

void UsageTableModel::setGroups(QList<Usage::UsageGroup> groups)
{
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
}

void UsageTableModel::setWinRates(const QList<Votes::WinRate> &winRates)
{
    m_winRates.clear();
    for (const Votes::WinRate &rate : winRates)
        m_winRates.insert(rate.model, rate);
    if (!m_groups.isEmpty() && m_rows == Rows::Models)
        Q_EMIT dataChanged(index(0, WinRate), index(rowCount() - 1, WinRate));
}

QString UsageTableModel::key(int row) const
{
    const Usage::UsageGroup &g = m_groups.at(row);
    switch (m_rows) {
    case Rows::Models:
        return g.modelKey();
    case Rows::Projects:
        return g.project;
    case Rows::Keys:
        break;
    }
    return g.key;
}

int UsageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int UsageTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_rows == Rows::Models ? ColumnCount : ColumnCount - 1;
}

QVariant UsageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(section == Name ? Qt::AlignLeft | Qt::AlignVCenter
                                                   : Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case AverageCost:
            return tr("The average cost of the calls whose price is known");
        case ErrorRate:
            return tr("Calls that failed or were cut off; cancelled calls are not errors");
        case WinRate:
            return tr("How often Compare votes chose this model's answer; a tie counts as half a win");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return m_rows == Rows::Models ? tr("Model") : m_rows == Rows::Projects ? tr("Project") : tr("Key");
    case Spend:
        return tr("Spend");
    case Calls:
        return tr("Calls");
    case TokensIn:
        return tr("Tokens in");
    case TokensOut:
        return tr("Tokens out");
    case AverageCost:
        return tr("Avg per call");
    case ErrorRate:
        return tr("Errors");
    case WinRate:
        return tr("Win rate");
    }
    return {};
}

QVariant UsageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Usage::UsageGroup &g = m_groups.at(index.row());
    const int column = index.column();
    const QString rowKey = key(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(g, column, rowKey);
    case SortRole:
        return sortValue(g, column, rowKey);
    case Qt::ToolTipRole:
        return toolTip(g, column, rowKey);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column == Name ? Qt::AlignLeft | Qt::AlignVCenter
                                                  : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::DecorationRole:
        if (column == Name && m_rows == Rows::Models)
            return Widgets::ModelColors::of(rowKey, QApplication::palette());
        return {};
    case Qt::FontRole:
        if (column != Name) {
            // Tabular figures line the digits of a column up where the font has them.
            QFont font = QApplication::font();
            font.setFeature(QFont::Tag("tnum"), 1);
            return font;
        }
        if (m_rows != Rows::Models && rowKey.isEmpty()) {
            QFont font = QApplication::font();
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant UsageTableModel::display(const Usage::UsageGroup &g, int column, const QString &key) const
{
    switch (column) {
    case Name:
        return m_rows == Rows::Models ? key
            : m_rows == Rows::Projects  ? UsageFormat::projectName(key)
                                        : UsageFormat::keyName(key);
    case Spend:
        return UsageFormat::spend(g);
    case Calls:
        return UsageFormat::count(g.calls);
    case TokensIn:
        return UsageFormat::count(g.tokensIn);
    case TokensOut:
        return UsageFormat::count(g.tokensOut);
    case AverageCost:
        return UsageFormat::averageCost(g);
    case ErrorRate:
        return UsageFormat::percent(g.errorRate());
    case WinRate:
        if (const auto found = m_winRates.constFind(key); found != m_winRates.cend() && found->contests > 0)
            return u"%1 (%2)"_s.arg(UsageFormat::percent(found->rate())).arg(found->contests);
        return u"–"_s;
    }
    return {};
}

QVariant UsageTableModel::sortValue(const Usage::UsageGroup &g, int column, const QString &key) const
{
    const bool unknown = g.calls > 0 && g.unpricedCalls == g.calls;
    switch (column) {
    case Name:
        return key.toLower();
    case Spend:
        return unknown ? -1.0 : UsageFormat::spendUsd(g);
    case Calls:
        return g.calls;
    case TokensIn:
        return g.tokensIn;
    case TokensOut:
        return g.tokensOut;
    case AverageCost:
        return unknown ? -1.0 : g.averageCostUsd();
    case ErrorRate:
        return g.errorRate();
    case WinRate:
        if (const auto found = m_winRates.constFind(key); found != m_winRates.cend() && found->contests > 0)
            return found->rate();
        return -1.0;
    }
    return {};
}

QVariant UsageTableModel::toolTip(const Usage::UsageGroup &g, int column, const QString &key) const
{
    switch (column) {
    case Spend:
    case AverageCost: {
        const QString why = UsageFormat::spendToolTip(g);
        return why.isEmpty() ? QVariant() : QVariant(why);
    }
    case ErrorRate:
        return tr("%1 of %2 calls failed or were cut off").arg(UsageFormat::count(g.errors), UsageFormat::count(g.calls));
    case TokensIn:
        return g.tokensCached > 0 ? tr("of which %1 cached").arg(UsageFormat::count(g.tokensCached)) : QVariant();
    case TokensOut:
        return g.tokensReasoning > 0 ? tr("of which %1 reasoning").arg(UsageFormat::count(g.tokensReasoning))
                                     : QVariant();
    case WinRate:
        if (const auto found = m_winRates.constFind(key); found != m_winRates.cend() && found->contests > 0)
            return tr("%1 votes: %2 won, %3 tied").arg(found->contests).arg(found->wins).arg(found->ties);
        return tr("No Compare votes for this model in this range");
    default:
        return {};
    }
}

} // namespace Switchyard::UsageUi
