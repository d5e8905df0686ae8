#include "compare/comparisonhistory.h"

#include "compare/historytable.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcHistory, "switchyard.compare.history")

using namespace Qt::StringLiterals;

namespace Switchyard::Compare {

namespace {

const QString NoDatabase = QObject::tr("the usage database is not available");

} // namespace

ComparisonHistory::ComparisonHistory(Usage::UsageStore *store)
    : m_store(store)
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

ComparisonHistory::Panes ComparisonHistory::recordsOf(const QList<const Conversation *> &panes)
{
    Panes records;
    for (const Conversation *c : panes) {
        ComparisonExport::PaneRecord record{.model = c->label(), .turns = {}};
        for (const Turn &turn : c->turns()) {
            if (turn.finished) // a running turn is saved when it ends
                record.turns.append(turn);
        }
        records.append(record);
    }
    return records;
}

void ComparisonHistory::save(const QString &id, const QList<const Conversation *> &panes, const QString &project,
                             QObject *context, std::function<void(QString)> done) const
{
    // The conversations live on this thread: copy what is kept before leaving it.
    Panes records = recordsOf(panes);
    QString firstPrompt;
    for (const auto &record : std::as_const(records)) {
        if (!record.turns.isEmpty()) {
            firstPrompt = record.turns.first().prompt;
            break;
        }
    }
    if (firstPrompt.isEmpty() || id.isEmpty()) {
        done({}); // nothing asked yet: nothing worth keeping
        return;
    }
    const HistoryEntry entry{.id = id, .title = titleFor(firstPrompt), .project = project,
                             .updated = QDateTime::currentDateTime(), .models = {}};
    m_store->query<QString>(
        context,
        [entry, records = std::move(records)](Usage::UsageDatabase *db) {
            if (!db)
                return NoDatabase;
            const auto saved = HistoryTable(*db).save(entry, records);
            return saved ? QString() : saved.error().message;
        },
        std::move(done));
}

void ComparisonHistory::entries(const QString &filter, QObject *context,
                                std::function<void(QList<HistoryEntry>)> done) const
{
    m_store->query<QList<HistoryEntry>>(
        context,
        [filter](Usage::UsageDatabase *db) {
            if (!db)
                return QList<HistoryEntry>();
            auto found = HistoryTable(*db).entries(filter);
            if (!found)
                qCWarning(lcHistory) << found.error().message;
            return found.value_or(QList<HistoryEntry>());
        },
        std::move(done));
}

void ComparisonHistory::load(const QString &id, QObject *context,
                             std::function<void(std::expected<Panes, QString>)> done) const
{
    m_store->query<std::expected<Panes, QString>>(
        context,
        [id](Usage::UsageDatabase *db) -> std::expected<Panes, QString> {
            if (!db)
                return std::unexpected(NoDatabase);
            auto panes = HistoryTable(*db).load(id);
            if (!panes)
                return std::unexpected(panes.error().message);
            return *panes;
        },
        std::move(done));
}

void ComparisonHistory::remove(const QString &id, QObject *context, std::function<void(bool)> done) const
{
    m_store->query<bool>(
        context,
        [id](Usage::UsageDatabase *db) { return db && HistoryTable(*db).remove(id).value_or(false); },
        std::move(done));
}

void ComparisonHistory::importFolder(const QString &folder, QObject *context) const
{
    if (!QDir(folder).exists())
        return;
    m_store->query<bool>(
        context,
        [folder](Usage::UsageDatabase *db) {
            if (!db)
                return false;
            bool all = true;
            const QFileInfoList files = QDir(folder).entryInfoList({u"*.json"_s}, QDir::Files);
            for (const QFileInfo &info : files) {
                QFile file(info.filePath());
                const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
                const auto panes = ComparisonExport::fromJson(bytes);
                const QJsonObject root = QJsonDocument::fromJson(bytes).object();
                QDateTime when = QDateTime::fromString(root.value("exported"_L1).toString(), Qt::ISODate);
                const HistoryEntry entry{.id = info.completeBaseName(),
                                         .title = root.value("title"_L1).toString(),
                                         .project = {},
                                         .updated = when.isValid() ? when : info.lastModified(),
                                         .models = {}};
                if (!panes || entry.title.isEmpty() || !HistoryTable(*db).save(entry, *panes)) {
                    qCWarning(lcHistory) << "could not import" << info.filePath();
                    all = false;
                }
            }
            return all;
        },
        [folder](bool all) {
            if (all)
                QDir().rename(folder, folder + u".imported"_s);
        });
}

} // namespace Switchyard::Compare
