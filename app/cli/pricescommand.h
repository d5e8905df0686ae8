#pragma once

#include <QStringList>

/// `switchyard-cli prices import FILE | --fetch [--url URL]` and
/// `switchyard-cli prices list [FILTER]`: the price catalog from the terminal.
int runPricesCommand(const QStringList &arguments);
