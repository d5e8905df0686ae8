#include "votes/votetable.h"

#include "usage/sqlitetransaction.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <algorithm>

namespace Switchyard::Votes {

using Usage::SqliteError;
using Usage::UsageError;

std::expected<void, UsageError> VoteTable::record(const Vote &vote)
{
    Usage::SqliteConnection &sql = m_db.connection();
    auto fail = [this](const SqliteError &error) { return std::unexpected(m_db.errorOf(error)); };
    auto transaction = Usage::SqliteTransaction::begin(sql);
    if (!transaction)
        return fail(transaction.error());
    auto insertVote = sql.prepare("INSERT INTO votes (time_ms, prompt, blind, winner) VALUES (?, ?, ?, ?)");
    auto insertModel = sql.prepare("INSERT INTO vote_models (vote_id, position, model) VALUES (?, ?, ?)");
    if (!insertVote)
        return fail(insertVote.error());
    if (!insertModel)
        return fail(insertModel.error());
    insertVote->bind(1, vote.when.toMSecsSinceEpoch());
    insertVote->bind(2, vote.prompt);
    insertVote->bind(3, qint64(vote.blind));
    insertVote->bind(4, vote.winner);
    if (auto done = insertVote->run(); !done)
        return fail(done.error());
    const qint64 id = sql.lastInsertRowId();
    for (qsizetype i = 0; i < vote.models.size(); ++i) {
        insertModel->bind(1, id);
        insertModel->bind(2, qint64(i));
        insertModel->bind(3, vote.models.at(i));
        if (auto done = insertModel->run(); !done)
            return fail(done.error());
    }
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return {};
}

std::expected<QList<Vote>, UsageError> VoteTable::votes(const Usage::UsageFilter &filter)
{
    auto statement = m_db.connection().prepare(R"sql(
SELECT v.id, v.time_ms, v.prompt, v.blind, v.winner, m.model
FROM votes v JOIN vote_models m ON m.vote_id = v.id
WHERE v.time_ms >= ? AND v.time_ms < ? ORDER BY v.time_ms, v.id, m.position)sql");
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    statement->bind(1, filter.startMs());
    statement->bind(2, filter.endMs());
    QList<Vote> list;
    qint64 lastId = -1;
    const auto read = statement->forEachRow([&] {
        if (statement->int64(0) != lastId) {
            lastId = statement->int64(0);
            list.append({.when = QDateTime::fromMSecsSinceEpoch(statement->int64(1)),
                         .prompt = statement->text(2),
                         .models = {},
                         .winner = statement->text(4),
                         .blind = statement->int64(3) != 0});
        }
        list.last().models.append(statement->text(5));
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    // A vote counts when any model in it passes the filter's model and
    // provider lists (source and project do not apply to votes).
    if (!filter.models.isEmpty() || !filter.providers.isEmpty()) {
        list.removeIf([&filter](const Vote &vote) {
            return std::none_of(vote.models.begin(), vote.models.end(), [&filter](const QString &model) {
                return (filter.models.isEmpty() || filter.models.contains(model))
                    && (filter.providers.isEmpty() || filter.providers.contains(model.section(u'/', 0, 0)));
            });
        });
    }
    return list;
}

std::expected<QList<WinRate>, UsageError> VoteTable::winRates(const Usage::UsageFilter &filter)
{
    const auto list = votes(filter);
    if (!list)
        return std::unexpected(list.error());
    return winRatesOf(*list);
}

void VoteTable::queue(Usage::UsageStore &store, const Vote &vote)
{
    store.write([vote](Usage::UsageDatabase &db) { return VoteTable(db).record(vote); });
}

} // namespace Switchyard::Votes
