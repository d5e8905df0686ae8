#include "anthropicmessagesrequest.h"

#include "gateway/jsonbody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

using Providers::ChatMessage;
using Providers::ImageAttachment;
using Providers::ToolCall;
using Providers::ToolChoice;
using Providers::ToolDefinition;

template<typename T>
using Parsed = std::expected<T, GatewayError>;

std::unexpected<GatewayError> fault(const QString &where, const QString &what)
{
    return std::unexpected(GatewayError::badRequest(where + u": "_s + what, where));
}

// Fields read into the neutral request, or known and without effect on the
// answer (metadata, the service tier, caching hints the upstream decides).
const QStringList known{u"model"_s,      u"messages"_s,       u"system"_s,      u"max_tokens"_s,
                        u"temperature"_s, u"top_p"_s,         u"top_k"_s,       u"stop_sequences"_s,
                        u"stream"_s,     u"tools"_s,          u"tool_choice"_s, u"thinking"_s,
                        u"metadata"_s,   u"service_tier"_s,   u"container"_s,   u"context_management"_s,
                        u"output_config"_s};

Parsed<ImageAttachment> image(const QJsonObject &block, const QString &where)
{
    const QJsonObject source = block.value(u"source"_s).toObject();
    const QString type = source.value(u"type"_s).toString();
    // Only inline images, as on the Chat Completions endpoint: fetching a URL
    // a client names would make the gateway a proxy to anywhere.
    if (type != "base64"_L1)
        return fault(where + u".source"_s,
                     u"only base64 images are accepted (source type '%1'); send the image's bytes"_s.arg(type));
    auto decoded = QByteArray::fromBase64Encoding(source.value(u"data"_s).toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fault(where + u".source.data"_s, u"the base64 does not decode"_s);
    return ImageAttachment{.data = std::move(*decoded), .mimeType = source.value(u"media_type"_s).toString()};
}

// A tool result's content: text, or text and image blocks.
Parsed<ChatMessage> toolResult(const QJsonObject &block, const QString &where)
{
    ChatMessage m{.role = ChatMessage::Role::Tool, .toolCallId = block.value(u"tool_use_id"_s).toString()};
    if (m.toolCallId.isEmpty())
        return fault(where + u".tool_use_id"_s, u"a tool result needs the id of the tool_use it answers"_s);
    const QJsonValue content = block.value(u"content"_s);
    if (content.isString()) {
        m.text = content.toString();
    } else if (content.isArray()) {
        const QJsonArray parts = content.toArray();
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QJsonObject part = parts.at(i).toObject();
            const QString at = u"%1.content[%2]"_s.arg(where).arg(i);
            const QString type = part.value(u"type"_s).toString();
            if (type == "text"_L1) {
                m.text += (m.text.isEmpty() ? QString() : u"\n"_s) + part.value(u"text"_s).toString();
            } else if (type == "image"_L1) {
                auto attachment = image(part, at);
                if (!attachment)
                    return std::unexpected(attachment.error());
                m.images.append(std::move(*attachment));
            } else {
                return fault(at, u"tool result blocks of type '%1' are not supported"_s.arg(type));
            }
        }
    } else if (!content.isUndefined() && !content.isNull()) {
        return fault(where + u".content"_s, u"must be a string or a list of blocks"_s);
    }
    // The other formats have no error flag on a result: say it in the text,
    // as the model would read it.
    if (block.value(u"is_error"_s).toBool(false))
        m.text = u"Error: "_s + m.text;
    return m;
}

// System instructions as text or text blocks (their cache_control hints are
// for Anthropic's cache, which the upstream manages).
Parsed<QString> systemText(const QJsonValue &value, const QString &where)
{
    if (value.isUndefined() || value.isNull() || value.isString())
        return value.toString();
    if (!value.isArray())
        return fault(where, u"must be a string or a list of text blocks"_s);
    QStringList texts;
    const QJsonArray blocks = value.toArray();
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject block = blocks.at(i).toObject();
        if (block.value(u"type"_s).toString() != "text"_L1)
            return fault(u"%1[%2]"_s.arg(where).arg(i), u"system blocks must be text"_s);
        texts.append(block.value(u"text"_s).toString());
    }
    return texts.join(u"\n\n"_s);
}

