#pragma once

#include "compare/comparisonexport.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <expected>

namespace Switchyard::Compare {

/// Saved comparisons, one JSON file each (the JSON export's format plus an id
/// and a title) in a folder of the data directory, written atomically. This is
/// the Compare page's history until the usage database takes it over. A file
/// that cannot be read is listed as such, never overwritten.
class ComparisonHistory final
{
public:
    struct Entry {
        QString id;
        QString title; // the first prompt, shortened
        QDateTime updated;
        QStringList models;
    };

    explicit ComparisonHistory(QString folder);

    [[nodiscard]] const QString &folder() const { return m_folder; }
    /// Creates or replaces the comparison `id`.
    [[nodiscard]] std::expected<void, QString> save(const QString &id, const QList<const Conversation *> &panes) const;
    /// Every saved comparison, newest first; `filter` keeps titles that contain it.
    [[nodiscard]] QList<Entry> entries(const QString &filter = {}) const;
    [[nodiscard]] std::expected<QList<ComparisonExport::PaneRecord>, QString> load(const QString &id) const;
    [[nodiscard]] bool remove(const QString &id) const;

    [[nodiscard]] static QString newId();
    [[nodiscard]] static QString titleFor(const QString &firstPrompt);

private:
    [[nodiscard]] QString pathOf(const QString &id) const;

    QString m_folder;
};

} // namespace Switchyard::Compare
