#include "audit/auditlog.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLockFile>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAudit, "switchyard.audit")

namespace Switchyard::Audit {
namespace {

// How long a writer waits for another to finish its append (a few hundred
// microseconds, normally), and when a lock left by a crashed writer is stale.
constexpr int LockWaitMs = 5000;
constexpr int StaleLockMs = 10'000;
// The last line is looked for in this much of the file's end; entries are a
// few hundred bytes.
constexpr qint64 ShortTailBytes = 4 * 1024;
constexpr qint64 TailBytes = 64 * 1024;

QString lockFileIn(const QString &directory)
{
    return QDir(directory).filePath(u"audit.lock"_s);
}

// Where the chain stands: the last entry's seq and hash.
struct Tip {
    qint64 seq = 0;
    QString hash = AuditEntry::FirstPrev;
};

struct Head {
    bool exists = false;
    bool readable = false;
    Tip tip;
};

Head readHead(const QString &directory)
{
    Head head;
    QFile file(AuditLog::headFileIn(directory));
    if (!file.open(QIODevice::ReadOnly))
        return head;
    head.exists = true;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(4096));
    const QJsonValue seq = doc.object().value(u"seq"_s);
    const QString hash = doc.object().value(u"hash"_s).toString();
    if (!doc.isObject() || !seq.isDouble() || seq.toInteger() < 0 || hash.size() != 64)
        return head;
    head.readable = true;
    head.tip = Tip{.seq = seq.toInteger(), .hash = hash};
    return head;
}

bool writeHead(const QString &directory, const Tip &tip)
{
    // Not through a temporary file: that would sync to disk on every call.
    // A head torn by a crash does not read, and the next writer goes by the
    // log's last line instead.
    QFile file(AuditLog::headFileIn(directory));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray bytes = QJsonDocument(QJsonObject{{u"seq"_s, tip.seq}, {u"hash"_s, tip.hash}})
                                 .toJson(QJsonDocument::Compact)
                             + '\n';
    return file.write(bytes) == bytes.size();
}

// The last complete line of the file that reads as an entry, if any. An
// entry is a few hundred bytes: the last few KiB nearly always hold it.
std::optional<AuditEntry> lastEntry(QFile &file)
{
    const qint64 size = file.size();
    for (const qint64 window : {ShortTailBytes, TailBytes}) {
        const qint64 from = std::max<qint64>(0, size - window);
        if (!file.seek(from))
            return std::nullopt;
        QList<QByteArray> lines = file.read(size - from).split('\n');
        if (from > 0 && !lines.isEmpty())
            lines.removeFirst(); // may start mid-line
        for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
            if (it->isEmpty())
                continue;
            if (auto entry = AuditEntry::fromLine(*it))
                return *entry;
        }
        if (from == 0)
            break;
    }
    return std::nullopt;
}

} // namespace

AuditLog::AuditLog(QString directory, QString source)
    : m_directory(std::move(directory))
    , m_path(fileIn(m_directory))
    , m_source(std::move(source))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

QString AuditLog::fileIn(const QString &directory)
{
    return QDir(directory).filePath(u"audit.jsonl"_s);
}

QString AuditLog::headFileIn(const QString &directory)
{
    return QDir(directory).filePath(u"audit.head"_s);
}

std::expected<AuditEntry, QString> AuditLog::append(const QString &kind, const QJsonObject &data)
{
    auto written = appendLocked({{kind, data}});
    if (!written)
        return std::unexpected(written.error());
    return written->constFirst();
}

void AuditLog::record(const QString &kind, const QJsonObject &data)
{
    if (auto written = append(kind, data); !written)
        qCWarning(lcAudit).noquote() << "not entered in the audit log:" << kind << "-" << written.error();
}

std::expected<void, QString> AuditLog::appendAll(const QList<std::pair<QString, QJsonObject>> &entries)
{
    if (entries.isEmpty())
        return {};
    auto written = appendLocked(entries);
    if (!written)
        return std::unexpected(written.error());
    return {};
}

