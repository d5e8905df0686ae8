#include "providers/openaiadapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
        return u"system"_s;
    case ChatMessage::Role::Assistant:
        return u"assistant"_s;
    case ChatMessage::Role::Tool:
        return u"tool"_s;
    case ChatMessage::Role::User:
        break;
    }
    return u"user"_s;
}

TokenUsage usageFrom(const QJsonObject &u)
{
    TokenUsage usage;
    usage.input = ProviderAdapter::tokenCount(u, "prompt_tokens"_L1);
    usage.output = ProviderAdapter::tokenCount(u, "completion_tokens"_L1);
    usage.cachedInput = ProviderAdapter::tokenCount(u.value("prompt_tokens_details"_L1).toObject(), "cached_tokens"_L1);
    usage.reasoning = ProviderAdapter::tokenCount(u.value("completion_tokens_details"_L1).toObject(), "reasoning_tokens"_L1);
    if (const QJsonValue cost = u.value("cost"_L1); cost.isDouble())
        usage.providerCostUsd = cost.toDouble();
    return usage;
}

// One chunk (streaming) or one response (with "message" instead of "delta").
void decodeChoiceAndUsage(const QJsonObject &record, QLatin1StringView deltaKey, QList<ChatEvent> &out)
{
    // Compatible servers send "choices": [] with the usage chunk, or null, or nothing.
    const QJsonArray choices = record.value("choices"_L1).toArray();
    for (const QJsonValue &c : choices) {
        const QJsonObject choice = c.toObject();
        if (choice.value("index"_L1).toInt(0) != 0)
            continue; // n > 1 is not used; extra choices would interleave
        const QJsonObject delta = choice.value(deltaKey).toObject();
        // DeepSeek and vLLM say reasoning_content; OpenRouter says reasoning.
        for (auto key : {"reasoning_content"_L1, "reasoning"_L1}) {
            if (const QString r = delta.value(key).toString(); !r.isEmpty())
                out.append(ChatEvent::reasoningDelta(r));
        }
        if (const QString text = delta.value("content"_L1).toString(); !text.isEmpty())
            out.append(ChatEvent::textDelta(text));
        const QJsonArray calls = delta.value("tool_calls"_L1).toArray();
        for (int i = 0; i < calls.size(); ++i) {
            const QJsonObject call = calls.at(i).toObject();
            const QJsonObject function = call.value("function"_L1).toObject();
            ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
            e.toolIndex = call.value("index"_L1).toInt(i);
            e.toolId = call.value("id"_L1).toString();
            e.toolName = function.value("name"_L1).toString();
            e.text = function.value("arguments"_L1).toString();
            out.append(e);
        }
        if (const QJsonValue reason = choice.value("finish_reason"_L1); reason.isString())
            out.append(ChatEvent::finish(reason.toString()));
    }
    if (const QJsonValue usage = record.value("usage"_L1); usage.isObject())
        out.append(ChatEvent::usageEvent(usageFrom(usage.toObject())));
}

class OpenAiDecoder final : public SseStreamDecoder
{
private:
    void onEvent(const Stream::SseEvent &event, QList<ChatEvent> &out) override
    {
        if (m_complete)
            return;
        if (event.data == "[DONE]") {
            m_complete = true;
            return;
        }
        const auto record = ProviderAdapter::parseRecord(event.data, out);
        if (!record)
            return;
        if (record->contains("error"_L1)) {
            out.append(ProviderAdapter::streamError(*record));
            return;
        }
        decodeChoiceAndUsage(*record, "delta"_L1, out);
    }

};

} // namespace

