#include "openaichunkwriter.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::ChatEvent;

OpenAiChunkWriter::OpenAiChunkWriter(QString id, qint64 created, QString model, bool includeUsage)
    : m_id(std::move(id))
    , m_created(created)
    , m_model(std::move(model))
    , m_includeUsage(includeUsage)
{
}

void OpenAiChunkWriter::writeUsage(JsonWriter &json, const Providers::TokenUsage &usage)
{
    const qint64 input = std::max<qint64>(0, usage.input);
    const qint64 output = std::max<qint64>(0, usage.output);
    json.beginObject()
        .key("prompt_tokens"_L1).number(input)
        .key("completion_tokens"_L1).number(output)
        .key("total_tokens"_L1).number(input + output);
    if (usage.cachedInput >= 0)
        json.key("prompt_tokens_details"_L1).beginObject().key("cached_tokens"_L1).number(usage.cachedInput).endObject();
    if (usage.reasoning >= 0)
        json.key("completion_tokens_details"_L1).beginObject().key("reasoning_tokens"_L1).number(usage.reasoning).endObject();
    json.endObject();
}

void OpenAiChunkWriter::beginChunk(JsonWriter &json) const
{
    json.beginObject()
        .key("id"_L1).string(m_id)
        .key("object"_L1).string("chat.completion.chunk"_L1)
        .key("created"_L1).number(m_created)
        .key("model"_L1).string(m_model);
}

template<typename FillDelta>
QByteArray OpenAiChunkWriter::chunk(FillDelta fillDelta, const QString &reason) const
{
    JsonWriter json;
    beginChunk(json);
    json.key("choices"_L1).beginArray().beginObject().key("index"_L1).number(0).key("delta"_L1).beginObject();
    fillDelta(json);
    json.endObject().key("logprobs"_L1).null().key("finish_reason"_L1);
    if (reason.isEmpty())
        json.null();
    else
        json.string(reason);
    json.endObject().endArray().endObject();
    return "data: " + json.take() + "\n\n";
}

void OpenAiChunkWriter::writeRole(JsonWriter &json)
{
    if (std::exchange(m_roleSent, true))
        return;
    json.key("role"_L1).string("assistant"_L1);
}

QByteArray OpenAiChunkWriter::write(const QList<ChatEvent> &events)
{
    QByteArray out;
    for (const ChatEvent &event : events) {
        switch (event.type) {
        case ChatEvent::Type::TextDelta:
            out += chunk([&](JsonWriter &delta) {
                writeRole(delta);
                delta.key("content"_L1).string(event.text);
            }, {});
            break;
        case ChatEvent::Type::ReasoningDelta:
            // The field OpenAI-compatible servers (DeepSeek, OpenRouter,
            // vLLM) stream reasoning in; OpenAI's own API does not stream it.
            out += chunk([&](JsonWriter &delta) {
                writeRole(delta);
                delta.key("reasoning_content"_L1).string(event.text);
            }, {});
            break;
        case ChatEvent::Type::ToolCallDelta:
            m_calledTools = true;
            out += chunk([&](JsonWriter &delta) {
                writeRole(delta);
                delta.key("tool_calls"_L1).beginArray().beginObject().key("index"_L1).number(event.toolIndex);
                if (!event.toolId.isEmpty())
                    delta.key("id"_L1).string(event.toolId).key("type"_L1).string("function"_L1);
                delta.key("function"_L1).beginObject();
                if (!event.toolName.isEmpty())
                    delta.key("name"_L1).string(event.toolName);
                delta.key("arguments"_L1).string(event.text).endObject().endObject().endArray();
            }, {});
            break;
        case ChatEvent::Type::Finish:
            out += chunk([&](JsonWriter &delta) { writeRole(delta); },
                         finishReason(event.finishReason, m_calledTools));
            m_finishSent = true;
            break;
        case ChatEvent::Type::Usage:
        case ChatEvent::Type::Error:
            // Usage is cumulative and goes in the last chunk; an error ends
            // the answer and is written by streamError().
            break;
        }
    }
    return out;
}

QString OpenAiChunkWriter::finishReason(const QString &upstream, bool calledTools)
{
    const QString reason = upstream.toLower();
    if (calledTools || reason == "tool_calls"_L1 || reason == "tool_use"_L1 || reason == "function_call"_L1)
        return u"tool_calls"_s;
    if (reason == "length"_L1 || reason == "max_tokens"_L1 || reason == "model_context_window_exceeded"_L1)
        return u"length"_s;
    static const QStringList filtered{u"content_filter"_s, u"safety"_s, u"recitation"_s, u"blocklist"_s,
                                      u"prohibited_content"_s, u"spii"_s, u"refusal"_s, u"image_safety"_s};
    if (filtered.contains(reason))
        return u"content_filter"_s;
    return u"stop"_s; // end_turn, stop_sequence, pause_turn, STOP, and anything new
}

QByteArray OpenAiChunkWriter::finish(const QString &upstreamReason, const Providers::TokenUsage &usage)
{
    QByteArray out;
    if (!m_finishSent) {
        out += chunk([&](JsonWriter &delta) { writeRole(delta); }, finishReason(upstreamReason, m_calledTools));
        m_finishSent = true;
    }
    if (m_includeUsage) {
        JsonWriter json;
        beginChunk(json);
        json.key("choices"_L1).beginArray().endArray().key("usage"_L1);
        writeUsage(json, usage);
        json.endObject();
        out += "data: " + json.take() + "\n\n";
    }
    out += "data: [DONE]\n\n";
    return out;
}

QByteArray OpenAiChunkWriter::streamError(const GatewayError &error)
{
    return "data: " + error.toJson() + "\n\n";
}

QByteArray OpenAiChunkWriter::whole(const Answer &answer)
{
    JsonWriter json;
    json.beginObject()
        .key("id"_L1).string(m_id)
        .key("object"_L1).string("chat.completion"_L1)
        .key("created"_L1).number(m_created)
        .key("model"_L1).string(m_model)
        .key("choices"_L1).beginArray().beginObject()
        .key("index"_L1).number(0)
        .key("message"_L1).beginObject()
        .key("role"_L1).string("assistant"_L1)
        .key("content"_L1);
    if (answer.text.isEmpty() && !answer.toolCalls.isEmpty())
        json.null();
    else
        json.string(answer.text);
    json.key("refusal"_L1).null();
    if (!answer.reasoning.isEmpty())
        json.key("reasoning_content"_L1).string(answer.reasoning);
    if (!answer.toolCalls.isEmpty()) {
        json.key("tool_calls"_L1).beginArray();
        for (const auto &tool : answer.toolCalls)
            json.beginObject()
                .key("id"_L1).string(tool.id)
                .key("type"_L1).string("function"_L1)
                .key("function"_L1).beginObject()
                .key("name"_L1).string(tool.name)
                .key("arguments"_L1).string(tool.arguments)
                .endObject()
                .endObject();
        json.endArray();
    }
    json.endObject()
        .key("logprobs"_L1).null()
        .key("finish_reason"_L1).string(finishReason(answer.finishReason, !answer.toolCalls.isEmpty()))
        .endObject()
        .endArray()
        .key("usage"_L1);
    writeUsage(json, answer.usage);
    json.endObject();
    return json.take();
}

} // namespace Switchyard::Gateway
