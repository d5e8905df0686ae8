#pragma once

#include "providers/chatevent.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Switchyard::Gateway {

/// An error the gateway answers with, shaped as OpenAI's API shapes them
/// ({"error": {"message", "type", "param", "code"}}) so that every OpenAI
/// client library reports it as it would OpenAI's own.
struct GatewayError {
    int status = 500;
    QString type;    // "invalid_request_error", "authentication_error", ...
    QString message; // for people: what happened and what to do
    QString code;    // machine-readable, may be empty
    QString param;   // the request field at fault, may be empty
    std::optional<int> retryAfterSeconds;

    [[nodiscard]] QByteArray toJson() const;

    [[nodiscard]] static GatewayError badRequest(QString message, QString param = {});
    [[nodiscard]] static GatewayError unauthorized(QString message);
    [[nodiscard]] static GatewayError forbidden(QString message, QString code);
    [[nodiscard]] static GatewayError notFound(QString message, QString code = {});
    /// What a failed upstream call becomes: a rate limit stays 429 (with its
    /// retry-after), an upstream 4xx stays that 4xx, a time-out is 504, and
    /// the rest are the gateway's 502: the fault is behind it, not the client's.
    [[nodiscard]] static GatewayError fromCallError(const Providers::CallError &error);
};

} // namespace Switchyard::Gateway