QNetworkRequest OpenAiAdapter::chatRequest(const ProviderConfig &provider, const ChatRequest &, const QString &key) const
{
    QNetworkRequest request = jsonRequest(provider, u"/chat/completions"_s);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

QByteArray OpenAiAdapter::chatBody(const ProviderConfig &provider, const ChatRequest &request) const
{
    QJsonArray messages;
    if (!request.systemPrompt.isEmpty())
        messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, request.systemPrompt}});
    for (const ChatMessage &m : request.messages)
        messages.append(message(m));

    QJsonObject body{{u"model"_s, request.model}, {u"messages"_s, messages}, {u"stream"_s, request.stream}};
    if (request.stream)
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    if (request.temperature)
        body.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    if (request.maxTokens) {
        // OpenAI's reasoning models reject max_tokens; compatible servers may not know the new name.
        body.insert(provider.id == "openai"_L1 ? u"max_completion_tokens"_s : u"max_tokens"_s, *request.maxTokens);
    }
    if (request.seed)
        body.insert(u"seed"_s, *request.seed);
    if (request.presencePenalty)
        body.insert(u"presence_penalty"_s, *request.presencePenalty);
    if (request.frequencyPenalty)
        body.insert(u"frequency_penalty"_s, *request.frequencyPenalty);
    if (!request.stop.isEmpty())
        body.insert(u"stop"_s, QJsonArray::fromStringList(request.stop));
    if (!request.reasoningEffort.isEmpty())
        body.insert(u"reasoning_effort"_s, request.reasoningEffort);
    if (!request.tools.isEmpty())
        body.insert(u"tools"_s, tools(request.tools));
    if (request.toolChoice.mode != ToolChoice::Mode::Default)
        body.insert(u"tool_choice"_s, toolChoice(request.toolChoice));
    if (request.parallelToolCalls)
        body.insert(u"parallel_tool_calls"_s, *request.parallelToolCalls);
    if (request.responseFormat.kind != ResponseFormat::Kind::Text)
        body.insert(u"response_format"_s, responseFormat(request.responseFormat));
    for (auto it = request.openAiExtras.begin(); it != request.openAiExtras.end(); ++it)
        body.insert(it.key(), it.value());
    return finishBody(body, request);
}

QJsonObject OpenAiAdapter::message(const ChatMessage &m)
{
    if (m.role == ChatMessage::Role::Tool)
        return {{u"role"_s, u"tool"_s}, {u"tool_call_id"_s, plainToolCallId(m.toolCallId)}, {u"content"_s, m.text}};
    QJsonObject out{{u"role"_s, roleName(m.role)}};
    if (m.images.isEmpty()) {
        // An assistant turn that only called tools has no content.
        out.insert(u"content"_s, m.text.isEmpty() && !m.toolCalls.isEmpty() ? QJsonValue() : QJsonValue(m.text));
    } else {
        QJsonArray parts{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, m.text}}};
        for (const ImageAttachment &image : m.images) {
            const QString url = u"data:"_s + image.mimeType + u";base64,"_s + QString::fromLatin1(image.data.toBase64());
            parts.append(QJsonObject{{u"type"_s, u"image_url"_s}, {u"image_url"_s, QJsonObject{{u"url"_s, url}}}});
        }
        out.insert(u"content"_s, parts);
    }
    if (!m.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const ToolCall &call : m.toolCalls) {
            calls.append(QJsonObject{{u"id"_s, plainToolCallId(call.id)},
                                     {u"type"_s, u"function"_s},
                                     {u"function"_s, QJsonObject{{u"name"_s, call.name}, {u"arguments"_s, call.arguments}}}});
        }
        out.insert(u"tool_calls"_s, calls);
    }
    return out;
}

QJsonArray OpenAiAdapter::tools(const QList<ToolDefinition> &definitions)
{
    QJsonArray out;
    for (const ToolDefinition &tool : definitions) {
        QJsonObject function{{u"name"_s, tool.name}};
        if (!tool.description.isEmpty())
            function.insert(u"description"_s, tool.description);
        if (!tool.parameters.isEmpty())
            function.insert(u"parameters"_s, tool.parameters);
        if (tool.strict)
            function.insert(u"strict"_s, true);
        out.append(QJsonObject{{u"type"_s, u"function"_s}, {u"function"_s, function}});
    }
    return out;
}

QJsonValue OpenAiAdapter::toolChoice(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::None:
        return u"none"_s;
    case ToolChoice::Mode::Required:
        return u"required"_s;
    case ToolChoice::Mode::Named:
        return QJsonObject{{u"type"_s, u"function"_s}, {u"function"_s, QJsonObject{{u"name"_s, choice.name}}}};
    case ToolChoice::Mode::Default:
    case ToolChoice::Mode::Auto:
        break;
    }
    return u"auto"_s;
}

