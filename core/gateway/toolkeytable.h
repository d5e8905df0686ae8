#pragma once

#include "gateway/toolkey.h"
#include "usage/usageerror.h"

#include <QList>

#include <expected>
#include <optional>

namespace Switchyard::Usage {
class UsageDatabase;
}

namespace Switchyard::Gateway {

/// The gateway's per-tool keys in the usage database (UsageSchema's
/// gateway_keys table), beside the budgets that name them, read and written
/// through a database the caller has open and uses on its thread: the usage
/// store's through UsageStore::query() and write(), the CLI's directly.
class ToolKeyTable final
{
public:
    explicit ToolKeyTable(Usage::UsageDatabase &db) : m_db(db) {}

    /// The audit log's kinds for the changes made here (the database's log,
    /// when it has one): what the key may use and its limits, never its
    /// token nor its digest.
    static constexpr QLatin1StringView CreatedKind{"gateway_key.created"};
    static constexpr QLatin1StringView ChangedKind{"gateway_key.changed"};
    static constexpr QLatin1StringView RotatedKind{"gateway_key.rotated"};
    static constexpr QLatin1StringView RevokedKind{"gateway_key.revoked"};

    /// Every key, by name.
    [[nodiscard]] std::expected<QList<ToolKey>, Usage::UsageError> keys();
    [[nodiscard]] std::expected<std::optional<ToolKey>, Usage::UsageError> find(const QString &name);
    /// Adds the key, or replaces the one of the same name.
    [[nodiscard]] std::expected<void, Usage::UsageError> put(const ToolKey &key);
    /// Adds key (its name, what it may use, its limits) with a new token,
    /// kept here as its digest; the token, for the caller to show once and
    /// put in the keychain. A name already in use is an error.
    [[nodiscard]] std::expected<QString, Usage::UsageError> create(ToolKey key, qint64 nowMs);
    /// Gives name's key a new token: the old one is refused from then on.
    [[nodiscard]] std::expected<QString, Usage::UsageError> rotate(const QString &name, qint64 nowMs);
    /// Removes the key and its budgets (its calls keep its name); whether
    /// there was one.
    [[nodiscard]] std::expected<bool, Usage::UsageError> remove(const QString &name);

private:
    [[nodiscard]] std::expected<void, Usage::UsageError> write(const ToolKey &key);
    void audit(QLatin1StringView kind, const ToolKey &key) const;

    Usage::UsageDatabase &m_db;
};

} // namespace Switchyard::Gateway
