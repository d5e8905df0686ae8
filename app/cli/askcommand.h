#pragma once

#include <QStringList>

/// `switchyard-cli ask`: one prompt to several models at once; prints each
/// answer and a table of timings, tokens and cost (or JSON with --json).
/// Returns the process exit code.
int runAskCommand(const QStringList &arguments);
