#include "openaichatrequest.h"

#include "gateway/jsonbody.h"

#include "providers/namecheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

using Providers::ChatMessage;
using Providers::ImageAttachment;
using Providers::ResponseFormat;
using Providers::ToolCall;
using Providers::ToolChoice;
using Providers::ToolDefinition;

// Fields only OpenAI's wire format has: passed to OpenAI-compatible
// upstreams as the client wrote them, left out for the other formats.
const QStringList openAiOnly{
    u"logit_bias"_s, u"logprobs"_s, u"top_logprobs"_s, u"user"_s,       u"metadata"_s,
    u"prediction"_s, u"service_tier"_s, u"modalities"_s, u"store"_s, u"verbosity"_s,
};

// Fields the gateway reads into the neutral request, which every format can
// be given in its own words.
const QStringList readHere{u"model"_s,       u"messages"_s,       u"stream"_s,   u"stream_options"_s,
                           u"temperature"_s, u"top_p"_s,          u"max_tokens"_s, u"max_completion_tokens"_s,
                           u"reasoning_effort"_s, u"n"_s,         u"seed"_s,     u"presence_penalty"_s,
                           u"frequency_penalty"_s, u"stop"_s,     u"tools"_s,    u"tool_choice"_s,
                           u"parallel_tool_calls"_s, u"response_format"_s};

GatewayError invalid(const QString &param, const QString &what)
{
    return GatewayError::badRequest(u"'%1' %2"_s.arg(param, what), param);
}

// Parses one field into the request; the error if it does not parse.
template<typename T, typename Parse>
std::optional<GatewayError> readInto(T &target, Parse parse, const QJsonValue &value)
{
    auto parsed = parse(value);
    if (!parsed)
        return parsed.error();
    target = std::move(*parsed);
    return std::nullopt;
}

std::expected<std::optional<double>, GatewayError> number(const QJsonObject &object, const QString &field)
{
    const QJsonValue v = object.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble())
        return std::unexpected(invalid(field, u"must be a number"_s));
    return v.toDouble();
}

std::expected<QList<ToolCall>, GatewayError> toolCalls(const QJsonValue &value, const QString &where)
{
    if (!value.isArray())
        return std::unexpected(GatewayError::badRequest(where + u" must be a list"_s, where));
    QList<ToolCall> calls;
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = u"%1[%2]"_s.arg(where).arg(i);
        const QJsonObject call = list.at(i).toObject();
        const QJsonObject function = call.value(u"function"_s).toObject();
        if (call.value(u"id"_s).toString().isEmpty() || function.value(u"name"_s).toString().isEmpty())
            return std::unexpected(
                GatewayError::badRequest(at + u" needs an id and a function with a name"_s, at));
        if (const QString type = call.value(u"type"_s).toString(u"function"_s); type != "function"_L1)
            return std::unexpected(
                GatewayError::badRequest(u"%1: tool calls of type '%2' are not supported"_s.arg(at, type), at + u".type"_s));
        calls.append({.id = call.value(u"id"_s).toString(),
                      .name = function.value(u"name"_s).toString(),
                      .arguments = function.value(u"arguments"_s).toString()});
    }
    return calls;
}

std::expected<QList<ToolDefinition>, GatewayError> tools(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QList<ToolDefinition>();
    if (!value.isArray())
        return std::unexpected(invalid(u"tools"_s, u"must be a list"_s));
    QList<ToolDefinition> out;
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = u"tools[%1]"_s.arg(i);
        const QJsonObject tool = list.at(i).toObject();
        if (const QString type = tool.value(u"type"_s).toString(); type != "function"_L1)
            return std::unexpected(GatewayError::badRequest(
                u"%1: tools of type '%2' are not supported, only 'function'"_s.arg(at, type), at + u".type"_s));
        const QJsonObject function = tool.value(u"function"_s).toObject();
        if (function.value(u"name"_s).toString().isEmpty())
            return std::unexpected(GatewayError::badRequest(at + u".function needs a name"_s, at + u".function.name"_s));
        if (const QJsonValue p = function.value(u"parameters"_s); !p.isUndefined() && !p.isObject())
            return std::unexpected(GatewayError::badRequest(at + u".function.parameters must be a JSON Schema object"_s,
                                                            at + u".function.parameters"_s));
        out.append({.name = function.value(u"name"_s).toString(),
                    .description = function.value(u"description"_s).toString(),
                    .parameters = function.value(u"parameters"_s).toObject(),
                    .strict = function.value(u"strict"_s).toBool(false)});
    }
    return out;
}

