#pragma once

#include <QByteArray>
#include <QStringList>

namespace Switchyard::Routing {

/// The YAML a new routing config starts from: one route of cheap everyday
/// models as the default, with a comment saying how the file works. It reads
/// without errors or warnings, so the Routing page's "New" and a first start
/// open something that works and can be saved at once. targets are the
/// route's "provider/model"s — models of providers the user has set up; with
/// none, two well-known cheap ones.
[[nodiscard]] QByteArray starterConfig(const QStringList &targets = {});

} // namespace Switchyard::Routing
