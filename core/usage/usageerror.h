#pragma once

#include <QString>

namespace Switchyard::Usage {

/// Why the usage database could not be opened, read or written. Corrupt and
/// Newer are the two a user must decide about (set the file aside, or use the
/// newer Switchyard); the message names the file and says what was found.
struct UsageError {
    enum class Kind : quint8 {
        Io,      ///< the file or its folder could not be opened, created or renamed
        Corrupt, ///< not an SQLite database, or SQLite reports it damaged
        Newer,   ///< written by a newer Switchyard: refused, left as it is
        Failed,  ///< any other SQLite failure (disk full, locked for too long)
    };

    Kind kind = Kind::Failed;
    QString message;
};

} // namespace Switchyard::Usage
