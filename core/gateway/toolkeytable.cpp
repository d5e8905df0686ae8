#include "gateway/toolkeytable.h"

#include "audit/auditlog.h"
#include "gateway/gatewaytoken.h"

#include <QJsonArray>
#include <QJsonObject>

#include "usage/sqlitetransaction.h"
#include "usage/usagedatabase.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

// Lists are kept one item per line: route names and model ids hold no new line.
QString joined(const QStringList &list)
{
    return list.join(u'\n');
}

QStringList split(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

constexpr const char *SelectKeys = R"sql(
SELECT name, token_sha256, enabled, routes, models, requests_per_minute, tokens_per_minute, created_ms, rotated_ms
FROM gateway_keys ORDER BY name)sql";

} // namespace

std::expected<QList<ToolKey>, Usage::UsageError> ToolKeyTable::keys()
{
    auto statement = m_db.connection().prepare(SelectKeys);
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    QList<ToolKey> list;
    const auto read = statement->forEachRow([&] {
        auto &s = *statement;
        list.append(ToolKey{.name = s.text(0),
                     .tokenSha256 = s.blob(1).toByteArray(),
                     .enabled = s.int64(2) != 0,
                     .routes = split(s.text(3)),
                     .models = split(s.text(4)),
                     .requestsPerMinute = int(s.int64(5)),
                     .tokensPerMinute = s.int64(6),
                     .createdMs = s.int64(7),
                     .rotatedMs = s.int64(8)});
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    return list;
}

std::expected<std::optional<ToolKey>, Usage::UsageError> ToolKeyTable::find(const QString &name)
{
    const auto all = keys();
    if (!all)
        return std::unexpected(all.error());
    for (const ToolKey &key : *all) {
        if (key.name == name)
            return key;
    }
    return std::nullopt;
}

std::expected<void, Usage::UsageError> ToolKeyTable::put(const ToolKey &key)
{
    if (auto done = write(key); !done)
        return done;
    audit(ChangedKind, key);
    return {};
}

void ToolKeyTable::audit(QLatin1StringView kind, const ToolKey &key) const
{
    if (const auto &log = m_db.auditLog()) {
        log->record(QString(kind), QJsonObject{{u"name"_s, key.name},
                                               {u"enabled"_s, key.enabled},
                                               {u"routes"_s, QJsonArray::fromStringList(key.routes)},
                                               {u"models"_s, QJsonArray::fromStringList(key.models)},
                                               {u"requests_per_minute"_s, key.requestsPerMinute},
                                               {u"tokens_per_minute"_s, key.tokensPerMinute}});
    }
}

std::expected<void, Usage::UsageError> ToolKeyTable::write(const ToolKey &key)
{
    auto statement = m_db.connection().prepare(R"sql(
INSERT OR REPLACE INTO gateway_keys (name, token_sha256, enabled, routes, models, requests_per_minute,
                                     tokens_per_minute, created_ms, rotated_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    if (!statement)
        return std::unexpected(m_db.errorOf(statement.error()));
    auto &s = *statement;
    s.bind(1, key.name);
    s.bindBlob(2, key.tokenSha256);
    s.bind(3, qint64(key.enabled));
    s.bind(4, joined(key.routes));
    s.bind(5, joined(key.models));
    s.bind(6, qint64(key.requestsPerMinute));
    s.bind(7, key.tokensPerMinute);
    s.bind(8, key.createdMs);
    s.bind(9, key.rotatedMs);
    if (auto done = s.run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return {};
}

std::expected<QString, Usage::UsageError> ToolKeyTable::create(ToolKey key, qint64 nowMs)
{
    if (const auto problem = ToolKey::nameProblem(key.name))
        return std::unexpected(Usage::UsageError{Usage::UsageError::Kind::Failed, *problem});
    const auto existing = find(key.name);
    if (!existing)
        return std::unexpected(existing.error());
    if (*existing)
        return std::unexpected(Usage::UsageError{
            Usage::UsageError::Kind::Failed,
            u"there is a key named \u201c%1\u201d already; rotate it for a new token"_s.arg(key.name)});
    const QString token = GatewayToken::generate();
    key.tokenSha256 = ToolKey::digest(token.toLatin1());
    key.createdMs = nowMs;
    key.rotatedMs = 0;
    if (auto done = write(key); !done)
        return std::unexpected(done.error());
    audit(CreatedKind, key);
    return token;
}

std::expected<QString, Usage::UsageError> ToolKeyTable::rotate(const QString &name, qint64 nowMs)
{
    auto existing = find(name);
    if (!existing)
        return std::unexpected(existing.error());
    if (!*existing)
        return std::unexpected(
            Usage::UsageError{Usage::UsageError::Kind::Failed, u"there is no key named \u201c%1\u201d"_s.arg(name)});
    ToolKey key = **existing;
    const QString token = GatewayToken::generate();
    key.tokenSha256 = ToolKey::digest(token.toLatin1());
    key.rotatedMs = nowMs;
    if (auto done = write(key); !done)
        return std::unexpected(done.error());
    audit(RotatedKind, key);
    return token;
}

std::expected<bool, Usage::UsageError> ToolKeyTable::remove(const QString &name)
{
    Usage::SqliteConnection &sql = m_db.connection();
    auto transaction = Usage::SqliteTransaction::begin(sql);
    if (!transaction)
        return std::unexpected(m_db.errorOf(transaction.error()));
    auto removeKey = sql.prepare("DELETE FROM gateway_keys WHERE name = ?");
    auto removeBudgets = sql.prepare("DELETE FROM budgets WHERE key_name = ?");
    if (!removeKey)
        return std::unexpected(m_db.errorOf(removeKey.error()));
    if (!removeBudgets)
        return std::unexpected(m_db.errorOf(removeBudgets.error()));
    removeKey->bind(1, name);
    if (auto done = removeKey->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    const bool existed = sql.changes() > 0;
    removeBudgets->bind(1, name);
    if (auto done = removeBudgets->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    if (auto committed = transaction->commit(); !committed)
        return std::unexpected(m_db.errorOf(committed.error()));
    if (existed)
        audit(RevokedKind, ToolKey{.name = name});
    return existed;
}

} // namespace Switchyard::Gateway
