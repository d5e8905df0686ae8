#pragma once

#include "compare/comparisonexport.h"
#include "compare/historyentry.h"

#include <QList>
#include <QString>

#include <expected>
#include <functional>

class QObject;

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::Compare {

/// The saved comparisons, kept in the usage database (HistoryTable) and
/// reached through its store, so that saving, listing and reopening run on
/// the store's thread and answer on the asker's: the Compare page never waits
/// on the disk. Each answer goes to
/// `done` on `context`'s thread, and not at all once `context` is gone.
class ComparisonHistory final
{
public:
    using Panes = QList<ComparisonExport::PaneRecord>;

    explicit ComparisonHistory(Usage::UsageStore *store);

    /// Creates or replaces comparison id; done gets an error message, or
    /// nothing when it was saved (or there was nothing asked yet to save).
    void save(const QString &id, const QList<const Conversation *> &panes, const QString &project, QObject *context,
              std::function<void(QString)> done) const;
    /// Newest first; filter keeps titles that contain it (any case).
    void entries(const QString &filter, QObject *context, std::function<void(QList<HistoryEntry>)> done) const;
    void load(const QString &id, QObject *context, std::function<void(std::expected<Panes, QString>)> done) const;
    void remove(const QString &id, QObject *context, std::function<void(bool)> done) const;

    /// Moves the comparisons an earlier Switchyard kept as JSON files in
    /// folder into the database, then renames the folder to
    /// "folder.imported" — only if every file was read and saved.
    void importFolder(const QString &folder, QObject *context) const;

    [[nodiscard]] static QString newId();
    [[nodiscard]] static QString titleFor(const QString &firstPrompt);
    /// What is kept of each pane: its model and finished turns.
    [[nodiscard]] static Panes recordsOf(const QList<const Conversation *> &panes);

private:
    Usage::UsageStore *m_store;
};

} // namespace Switchyard::Compare
