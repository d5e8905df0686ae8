#pragma once

#include <QStringList>

/// `switchyard-cli models PROVIDER...`: the models each provider offers to
/// this key, with the catalog's prices and context lengths; --json for scripts.
int runModelsCommand(const QStringList &arguments);
