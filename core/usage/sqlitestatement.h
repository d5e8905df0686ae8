#pragma once

#include "usage/sqliteerror.h"

#include <QByteArray>
#include <QByteArrayView>

#include <expected>
#include <optional>
#include <type_traits>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace Switchyard::Usage {

/// A prepared statement: bind by position (1-based), step, read columns
/// (0-based), reset to run again.
class SqliteStatement final
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db) {}
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    void bind(int index, qint64 value);
    void bind(int index, double value);
    void bind(int index, const QString &value);
    void bindBlob(int index, const QByteArray &value);
    void bindNull(int index);
    void bind(int index, std::optional<qint64> value) { value ? bind(index, *value) : bindNull(index); }
    void bind(int index, std::optional<double> value) { value ? bind(index, *value) : bindNull(index); }

    /// True while there is a row to read; false when done; an error otherwise.
    [[nodiscard]] std::expected<bool, SqliteError> step();
    /// Runs a statement that returns no rows, then resets it.
    [[nodiscard]] std::expected<void, SqliteError> run();
    void reset();
    /// Steps through the rows, calling visit() for each (it reads the columns);
    /// a visit() that returns false stops early.
    template<typename Visit>
    [[nodiscard]] std::expected<void, SqliteError> forEachRow(Visit visit)
    {
        for (;;) {
            const auto row = step();
            if (!row)
                return std::unexpected(row.error());
            if (!*row)
                return {};
            if constexpr (std::is_same_v<std::invoke_result_t<Visit>, bool>) {
                if (!visit())
                    return {};
            } else {
                visit();
            }
        }
    }

    [[nodiscard]] bool isNull(int column) const;
    [[nodiscard]] qint64 int64(int column) const;
    [[nodiscard]] std::optional<qint64> optionalInt64(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::optional<double> optionalReal(int column) const;
    [[nodiscard]] QString text(int column) const;
    /// Valid until the next step() or reset().
    [[nodiscard]] QByteArrayView blob(int column) const;


private:
    friend class SqliteConnection;
    SqliteStatement(sqlite3_stmt *stmt, sqlite3 *db) : m_stmt(stmt), m_db(db) {}
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
};

} // namespace Switchyard::Usage
