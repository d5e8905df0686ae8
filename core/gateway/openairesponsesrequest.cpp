#include "openairesponsesrequest.h"

#include "gateway/jsonbody.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

using Providers::ChatMessage;
using Providers::ImageAttachment;
using Providers::ResponseFormat;
using Providers::ToolChoice;
using Providers::ToolDefinition;

template<typename T>
using Parsed = std::expected<T, GatewayError>;

std::unexpected<GatewayError> fault(const QString &where, const QString &what)
{
    return std::unexpected(GatewayError::badRequest(where + u": "_s + what, where));
}

// Read into the neutral request, or known and without effect on the answer.
const QStringList known{u"model"_s,       u"input"_s,       u"instructions"_s,    u"stream"_s,
                        u"store"_s,       u"tools"_s,       u"tool_choice"_s,     u"parallel_tool_calls"_s,
                        u"temperature"_s, u"top_p"_s,       u"max_output_tokens"_s, u"reasoning"_s,
                        u"text"_s,        u"previous_response_id"_s, u"metadata"_s, u"user"_s,
                        u"include"_s,     u"truncation"_s,  u"service_tier"_s,    u"prompt_cache_key"_s,
                        u"safety_identifier"_s, u"stream_options"_s, u"client_metadata"_s};

// OpenAI's hosted tools run on OpenAI's side: no other upstream can run them,
// and an agent offers them on every request (Codex its web search), so they
// are left out rather than refused.
const QStringList hosted{u"web_search"_s, u"web_search_preview"_s, u"file_search"_s, u"code_interpreter"_s,
                         u"image_generation"_s, u"computer_use_preview"_s, u"mcp"_s, u"local_shell"_s};

Parsed<ImageAttachment> image(const QJsonObject &part, const QString &where)
{
    const QString url = part.value(u"image_url"_s).toString();
    // Only inline images, as on the other endpoints.
    if (!url.startsWith(u"data:"_s))
        return fault(where + u".image_url"_s, u"only inline images (data: URLs) are accepted"_s);
    const qsizetype comma = url.indexOf(u',');
    const QStringView header = QStringView(url).mid(5, comma - 5);
    if (comma < 0 || !header.endsWith(u";base64"_s))
        return fault(where + u".image_url"_s, u"the data: URL is not base64"_s);
    auto decoded = QByteArray::fromBase64Encoding(QStringView(url).mid(comma + 1).toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fault(where + u".image_url"_s, u"the image's base64 does not decode"_s);
    return ImageAttachment{.data = std::move(*decoded), .mimeType = header.chopped(7).toString()};
}

// A message item's content: text, or input/output text and image parts.
Parsed<ChatMessage> message(const QJsonObject &item, const QString &where)
{
    const QString role = item.value(u"role"_s).toString();
    ChatMessage m;
    if (role == "user"_L1)
        m.role = ChatMessage::Role::User;
    else if (role == "assistant"_L1)
        m.role = ChatMessage::Role::Assistant;
    else if (role == "system"_L1 || role == "developer"_L1)
        m.role = ChatMessage::Role::System;
    else
        return fault(where + u".role"_s, u"must be user, assistant, system or developer"_s);
    const QJsonValue content = item.value(u"content"_s);
    if (content.isString()) {
        m.text = content.toString();
        return m;
    }
    if (!content.isArray())
        return fault(where + u".content"_s, u"must be a string or a list of parts"_s);
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString at = u"%1.content[%2]"_s.arg(where).arg(i);
        const QString type = part.value(u"type"_s).toString();
        if (type == "input_text"_L1 || type == "output_text"_L1 || type == "text"_L1) {
            m.text += part.value(u"text"_s).toString();
        } else if (type == "refusal"_L1) {
            m.text += part.value(u"refusal"_s).toString();
        } else if (type == "input_image"_L1 && m.role == ChatMessage::Role::User) {
            auto attachment = image(part, at);
            if (!attachment)
                return std::unexpected(attachment.error());
            m.images.append(std::move(*attachment));
        } else {
            return fault(at + u".type"_s, u"parts of type '%1' are not supported"_s.arg(type));
        }
    }
    return m;
}

