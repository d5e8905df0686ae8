#include "usage/sqliteerror.h"

#include <sqlite3.h>

namespace Switchyard::Usage {

SqliteError SqliteError::of(sqlite3 *db, int code)
{
    return {.code = code & 0xff,
            .message = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(code))};
}

bool SqliteError::isCorrupt() const
{
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

} // namespace Switchyard::Usage
