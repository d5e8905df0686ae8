#pragma once

#include <QStringList>

/// `switchyard-cli eval`: run an evaluation suite (docs/evaluations.md) for
/// CI — exit 1 when an assertion fails or a cell regresses against a
/// baseline —, list and show kept runs, import a promptfoo config.
/// Returns the process exit code.
int runEvalCommand(const QStringList &arguments);
