#include "usage/usageschema.h"

#include "usage/sqlitetransaction.h"

#include <sqlite3.h>

#include <array>
#include <string>

using namespace Qt::StringLiterals;

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
-- The same histograms per calendar month (year * 12 + month - 1): a year's
-- percentiles read twelve months of them and the days at the ends of the
-- range, not 365 days of every series.
CREATE TABLE monthly_latency (
    month INTEGER NOT NULL,
    series INTEGER NOT NULL REFERENCES series(id),
    ttft BLOB NOT NULL,
    total BLOB NOT NULL,
    speed BLOB NOT NULL,
    PRIMARY KEY (month, series)
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
    // 3 → 4: the gateway's per-tool keys. Every call carries the key it came
    // with, a series is also per key (so Usage groups and filters by key from
    // the roll-ups), and budgets may be a key's and per day, week or month.
    // The keys' tokens are in the keychain; this table keeps their SHA-256
    // (256 random bits each: the digest reveals nothing and cannot be
    // guessed back), so that any process checks a token without the keychain.
    R"sql(
ALTER TABLE calls ADD COLUMN key_name TEXT NOT NULL DEFAULT '';
CREATE TABLE series_4 (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    source TEXT NOT NULL,
    project TEXT NOT NULL,
    key_name TEXT NOT NULL DEFAULT '',
    UNIQUE (provider, model, source, project, key_name)
);
INSERT INTO series_4 (id, provider, model, source, project) SELECT id, provider, model, source, project FROM series;
DROP TABLE series;
ALTER TABLE series_4 RENAME TO series;
CREATE TABLE budgets_4 (
    scope TEXT NOT NULL DEFAULT '',
    key_name TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT 'month',
    limit_nano INTEGER NOT NULL,
    action TEXT NOT NULL DEFAULT 'block',
    reroute TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scope, key_name, period)
) WITHOUT ROWID;
INSERT INTO budgets_4 (scope, limit_nano, action, reroute) SELECT scope, limit_nano, action, reroute FROM budgets;
DROP TABLE budgets;
ALTER TABLE budgets_4 RENAME TO budgets;
CREATE TABLE gateway_keys (
    name TEXT PRIMARY KEY,
    token_sha256 BLOB NOT NULL UNIQUE,
    enabled INTEGER NOT NULL DEFAULT 1,
    routes TEXT NOT NULL DEFAULT '',
    models TEXT NOT NULL DEFAULT '',
    requests_per_minute INTEGER NOT NULL DEFAULT 0,
    tokens_per_minute INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    rotated_ms INTEGER NOT NULL DEFAULT 0
);
)sql",
    // 4 → 5: evaluation runs (core/eval's EvalTable): a run per suite run,
    // a result per case, target and repeat — with the answer, so a run can be
    // looked at, compared with a baseline and resumed later.
    R"sql(
CREATE TABLE eval_runs (
    id INTEGER PRIMARY KEY,
    suite TEXT NOT NULL,
    suite_path TEXT NOT NULL DEFAULT '',
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER,
    state TEXT NOT NULL,
    targets TEXT NOT NULL DEFAULT '[]',
    cases INTEGER NOT NULL DEFAULT 0,
    repeats INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE eval_results (
    run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    case_index INTEGER NOT NULL,
    target TEXT NOT NULL,
    repeat_index INTEGER NOT NULL,
    case_key TEXT NOT NULL,
    prompt TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    cost_nano INTEGER,
    cost_estimated INTEGER NOT NULL DEFAULT 0,
    latency_ms REAL,
    tokens_in INTEGER,
    tokens_out INTEGER,
    score REAL,
    assertions TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, case_index, target, repeat_index)
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

namespace {

std::expected<void, SqliteError> migrateSteps(SqliteConnection &db)
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
        const auto dangling = db.scalar("SELECT count(*) FROM pragma_foreign_key_check");
        if (!dangling)
            return std::unexpected(dangling.error());
        if (*dangling != 0)
            return std::unexpected(SqliteError{.code = SQLITE_CONSTRAINT,
                                               .message = u"the schema upgrade would leave references dangling"_s});
        if (auto committed = transaction->commit(); !committed)
            return committed;
    }
}

} // namespace

std::expected<void, SqliteError> migrate(SqliteConnection &db)
{
    // A step that rebuilds a table others refer to (SQLite cannot change a
    // table's constraints in place) drops the old one first; with foreign keys
    // enforced that would empty the tables referring to it. So they are off
    // while migrating (a no-op inside a transaction, hence here) and every
    // step proves before it commits that it left no reference dangling.
    const auto enforced = db.scalar("PRAGMA foreign_keys");
    if (!enforced)
        return std::unexpected(enforced.error());
    if (auto off = db.exec("PRAGMA foreign_keys = OFF"); !off)
        return off;
    auto done = migrateSteps(db);
    if (*enforced) {
        if (auto on = db.exec("PRAGMA foreign_keys = ON"); !on && done)
            return on;
    }
    return done;
}

} // namespace Switchyard::Usage::UsageSchema