std::expected<ToolChoice, GatewayError> toolChoice(const QJsonValue &value)
{
    using Mode = ToolChoice::Mode;
    if (value.isUndefined() || value.isNull())
        return ToolChoice{};
    if (value.isString()) {
        const QString s = value.toString();
        if (s == "auto"_L1)
            return ToolChoice{.mode = Mode::Auto};
        if (s == "none"_L1)
            return ToolChoice{.mode = Mode::None};
        if (s == "required"_L1)
            return ToolChoice{.mode = Mode::Required};
    } else if (const QString name = value.toObject().value(u"function"_s).toObject().value(u"name"_s).toString();
               !name.isEmpty()) {
        return ToolChoice{.mode = Mode::Named, .name = name};
    }
    return std::unexpected(invalid(u"tool_choice"_s, u"must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}"_s));
}

std::expected<ResponseFormat, GatewayError> responseFormat(const QJsonValue &value)
{
    using Kind = ResponseFormat::Kind;
    if (value.isUndefined() || value.isNull())
        return ResponseFormat{};
    const QJsonObject object = value.toObject();
    const QString type = object.value(u"type"_s).toString();
    if (type == "text"_L1)
        return ResponseFormat{};
    if (type == "json_object"_L1)
        return ResponseFormat{.kind = Kind::JsonObject};
    if (type == "json_schema"_L1) {
        const QJsonObject spec = object.value(u"json_schema"_s).toObject();
        if (!spec.value(u"schema"_s).isObject())
            return std::unexpected(GatewayError::badRequest(u"'response_format.json_schema.schema' must be a JSON Schema object"_s,
                                                            u"response_format.json_schema.schema"_s));
        return ResponseFormat{.kind = Kind::JsonSchema,
                              .name = spec.value(u"name"_s).toString(),
                              .schema = spec.value(u"schema"_s).toObject(),
                              .strict = spec.value(u"strict"_s).toBool(false)};
    }
    return std::unexpected(invalid(u"response_format"_s, u"must have type text, json_object or json_schema"_s));
}

std::expected<QStringList, GatewayError> stop(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (value.isString())
        return QStringList{value.toString()};
    QStringList out;
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray()) {
            if (!v.isString())
                return std::unexpected(invalid(u"stop"_s, u"must be a string or a list of strings"_s));
            out.append(v.toString());
        }
        return out;
    }
    return std::unexpected(invalid(u"stop"_s, u"must be a string or a list of strings"_s));
}

