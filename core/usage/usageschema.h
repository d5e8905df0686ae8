#pragma once

#include "usage/sqliteconnection.h"

namespace Switchyard::Usage::UsageSchema {

/// The schema version this build writes (PRAGMA user_version). A database at a
/// lower version is migrated step by step; one at a higher version was written
/// by a newer Switchyard and is refused untouched.
[[nodiscard]] int currentVersion();

/// The statements that take a database from version `from` to `from + 1`.
/// Tests build every earlier version with these and upgrade it.
[[nodiscard]] const char *migrationFrom(int from);

/// Brings db up to currentVersion(), each step in its own transaction so an
/// interrupted upgrade leaves a consistent earlier version. The caller has
/// made sure the database is not newer than this build.
[[nodiscard]] std::expected<void, SqliteError> migrate(SqliteConnection &db);

} // namespace Switchyard::Usage::UsageSchema
