#pragma once

#include "routing/routingconfig.h"

#include <QJsonObject>

namespace Switchyard::Routing {

/// What saving a routing config changed, as the audit log keeps it: the
/// config's name, its counts of routes and rules and its default route, and
/// by name the routes and rules added, removed and changed since before
/// (none given: a new config, everything added). Names only — a rule's regex
/// or a test's prompt may hold text the user would not want in a log, so
/// they are counted as changes, never copied.
[[nodiscard]] QJsonObject configChanges(const RoutingConfig *before, const RoutingConfig &after);

} // namespace Switchyard::Routing
