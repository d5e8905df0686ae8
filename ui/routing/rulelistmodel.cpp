#include "routing/rulelistmodel.h"

#include "routing/routingdocument.h"

#include <QMimeData>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

constexpr auto RowMime = "application/x-switchyard-rule-row";

QString list(const QStringList &items)
{
    return items.join(u", "_s);
}

} // namespace

RuleListModel::RuleListModel(RoutingDocument *document, QObject *parent)
    : QAbstractListModel(parent)
    , m_document(document)
{
    m_rules = m_document->config().rules;
    connect(m_document, &RoutingDocument::changed, this, &RuleListModel::reload);
}

RuleListModel::~RuleListModel() = default;

void RuleListModel::reload()
{
    const QList<Routing::Rule> &rules = m_document->config().rules;
    if (rules == m_rules)
        return;
    if (rules.size() == m_rules.size()) {
        // Same count: an edit of some rows, so that selection and scroll stay.
        m_rules = rules;
        Q_EMIT dataChanged(index(0), index(int(m_rules.size()) - 1));
        return;
    }
    beginResetModel();
    m_rules = rules;
    endResetModel();
}

QString RuleListModel::summary(const Routing::Condition &c)
{
    QStringList parts;
    if (c.tokensAbove)
        parts.append(tr("tokens > %1").arg(*c.tokensAbove));
    if (c.tokensBelow)
        parts.append(tr("tokens < %1").arg(*c.tokensBelow));
    if (!c.regex.isEmpty())
        parts.append(tr("text matches /%1/").arg(c.regex));
    if (!c.tags.isEmpty())
        parts.append(tr("tagged %1").arg(list(c.tags)));
    if (c.hasImages)
        parts.append(*c.hasImages ? tr("has images") : tr("no images"));
    if (c.hasTools)
        parts.append(*c.hasTools ? tr("has tools") : tr("no tools"));
    if (!c.models.isEmpty())
        parts.append(tr("model is %1").arg(list(c.models)));
    if (!c.budgetReached.isEmpty()) {
        parts.append(c.budgetReached == "total"_L1 ? tr("monthly budget reached")
                     : c.budgetReached == "any"_L1 ? tr("any budget reached")
                                                   : tr("%1 budget reached").arg(c.budgetReached));
    }
    return parts.isEmpty() ? tr("always") : parts.join(tr(" and "));
}

int RuleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

QVariant RuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Routing::Rule &rule = m_rules.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return u"%1. %2 → %3"_s.arg(index.row() + 1).arg(rule.name.isEmpty() ? tr("(unnamed)") : rule.name,
                                                        rule.route);
    case Qt::ToolTipRole:
        return tr("When %1, use route %2. Drag to change the order: the first rule that matches wins.")
            .arg(summary(rule.when), rule.route);
    case Qt::AccessibleDescriptionRole:
    case SummaryRole:
        return summary(rule.when);
    case RouteRole:
        return rule.route;
    default:
        return {};
    }
}

Qt::ItemFlags RuleListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return QAbstractListModel::flags(index) | Qt::ItemIsDragEnabled;
}

QHash<int, QByteArray> RuleListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SummaryRole, "summary");
    names.insert(RouteRole, "route");
    return names;
}

bool RuleListModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                             const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count < 1 || sourceRow < 0
        || sourceRow + count > m_rules.size() || destinationChild < 0 || destinationChild > m_rules.size()
        || (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    Routing::RoutingConfig config = m_document->config();
    QList<Routing::Rule> moved = config.rules.mid(sourceRow, count);
    config.rules.remove(sourceRow, count);
    const int to = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        config.rules.insert(to + i, moved.at(i));
    // The document tells this model, which reads the rules again.
    m_document->edit(config, count == 1 ? tr("Move rule “%1”").arg(moved.first().name) : tr("Move rules"));
    return true;
}

Qt::DropActions RuleListModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions RuleListModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList RuleListModel::mimeTypes() const
{
    return {QString::fromLatin1(RowMime)};
}

QMimeData *RuleListModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(RowMime), QByteArray::number(indexes.first().row()));
    return data;
}

bool RuleListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data || !data->hasFormat(QString::fromLatin1(RowMime)))
        return false;
    bool ok = false;
    const int from = data->data(QString::fromLatin1(RowMime)).toInt(&ok);
    if (!ok)
        return false;
    // Dropped on a row: before it; below the last: at the end.
    const int to = row >= 0 ? row : parent.isValid() ? parent.row() : int(m_rules.size());
    moveRows({}, from, 1, {}, to);
    // The move is done here, as an edit; answering false keeps the view from
    // also removing the dragged row, as it would after a move it did itself.
    return false;
}

} // namespace Switchyard::RoutingUi
