#pragma once

#include <QString>

namespace Switchyard::Audit {

/// What AuditLog::verify() found. Intact when every line reads, hashes to
/// what it says, follows the one before it (seq one more, prev its hash), and
/// the last one is the one the head file recorded. Otherwise brokenLine (1 for
/// the first line; 0 when the fault is not at a line, like a missing tail)
/// and brokenSeq name the first entry that fails, and problem says how.
struct AuditVerification {
    bool intact = true;
    qint64 entries = 0;      // lines read
    qint64 lastSeq = 0;      // the last good entry's seq
    QString lastHash;        // and its hash: worth copying elsewhere (docs/governance.md)
    qint64 brokenLine = 0;
    qint64 brokenSeq = 0;
    QString problem;
};

} // namespace Switchyard::Audit
