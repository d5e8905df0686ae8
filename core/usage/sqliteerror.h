#pragma once

#include <QString>

struct sqlite3;

namespace Switchyard::Usage {

/// A failed SQLite call, with SQLite's own message and its primary result code,
/// so callers can tell a busy or corrupt database from a mistake in SQL.
struct SqliteError {
    int code = 0;
    QString message;

    [[nodiscard]] bool isCorrupt() const;
    /// The error of the last call on db that returned code (db may be null).
    [[nodiscard]] static SqliteError of(sqlite3 *db, int code);
};

} // namespace Switchyard::Usage