QJsonObject OpenAiAdapter::responseFormat(const ResponseFormat &format)
{
    if (format.kind == ResponseFormat::Kind::JsonObject)
        return {{u"type"_s, u"json_object"_s}};
    if (format.kind == ResponseFormat::Kind::Text)
        return {{u"type"_s, u"text"_s}};
    QJsonObject schema{{u"name"_s, format.name}, {u"schema"_s, format.schema}};
    if (format.strict)
        schema.insert(u"strict"_s, true);
    return {{u"type"_s, u"json_schema"_s}, {u"json_schema"_s, schema}};
}

std::unique_ptr<StreamDecoder> OpenAiAdapter::streamDecoder() const
{
    return std::make_unique<OpenAiDecoder>();
}

QList<ChatEvent> OpenAiAdapter::decodeResponse(QByteArrayView body) const
{
    QList<ChatEvent> out;
    if (const auto record = parseRecord(body, out)) {
        if (record->contains("error"_L1))
            out.append(streamError(*record));
        else
            decodeChoiceAndUsage(*record, "message"_L1, out);
    }
    return out;
}

// /models lists everything at once (OpenAI, OpenRouter and the compatible servers),
// so there is never a cursor to pass on.
QNetworkRequest OpenAiAdapter::modelsRequest(const ProviderConfig &provider, const QString &key, const QString &) const
{
    QNetworkRequest request = jsonRequest(provider, u"/models"_s);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

std::expected<ModelPage, QString> OpenAiAdapter::decodeModels(QByteArrayView body) const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray());
    if (!doc.object().value("data"_L1).isArray())
        return std::unexpected(u"The model list is not in the OpenAI format (no \"data\" array)"_s);
    QStringList ids;
    for (const QJsonValue &m : doc.object().value("data"_L1).toArray())
        ids.append(m.toObject().value("id"_L1).toString());
    ids.removeAll(QString());
    return ModelPage{.ids = ids};
}


QString OpenAiAdapter::embeddingsRefusal(const EmbeddingRequest &) const
{
    return {};
}

QNetworkRequest OpenAiAdapter::embeddingsRequest(const ProviderConfig &provider, const EmbeddingRequest &,
                                                 const QString &key) const
{
    QNetworkRequest request = jsonRequest(provider, u"/embeddings"_s);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

QByteArray OpenAiAdapter::embeddingsBody(const EmbeddingRequest &request) const
{
    // Floats, the API's default: every OpenAI-compatible server speaks them,
    // not all of them base64. The gateway encodes for its own client.
    QJsonObject body{{u"model"_s, request.model}};
    if (!request.tokenInputs.isEmpty())
        body.insert(u"input"_s, request.tokenInputs);
    else
        body.insert(u"input"_s, QJsonArray::fromStringList(request.texts));
    if (request.dimensions > 0)
        body.insert(u"dimensions"_s, request.dimensions);
    if (!request.user.isEmpty())
        body.insert(u"user"_s, request.user);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::expected<EmbeddingResult, QString> OpenAiAdapter::decodeEmbeddings(QByteArrayView body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(u"malformed JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!root.value("data"_L1).isArray())
        return std::unexpected(u"not in the OpenAI format (no \"data\" array)"_s);
    const QJsonArray data = root.value("data"_L1).toArray();
    EmbeddingResult result;
    result.vectors.resize(data.size());
    QList<bool> seen(data.size(), false);
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject item = data.at(i).toObject();
        // The index says which input a vector belongs to; order is not promised.
        const qint64 index = item.contains("index"_L1) ? tokenCount(item.value("index"_L1)) : i;
        if (index < 0 || index >= data.size() || seen[index])
            return std::unexpected(u"embedding %1 has a missing, repeated or out-of-range index"_s.arg(i));
        seen[index] = true;
        auto vector = embeddingVector(item.value("embedding"_L1));
        if (!vector)
            return std::unexpected(u"embedding %1 is not a list of numbers"_s.arg(i));
        result.vectors[index] = std::move(*vector);
    }
    result.promptTokens = tokenCount(root.value("usage"_L1).toObject(), "prompt_tokens"_L1);
    return result;
}

} // namespace Switchyard::Providers
