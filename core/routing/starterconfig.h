#pragma once

#include <QByteArray>

namespace Switchyard::Routing {

/// The YAML a new routing config starts from: one route of cheap everyday
/// models as the default, with a comment saying how the file works. It reads
/// without errors or warnings, so the Routing page's "New" and a first start
/// open something that works and can be saved at once.
[[nodiscard]] QByteArray starterConfig();

} // namespace Switchyard::Routing
