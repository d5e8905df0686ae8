#include "compare/historytable.h"

#include "usage/sqlitetransaction.h"
#include "usage/usagedatabase.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Compare {

using Usage::SqliteError;
using Usage::UsageError;

std::expected<void, UsageError> HistoryTable::save(const HistoryEntry &entry, const Panes &panes)
{
    Usage::SqliteConnection &sql = m_db.connection();
    auto fail = [this](const SqliteError &error) { return std::unexpected(m_db.errorOf(error)); };
    auto transaction = Usage::SqliteTransaction::begin(sql);
    if (!transaction)
        return fail(transaction.error());
    // created_ms survives a re-save: the conversation is replaced, not renewed.
    auto upsert = sql.prepare(R"sql(
INSERT INTO conversations (id, title, project, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET title = excluded.title, project = excluded.project,
                               updated_ms = excluded.updated_ms)sql");
    auto clear = sql.prepare("DELETE FROM messages WHERE conversation_id = ?");
    auto insert = sql.prepare(R"sql(
INSERT INTO messages (conversation_id, pane, turn, model, prompt, answer, reasoning, details)
VALUES (?, ?, ?, ?, ?, ?, ?, ?))sql");
    for (auto *statement : {&upsert, &clear, &insert}) {
        if (!*statement)
            return fail(statement->error());
    }
    const qint64 now
        = entry.updated.isValid() ? entry.updated.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    upsert->bind(1, entry.id);
    upsert->bind(2, entry.title);
    upsert->bind(3, entry.project);
    upsert->bind(4, now);
    upsert->bind(5, now);
    if (auto done = upsert->run(); !done)
        return fail(done.error());
    clear->bind(1, entry.id);
    if (auto done = clear->run(); !done)
        return fail(done.error());
    for (qsizetype p = 0; p < panes.size(); ++p) {
        for (qsizetype t = 0; t < panes.at(p).turns.size(); ++t) {
            const Turn &turn = panes.at(p).turns.at(t);
            QJsonObject details = ComparisonExport::turnToJson(turn);
            for (const auto key : {"prompt"_L1, "answer"_L1, "reasoning"_L1})
                details.remove(key);
            insert->bind(1, entry.id);
            insert->bind(2, qint64(p));
            insert->bind(3, qint64(t));
            insert->bind(4, panes.at(p).model);
            insert->bind(5, turn.prompt);
            insert->bind(6, turn.answer);
            insert->bind(7, turn.reasoning);
            insert->bind(8, QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
            if (auto done = insert->run(); !done)
                return fail(done.error());
        }
    }
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return {};
}

std::expected<QList<HistoryEntry>, UsageError> HistoryTable::entries(const QString &titleFilter)
{
    // instr() on lower(): a plain substring test, without LIKE's wildcards.
    auto statement = m_db.connection().prepare(R"sql(
SELECT c.id, c.title, c.project, c.updated_ms,
       (SELECT group_concat(model, char(10)) FROM (SELECT DISTINCT pane, model FROM messages m
                                                   WHERE m.conversation_id = c.id ORDER BY pane))
FROM conversations c
WHERE ? = '' OR instr(lower(c.title), lower(?)) > 0
ORDER BY c.updated_ms DESC)sql");
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    statement->bind(1, titleFilter);
    statement->bind(2, titleFilter);
    QList<HistoryEntry> entries;
    const auto read = statement->forEachRow([&] {
        entries.append({.id = statement->text(0),
                        .title = statement->text(1),
                        .project = statement->text(2),
                        .updated = QDateTime::fromMSecsSinceEpoch(statement->int64(3)),
                        .models = statement->text(4).split(u'\n', Qt::SkipEmptyParts)});
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    return entries;
}

std::expected<HistoryTable::Panes, UsageError> HistoryTable::load(const QString &id)
{
    auto statement = m_db.connection().prepare(R"sql(
SELECT pane, model, prompt, answer, reasoning, details FROM messages WHERE conversation_id = ?
ORDER BY pane, turn)sql");
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    statement->bind(1, id);
    Panes panes;
    qint64 pane = -1;
    const auto read = statement->forEachRow([&] {
        if (statement->int64(0) != pane) {
            pane = statement->int64(0);
            panes.append({.model = statement->text(1), .turns = {}});
        }
        QJsonObject turn = QJsonDocument::fromJson(statement->text(5).toUtf8()).object();
        turn.insert(u"prompt"_s, statement->text(2));
        turn.insert(u"answer"_s, statement->text(3));
        turn.insert(u"reasoning"_s, statement->text(4));
        panes.last().turns.append(ComparisonExport::turnFromJson(turn));
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    if (panes.isEmpty())
        return std::unexpected(UsageError{UsageError::Kind::Failed,
                                          QObject::tr("There is no saved comparison %1.").arg(id)});
    return panes;
}

std::expected<bool, UsageError> HistoryTable::remove(const QString &id)
{
    Usage::SqliteConnection &sql = m_db.connection();
    auto statement = sql.prepare("DELETE FROM conversations WHERE id = ?");
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    statement->bind(1, id);
    if (auto done = statement->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return sql.changes() > 0;
}

} // namespace Switchyard::Compare
