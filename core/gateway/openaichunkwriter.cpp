#include "openaichunkwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

QJsonObject OpenAiChunkWriter::usageObject(const Providers::TokenUsage &usage)
{
    const qint64 input = std::max<qint64>(0, usage.input);
    const qint64 output = std::max<qint64>(0, usage.output);
    QJsonObject out{{u"prompt_tokens"_s, input}, {u"completion_tokens"_s, output}, {u"total_tokens"_s, input + output}};
    if (usage.cachedInput >= 0)
        out.insert(u"prompt_tokens_details"_s, QJsonObject{{u"cached_tokens"_s, usage.cachedInput}});
    if (usage.reasoning >= 0)
        out.insert(u"completion_tokens_details"_s, QJsonObject{{u"reasoning_tokens"_s, usage.reasoning}});
    return out;
}

QByteArray OpenAiChunkWriter::chunk(const QJsonObject &delta, const QString &reason) const
{
    const QJsonObject choice{{u"index"_s, 0},
                             {u"delta"_s, delta},
                             {u"logprobs"_s, QJsonValue::Null},
                             {u"finish_reason"_s, reason.isEmpty() ? QJsonValue(QJsonValue::Null) : reason}};
    const QJsonObject object{{u"id"_s, m_id},
                             {u"object"_s, u"chat.completion.chunk"_s},
                             {u"created"_s, m_created},
                             {u"model"_s, m_model},
                             {u"choices"_s, QJsonArray{choice}}};
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray OpenAiChunkWriter::write(const QList<ChatEvent> &events)
{
    QByteArray out;
    for (const ChatEvent &event : events) {
        QJsonObject delta;
        if (!m_roleSent && event.type != ChatEvent::Type::Usage && event.type != ChatEvent::Type::Error) {
            delta.insert(u"role"_s, u"assistant"_s); // the first delta says whose it is
            m_roleSent = true;
        }
        switch (event.type) {
        case ChatEvent::Type::TextDelta:
            delta.insert(u"content"_s, event.text);
            out += chunk(delta, {});
            break;
        case ChatEvent::Type::ReasoningDelta:
            // The field OpenAI-compatible servers (DeepSeek, OpenRouter,
            // vLLM) stream reasoning in; OpenAI's own API does not stream it.
            delta.insert(u"reasoning_content"_s, event.text);
            out += chunk(delta, {});
            break;
        case ChatEvent::Type::ToolCallDelta: {
            m_calledTools = true;
            QJsonObject function{{u"arguments"_s, event.text}};
            QJsonObject call{{u"index"_s, event.toolIndex}};
            if (!event.toolId.isEmpty()) {
                call.insert(u"id"_s, event.toolId);
                call.insert(u"type"_s, u"function"_s);
            }
            if (!event.toolName.isEmpty())
                function.insert(u"name"_s, event.toolName);
            call.insert(u"function"_s, function);
            delta.insert(u"tool_calls"_s, QJsonArray{call});
            out += chunk(delta, {});
            break;
        }
        case ChatEvent::Type::Finish:
            out += chunk(delta, finishReason(event.finishReason, m_calledTools));
            m_finishSent = true;
            break;
        case ChatEvent::Type::Usage:
        case ChatEvent::Type::Error:
            // Usage is cumulative and goes in the last chunk; an error ends
            // the answer and is written by error().
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
        QJsonObject delta;
        if (!m_roleSent)
            delta.insert(u"role"_s, u"assistant"_s);
        out += chunk(delta, finishReason(upstreamReason, m_calledTools));
        m_finishSent = true;
    }
    if (m_includeUsage) {
        const QJsonObject object{{u"id"_s, m_id},
                                 {u"object"_s, u"chat.completion.chunk"_s},
                                 {u"created"_s, m_created},
                                 {u"model"_s, m_model},
                                 {u"choices"_s, QJsonArray{}},
                                 {u"usage"_s, usageObject(usage)}};
        out += "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
    }
    out += "data: [DONE]\n\n";
    return out;
}

QByteArray OpenAiChunkWriter::error(const QByteArray &errorJson)
{
    return "data: " + errorJson + "\n\n";
}

} // namespace Switchyard::Gateway
