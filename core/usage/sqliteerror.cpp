#include "usage/sqliteerror.h"

#include <QHash>

#include <mutex>
#include <sqlite3.h>

namespace Switchyard::Usage {

namespace {

// Connections that met damage. A set beside SQLite rather than a flag in
// SqliteConnection, because statements and callers reach errors through the
// bare handle; touched only on errors and on close.
std::mutex g_damagedMutex;
QHash<sqlite3 *, QString> g_damaged; // and what SQLite said first

} // namespace

SqliteError SqliteError::of(sqlite3 *db, int code)
{
    SqliteError error{.code = code & 0xff,
                      .message = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(code))};
    if (db && error.isCorrupt()) {
        std::lock_guard lock(g_damagedMutex);
        if (!g_damaged.contains(db))
            g_damaged.insert(db, error.message);
    }
    return error;
}

std::optional<QString> SqliteError::damageOf(sqlite3 *db)
{
    std::lock_guard lock(g_damagedMutex);
    if (const auto it = g_damaged.constFind(db); it != g_damaged.cend())
        return *it;
    return std::nullopt;
}

void SqliteError::forget(sqlite3 *db)
{
    std::lock_guard lock(g_damagedMutex);
    g_damaged.remove(db);
}

bool SqliteError::isCorrupt() const
{
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

} // namespace Switchyard::Usage
