#pragma once

#include "gateway/httplimits.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <expected>

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
    /// The transport's limits; its maxBodyBytes is taken from the one above.
    HttpLimits http;
    /// How long a Responses API answer is kept (in memory, never on disk)
    /// for a later request's previous_response_id; 0 keeps none.
    int keepResponsesSeconds = 3600;

    /// An origin as a browser sends it in its Origin header: "scheme://host"
    /// with ":port" unless the scheme's default, lower case, nothing after
    /// it. Accepts what people type ("http://localhost:3000/", upper case,
    /// ":443" on https) and says what is wrong otherwise.
    [[nodiscard]] static std::expected<QString, QString> normalizeOrigin(QStringView text);
    /// A list of origins separated by commas, spaces or new lines, each
    /// normalised, once each; the first bad one's problem if any.
    [[nodiscard]] static std::expected<QStringList, QString> parseOrigins(QStringView text);
};

} // namespace Switchyard::Gateway
