#pragma once

#include "usage/sqliteerror.h"
#include "usage/sqlitestatement.h"

#include <QString>

#include <expected>
#include <utility>

struct sqlite3;

namespace Switchyard::Usage {

/// One SQLite connection, used from one thread at a time. Thin on purpose: the
/// usage store needs prepared statements, transactions and blobs, nothing that
/// QtSql's driver layer would add, and talking to SQLite directly keeps the
/// hot insert path free of QVariant boxing.
class SqliteConnection final
{
public:
    SqliteConnection() = default;
    ~SqliteConnection();
    SqliteConnection(SqliteConnection &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}
    SqliteConnection &operator=(SqliteConnection &&other) noexcept;
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    enum class Mode { ReadOnly, ReadWriteCreate };
    [[nodiscard]] static std::expected<SqliteConnection, SqliteError> open(const QString &path, Mode mode);

    [[nodiscard]] std::expected<void, SqliteError> exec(const char *sql);
    [[nodiscard]] std::expected<SqliteStatement, SqliteError> prepare(const char *sql);
    /// The first column of the first row of sql, as an integer.
    [[nodiscard]] std::expected<qint64, SqliteError> scalar(const char *sql);

    [[nodiscard]] qint64 lastInsertRowId() const;
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    [[nodiscard]] qint64 changes() const;
    [[nodiscard]] SqliteError lastError() const;
    [[nodiscard]] sqlite3 *handle() const { return m_db; }
    /// Any call on this connection found the file damaged (SQLITE_CORRUPT or
    /// SQLITE_NOTADB), whether or not its caller looked at the error.
    [[nodiscard]] std::optional<QString> damage() const
    {
        return m_db ? SqliteError::damageOf(m_db) : std::nullopt;
    }

private:
    sqlite3 *m_db = nullptr;
};

} // namespace Switchyard::Usage
