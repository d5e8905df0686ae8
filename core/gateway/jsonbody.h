#pragma once

#include "gateway/gatewayerror.h"

#include <QByteArray>
#include <QJsonObject>

#include <expected>

namespace Switchyard::Gateway {

/// A request body read as the JSON object every inbound API sends, or the
/// 400 that says where it stops being one.
[[nodiscard]] std::expected<QJsonObject, GatewayError> jsonBody(const QByteArray &body);

} // namespace Switchyard::Gateway
