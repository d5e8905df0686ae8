#pragma once

#include <QStringList>

/// `switchyard-cli key set|show|remove|list`: API keys in the system keychain.
/// `set` reads the key from standard input, never from the command line,
/// where it would land in the shell's history and in `ps`.
int runKeyCommand(const QStringList &arguments);
