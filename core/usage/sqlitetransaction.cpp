#include "usage/sqlitetransaction.h"

namespace Switchyard::Usage {

std::expected<SqliteTransaction, SqliteError> SqliteTransaction::begin(SqliteConnection &db)
{
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun)
        return std::unexpected(begun.error());
    return SqliteTransaction(&db);
}

SqliteTransaction::~SqliteTransaction()
{
    if (m_db)
        (void)m_db->exec("ROLLBACK");
}

std::expected<void, SqliteError> SqliteTransaction::commit()
{
    auto committed = m_db->exec("COMMIT");
    if (committed)
        m_db = nullptr;
    return committed;
}

} // namespace Switchyard::Usage
