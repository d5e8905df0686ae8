#include "gatewayerror.h"

#include "secrets/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

QByteArray GatewayError::toJson() const
{
    QJsonObject error{{u"message"_s, message}, {u"type"_s, type}};
    error.insert(u"param"_s, param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param));
    error.insert(u"code"_s, code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code));
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

GatewayError GatewayError::badRequest(QString message, QString param)
{
    return {.status = 400, .type = u"invalid_request_error"_s, .message = std::move(message), .param = std::move(param)};
}

GatewayError GatewayError::unauthorized(QString message)
{
    return {.status = 401, .type = u"authentication_error"_s, .message = std::move(message), .code = u"invalid_api_key"_s};
}

GatewayError GatewayError::forbidden(QString message, QString code)
{
    return {.status = 403, .type = u"permission_error"_s, .message = std::move(message), .code = std::move(code)};
}

GatewayError GatewayError::notFound(QString message, QString code)
{
    return {.status = 404, .type = u"invalid_request_error"_s, .message = std::move(message), .code = std::move(code)};
}

GatewayError GatewayError::fromCallError(const Providers::CallError &error)
{
    using Kind = Providers::CallError::Kind;
    // Masked again: a CallError made anywhere but a ChatCall has not been.
    GatewayError out{.status = 502, .type = u"upstream_error"_s, .message = Secrets::redacted(error.message)};
    switch (error.kind) {
    case Kind::RateLimited:
        out.status = 429;
        out.type = u"rate_limit_error"_s;
        out.code = u"rate_limit_exceeded"_s;
        out.retryAfterSeconds = error.retryAfterSeconds;
        break;
    case Kind::Overloaded:
        out.status = 503;
        out.type = u"overloaded_error"_s;
        out.retryAfterSeconds = error.retryAfterSeconds;
        break;
    case Kind::BadRequest:
        // The upstream's own verdict on the request (a wrong parameter, a
        // model it does not have): the client can fix it, so say it as theirs.
        out.status = error.httpStatus >= 400 && error.httpStatus < 500 ? error.httpStatus : 400;
        out.type = u"invalid_request_error"_s;
        break;
    case Kind::Timeout:
        out.status = 504;
        out.type = u"timeout_error"_s;
        break;
    case Kind::InvalidKey:
        // The client's token was good; the key Switchyard holds for the
        // provider was refused. A 401 would send the client after its own.
        out.code = u"upstream_key_rejected"_s;
        break;
    case Kind::Cancelled:
        out.status = 499;
        out.type = u"cancelled"_s;
        break;
    case Kind::KeyMissing:
        // As with a rejected key: the client's token was good, Switchyard has
        // no key for the provider.
        out.code = u"upstream_key_missing"_s;
        break;
    case Kind::BudgetReached:
        out.status = 429;
        out.type = u"insufficient_quota"_s;
        out.code = u"budget_reached"_s;
        break;
    case Kind::ServerError:
    case Kind::ProviderError:
    case Kind::ConnectionRefused:
    case Kind::HostNotFound:
    case Kind::Tls:
    case Kind::StreamCut:
    case Kind::Protocol:
    case Kind::Network:
        break;
    }
    return out;
}

} // namespace Switchyard::Gateway
