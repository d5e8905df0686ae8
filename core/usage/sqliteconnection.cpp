#include "usage/sqliteconnection.h"

#include <sqlite3.h>

namespace Switchyard::Usage {

SqliteConnection::~SqliteConnection()
{
    if (m_db)
        SqliteError::forget(m_db);
    sqlite3_close_v2(m_db);
}

SqliteConnection &SqliteConnection::operator=(SqliteConnection &&other) noexcept
{
    if (this != &other) {
        if (m_db)
            SqliteError::forget(m_db);
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

std::expected<SqliteConnection, SqliteError> SqliteConnection::open(const QString &path, Mode mode)
{
    SqliteConnection connection;
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &connection.m_db, flags, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(SqliteError::of(connection.m_db, rc));
    sqlite3_extended_result_codes(connection.m_db, 0);
    // Another Switchyard process (the CLI, the gateway) may hold the write
    // lock for a batch; waiting a little is better than failing the call.
    sqlite3_busy_timeout(connection.m_db, 5000);
    return connection;
}

std::expected<void, SqliteError> SqliteConnection::exec(const char *sql)
{
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(SqliteError::of(m_db, rc));
    return {};
}

std::expected<SqliteStatement, SqliteError> SqliteConnection::prepare(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return std::unexpected(SqliteError::of(m_db, rc));
    return SqliteStatement(stmt, m_db);
}

std::expected<qint64, SqliteError> SqliteConnection::scalar(const char *sql)
{
    auto statement = prepare(sql);
    if (!statement)
        return std::unexpected(statement.error());
    const auto row = statement->step();
    if (!row)
        return std::unexpected(row.error());
    return *row ? statement->int64(0) : 0;
}

qint64 SqliteConnection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

qint64 SqliteConnection::changes() const
{
    return sqlite3_changes64(m_db);
}

SqliteError SqliteConnection::lastError() const
{
    return SqliteError::of(m_db, sqlite3_errcode(m_db));
}

} // namespace Switchyard::Usage
