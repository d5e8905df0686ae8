#pragma once

#include <QString>

#include <optional>

struct sqlite3;

namespace Switchyard::Usage {

/// A failed SQLite call, with SQLite's own message and its primary result code,
/// so callers can tell a busy or corrupt database from a mistake in SQL.
struct SqliteError {
    int code = 0;
    QString message;

    [[nodiscard]] bool isCorrupt() const;
    /// The error of the last call on db that returned code (db may be null).
    /// A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is remembered for db,
    /// whoever made the call and whatever they did with the error.
    [[nodiscard]] static SqliteError of(sqlite3 *db, int code);
    /// What SQLite said when a call on db first found its file damaged.
    [[nodiscard]] static std::optional<QString> damageOf(sqlite3 *db);
    /// db is closed: forget it.
    static void forget(sqlite3 *db);
};

} // namespace Switchyard::Usage
