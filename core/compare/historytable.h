#pragma once

#include "compare/comparisonexport.h"
#include "compare/historyentry.h"
#include "usage/usageerror.h"

#include <QList>
#include <QString>

#include <expected>

namespace Switchyard::Usage {
class UsageDatabase;
}

namespace Switchyard::Compare {

/// The saved comparisons in the usage database (the conversations and
/// messages tables of UsageSchema: a conversation per comparison, a message
/// per pane and turn), read and written through a database the caller has
/// open and uses on its thread — the usage store's, for ComparisonHistory.
/// Holds nothing but the reference: make one where it is needed.
class HistoryTable final
{
public:
    using Panes = QList<ComparisonExport::PaneRecord>;

    explicit HistoryTable(Usage::UsageDatabase &db) : m_db(db) {}

    /// Creates or replaces the saved comparison entry.id with these panes.
    [[nodiscard]] std::expected<void, Usage::UsageError> save(const HistoryEntry &entry, const Panes &panes);
    /// Saved comparisons, newest first; titleFilter keeps titles containing it.
    [[nodiscard]] std::expected<QList<HistoryEntry>, Usage::UsageError>
    entries(const QString &titleFilter = {});
    /// The panes of a saved comparison; an unknown id is an error.
    [[nodiscard]] std::expected<Panes, Usage::UsageError> load(const QString &id);
    /// False when there was no such comparison.
    [[nodiscard]] std::expected<bool, Usage::UsageError> remove(const QString &id);

private:
    Usage::UsageDatabase &m_db;
};

} // namespace Switchyard::Compare
