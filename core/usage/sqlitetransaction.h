#pragma once

#include "usage/sqliteconnection.h"

namespace Switchyard::Usage {

/// BEGIN IMMEDIATE on creation, ROLLBACK on destruction unless commit()
/// succeeded: every early return of a failed write undoes what it began.
/// Immediate, so a writer waits for the lock (busy timeout) at the start
/// rather than failing halfway when another process writes.
class SqliteTransaction final
{
public:
    [[nodiscard]] static std::expected<SqliteTransaction, SqliteError> begin(SqliteConnection &db);
    SqliteTransaction(SqliteTransaction &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}
    SqliteTransaction &operator=(SqliteTransaction &&) = delete;
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    ~SqliteTransaction();

    [[nodiscard]] std::expected<void, SqliteError> commit();

private:
    explicit SqliteTransaction(SqliteConnection *db) : m_db(db) {}
    SqliteConnection *m_db; // null once committed or moved from
};

} // namespace Switchyard::Usage
