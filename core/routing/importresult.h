#pragma once

#include "routing/routingconfig.h"

#include <QStringList>

namespace Switchyard::Routing {

/// A routing config read from another gateway's format, with notes on what
/// was approximated, left out (keys, never copied) or needs a look.
struct ImportResult {
    RoutingConfig config;
    QStringList notes;
};

} // namespace Switchyard::Routing