// A function_call_output's output: text, or text parts.
QString outputText(const QJsonValue &output)
{
    if (!output.isArray())
        return output.toString();
    QString text;
    for (const QJsonValue &part : output.toArray())
        text += part.toObject().value(u"text"_s).toString();
    return text;
}

std::optional<GatewayError> addTools(const QJsonArray &list, const QString &where, QList<ToolDefinition> &out)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = u"%1[%2]"_s.arg(where).arg(i);
        const QJsonObject tool = list.at(i).toObject();
        const QString type = tool.value(u"type"_s).toString();
        if (hosted.contains(type))
            continue;
        // A namespace groups functions (Codex's sub-agent tools); the model
        // calls each by its own name.
        if (type == "namespace"_L1) {
            if (auto error = addTools(tool.value(u"tools"_s).toArray(), at + u".tools"_s, out))
                return error;
            continue;
        }
        if (type != "function"_L1)
            return GatewayError::badRequest(
                u"%1.type: tools of type '%2' are not supported through the gateway, only 'function'"_s.arg(at, type),
                at + u".type"_s);
        if (tool.value(u"name"_s).toString().isEmpty())
            return GatewayError::badRequest(at + u".name: a function needs a name"_s, at + u".name"_s);
        if (const QJsonValue p = tool.value(u"parameters"_s); !p.isUndefined() && !p.isNull() && !p.isObject())
            return GatewayError::badRequest(at + u".parameters: must be a JSON Schema object"_s, at + u".parameters"_s);
        out.append({.name = tool.value(u"name"_s).toString(),
                    .description = tool.value(u"description"_s).toString(),
                    .parameters = tool.value(u"parameters"_s).toObject(),
                    .strict = tool.value(u"strict"_s).toBool(false)});
    }
    return std::nullopt;
}

Parsed<QList<ToolDefinition>> tools(const QJsonValue &value)
{
    QList<ToolDefinition> out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray())
        return fault(u"tools"_s, u"must be a list"_s);
    if (auto error = addTools(value.toArray(), u"tools"_s, out))
        return std::unexpected(*error);
    return out;
}

Parsed<ToolChoice> toolChoice(const QJsonValue &value)
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
    } else if (const QJsonObject choice = value.toObject();
               choice.value(u"type"_s).toString() == "function"_L1 && !choice.value(u"name"_s).toString().isEmpty()) {
        return ToolChoice{.mode = Mode::Named, .name = choice.value(u"name"_s).toString()};
    }
    return fault(u"tool_choice"_s, u"must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"name\": ...}"_s);
}

Parsed<ResponseFormat> format(const QJsonValue &text)
{
    using Kind = ResponseFormat::Kind;
    const QJsonObject spec = text.toObject().value(u"format"_s).toObject();
    const QString type = spec.value(u"type"_s).toString();
    if (type.isEmpty() || type == "text"_L1)
        return ResponseFormat{};
    if (type == "json_object"_L1)
        return ResponseFormat{.kind = Kind::JsonObject};
    if (type == "json_schema"_L1) {
        if (!spec.value(u"schema"_s).isObject())
            return fault(u"text.format.schema"_s, u"must be a JSON Schema object"_s);
        return ResponseFormat{.kind = Kind::JsonSchema,
                              .name = spec.value(u"name"_s).toString(),
                              .schema = spec.value(u"schema"_s).toObject(),
                              .strict = spec.value(u"strict"_s).toBool(false)};
    }
    return fault(u"text.format.type"_s, u"must be text, json_object or json_schema"_s);
}

Parsed<std::optional<double>> number(const QJsonObject &object, const QString &field)
{
    const QJsonValue v = object.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble())
        return fault(field, u"must be a number"_s);
    return v.toDouble();
}

} // namespace

