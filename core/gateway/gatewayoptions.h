#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Switchyard::Gateway {

/// How the local gateway listens and whom it lets in.
struct GatewayOptions {
    /// Loopback unless the user chose otherwise (the app and the CLI warn then).
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    /// The bearer token every request must carry. Never logged.
    QString token;
    /// Origins (scheme://host[:port]) whose browser pages may call the
    /// gateway; any other request with an Origin header is refused.
    QStringList allowedOrigins;
    qint64 maxBodyBytes = 32 * 1024 * 1024; // images inline as base64 make bodies large
    int maxConcurrentPerClient = 16;        // a client is one peer address
};

} // namespace Switchyard::Gateway
