#include "openairesponseswriter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::ChatEvent;

OpenAiResponsesWriter::OpenAiResponsesWriter(QString id, qint64 createdAt, QString model)
    : m_id(std::move(id))
    , m_createdAt(createdAt)
    , m_model(std::move(model))
{
}

bool OpenAiResponsesWriter::hitLimit(const QString &upstreamReason)
{
    const QString reason = upstreamReason.toLower();
    return reason == "length"_L1 || reason == "max_tokens"_L1 || reason == "model_context_window_exceeded"_L1;
}

void OpenAiResponsesWriter::writeUsage(JsonWriter &json, const Providers::TokenUsage &usage)
{
    const qint64 input = std::max<qint64>(0, usage.input);
    const qint64 output = std::max<qint64>(0, usage.output);
    json.beginObject()
        .key("input_tokens"_L1).number(input)
        .key("input_tokens_details"_L1).beginObject()
        .key("cached_tokens"_L1).number(std::max<qint64>(0, usage.cachedInput)).endObject()
        .key("output_tokens"_L1).number(output)
        .key("output_tokens_details"_L1).beginObject()
        .key("reasoning_tokens"_L1).number(std::max<qint64>(0, usage.reasoning)).endObject()
        .key("total_tokens"_L1).number(input + output)
        .endObject();
}

void OpenAiResponsesWriter::writeItem(JsonWriter &json, const Item &item, bool done)
{
    const QLatin1StringView status = done ? "completed"_L1 : "in_progress"_L1;
    json.beginObject().key("id"_L1).string(item.id);
    if (item.kind == Item::Kind::Message) {
        json.key("type"_L1).string("message"_L1)
            .key("status"_L1).string(status)
            .key("role"_L1).string("assistant"_L1)
            .key("content"_L1).beginArray();
        if (done)
            json.beginObject()
                .key("type"_L1).string("output_text"_L1)
                .key("text"_L1).string(item.text)
                .key("annotations"_L1).beginArray().endArray()
                .endObject();
        json.endArray();
    } else {
        json.key("type"_L1).string("function_call"_L1)
            .key("status"_L1).string(status)
            .key("call_id"_L1).string(item.callId)
            .key("name"_L1).string(item.name)
            .key("arguments"_L1).string(done ? QStringView(item.text) : QStringView());
    }
    json.endObject();
}

void OpenAiResponsesWriter::writeResponse(JsonWriter &json, QLatin1StringView status,
                                          const Providers::TokenUsage *usage, const GatewayError *error) const
{
    json.beginObject()
        .key("id"_L1).string(m_id)
        .key("object"_L1).string("response"_L1)
        .key("created_at"_L1).number(m_createdAt)
        .key("status"_L1).string(status)
        .key("model"_L1).string(m_model)
        .key("output"_L1).beginArray();
    if (status != "in_progress"_L1)
        for (const Item &item : m_items)
            writeItem(json, item, true);
    json.endArray().key("error"_L1);
    if (error)
        json.beginObject()
            .key("code"_L1).string(error->code.isEmpty() ? QStringView(error->type) : QStringView(error->code))
            .key("message"_L1).string(error->message)
            .endObject();
    else
        json.null();
    json.key("incomplete_details"_L1);
    if (status == "incomplete"_L1)
        json.beginObject().key("reason"_L1).string("max_output_tokens"_L1).endObject();
    else
        json.null();
    json.key("usage"_L1);
    if (usage)
        writeUsage(json, *usage);
    else
        json.null();
    json.endObject();
}

QByteArray OpenAiResponsesWriter::event(QLatin1StringView type, const std::function<void(JsonWriter &)> &fill)
{
    JsonWriter json;
    json.beginObject().key("type"_L1).string(type).key("sequence_number"_L1).number(m_sequence++);
    fill(json);
    json.endObject();
    return "event: " + QByteArray(type.data(), type.size()) + "\ndata: " + json.take() + "\n\n";
}

void OpenAiResponsesWriter::start(QByteArray &out)
{
    if (std::exchange(m_started, true))
        return;
    for (const QLatin1StringView type : {"response.created"_L1, "response.in_progress"_L1})
        out += event(type, [this](JsonWriter &json) {
            json.key("response"_L1);
            writeResponse(json, "in_progress"_L1, nullptr, nullptr);
        });
}

void OpenAiResponsesWriter::close(QByteArray &out)
{
    if (!std::exchange(m_open, false))
        return;
    const Item &item = m_items.last();
    const int index = int(m_items.size()) - 1;
    if (item.kind == Item::Kind::Message) {
        const auto where = [&](JsonWriter &json) {
            json.key("item_id"_L1).string(item.id).key("output_index"_L1).number(index).key("content_index"_L1).number(0);
        };
        out += event("response.output_text.done"_L1, [&](JsonWriter &json) {
            where(json);
            json.key("text"_L1).string(item.text).key("logprobs"_L1).beginArray().endArray();
        });
        out += event("response.content_part.done"_L1, [&](JsonWriter &json) {
            where(json);
            json.key("part"_L1).beginObject()
                .key("type"_L1).string("output_text"_L1)
                .key("text"_L1).string(item.text)
                .key("annotations"_L1).beginArray().endArray()
                .endObject();
        });
    } else {
        out += event("response.function_call_arguments.done"_L1, [&](JsonWriter &json) {
            json.key("item_id"_L1).string(item.id).key("output_index"_L1).number(index)
                .key("name"_L1).string(item.name).key("arguments"_L1).string(item.text);
        });
    }
    out += event("response.output_item.done"_L1, [&](JsonWriter &json) {
        json.key("output_index"_L1).number(index).key("item"_L1);
        writeItem(json, item, true);
    });
}

