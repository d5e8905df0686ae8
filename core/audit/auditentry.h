#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <expected>

namespace Switchyard::Audit {

/// One line of the audit log. What changed or which call ran is in data —
/// names, figures and outcomes only, never a key, a prompt or an answer.
/// The line is chained: prev is the hash of the entry before it (64 zeros
/// for the first), hash the SHA-256 of this entry's canonical form — the
/// compact JSON of every field but hash, keys in order — so that changing,
/// dropping or moving any line breaks the chain from there on.
struct AuditEntry {
    qint64 seq = 0;      // 1, 2, 3, … with no gaps
    QDateTime time;      // UTC, kept to the millisecond
    QString source;      // "app", "cli" or "gateway": which program wrote it
    QString kind;        // "provider.added", "key.set", "call", …
    QJsonObject data;    // the summary
    QString prev;        // hex SHA-256 of the previous entry
    QString hash;        // hex SHA-256 of canonical()

    static constexpr QLatin1StringView FirstPrev{"0000000000000000000000000000000000000000000000000000000000000000"};

    /// The bytes hash is computed over.
    [[nodiscard]] QByteArray canonical() const;
    [[nodiscard]] QString computeHash() const;
    /// The line as written, without its newline.
    [[nodiscard]] QByteArray toLine() const;
    /// data in one line for a table, what it is about first:
    /// "provider=openai, model=gpt-4o, status=ok, cost=$0.0042, caller=compare";
    /// nano-dollars as dollars, lists joined with '+'. The CLI's list and the
    /// app's Audit page show it.
    [[nodiscard]] QString summary() const;
    /// Reads a line back; an error says what is wrong with it (not whether
    /// its hash matches: see AuditLog::verify()).
    [[nodiscard]] static std::expected<AuditEntry, QString> fromLine(QByteArrayView line);

    bool operator==(const AuditEntry &) const = default;
};

/// "2026-12-08T00:41:07.123Z".
[[nodiscard]] QString auditTime(const QDateTime &time);

} // namespace Switchyard::Audit
