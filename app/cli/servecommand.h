#pragma once

#include <QStringList>

/// `switchyard-cli serve`: the local OpenAI-compatible gateway without the
/// app — listens on 127.0.0.1, routes every call through a routing config,
/// checks budgets and logs usage, until Ctrl+C. Returns the exit code.
int runServeCommand(const QStringList &arguments);
