#pragma once

#include "routing/routingconfig.h"

#include <QByteArray>

namespace Switchyard::Routing {

/// Writes a routing config as the YAML (or JSON) that ConfigReader reads
/// back to an equal config. Only what differs from the defaults is written,
/// in a fixed order (docs/routing.md), so files stay short and diffs small.
/// Comments of a file read earlier are not kept.
class ConfigWriter final
{
public:
    [[nodiscard]] static QByteArray toYaml(const RoutingConfig &config);
    [[nodiscard]] static QByteArray toJson(const RoutingConfig &config);
};

} // namespace Switchyard::Routing
