#pragma once

#include <QStringList>

/// switchyard-cli budget: list, set and remove the monthly budgets that the
/// app, the CLI and the gateway all check before a call.
int runBudgetCommand(const QStringList &arguments);