// One Messages turn as neutral messages: tool results first (the other
// formats want them straight after the calls they answer), then the turn.
Parsed<QList<ChatMessage>> turn(const QJsonObject &message, const QString &where)
{
    const QString role = message.value(u"role"_s).toString();
    if (role == "system"_L1) {
        // Instructions in the middle of a conversation (Claude Code sends
        // its environment so): a system message where it stands, which each
        // adapter places as its format allows.
        auto text = systemText(message.value(u"content"_s), where + u".content"_s);
        if (!text)
            return std::unexpected(text.error());
        return QList<ChatMessage>{{.role = ChatMessage::Role::System, .text = *text}};
    }
    if (role != "user"_L1 && role != "assistant"_L1)
        return fault(where + u".role"_s, u"must be 'user', 'assistant' or 'system'"_s);
    const bool assistant = role == "assistant"_L1;
    ChatMessage m{.role = assistant ? ChatMessage::Role::Assistant : ChatMessage::Role::User};
    QList<ChatMessage> out;
    const QJsonValue content = message.value(u"content"_s);
    if (content.isString()) {
        m.text = content.toString();
        out.append(std::move(m));
        return out;
    }
    if (!content.isArray())
        return fault(where + u".content"_s, u"must be a string or a list of content blocks"_s);
    const QJsonArray blocks = content.toArray();
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QString at = u"%1.content[%2]"_s.arg(where).arg(i);
        if (!blocks.at(i).isObject())
            return fault(at, u"must be an object"_s);
        const QJsonObject block = blocks.at(i).toObject();
        const QString type = block.value(u"type"_s).toString();
        if (type == "text"_L1) {
            m.text += block.value(u"text"_s).toString();
        } else if (type == "image"_L1 && !assistant) {
            auto attachment = image(block, at);
            if (!attachment)
                return std::unexpected(attachment.error());
            m.images.append(std::move(*attachment));
        } else if (type == "tool_result"_L1 && !assistant) {
            auto result = toolResult(block, at);
            if (!result)
                return std::unexpected(result.error());
            out.append(std::move(*result));
        } else if (type == "tool_use"_L1 && assistant) {
            const QString id = block.value(u"id"_s).toString();
            const QString name = block.value(u"name"_s).toString();
            if (id.isEmpty() || name.isEmpty())
                return fault(at, u"a tool_use block needs an id and a name"_s);
            const QJsonValue input = block.value(u"input"_s);
            const QByteArray arguments = input.isObject()
                ? QJsonDocument(input.toObject()).toJson(QJsonDocument::Compact)
                : QByteArray("{}");
            m.toolCalls.append({.id = id, .name = name, .arguments = QString::fromUtf8(arguments)});
        } else if ((type == "thinking"_L1 || type == "redacted_thinking"_L1) && assistant) {
            // Only the model that thought it can check its signature.
        } else {
            return fault(at + u".type"_s, u"content blocks of type '%1' are not supported in %2 turns"_s.arg(type, role));
        }
    }
    if (!m.text.isEmpty() || !m.images.isEmpty() || !m.toolCalls.isEmpty())
        out.append(std::move(m));
    return out;
}

Parsed<QList<ToolDefinition>> tools(const QJsonValue &value)
{
    QList<ToolDefinition> out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray())
        return fault(u"tools"_s, u"must be a list"_s);
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = u"tools[%1]"_s.arg(i);
        const QJsonObject tool = list.at(i).toObject();
        // Anthropic's own server tools (web search, code execution, ...) run
        // on Anthropic's side; other upstreams have nothing to run them.
        if (const QString type = tool.value(u"type"_s).toString(); !type.isEmpty() && type != "custom"_L1)
            return fault(at + u".type"_s,
                         u"server tools ('%1') are not supported through the gateway, only tools your client runs"_s.arg(type));
        if (tool.value(u"name"_s).toString().isEmpty())
            return fault(at + u".name"_s, u"a tool needs a name"_s);
        const QJsonValue schema = tool.value(u"input_schema"_s);
        if (!schema.isObject())
            return fault(at + u".input_schema"_s, u"must be a JSON Schema object"_s);
        out.append({.name = tool.value(u"name"_s).toString(),
                    .description = tool.value(u"description"_s).toString(),
                    .parameters = schema.toObject()});
    }
    return out;
}

