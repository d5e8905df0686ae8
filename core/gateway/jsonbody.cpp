#include "jsonbody.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

std::expected<QJsonObject, GatewayError> jsonBody(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(GatewayError::badRequest(
            u"the body is not valid JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset)));
    if (!document.isObject())
        return std::unexpected(GatewayError::badRequest(u"the body must be a JSON object"_s));
    return document.object();
}

} // namespace Switchyard::Gateway
