#pragma once

#include <QStringList>

/// switchyard-cli usage: spend, calls and speed from the usage log, by day,
/// model, provider, project or source; single calls as CSV; the budgets.
int runUsageCommand(const QStringList &arguments);
