#pragma once

#include <QString>

namespace Switchyard::Catalog {

/// Why a catalog file could not be read or written. The message is for people:
/// it names the file, the line and column of a syntax error or the model whose
/// entry is wrong, so that the user or a bug report can go straight to it.
struct Error
{
    enum class Kind : quint8 {
        Io,      ///< the file could not be opened, read, renamed or written
        Syntax,  ///< not JSON
        Invalid, ///< JSON, but not what the format requires
    };

    Kind kind = Kind::Invalid;
    QString message;
};

} // namespace Switchyard::Catalog
