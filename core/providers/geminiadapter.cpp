#include "providers/geminiadapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

// Gemini bills thoughts as output; Switchyard's output includes reasoning
// tokens, with reasoning the share spent thinking (as OpenAI reports it).
TokenUsage usageFrom(const QJsonObject &m)
{
    TokenUsage usage;
    usage.input = ProviderAdapter::tokenCount(m, "promptTokenCount"_L1);
    const qint64 candidates = ProviderAdapter::tokenCount(m, "candidatesTokenCount"_L1);
    const qint64 thoughts = ProviderAdapter::tokenCount(m, "thoughtsTokenCount"_L1);
    if (candidates >= 0 || thoughts >= 0)
        usage.output = std::max<qint64>(candidates, 0) + std::max<qint64>(thoughts, 0);
    usage.reasoning = thoughts;
    usage.cachedInput = ProviderAdapter::tokenCount(m, "cachedContentTokenCount"_L1);
    return usage;
}

// Returns true when the record carried a finish reason, Gemini's only end marker.
bool decodeRecord(const QJsonObject &record, QList<ChatEvent> &out, int &toolIndex)
{
    if (record.contains("error"_L1)) {
        out.append(ProviderAdapter::streamError(record));
        return false;
    }
    bool finished = false;
    const QJsonArray candidates = record.value("candidates"_L1).toArray();
    if (!candidates.isEmpty()) {
        const QJsonObject candidate = candidates.first().toObject();
        for (const QJsonValue &p : candidate.value("content"_L1).toObject().value("parts"_L1).toArray()) {
            const QJsonObject part = p.toObject();
            if (part.contains("functionCall"_L1)) {
                const QJsonObject call = part.value("functionCall"_L1).toObject();
                ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
                e.toolIndex = toolIndex++;
                e.toolId = call.value("id"_L1).toString();
                if (e.toolId.isEmpty())
                    e.toolId = ProviderAdapter::newToolCallId();
                // Gemini 3 signs the first call of a turn, in the part beside it.
                if (const QString signature = part.value("thoughtSignature"_L1).toString(); !signature.isEmpty())
                    e.toolId = ProviderAdapter::signedToolCallId(e.toolId, signature);
                e.toolName = call.value("name"_L1).toString();
                e.text = QString::fromUtf8(QJsonDocument(call.value("args"_L1).toObject()).toJson(QJsonDocument::Compact));
                out.append(e);
            } else if (const QString text = part.value("text"_L1).toString(); !text.isEmpty()) {
                out.append(part.value("thought"_L1).toBool() ? ChatEvent::reasoningDelta(text) : ChatEvent::textDelta(text));
            }
        }
        if (const QString reason = candidate.value("finishReason"_L1).toString(); !reason.isEmpty()) {
            out.append(ChatEvent::finish(reason));
            finished = true;
        }
    } else if (const QString blocked = record.value("promptFeedback"_L1).toObject().value("blockReason"_L1).toString();
               !blocked.isEmpty()) {
        out.append(ChatEvent::failure({.kind = CallError::Kind::ProviderError,
                                       .message = u"Gemini blocked the prompt (%1)"_s.arg(blocked)}));
    }
    if (const QJsonValue usage = record.value("usageMetadata"_L1); usage.isObject())
        out.append(ChatEvent::usageEvent(usageFrom(usage.toObject())));
    return finished;
}

class GeminiDecoder final : public SseStreamDecoder
{
private:
    void onEvent(const Stream::SseEvent &event, QList<ChatEvent> &out) override
    {
        if (const auto record = ProviderAdapter::parseRecord(event.data, out)) {
            if (decodeRecord(*record, out, m_toolIndex))
                m_complete = true;
        }
    }

    int m_toolIndex = 0;
};

QNetworkRequest withKey(QNetworkRequest request, const QString &key)
{
    if (!key.isEmpty())
        request.setRawHeader("x-goog-api-key", key.toUtf8()); // a header, so the key stays out of URLs and logs
    return request;
}

} // namespace

QNetworkRequest GeminiAdapter::chatRequest(const ProviderConfig &provider, const ChatRequest &request,
                                           const QString &key) const
{
    const QString method = request.stream ? u":streamGenerateContent"_s : u":generateContent"_s;
    // One path segment, whatever the name holds: a '/', '?' or '#' in it must
    // not reach another path or end the path early.
    QNetworkRequest r = jsonRequest(provider, u"/models/"_s + QString::fromLatin1(QUrl::toPercentEncoding(request.model)) + method);
    if (request.stream) {
        QUrl url = r.url();
        url.setQuery(u"alt=sse"_s);
        r.setUrl(url);
    }
    return withKey(r, key);
}