std::expected<ImageAttachment, GatewayError> image(const QJsonObject &part, const QString &where)
{
    const QString url = part.value(u"image_url"_s).isObject()
        ? part.value(u"image_url"_s).toObject().value(u"url"_s).toString()
        : part.value(u"image_url"_s).toString();
    // Only inline images: fetching a URL the client names would make the
    // gateway a proxy to anywhere, and providers differ in what they fetch.
    if (!url.startsWith(u"data:"_s))
        return std::unexpected(GatewayError::badRequest(
            u"%1: only inline images (data: URLs) are accepted; download the image and send it as base64"_s.arg(where),
            where));
    const qsizetype comma = url.indexOf(u',');
    const QStringView header = QStringView(url).mid(5, comma - 5);
    if (comma < 0 || !header.endsWith(u";base64"_s))
        return std::unexpected(GatewayError::badRequest(u"%1: the data: URL is not base64"_s.arg(where), where));
    auto decoded = QByteArray::fromBase64Encoding(QStringView(url).mid(comma + 1).toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::unexpected(GatewayError::badRequest(u"%1: the image's base64 does not decode"_s.arg(where), where));
    return ImageAttachment{.data = std::move(*decoded), .mimeType = header.chopped(7).toString()};
}

// A message's content: a string, or a list of parts (text and images).
std::expected<void, GatewayError> content(const QJsonValue &value, const QString &where, QString &text,
                                          QList<ImageAttachment> *images)
{
    if (value.isString()) {
        text = value.toString();
        return {};
    }
    if (value.isNull() || value.isUndefined())
        return {};
    if (!value.isArray())
        return std::unexpected(GatewayError::badRequest(u"%1 must be a string or a list of parts"_s.arg(where), where));
    const QJsonArray parts = value.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString partWhere = u"%1[%2]"_s.arg(where).arg(i);
        const QString type = part.value(u"type"_s).toString();
        if (type == "text"_L1) {
            text += part.value(u"text"_s).toString();
        } else if (type == "image_url"_L1 && images) {
            auto attachment = image(part, partWhere);
            if (!attachment)
                return std::unexpected(attachment.error());
            images->append(std::move(*attachment));
        } else {
            return std::unexpected(GatewayError::badRequest(
                u"%1: parts of type '%2' are not supported here"_s.arg(partWhere, type), partWhere));
        }
    }
    return {};
}

} // namespace

