#include "anthropicmessagewriter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::ChatEvent;

namespace {

QByteArray event(QLatin1StringView name, QByteArray json)
{
    return "event: " + QByteArray(name.data(), name.size()) + "\ndata: " + json + "\n\n";
}

} // namespace

AnthropicMessageWriter::AnthropicMessageWriter(QString model)
    : m_id(randomId("msg_"_L1))
    , m_model(std::move(model))
{
}

void AnthropicMessageWriter::writeUsage(JsonWriter &json, const Providers::TokenUsage &usage)
{
    const qint64 read = std::max<qint64>(0, usage.cachedInput);
    const qint64 write5m = std::max<qint64>(0, usage.cacheWrite5m);
    const qint64 write1h = std::max<qint64>(0, usage.cacheWrite1h);
    json.beginObject()
        .key("input_tokens"_L1).number(std::max<qint64>(0, usage.input - read - write5m - write1h))
        .key("cache_creation_input_tokens"_L1).number(write5m + write1h)
        .key("cache_read_input_tokens"_L1).number(read)
        .key("output_tokens"_L1).number(std::max<qint64>(0, usage.output));
    if (write5m + write1h > 0)
        json.key("cache_creation"_L1).beginObject()
            .key("ephemeral_5m_input_tokens"_L1).number(write5m)
            .key("ephemeral_1h_input_tokens"_L1).number(write1h)
            .endObject();
    json.endObject();
}

void AnthropicMessageWriter::beginMessage(JsonWriter &json) const
{
    json.beginObject()
        .key("id"_L1).string(m_id)
        .key("type"_L1).string("message"_L1)
        .key("role"_L1).string("assistant"_L1)
        .key("model"_L1).string(m_model);
}

void AnthropicMessageWriter::start(QByteArray &out)
{
    if (std::exchange(m_started, true))
        return;
    JsonWriter json;
    json.beginObject().key("type"_L1).string("message_start"_L1).key("message"_L1);
    beginMessage(json);
    // The usage is known only at the end (most upstreams report it last);
    // clients take the figures of message_delta.
    json.key("content"_L1).beginArray().endArray()
        .key("stop_reason"_L1).null()
        .key("stop_sequence"_L1).null()
        .key("usage"_L1);
    writeUsage(json, {.input = 0, .output = 0});
    json.endObject().endObject();
    out += event("message_start"_L1, json.take());
}

void AnthropicMessageWriter::close(QByteArray &out)
{
    if (m_block == Block::None)
        return;
    JsonWriter json;
    json.beginObject().key("type"_L1).string("content_block_stop"_L1).key("index"_L1).number(m_index).endObject();
    out += event("content_block_stop"_L1, json.take());
    m_block = Block::None;
}

void AnthropicMessageWriter::open(QByteArray &out, Block kind, const ChatEvent *tool)
{
    close(out);
    m_block = kind;
    ++m_index;
    JsonWriter json;
    json.beginObject()
        .key("type"_L1).string("content_block_start"_L1)
        .key("index"_L1).number(m_index)
        .key("content_block"_L1).beginObject();
    switch (kind) {
    case Block::Thinking:
        json.key("type"_L1).string("thinking"_L1).key("thinking"_L1).string(""_L1).key("signature"_L1).string(""_L1);
        break;
    case Block::Text:
        json.key("type"_L1).string("text"_L1).key("text"_L1).string(""_L1);
        break;
    case Block::Tool:
        m_toolIndex = tool->toolIndex;
        json.key("type"_L1).string("tool_use"_L1)
            .key("id"_L1).string(tool->toolId.isEmpty() ? randomId("toolu_"_L1) : tool->toolId)
            .key("name"_L1).string(tool->toolName)
            .key("input"_L1).beginObject().endObject();
        break;
    case Block::None:
        break;
    }
    json.endObject().endObject();
    out += event("content_block_start"_L1, json.take());
}

QByteArray AnthropicMessageWriter::write(const QList<ChatEvent> &events)
{
    QByteArray out;
    for (const ChatEvent &e : events) {
        QLatin1StringView deltaType;
        QLatin1StringView field;
        switch (e.type) {
        case ChatEvent::Type::TextDelta:
            if (e.text.isEmpty())
                continue;
            start(out);
            if (m_block != Block::Text)
                open(out, Block::Text);
            deltaType = "text_delta"_L1;
            field = "text"_L1;
            break;
        case ChatEvent::Type::ReasoningDelta:
            if (e.text.isEmpty())
                continue;
            start(out);
            if (m_block != Block::Thinking)
                open(out, Block::Thinking);
            deltaType = "thinking_delta"_L1;
            field = "thinking"_L1;
            break;
        case ChatEvent::Type::ToolCallDelta:
            start(out);
            m_calledTools = true;
            // A new call begins with its name; fragments of the open call
            // carry only arguments.
            if (m_block != Block::Tool || e.toolIndex != m_toolIndex)
                open(out, Block::Tool, &e);
            if (e.text.isEmpty())
                continue;
            deltaType = "input_json_delta"_L1;
            field = "partial_json"_L1;
            break;
        case ChatEvent::Type::Usage:
        case ChatEvent::Type::Finish:
        case ChatEvent::Type::Error:
            // The usage and the stop reason go in message_delta at the end;
            // an error is written by streamError().
            continue;
        }
        JsonWriter json;
        json.beginObject()
            .key("type"_L1).string("content_block_delta"_L1)
            .key("index"_L1).number(m_index)
            .key("delta"_L1).beginObject()
            .key("type"_L1).string(deltaType)
            .key(field).string(e.text)
            .endObject().endObject();
        out += event("content_block_delta"_L1, json.take());
    }
    return out;
}

