#pragma once

#include "routing/routingconfig.h"

#include <QList>
#include <QString>

namespace Switchyard::Routing {

/// A problem with a routing config, at the line and column it was found.
/// Errors make a config unusable; warnings (a model the price catalog does
/// not know, a route no rule reaches) do not.
struct ConfigError {
    enum class Severity : quint8 { Error, Warning };
    Severity severity = Severity::Error;
    SourcePosition position;
    QString message;

    [[nodiscard]] bool isError() const { return severity == Severity::Error; }
    /// "12:5: message", or the message alone when the position is not known.
    [[nodiscard]] QString toString() const
    {
        return position.isKnown() ? QString::number(position.line) + u':' + QString::number(position.column) + u": "
                + message
                                  : message;
    }
};

using ConfigErrors = QList<ConfigError>;

} // namespace Switchyard::Routing
