#include "gateway/openaiembeddingsrequest.h"

#include "gateway/jsonbody.h"
#include "providers/namecheck.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

bool isTokenId(const QJsonValue &value)
{
    // A whole number a tokenizer could give: 0 to 2^31.
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    return d >= 0 && d <= 2147483647.0 && d == double(qint64(d));
}

bool isTokenList(const QJsonValue &value)
{
    if (!value.isArray() || value.toArray().isEmpty())
        return false;
    const QJsonArray ids = value.toArray();
    return std::all_of(ids.begin(), ids.end(), [](const QJsonValue &id) { return isTokenId(id); });
}

} // namespace

std::expected<OpenAiEmbeddingsRequest, GatewayError> OpenAiEmbeddingsRequest::parse(const QByteArray &body)
{
    const auto json = jsonBody(body);
    if (!json)
        return std::unexpected(json.error());
    const QJsonObject &object = *json;

    static const QStringList known{u"model"_s, u"input"_s, u"encoding_format"_s, u"dimensions"_s, u"user"_s};
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            return std::unexpected(GatewayError::badRequest(u"unknown parameter '%1'"_s.arg(it.key()), it.key()));

    OpenAiEmbeddingsRequest out;
    out.model = object.value(u"model"_s).toString();
    if (out.model.isEmpty())
        return std::unexpected(GatewayError::badRequest(u"'model' is required: a route name or provider/model"_s,
                                                        u"model"_s));
    if (const QString problem = Providers::nameProblem(out.model, u"model"); !problem.isEmpty())
        return std::unexpected(GatewayError::badRequest(u"'model': "_s + problem, u"model"_s));

    const QJsonValue input = object.value(u"input"_s);
    const QString shape = u"'input' must be a non-empty string, a list of non-empty strings, or token ids (a list "
                          u"of integers, or a list of such lists)"_s;
    if (input.isString()) {
        if (input.toString().isEmpty())
            return std::unexpected(GatewayError::badRequest(shape, u"input"_s));
        out.request.texts = {input.toString()};
    } else if (input.isArray() && !input.toArray().isEmpty()) {
        const QJsonArray list = input.toArray();
        if (list.size() > MaxInputs)
            return std::unexpected(GatewayError::badRequest(
                u"'input' holds %1 items; at most %2 go in one request"_s.arg(list.size()).arg(MaxInputs), u"input"_s));
        if (list.first().isString()) {
            out.request.texts.reserve(list.size());
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (!list.at(i).isString() || list.at(i).toString().isEmpty())
                    return std::unexpected(GatewayError::badRequest(
                        u"'input[%1]' must be a non-empty string, as the items before it"_s.arg(i), u"input"_s));
                out.request.texts.append(list.at(i).toString());
            }
        } else if (isTokenList(input)) {
            out.request.tokenInputs = list;
        } else if (std::all_of(list.begin(), list.end(), [](const QJsonValue &v) { return isTokenList(v); })) {
            out.request.tokenInputs = list;
            out.request.tokenInputIsBatch = true;
        } else {
            return std::unexpected(GatewayError::badRequest(shape, u"input"_s));
        }
    } else {
        return std::unexpected(GatewayError::badRequest(shape, u"input"_s));
    }

    if (const QJsonValue format = object.value(u"encoding_format"_s); !format.isUndefined() && !format.isNull()) {
        if (format != u"float"_s && format != u"base64"_s)
            return std::unexpected(
                GatewayError::badRequest(u"'encoding_format' must be \"float\" or \"base64\""_s, u"encoding_format"_s));
        out.base64 = format == u"base64"_s;
    }
    if (const QJsonValue dimensions = object.value(u"dimensions"_s); !dimensions.isUndefined() && !dimensions.isNull()) {
        if (!isTokenId(dimensions) || dimensions.toDouble() < 1 || dimensions.toDouble() > 65536)
            return std::unexpected(
                GatewayError::badRequest(u"'dimensions' must be a whole number from 1 to 65536"_s, u"dimensions"_s));
        out.request.dimensions = dimensions.toInt();
    }
    if (const QJsonValue user = object.value(u"user"_s); !user.isUndefined() && !user.isNull()) {
        if (!user.isString())
            return std::unexpected(GatewayError::badRequest(u"'user' must be a string"_s, u"user"_s));
        out.request.user = user.toString();
    }
    return out;
}

} // namespace Switchyard::Gateway