QByteArray OpenAiResponsesWriter::write(const QList<ChatEvent> &events)
{
    QByteArray out;
    for (const ChatEvent &e : events) {
        if (e.type == ChatEvent::Type::TextDelta && !e.text.isEmpty()) {
            start(out);
            if (!m_open || m_items.last().kind != Item::Kind::Message) {
                close(out);
                m_items.append({.kind = Item::Kind::Message, .id = randomId("msg_"_L1)});
                m_open = true;
                const Item &item = m_items.last();
                const int index = int(m_items.size()) - 1;
                out += event("response.output_item.added"_L1, [&](JsonWriter &json) {
                    json.key("output_index"_L1).number(index).key("item"_L1);
                    writeItem(json, item, false);
                });
                out += event("response.content_part.added"_L1, [&](JsonWriter &json) {
                    json.key("item_id"_L1).string(item.id).key("output_index"_L1).number(index)
                        .key("content_index"_L1).number(0)
                        .key("part"_L1).beginObject()
                        .key("type"_L1).string("output_text"_L1).key("text"_L1).string(""_L1)
                        .key("annotations"_L1).beginArray().endArray()
                        .endObject();
                });
            }
            Item &item = m_items.last();
            item.text += e.text;
            const int index = int(m_items.size()) - 1;
            out += event("response.output_text.delta"_L1, [&](JsonWriter &json) {
                json.key("item_id"_L1).string(item.id).key("output_index"_L1).number(index)
                    .key("content_index"_L1).number(0).key("delta"_L1).string(e.text)
                    .key("logprobs"_L1).beginArray().endArray();
            });
        } else if (e.type == ChatEvent::Type::ToolCallDelta) {
            start(out);
            if (!m_open || m_items.last().kind != Item::Kind::FunctionCall || m_items.last().toolIndex != e.toolIndex) {
                close(out);
                m_items.append({.kind = Item::Kind::FunctionCall,
                                .id = randomId("fc_"_L1),
                                .callId = e.toolId.isEmpty() ? randomId("call_"_L1) : e.toolId,
                                .name = e.toolName,
                                .toolIndex = e.toolIndex});
                m_open = true;
                const Item &item = m_items.last();
                const int index = int(m_items.size()) - 1;
                out += event("response.output_item.added"_L1, [&](JsonWriter &json) {
                    json.key("output_index"_L1).number(index).key("item"_L1);
                    writeItem(json, item, false);
                });
            }
            if (e.text.isEmpty())
                continue;
            Item &item = m_items.last();
            item.text += e.text;
            const int index = int(m_items.size()) - 1;
            out += event("response.function_call_arguments.delta"_L1, [&](JsonWriter &json) {
                json.key("item_id"_L1).string(item.id).key("output_index"_L1).number(index)
                    .key("delta"_L1).string(e.text);
            });
        }
        // Reasoning stays out: OpenAI's own Responses API does not show it
        // either. Usage and the finish go in the last event; an error is
        // written by streamError().
    }
    return out;
}

QByteArray OpenAiResponsesWriter::finish(const QString &upstreamReason, const Providers::TokenUsage &usage)
{
    QByteArray out;
    start(out);
    close(out);
    const bool incomplete = hitLimit(upstreamReason);
    out += event(incomplete ? "response.incomplete"_L1 : "response.completed"_L1, [&](JsonWriter &json) {
        json.key("response"_L1);
        writeResponse(json, incomplete ? "incomplete"_L1 : "completed"_L1, &usage, nullptr);
    });
    if (m_onComplete)
        m_onComplete(outputItems());
    return out;
}

QByteArray OpenAiResponsesWriter::streamError(const GatewayError &error)
{
    QByteArray out;
    start(out);
    close(out);
    out += event("response.failed"_L1, [&](JsonWriter &json) {
        json.key("response"_L1);
        writeResponse(json, "failed"_L1, nullptr, &error);
    });
    return out;
}

QByteArray OpenAiResponsesWriter::whole(const Answer &answer)
{
    m_items.clear();
    if (!answer.text.isEmpty() || answer.toolCalls.isEmpty())
        m_items.append({.kind = Item::Kind::Message, .id = randomId("msg_"_L1), .text = answer.text});
    for (const Providers::ToolCall &call : answer.toolCalls)
        m_items.append({.kind = Item::Kind::FunctionCall,
                        .id = randomId("fc_"_L1),
                        .callId = call.id.isEmpty() ? randomId("call_"_L1) : call.id,
                        .name = call.name,
                        .text = call.arguments});
    JsonWriter json;
    writeResponse(json, hitLimit(answer.finishReason) ? "incomplete"_L1 : "completed"_L1, &answer.usage, nullptr);
    if (m_onComplete)
        m_onComplete(outputItems());
    return json.take();
}

QJsonArray OpenAiResponsesWriter::outputItems() const
{
    QJsonArray out;
    for (const Item &item : m_items) {
        JsonWriter json;
        writeItem(json, item, true);
        out.append(QJsonDocument::fromJson(json.take()).object());
    }
    return out;
}

} // namespace Switchyard::Gateway