QByteArray GeminiAdapter::chatBody(const ProviderConfig &, const ChatRequest &request) const
{
    QJsonArray contents;
    QString system = request.systemPrompt;
    for (const ChatMessage &m : request.messages) {
        if (m.role == ChatMessage::Role::System) {
            system += (system.isEmpty() ? QString() : u"\n\n"_s) + m.text;
            continue;
        }
        QJsonArray parts;
        if (m.role == ChatMessage::Role::Tool) {
            // Gemini answers a call by the function's name; the response must
            // be an object, so a result that is not one is wrapped.
            const QJsonDocument result = QJsonDocument::fromJson(m.text.toUtf8());
            parts.append(QJsonObject{{u"functionResponse"_s,
                                      QJsonObject{{u"name"_s, toolNameOf(request, m.toolCallId)},
                                                  {u"response"_s, result.isObject() ? result.object()
                                                                                    : QJsonObject{{u"result"_s, m.text}}}}}});
        }
        for (const ImageAttachment &image : m.images) {
            parts.append(QJsonObject{{u"inlineData"_s, QJsonObject{{u"mimeType"_s, image.mimeType},
                                                                  {u"data"_s, QString::fromLatin1(image.data.toBase64())}}}});
        }
        if (m.role != ChatMessage::Role::Tool && (!m.text.isEmpty() || m.toolCalls.isEmpty()))
            parts.append(QJsonObject{{u"text"_s, m.text}});
        for (const ToolCall &call : m.toolCalls) {
            QJsonObject part{{u"functionCall"_s, QJsonObject{{u"name"_s, call.name}, {u"args"_s, toolArguments(call)}}}};
            if (const QString signature = toolCallSignature(call.id); !signature.isEmpty())
                part.insert(u"thoughtSignature"_s, signature);
            parts.append(part);
        }
        const QString role = m.role == ChatMessage::Role::Assistant ? u"model"_s : u"user"_s;
        // The results of one round of calls go back together, in one turn.
        if (m.role == ChatMessage::Role::Tool && !contents.isEmpty()
            && contents.last().toObject().value("role"_L1).toString() == role) {
            QJsonObject last = contents.last().toObject();
            QJsonArray joined = last.value("parts"_L1).toArray();
            for (const QJsonValue &part : std::as_const(parts))
                joined.append(part);
            last.insert(u"parts"_s, joined);
            contents.replace(contents.size() - 1, last);
            continue;
        }
        contents.append(QJsonObject{{u"role"_s, role}, {u"parts"_s, parts}});
    }
    QJsonObject body{{u"contents"_s, contents}};
    if (!system.isEmpty())
        body.insert(u"systemInstruction"_s, QJsonObject{{u"parts"_s, QJsonArray{QJsonObject{{u"text"_s, system}}}}});
    QJsonObject config;
    if (request.temperature)
        config.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        config.insert(u"topP"_s, *request.topP);
    if (request.maxTokens)
        config.insert(u"maxOutputTokens"_s, *request.maxTokens);
    if (request.seed)
        config.insert(u"seed"_s, *request.seed);
    if (request.presencePenalty)
        config.insert(u"presencePenalty"_s, *request.presencePenalty);
    if (request.frequencyPenalty)
        config.insert(u"frequencyPenalty"_s, *request.frequencyPenalty);
    if (!request.stop.isEmpty())
        config.insert(u"stopSequences"_s, QJsonArray::fromStringList(request.stop));
    if (request.responseFormat.kind != ResponseFormat::Kind::Text)
        config.insert(u"responseMimeType"_s, u"application/json"_s);
    if (request.responseFormat.kind == ResponseFormat::Kind::JsonSchema)
        config.insert(u"responseJsonSchema"_s, request.responseFormat.schema);
    if (!request.reasoningEffort.isEmpty()) {
        const int budget = thinkingBudget(request.reasoningEffort);
        config.insert(u"thinkingConfig"_s, QJsonObject{{u"includeThoughts"_s, true}, {u"thinkingBudget"_s, budget}});
    }
    if (!config.isEmpty())
        body.insert(u"generationConfig"_s, config);
    if (!request.tools.isEmpty()) {
        QJsonArray declarations;
        for (const ToolDefinition &tool : request.tools) {
            QJsonObject d{{u"name"_s, tool.name}};
            if (!tool.description.isEmpty())
                d.insert(u"description"_s, tool.description);
            // parametersJsonSchema takes JSON Schema as written; "parameters"
            // would take only Gemini's OpenAPI subset.
            if (!tool.parameters.isEmpty())
                d.insert(u"parametersJsonSchema"_s, tool.parameters);
            declarations.append(d);
        }
        body.insert(u"tools"_s, QJsonArray{QJsonObject{{u"functionDeclarations"_s, declarations}}});
        if (request.toolChoice.mode != ToolChoice::Mode::Default)
            body.insert(u"toolConfig"_s, QJsonObject{{u"functionCallingConfig"_s, callingConfig(request.toolChoice)}});
    }
    return finishBody(body, request);
}