std::expected<QList<AuditEntry>, QString> AuditLog::appendLocked(const QList<std::pair<QString, QJsonObject>> &entries)
{
    std::lock_guard guard(m_mutex);
    if (!QDir().mkpath(m_directory))
        return std::unexpected(u"cannot create %1"_s.arg(m_directory));
    QLockFile lock(lockFileIn(m_directory));
    lock.setStaleLockTime(StaleLockMs);
    if (!lock.tryLock(LockWaitMs))
        return std::unexpected(u"the audit log is locked by another program (%1)"_s.arg(lockFileIn(m_directory)));

    QFile file(m_path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return std::unexpected(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    // Where the chain stands, read again under the lock: another program may
    // have appended since this one last did. The head is the record of the
    // last append; the file's last line wins only when it is the entry right
    // after the head (a writer stopped between writing the two).
    const Head head = readHead(m_directory);
    const std::optional<AuditEntry> last = lastEntry(file);
    Tip tip;
    if (head.readable) {
        tip = head.tip;
        if (last && last->seq == head.tip.seq + 1 && last->prev == head.tip.hash && last->hash == last->computeHash())
            tip = Tip{.seq = last->seq, .hash = last->hash};
    } else if (last) {
        tip = Tip{.seq = last->seq, .hash = last->hash};
    }

    QByteArray bytes;
    if (file.size() > 0) {
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            bytes += '\n'; // a torn last line stays a line of its own, which verify() names
    }
    QList<AuditEntry> written;
    written.reserve(entries.size());
    for (const auto &[kind, data] : entries) {
        AuditEntry entry{.seq = tip.seq + 1, .time = m_clock().toUTC(), .source = m_source, .kind = kind,
                         .data = data, .prev = tip.hash, .hash = {}};
        entry.hash = entry.computeHash();
        bytes += entry.toLine() + '\n';
        tip = Tip{.seq = entry.seq, .hash = entry.hash};
        written.append(std::move(entry));
    }
    if (file.write(bytes) != bytes.size() || !file.flush())
        return std::unexpected(u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    file.close();
    if (!writeHead(m_directory, tip))
        qCWarning(lcAudit) << "cannot write" << headFileIn(m_directory);
    return written;
}

AuditVerification AuditLog::verify(const QString &directory)
{
    AuditVerification v;
    v.lastHash = AuditEntry::FirstPrev;
    const auto broken = [&v](qint64 line, qint64 seq, const QString &problem) {
        v.intact = false;
        v.brokenLine = line;
        v.brokenSeq = seq;
        v.problem = problem;
        return v;
    };
    const Head head = readHead(directory);
    QFile file(fileIn(directory));
    if (!file.open(QIODevice::ReadOnly)) {
        if (head.readable && head.tip.seq > 0)
            return broken(0, 1, u"the log is missing, but its head records %1 entries"_s.arg(head.tip.seq));
        if (head.exists && !head.readable)
            return broken(0, 0, u"the head file (audit.head) does not read"_s);
        return v; // nothing logged yet
    }
    qint64 lineNo = 0;
    QString hashBeforeLast;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNo;
        const qint64 expected = v.lastSeq + 1;
        if (!line.endsWith('\n'))
            return broken(lineNo, expected, u"line %1 is cut short (no end of line)"_s.arg(lineNo));
        line.chop(1);
        const auto entry = AuditEntry::fromLine(line);
        if (!entry)
            return broken(lineNo, expected, u"line %1 does not read: %2"_s.arg(lineNo).arg(entry.error()));
        if (entry->hash != entry->computeHash() || line != entry->toLine())
            return broken(lineNo, entry->seq,
                          u"entry %1 (line %2) was changed: its contents do not match its hash"_s.arg(entry->seq)
                              .arg(lineNo));
        if (entry->seq != expected)
            return broken(lineNo, entry->seq,
                          u"entry %1 (line %2) is where entry %3 should be: entries were removed or reordered"_s
                              .arg(entry->seq)
                              .arg(lineNo)
                              .arg(expected));
        if (entry->prev != v.lastHash)
            return broken(lineNo, entry->seq,
                          u"entry %1 (line %2) does not follow the entry before it: "
                          "an entry was removed, replaced or moved"_s.arg(entry->seq)
                              .arg(lineNo));
        hashBeforeLast = v.lastHash;
        v.lastSeq = entry->seq;
        v.lastHash = entry->hash;
        v.entries = lineNo;
    }
    if (!head.exists) {
        if (v.lastSeq > 0)
            return broken(0, v.lastSeq,
                          u"the head file (audit.head) is missing: entries cut from the end would go unnoticed"_s);
        return v;
    }
    if (!head.readable)
        return broken(0, v.lastSeq, u"the head file (audit.head) does not read"_s);
    if (head.tip.seq > v.lastSeq) {
        return broken(0, v.lastSeq + 1,
                      u"the log ends at entry %1 but its head records entry %2: entries were cut from the end"_s
                          .arg(v.lastSeq)
                          .arg(head.tip.seq));
    }
    // One entry past the head is a writer stopped between the log and the
    // head; the next append sets the head right.
    const bool headOneBehind = head.tip.seq == v.lastSeq - 1 && head.tip.hash == hashBeforeLast;
    if (!headOneBehind && (head.tip.seq != v.lastSeq || head.tip.hash != v.lastHash)) {
        return broken(v.entries, v.lastSeq,
                      u"the last entry (%1) is not the one its head records (entry %2): "
                      "it was replaced, or the head edited"_s.arg(v.lastSeq)
                          .arg(head.tip.seq));
    }
    return v;
}

std::expected<QList<AuditEntry>, QString> AuditLog::read(const QString &directory)
{
    QFile file(fileIn(directory));
    if (!file.exists())
        return QList<AuditEntry>{};
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
    QList<AuditEntry> entries;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (auto entry = AuditEntry::fromLine(line))
            entries.append(std::move(*entry));
    }
    return entries;
}

} // namespace Switchyard::Audit
