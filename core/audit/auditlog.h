#pragma once

#include "audit/auditentry.h"
#include "audit/auditverification.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <expected>
#include <functional>
#include <mutex>

namespace Switchyard::Audit {

/// The audit log: an append-only JSON Lines file (audit.jsonl) in the data
/// folder, each line an AuditEntry hash-chained to the one before, and a head
/// file (audit.head) holding the seq and hash of the last entry, so that
/// lines cut from the end are noticed too.
///
/// Several programs append to the same file — the app and a
/// `switchyard-cli serve` at once — so append() takes a lock file
/// (audit.lock) across processes and, under it, reads where the chain stands
/// (the head, or the file's last line when the head is missing or one entry
/// behind after a crash between the two writes) before it writes. Thread-safe
/// within a process too. It writes synchronously: the app's GUI thread
/// appends only for the user's own actions (a provider saved, a budget set);
/// the entry for every call is appended on the usage store's thread.
///
/// What goes in is the caller's choice of fields; docs/governance.md lists
/// them. Never a key, a prompt or an answer.
class AuditLog
{
public:
    /// source names the program in every entry it writes ("app", "cli",
    /// "gateway").
    AuditLog(QString directory, QString source);

    [[nodiscard]] static QString fileIn(const QString &directory);
    [[nodiscard]] static QString headFileIn(const QString &directory);
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QString &source() const { return m_source; }

    /// Appends one entry (now, this log's source) and returns it as written.
    std::expected<AuditEntry, QString> append(const QString &kind, const QJsonObject &data);
    /// append() for those that go on whatever happens to the log: a failure
    /// is warned about (switchyard.audit), never passed on — an entry that
    /// cannot be written does not undo or stop what it records.
    void record(const QString &kind, const QJsonObject &data);
    /// Several entries under one lock (the calls of one usage batch).
    std::expected<void, QString> appendAll(const QList<std::pair<QString, QJsonObject>> &entries);

    /// The clock entries are stamped with; tests set a fixed one.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    /// Checks the whole chain and the head (see AuditVerification).
    [[nodiscard]] static AuditVerification verify(const QString &directory);
    /// Every entry that reads, in file order; lines that do not read are
    /// skipped (verify() names them).
    [[nodiscard]] static std::expected<QList<AuditEntry>, QString> read(const QString &directory);

private:
    std::expected<QList<AuditEntry>, QString> appendLocked(const QList<std::pair<QString, QJsonObject>> &entries);

    QString m_directory;
    QString m_path;
    QString m_source;
    std::function<QDateTime()> m_clock;
    std::mutex m_mutex;
};

} // namespace Switchyard::Audit
