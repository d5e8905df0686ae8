#include "compare/comparisonhistory.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Compare {
namespace {

// Ids become file names: only what newId() makes is accepted.
bool isValidId(const QString &id)
{
    return !id.isEmpty() && id.size() <= 64
        && std::ranges::all_of(id, [](QChar c) { return c.isLetterOrNumber() || c == u'-'; });
}

} // namespace

ComparisonHistory::ComparisonHistory(QString folder)
    : m_folder(std::move(folder))
{
}

QString ComparisonHistory::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString ComparisonHistory::titleFor(const QString &firstPrompt)
{
    QString title = firstPrompt.simplified();
    if (title.size() > 80)
        title = title.left(79) + u'…';
    return title;
}

QString ComparisonHistory::pathOf(const QString &id) const
{
    return QDir(m_folder).filePath(id + u".json"_s);
}

std::expected<void, QString> ComparisonHistory::save(const QString &id, const QList<const Conversation *> &panes) const
{
    if (!isValidId(id))
        return std::unexpected(u"not a comparison id: %1"_s.arg(id));
    QString firstPrompt;
    for (const Conversation *c : panes) {
        if (!c->turns().isEmpty()) {
            firstPrompt = c->turns().first().prompt;
            break;
        }
    }
    if (firstPrompt.isEmpty())
        return {}; // nothing asked yet: nothing worth keeping
    QJsonObject root = QJsonDocument::fromJson(ComparisonExport::toJson(panes, QDateTime::currentDateTimeUtc())).object();
    root.insert(u"id"_s, id);
    root.insert(u"title"_s, titleFor(firstPrompt));
    if (!QDir().mkpath(m_folder))
        return std::unexpected(u"cannot create %1"_s.arg(m_folder));
    QSaveFile file(pathOf(id));
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return std::unexpected(u"%1: %2"_s.arg(file.fileName(), file.errorString()));
    return {};
}

QList<ComparisonHistory::Entry> ComparisonHistory::entries(const QString &filter) const
{
    QList<Entry> entries;
    const QFileInfoList files = QDir(m_folder).entryInfoList({u"*.json"_s}, QDir::Files);
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        Entry entry{.id = info.completeBaseName(), .title = root.value("title"_L1).toString(),
                    .updated = QDateTime::fromString(root.value("exported"_L1).toString(), Qt::ISODate), .models = {}};
        if (entry.title.isEmpty())
            entry.title = u"(unreadable: %1)"_s.arg(info.fileName());
        if (!entry.updated.isValid())
            entry.updated = info.lastModified();
        for (const QJsonValue &p : root.value("panes"_L1).toArray())
            entry.models.append(p["model"_L1].toString());
        if (filter.isEmpty() || entry.title.contains(filter, Qt::CaseInsensitive))
            entries.append(entry);
    }
    std::ranges::sort(entries, [](const Entry &a, const Entry &b) { return a.updated > b.updated; });
    return entries;
}

std::expected<QList<ComparisonExport::PaneRecord>, QString> ComparisonHistory::load(const QString &id) const
{
    if (!isValidId(id))
        return std::unexpected(u"not a comparison id: %1"_s.arg(id));
    QFile file(pathOf(id));
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(u"%1: %2"_s.arg(file.fileName(), file.errorString()));
    auto panes = ComparisonExport::fromJson(file.readAll());
    if (!panes)
        return std::unexpected(u"%1: %2"_s.arg(file.fileName(), panes.error()));
    return panes;
}

bool ComparisonHistory::remove(const QString &id) const
{
    return isValidId(id) && QFile::remove(pathOf(id));
}

} // namespace Switchyard::Compare