std::expected<OpenAiChatRequest, GatewayError> OpenAiChatRequest::parse(const QByteArray &body)
{
    const auto json = jsonBody(body);
    if (!json)
        return std::unexpected(json.error());
    const QJsonObject &object = *json;

    OpenAiChatRequest out;
    out.model = object.value(u"model"_s).toString();
    if (out.model.isEmpty())
        return std::unexpected(GatewayError::badRequest(u"'model' is required: a route name or provider/model"_s,
                                                        u"model"_s));
    if (const QString problem = Providers::nameProblem(out.model, u"model"); !problem.isEmpty())
        return std::unexpected(GatewayError::badRequest(u"'model': "_s + problem, u"model"_s));
    out.stream = object.value(u"stream"_s).toBool(false);
    out.includeUsage = object.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(false);
    if (object.contains(u"n"_s) && object.value(u"n"_s).toInt(1) != 1)
        return std::unexpected(GatewayError::badRequest(u"only n = 1 is supported"_s, u"n"_s));

    const QJsonValue messages = object.value(u"messages"_s);
    if (!messages.isArray() || messages.toArray().isEmpty())
        return std::unexpected(GatewayError::badRequest(u"'messages' must be a non-empty list"_s, u"messages"_s));
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = u"messages[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            return std::unexpected(GatewayError::badRequest(where + u" must be an object"_s, where));
        const QJsonObject message = list.at(i).toObject();
        const QString role = message.value(u"role"_s).toString();
        QString text;
        if (role == "system"_L1 || role == "developer"_L1) {
            if (auto ok = content(message.value(u"content"_s), where + u".content"_s, text, nullptr); !ok)
                return std::unexpected(ok.error());
            out.request.systemPrompt += (out.request.systemPrompt.isEmpty() ? QString() : u"\n\n"_s) + text;
        } else if (role == "user"_L1 || role == "assistant"_L1) {
            ChatMessage m{.role = role == "user"_L1 ? ChatMessage::Role::User : ChatMessage::Role::Assistant};
            if (auto ok = content(message.value(u"content"_s), where + u".content"_s, m.text,
                                  role == "user"_L1 ? &m.images : nullptr);
                !ok)
                return std::unexpected(ok.error());
            if (role == "assistant"_L1 && message.contains(u"tool_calls"_s)) {
                auto calls = toolCalls(message.value(u"tool_calls"_s), where + u".tool_calls"_s);
                if (!calls)
                    return std::unexpected(calls.error());
                m.toolCalls = std::move(*calls);
            }
            out.request.messages.append(std::move(m));
        } else if (role == "tool"_L1) {
            ChatMessage m{.role = ChatMessage::Role::Tool, .toolCallId = message.value(u"tool_call_id"_s).toString()};
            if (m.toolCallId.isEmpty())
                return std::unexpected(GatewayError::badRequest(where + u": a tool result needs its tool_call_id"_s,
                                                                where + u".tool_call_id"_s));
            if (auto ok = content(message.value(u"content"_s), where + u".content"_s, m.text, nullptr); !ok)
                return std::unexpected(ok.error());
            out.request.messages.append(std::move(m));
        } else if (role == "function"_L1) {
            return std::unexpected(GatewayError::badRequest(
                where + u": the 'function' role is OpenAI's old form; send tool results with role 'tool'"_s,
                where + u".role"_s));
        } else {
            return std::unexpected(GatewayError::badRequest(u"%1: unknown role '%2'"_s.arg(where, role), where + u".role"_s));
        }
    }

    auto temperature = number(object, u"temperature"_s);
    auto topP = number(object, u"top_p"_s);
    auto presence = number(object, u"presence_penalty"_s);
    auto frequency = number(object, u"frequency_penalty"_s);
    auto seed = number(object, u"seed"_s);
    for (const auto *n : {&temperature, &topP, &presence, &frequency, &seed}) {
        if (!*n)
            return std::unexpected(n->error());
    }
    out.request.temperature = *temperature;
    out.request.topP = *topP;
    out.request.presencePenalty = *presence;
    out.request.frequencyPenalty = *frequency;
    if (*seed) {
        // A whole number JSON holds exactly: converting 1e50 to qint64 would
        // be undefined behaviour (fuzz_openaichatrequest found it).
        const double value = **seed;
        if (!(std::abs(value) <= 9007199254740992.0) || value != std::floor(value))
            return std::unexpected(invalid(u"seed"_s, u"must be a whole number"_s));
        out.request.seed = qint64(value);
    }
    for (const QString &field : {u"max_completion_tokens"_s, u"max_tokens"_s}) {
        const QJsonValue v = object.value(field);
        if (v.isUndefined() || v.isNull() || out.request.maxTokens)
            continue;
        if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > std::numeric_limits<int>::max()
            || v.toDouble() != double(v.toInteger()))
            return std::unexpected(GatewayError::badRequest(u"'%1' must be a positive whole number"_s.arg(field), field));
        out.request.maxTokens = int(v.toInteger());
    }
    out.request.reasoningEffort = object.value(u"reasoning_effort"_s).toString();
    out.request.stream = true; // upstream always streams: the gateway answers sooner and can cancel at once

    if (const QJsonValue p = object.value(u"parallel_tool_calls"_s); p.isBool())
        out.request.parallelToolCalls = p.toBool();
    else if (!p.isUndefined() && !p.isNull())
        return std::unexpected(invalid(u"parallel_tool_calls"_s, u"must be true or false"_s));
    const std::optional<GatewayError> errors[] = {
        readInto(out.request.tools, tools, object.value(u"tools"_s)),
        readInto(out.request.toolChoice, toolChoice, object.value(u"tool_choice"_s)),
        readInto(out.request.responseFormat, responseFormat, object.value(u"response_format"_s)),
        readInto(out.request.stop, stop, object.value(u"stop"_s)),
    };
    for (const auto &error : errors) {
        if (error)
            return std::unexpected(*error);
    }

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (openAiOnly.contains(it.key()))
            out.request.openAiExtras.insert(it.key(), it.value());
        else if (!readHere.contains(it.key()))
            return std::unexpected(GatewayError::badRequest(
                u"unknown parameter '%1'"_s.arg(it.key()), it.key()));
    }
    return out;
}

} // namespace Switchyard::Gateway