QString AnthropicMessageWriter::stopReason(const QString &upstream, bool calledTools)
{
    const QString reason = upstream.toLower();
    if (calledTools || reason == "tool_calls"_L1 || reason == "tool_use"_L1 || reason == "function_call"_L1)
        return u"tool_use"_s;
    if (reason == "length"_L1 || reason == "max_tokens"_L1 || reason == "model_context_window_exceeded"_L1)
        return u"max_tokens"_s;
    if (reason == "stop_sequence"_L1 || reason == "pause_turn"_L1 || reason == "refusal"_L1)
        return reason;
    static const QStringList filtered{u"content_filter"_s, u"safety"_s, u"recitation"_s, u"blocklist"_s,
                                      u"prohibited_content"_s, u"spii"_s, u"image_safety"_s};
    if (filtered.contains(reason))
        return u"refusal"_s;
    return u"end_turn"_s; // stop, end_turn, STOP, and anything new
}

QByteArray AnthropicMessageWriter::finish(const QString &upstreamReason, const Providers::TokenUsage &usage)
{
    QByteArray out;
    start(out);
    close(out);
    JsonWriter json;
    json.beginObject()
        .key("type"_L1).string("message_delta"_L1)
        .key("delta"_L1).beginObject()
        .key("stop_reason"_L1).string(stopReason(upstreamReason, m_calledTools))
        .key("stop_sequence"_L1).null()
        .endObject()
        .key("usage"_L1);
    writeUsage(json, usage);
    json.endObject();
    out += event("message_delta"_L1, json.take());
    out += event("message_stop"_L1, R"({"type":"message_stop"})");
    return out;
}

QByteArray AnthropicMessageWriter::streamError(const GatewayError &error)
{
    return event("error"_L1, errorBody(error));
}

QByteArray AnthropicMessageWriter::whole(const Answer &answer)
{
    JsonWriter json;
    beginMessage(json);
    json.key("content"_L1).beginArray();
    if (!answer.reasoning.isEmpty())
        json.beginObject()
            .key("type"_L1).string("thinking"_L1)
            .key("thinking"_L1).string(answer.reasoning)
            .key("signature"_L1).string(""_L1)
            .endObject();
    if (!answer.text.isEmpty() || answer.toolCalls.isEmpty())
        json.beginObject().key("type"_L1).string("text"_L1).key("text"_L1).string(answer.text).endObject();
    for (const Providers::ToolCall &call : answer.toolCalls) {
        json.beginObject()
            .key("type"_L1).string("tool_use"_L1)
            .key("id"_L1).string(call.id.isEmpty() ? randomId("toolu_"_L1) : call.id)
            .key("name"_L1).string(call.name)
            .key("input"_L1);
        // The arguments are JSON text from the model; a model that wrote
        // something else still gets an object, as the API promises.
        const QJsonDocument input = QJsonDocument::fromJson(call.arguments.toUtf8());
        json.raw(input.isObject() ? input.toJson(QJsonDocument::Compact) : QByteArray("{}"));
        json.endObject();
    }
    json.endArray()
        .key("stop_reason"_L1).string(stopReason(answer.finishReason, !answer.toolCalls.isEmpty()))
        .key("stop_sequence"_L1).null()
        .key("usage"_L1);
    writeUsage(json, answer.usage);
    json.endObject();
    return json.take();
}

QString AnthropicMessageWriter::errorType(const GatewayError &error)
{
    switch (error.status) {
    case 400:
        return u"invalid_request_error"_s;
    case 401:
        return u"authentication_error"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 413:
        return u"request_too_large"_s;
    case 429:
        return u"rate_limit_error"_s;
    case 503:
    case 529:
        return u"overloaded_error"_s;
    case 504:
        return u"timeout_error"_s;
    default:
        return error.status >= 400 && error.status < 500 ? u"invalid_request_error"_s : u"api_error"_s;
    }
}

QByteArray AnthropicMessageWriter::errorBody(const GatewayError &error) const
{
    JsonWriter json;
    json.beginObject()
        .key("type"_L1).string("error"_L1)
        .key("error"_L1).beginObject()
        .key("type"_L1).string(errorType(error))
        .key("message"_L1).string(error.message)
        .endObject()
        .endObject();
    return json.take();
}

} // namespace Switchyard::Gateway
