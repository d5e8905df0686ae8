#pragma once

#include <QStringList>

/// switchyard-cli route: check a routing config and run its test cases,
/// export it to LiteLLM, Portkey or OpenRouter, import a LiteLLM or Portkey
/// config, and replay the usage log through it (simulate).
int runRouteCommand(const QStringList &arguments);