std::expected<QList<ChatMessage>, GatewayError> OpenAiResponsesRequest::messages(const QJsonArray &items,
                                                                                 const QString &where)
{
    QList<ChatMessage> out;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString at = u"%1[%2]"_s.arg(where).arg(i);
        if (!items.at(i).isObject())
            return fault(at, u"must be an object"_s);
        const QJsonObject item = items.at(i).toObject();
        const QString type = item.value(u"type"_s).toString(u"message"_s);
        if (type == "message"_L1) {
            auto m = message(item, at);
            if (!m)
                return std::unexpected(m.error());
            out.append(std::move(*m));
        } else if (type == "function_call"_L1) {
            const QString id = item.value(u"call_id"_s).toString();
            if (id.isEmpty() || item.value(u"name"_s).toString().isEmpty())
                return fault(at, u"a function_call needs a call_id and a name"_s);
            // The calls of one turn (and any text before them) are one
            // assistant message in the other formats.
            if (out.isEmpty() || out.last().role != ChatMessage::Role::Assistant)
                out.append({.role = ChatMessage::Role::Assistant});
            out.last().toolCalls.append(
                {.id = id, .name = item.value(u"name"_s).toString(), .arguments = item.value(u"arguments"_s).toString()});
        } else if (type == "function_call_output"_L1) {
            const QString id = item.value(u"call_id"_s).toString();
            if (id.isEmpty())
                return fault(at + u".call_id"_s, u"a function_call_output needs the call_id it answers"_s);
            out.append({.role = ChatMessage::Role::Tool, .text = outputText(item.value(u"output"_s)), .toolCallId = id});
        } else if (type == "reasoning"_L1) {
            // Encrypted or summarised reasoning means something only to the
            // model that wrote it.
        } else {
            return fault(at + u".type"_s, u"input items of type '%1' are not supported"_s.arg(type));
        }
    }
    return out;
}

std::expected<OpenAiResponsesRequest, GatewayError> OpenAiResponsesRequest::parse(const QByteArray &body)
{
    const auto json = jsonBody(body);
    if (!json)
        return std::unexpected(json.error());
    const QJsonObject &object = *json;

    OpenAiResponsesRequest out;
    out.model = object.value(u"model"_s).toString();
    if (out.model.isEmpty())
        return fault(u"model"_s, u"required: a route name or provider/model"_s);
    out.stream = object.value(u"stream"_s).toBool(false);
    out.store = object.value(u"store"_s).toBool(true);
    out.previousResponseId = object.value(u"previous_response_id"_s).toString();
    out.request.stream = true; // upstream always streams: the gateway answers sooner and can cancel at once
    out.instructions = object.value(u"instructions"_s).toString();
    out.request.systemPrompt = out.instructions;

    const QJsonValue input = object.value(u"input"_s);
    if (input.isString())
        out.inputItems = {QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, input.toString()}}};
    else if (input.isArray())
        out.inputItems = input.toArray();
    else
        return fault(u"input"_s, u"required: text or a list of items"_s);
    auto read = messages(out.inputItems, u"input"_s);
    if (!read)
        return std::unexpected(read.error());
    out.request.messages = std::move(*read);

    auto temperature = number(object, u"temperature"_s);
    if (!temperature)
        return std::unexpected(temperature.error());
    out.request.temperature = *temperature;
    auto topP = number(object, u"top_p"_s);
    if (!topP)
        return std::unexpected(topP.error());
    out.request.topP = *topP;
    if (const QJsonValue v = object.value(u"max_output_tokens"_s); !v.isUndefined() && !v.isNull()) {
        if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() != double(v.toInteger()))
            return fault(u"max_output_tokens"_s, u"must be a positive whole number"_s);
        out.request.maxTokens = int(std::min<qint64>(v.toInteger(), std::numeric_limits<int>::max()));
    }
    if (const QString effort = object.value(u"reasoning"_s).toObject().value(u"effort"_s).toString();
        effort == "low"_L1 || effort == "medium"_L1 || effort == "high"_L1)
        out.request.reasoningEffort = effort;
    else if (effort == "minimal"_L1)
        out.request.reasoningEffort = u"low"_s;

    auto definitions = tools(object.value(u"tools"_s));
    if (!definitions)
        return std::unexpected(definitions.error());
    out.request.tools = std::move(*definitions);
    auto choice = toolChoice(object.value(u"tool_choice"_s));
    if (!choice)
        return std::unexpected(choice.error());
    out.request.toolChoice = *choice;
    if (const QJsonValue p = object.value(u"parallel_tool_calls"_s); p.isBool())
        out.request.parallelToolCalls = p.toBool();
    auto responseFormat = format(object.value(u"text"_s));
    if (!responseFormat)
        return std::unexpected(responseFormat.error());
    out.request.responseFormat = *responseFormat;

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return fault(it.key(), u"unknown parameter"_s);
    }
    return out;
}

} // namespace Switchyard::Gateway