QJsonObject GeminiAdapter::callingConfig(const ToolChoice &choice)
{
    switch (choice.mode) {
    case ToolChoice::Mode::None:
        return {{u"mode"_s, u"NONE"_s}};
    case ToolChoice::Mode::Required:
        return {{u"mode"_s, u"ANY"_s}};
    case ToolChoice::Mode::Named:
        return {{u"mode"_s, u"ANY"_s}, {u"allowedFunctionNames"_s, QJsonArray{choice.name}}};
    case ToolChoice::Mode::Default:
    case ToolChoice::Mode::Auto:
        break;
    }
    return {{u"mode"_s, u"AUTO"_s}};
}

std::unique_ptr<StreamDecoder> GeminiAdapter::streamDecoder() const
{
    return std::make_unique<GeminiDecoder>();
}

QList<ChatEvent> GeminiAdapter::decodeResponse(QByteArrayView body) const
{
    QList<ChatEvent> out;
    int toolIndex = 0;
    if (const auto record = parseRecord(body, out))
        decodeRecord(*record, out, toolIndex);
    return out;
}

QNetworkRequest GeminiAdapter::modelsRequest(const ProviderConfig &provider, const QString &key,
                                             const QString &pageCursor) const
{
    QNetworkRequest r = jsonRequest(provider, u"/models"_s);
    QUrl url = r.url();
    // 1000 is the largest page Gemini serves. Page tokens may hold + / and =;
    // percent-encoded, because a bare + would reach the server as a space.
    QString query = u"pageSize=1000"_s;
    if (!pageCursor.isEmpty())
        query += u"&pageToken="_s + QString::fromLatin1(QUrl::toPercentEncoding(pageCursor));
    url.setQuery(query);
    r.setUrl(url);
    return withKey(r, key);
}

std::expected<ModelPage, QString> GeminiAdapter::decodeModels(QByteArrayView body) const
{
    const QJsonObject root = QJsonDocument::fromJson(body.toByteArray()).object();
    if (!root.value("models"_L1).isArray())
        return std::unexpected(u"The model list is not in Gemini's format (no \"models\" array)"_s);
    QStringList ids;
    for (const QJsonValue &m : root.value("models"_L1).toArray()) {
        QString name = m.toObject().value("name"_L1).toString();
        if (name.startsWith("models/"_L1))
            name = name.mid(7);
        if (!name.isEmpty())
            ids.append(name);
    }
    return ModelPage{.ids = ids, .nextCursor = root.value("nextPageToken"_L1).toString()};
}


QString GeminiAdapter::embeddingsRefusal(const EmbeddingRequest &request) const
{
    if (!request.tokenInputs.isEmpty())
        return u"Gemini takes text to embed, not token ids"_s;
    return {};
}

QNetworkRequest GeminiAdapter::embeddingsRequest(const ProviderConfig &provider, const EmbeddingRequest &request,
                                                 const QString &key) const
{
    // One path segment, whatever the name holds, as for chat.
    return withKey(jsonRequest(provider, u"/models/"_s + QString::fromLatin1(QUrl::toPercentEncoding(request.model))
                                             + u":batchEmbedContents"_s),
                   key);
}

QByteArray GeminiAdapter::embeddingsBody(const EmbeddingRequest &request) const
{
    QJsonArray requests;
    const QString model = u"models/"_s + request.model;
    for (const QString &text : request.texts) {
        QJsonObject one{{u"model"_s, model},
                        {u"content"_s, QJsonObject{{u"parts"_s, QJsonArray{QJsonObject{{u"text"_s, text}}}}}}};
        if (request.dimensions > 0)
            one.insert(u"outputDimensionality"_s, request.dimensions);
        requests.append(one);
    }
    return QJsonDocument(QJsonObject{{u"requests"_s, requests}}).toJson(QJsonDocument::Compact);
}

std::expected<EmbeddingResult, QString> GeminiAdapter::decodeEmbeddings(QByteArrayView body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(u"malformed JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
    const QJsonValue embeddings = doc.object().value("embeddings"_L1);
    if (!embeddings.isArray())
        return std::unexpected(u"not in Gemini's format (no \"embeddings\" array)"_s);
    EmbeddingResult result; // Gemini's batch endpoint counts no tokens
    const QJsonArray list = embeddings.toArray();
    result.vectors.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto vector = embeddingVector(list.at(i).toObject().value("values"_L1));
        if (!vector)
            return std::unexpected(u"embedding %1 has no list of numbers in \"values\""_s.arg(i));
        result.vectors.append(std::move(*vector));
    }
    return result;
}

} // namespace Switchyard::Providers