Parsed<ToolChoice> toolChoice(const QJsonValue &value, std::optional<bool> &parallel)
{
    using Mode = ToolChoice::Mode;
    if (value.isUndefined() || value.isNull())
        return ToolChoice{};
    const QJsonObject choice = value.toObject();
    if (choice.value(u"disable_parallel_tool_use"_s).toBool(false))
        parallel = false;
    const QString type = choice.value(u"type"_s).toString();
    if (type == "auto"_L1)
        return ToolChoice{.mode = Mode::Auto};
    if (type == "any"_L1)
        return ToolChoice{.mode = Mode::Required};
    if (type == "none"_L1)
        return ToolChoice{.mode = Mode::None};
    if (type == "tool"_L1 && !choice.value(u"name"_s).toString().isEmpty())
        return ToolChoice{.mode = Mode::Named, .name = choice.value(u"name"_s).toString()};
    return fault(u"tool_choice"_s, u"must be {\"type\": \"auto\" | \"any\" | \"none\"} or {\"type\": \"tool\", \"name\": ...}"_s);
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

QString AnthropicMessagesRequest::effortForBudget(qint64 budgetTokens)
{
    if (budgetTokens < 2048)
        return u"low"_s;
    if (budgetTokens < 10000)
        return u"medium"_s;
    return u"high"_s;
}

std::expected<AnthropicMessagesRequest, GatewayError> AnthropicMessagesRequest::parse(const QByteArray &body,
                                                                                     Purpose purpose)
{
    const auto json = jsonBody(body);
    if (!json)
        return std::unexpected(json.error());
    const QJsonObject &object = *json;

    AnthropicMessagesRequest out;
    out.model = object.value(u"model"_s).toString();
    if (out.model.isEmpty())
        return fault(u"model"_s, u"required: a route name or provider/model"_s);
    out.stream = object.value(u"stream"_s).toBool(false);
    out.request.stream = true; // upstream always streams: the gateway answers sooner and can cancel at once

    const QJsonValue maxTokens = object.value(u"max_tokens"_s);
    if (purpose == Purpose::Answer || !maxTokens.isUndefined()) {
        if (!maxTokens.isDouble() || maxTokens.toDouble() < 1 || maxTokens.toDouble() != double(maxTokens.toInteger()))
            return fault(u"max_tokens"_s, u"required: a positive whole number"_s);
        out.request.maxTokens = int(std::min<qint64>(maxTokens.toInteger(), std::numeric_limits<int>::max()));
    }

    auto system = systemText(object.value(u"system"_s), u"system"_s);
    if (!system)
        return std::unexpected(system.error());
    out.request.systemPrompt = *system;

    const QJsonValue messages = object.value(u"messages"_s);
    if (!messages.isArray() || messages.toArray().isEmpty())
        return fault(u"messages"_s, u"must be a non-empty list"_s);
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = u"messages[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            return fault(where, u"must be an object"_s);
        auto turnMessages = turn(list.at(i).toObject(), where);
        if (!turnMessages)
            return std::unexpected(turnMessages.error());
        out.request.messages.append(std::move(*turnMessages));
    }

    auto temperature = number(object, u"temperature"_s);
    if (!temperature)
        return std::unexpected(temperature.error());
    out.request.temperature = *temperature;
    auto topP = number(object, u"top_p"_s);
    if (!topP)
        return std::unexpected(topP.error());
    out.request.topP = *topP;

    if (const QJsonValue stop = object.value(u"stop_sequences"_s); stop.isArray()) {
        for (const QJsonValue &s : stop.toArray()) {
            if (!s.isString())
                return fault(u"stop_sequences"_s, u"must be a list of strings"_s);
            out.request.stop.append(s.toString());
        }
    } else if (!stop.isUndefined() && !stop.isNull()) {
        return fault(u"stop_sequences"_s, u"must be a list of strings"_s);
    }

    auto definitions = tools(object.value(u"tools"_s));
    if (!definitions)
        return std::unexpected(definitions.error());
    out.request.tools = std::move(*definitions);
    auto choice = toolChoice(object.value(u"tool_choice"_s), out.request.parallelToolCalls);
    if (!choice)
        return std::unexpected(choice.error());
    out.request.toolChoice = *choice;

    if (const QJsonValue thinking = object.value(u"thinking"_s); thinking.isObject()) {
        const QString type = thinking.toObject().value(u"type"_s).toString();
        if (type == "enabled"_L1)
            out.request.reasoningEffort = effortForBudget(thinking.toObject().value(u"budget_tokens"_s).toInteger(4096));
        else if (type == "adaptive"_L1)
            out.request.reasoningEffort = u"medium"_s;
        else if (type != "disabled"_L1)
            return fault(u"thinking.type"_s, u"must be 'enabled', 'adaptive' or 'disabled'"_s);
    }
    // The effort the client asks for outright (Claude Code: output_config.effort).
    if (const QString effort = object.value(u"output_config"_s).toObject().value(u"effort"_s).toString();
        effort == "low"_L1 || effort == "medium"_L1 || effort == "high"_L1)
        out.request.reasoningEffort = effort;

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return fault(it.key(), u"unknown parameter"_s);
    }
    return out;
}

} // namespace Switchyard::Gateway
