#include "usage/usageschema.h"

#include "usage/sqlitetransaction.h"

#include <array>
#include <string>

namespace Switchyard::Usage::UsageSchema {

namespace {

// Each entry takes the database one version up. Never edit an entry once it
// has shipped: add a new one, so every database ever written can be upgraded.
constexpr std::array Migrations{
    // 0 → 1: one row per call, and daily roll-ups that the usage page reads,
    // so a year of calls is summarised from a few thousand rows, not a million.
    R"sql(
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    day INTEGER NOT NULL,
    source TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    route TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    tokens_in INTEGER,
    tokens_out INTEGER,
    tokens_cached INTEGER,
    tokens_reasoning INTEGER,
    cost_nano INTEGER,
    cost_estimated INTEGER NOT NULL DEFAULT 0,
    ttft_ms REAL,
    total_ms REAL,
    tokens_per_s REAL,
    status TEXT NOT NULL,
    error_class TEXT NOT NULL DEFAULT '',
    http_status INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    fallback_hops INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_by_time ON calls(time_ms);
-- Every (provider, model, source, project) that has had a call: a few hundred
-- rows however long the log, so roll-ups carry a small integer instead of four
-- names and the filters' choices are read from here.
CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    project TEXT NOT NULL,
    UNIQUE (provider, model, source, project)
);
-- Totals per day and series. The nine counters are one blob of little-endian
-- 64-bit integers (calls, errors, tokens in, out, cached, reasoning, cost in
-- nano-dollars, calls with an estimated cost, calls without a price): reading
-- one column instead of nine is what keeps a year of roll-ups (75,000 rows at
-- a million calls) well under the Usage page's 50 ms.
CREATE TABLE daily (
    day INTEGER NOT NULL,
    series INTEGER NOT NULL REFERENCES series(id),
    totals BLOB NOT NULL,
    PRIMARY KEY (day, series)
) WITHOUT ROWID;
-- Latency histograms per day and series (see Histogram), apart from the
-- totals: only the latency charts and the model table read them.
CREATE TABLE daily_latency (
    day INTEGER NOT NULL,
    series INTEGER NOT NULL REFERENCES series(id),
    ttft BLOB NOT NULL,
    total BLOB NOT NULL,
    speed BLOB NOT NULL,
    PRIMARY KEY (day, series)
) WITHOUT ROWID;
)sql",
    // 1 → 2: budgets, shared by the app, the CLI and the gateway; and Compare
    // votes, which the model table and the best-voted route strategy read.
    R"sql(
CREATE TABLE budgets (
    scope TEXT PRIMARY KEY,
    limit_nano INTEGER NOT NULL,
    action TEXT NOT NULL DEFAULT 'block',
    reroute TEXT NOT NULL DEFAULT ''
);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    blind INTEGER NOT NULL DEFAULT 0,
    winner TEXT NOT NULL DEFAULT ''
);
CREATE TABLE vote_models (
    vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    model TEXT NOT NULL,
    PRIMARY KEY (vote_id, position)
) WITHOUT ROWID;
CREATE INDEX vote_models_by_model ON vote_models(model);
)sql",
    // 2 → 3: the Compare history, which until now was a JSON file per
    // comparison: a conversation per comparison and a message per pane and turn
    // (prompt, answer and reasoning as text; figures, cost and error as the
    // JSON of ComparisonExport::turnToJson).
    R"sql(
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE INDEX conversations_by_update ON conversations(updated_ms);
CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    pane INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    model TEXT NOT NULL,
    prompt TEXT NOT NULL,
    answer TEXT NOT NULL,
    reasoning TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (conversation_id, pane, turn)
) WITHOUT ROWID;
)sql",
};

} // namespace

int currentVersion()
{
    return int(Migrations.size());
}

const char *migrationFrom(int from)
{
    return from >= 0 && from < currentVersion() ? Migrations.at(std::size_t(from)) : nullptr;
}

std::expected<void, SqliteError> migrate(SqliteConnection &db)
{
    // The version is read again inside each step's write transaction: another
    // Switchyard process opening the same file may have upgraded it meanwhile.
    for (;;) {
        auto transaction = SqliteTransaction::begin(db);
        if (!transaction)
            return std::unexpected(transaction.error());
        const auto version = db.scalar("PRAGMA user_version");
        if (!version)
            return std::unexpected(version.error());
        if (*version >= currentVersion())
            return transaction->commit();
        const std::string step = std::string(migrationFrom(int(*version))) + "PRAGMA user_version = "
            + std::to_string(*version + 1) + ";";
        if (auto done = db.exec(step.c_str()); !done)
            return done;
        if (auto committed = transaction->commit(); !committed)
            return committed;
    }
}

} // namespace Switchyard::Usage::UsageSchema
