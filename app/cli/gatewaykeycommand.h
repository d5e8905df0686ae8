#pragma once

#include <QStringList>

/// switchyard-cli gateway-key: the gateway's per-tool keys — create (the
/// token is printed once), list, edit, rotate, enable, disable, revoke.
int runGatewayKeyCommand(const QStringList &arguments);
