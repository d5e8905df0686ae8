#pragma once

#include <QStringList>

/// switchyard-cli audit: list, verify and export the audit log of the data
/// folder (Audit::AuditLog; see docs/governance.md).
int runAuditCommand(const QStringList &arguments);
