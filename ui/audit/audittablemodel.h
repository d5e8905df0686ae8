#pragma once

#include "audit/auditentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace Switchyard::AuditUi {

/// The audit entries the Audit page shows, newest first: seq, local time,
/// source, kind and the entry's summary (the whole data as JSON in the
/// tooltip). The page filters; this only shows what it is given.
class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditTableModel)

public:
    enum Column { Seq, Time, Source, Kind, Details, ColumnCount };

    explicit AuditTableModel(QObject *parent = nullptr);
    ~AuditTableModel() override;

    /// entries in file order; shown newest first.
    void setEntries(QList<Audit::AuditEntry> entries);
    [[nodiscard]] const Audit::AuditEntry &entry(int row) const { return m_entries.at(row); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    QList<Audit::AuditEntry> m_entries; // newest first
};

} // namespace Switchyard::AuditUi
