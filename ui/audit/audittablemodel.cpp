#include "audit/audittablemodel.h"

#include <QJsonDocument>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::AuditUi {

AuditTableModel::AuditTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

AuditTableModel::~AuditTableModel() = default;

void AuditTableModel::setEntries(QList<Audit::AuditEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    std::ranges::reverse(m_entries);
    endResetModel();
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Audit::AuditEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Seq:
            return QString::number(e.seq);
        case Time:
            return e.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case Source:
            return e.source;
        case Kind:
            return e.kind;
        case Details:
            return e.summary();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return Audit::auditTime(e.time);
        if (index.column() == Details)
            return QString::fromUtf8(QJsonDocument(e.data).toJson(QJsonDocument::Indented)).trimmed();
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Seq)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Seq:
        return tr("#");
    case Time:
        return tr("Time");
    case Source:
        return tr("Source");
    case Kind:
        return tr("Kind");
    case Details:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace Switchyard::AuditUi
