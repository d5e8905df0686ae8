#include "providers/ollamaadapter.h"

#include "providers/openaiadapter.h"

#include "stream/ndjsonparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

// Returns true on the final record (done: true).
bool decodeRecord(const QJsonObject &record, QList<ChatEvent> &out, int &toolIndex)
{
    if (record.contains("error"_L1)) {
        out.append(ProviderAdapter::streamError(record));
        return false;
    }
    const QJsonObject message = record.value("message"_L1).toObject();
    if (const QString thinking = message.value("thinking"_L1).toString(); !thinking.isEmpty())
        out.append(ChatEvent::reasoningDelta(thinking));
    if (const QString text = message.value("content"_L1).toString(); !text.isEmpty())
        out.append(ChatEvent::textDelta(text));
    for (const QJsonValue &c : message.value("tool_calls"_L1).toArray()) {
        const QJsonObject function = c.toObject().value("function"_L1).toObject();
        ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
        e.toolIndex = toolIndex++;
        e.toolId = ProviderAdapter::newToolCallId(); // Ollama's calls have none
        e.toolName = function.value("name"_L1).toString();
        e.text = QString::fromUtf8(QJsonDocument(function.value("arguments"_L1).toObject()).toJson(QJsonDocument::Compact));
        out.append(e);
    }
    if (!record.value("done"_L1).toBool())
        return false;
    TokenUsage usage;
    usage.input = ProviderAdapter::tokenCount(record, "prompt_eval_count"_L1);
    usage.output = ProviderAdapter::tokenCount(record, "eval_count"_L1);
    out.append(ChatEvent::usageEvent(usage));
    out.append(ChatEvent::finish(record.value("done_reason"_L1).toString(u"stop"_s)));
    return true;
}

class OllamaDecoder final : public StreamDecoder
{
public:
    void feed(QByteArrayView bytes, QList<ChatEvent> &out) override
    {
        m_lines.feed(bytes, [&](QByteArrayView line) { onRecord(line, out); });
    }
    void setMaxEventBytes(qsizetype bytes) override { m_lines.setMaxRecordBytes(bytes); }
    [[nodiscard]] bool overflowed() const override { return m_lines.overflowed(); }
    void finish(QList<ChatEvent> &out) override
    {
        m_lines.finish([&](QByteArrayView line) { onRecord(line, out); });
    }

private:
    void onRecord(QByteArrayView line, QList<ChatEvent> &out)
    {
        if (m_complete)
            return;
        if (const auto record = ProviderAdapter::parseRecord(line, out)) {
            if (decodeRecord(*record, out, m_toolIndex))
                m_complete = true;
        }
    }

    Stream::NdjsonParser m_lines;
    int m_toolIndex = 0;
};

} // namespace

QNetworkRequest OllamaAdapter::chatRequest(const ProviderConfig &provider, const ChatRequest &, const QString &key) const
{
    QNetworkRequest request = jsonRequest(provider, u"/api/chat"_s);
    if (!key.isEmpty()) // a remote Ollama behind an authenticating proxy
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

QByteArray OllamaAdapter::chatBody(const ProviderConfig &, const ChatRequest &request) const
{
    QJsonArray messages;
    if (!request.systemPrompt.isEmpty())
        messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, request.systemPrompt}});
    for (const ChatMessage &m : request.messages) {
        const QString role = m.role == ChatMessage::Role::System  ? u"system"_s
            : m.role == ChatMessage::Role::Assistant                ? u"assistant"_s
            : m.role == ChatMessage::Role::Tool                     ? u"tool"_s
                                                                    : u"user"_s;
        QJsonObject message{{u"role"_s, role}, {u"content"_s, m.text}};
        if (!m.images.isEmpty()) {
            QJsonArray images;
            for (const ImageAttachment &image : m.images)
                images.append(QString::fromLatin1(image.data.toBase64()));
            message.insert(u"images"_s, images);
        }
        if (!m.toolCalls.isEmpty()) {
            QJsonArray calls;
            for (const ToolCall &call : m.toolCalls) {
                calls.append(QJsonObject{{u"function"_s, QJsonObject{{u"name"_s, call.name},
                                                                    {u"arguments"_s, toolArguments(call)}}}});
            }
            message.insert(u"tool_calls"_s, calls);
        }
        if (m.role == ChatMessage::Role::Tool)
            message.insert(u"tool_name"_s, toolNameOf(request, m.toolCallId));
        messages.append(message);
    }
    QJsonObject body{{u"model"_s, request.model}, {u"messages"_s, messages}, {u"stream"_s, request.stream}};
    QJsonObject options;
    if (request.temperature)
        options.insert(u"temperature"_s, *request.temperature);
    if (request.topP)
        options.insert(u"top_p"_s, *request.topP);
    if (request.maxTokens)
        options.insert(u"num_predict"_s, *request.maxTokens);
    if (request.seed)
        options.insert(u"seed"_s, *request.seed);
    if (request.presencePenalty)
        options.insert(u"presence_penalty"_s, *request.presencePenalty);
    if (request.frequencyPenalty)
        options.insert(u"frequency_penalty"_s, *request.frequencyPenalty);
    if (!request.stop.isEmpty())
        options.insert(u"stop"_s, QJsonArray::fromStringList(request.stop));
    if (!options.isEmpty())
        body.insert(u"options"_s, options);
    if (!request.reasoningEffort.isEmpty())
        body.insert(u"think"_s, true);
    // Ollama has no tool_choice: "none" is honoured by offering no tools, a
    // forced choice cannot be expressed and is left to the model.
    if (!request.tools.isEmpty() && request.toolChoice.mode != ToolChoice::Mode::None)
        body.insert(u"tools"_s, OpenAiAdapter::tools(request.tools));
    if (request.responseFormat.kind == ResponseFormat::Kind::JsonObject)
        body.insert(u"format"_s, u"json"_s);
    else if (request.responseFormat.kind == ResponseFormat::Kind::JsonSchema)
        body.insert(u"format"_s, request.responseFormat.schema);
    return finishBody(body, request);
}

std::unique_ptr<StreamDecoder> OllamaAdapter::streamDecoder() const
{
    return std::make_unique<OllamaDecoder>();
}

QList<ChatEvent> OllamaAdapter::decodeResponse(QByteArrayView body) const
{
    QList<ChatEvent> out;
    int toolIndex = 0;
    if (const auto record = parseRecord(body, out))
        decodeRecord(*record, out, toolIndex);
    return out;
}

// /api/tags lists every local model at once.
QNetworkRequest OllamaAdapter::modelsRequest(const ProviderConfig &provider, const QString &key, const QString &) const
{
    QNetworkRequest request = jsonRequest(provider, u"/api/tags"_s);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

std::expected<ModelPage, QString> OllamaAdapter::decodeModels(QByteArrayView body) const
{
    const QJsonObject root = QJsonDocument::fromJson(body.toByteArray()).object();
    if (!root.value("models"_L1).isArray())
        return std::unexpected(u"The model list is not in Ollama's format (no \"models\" array)"_s);
    QStringList ids;
    for (const QJsonValue &m : root.value("models"_L1).toArray())
        ids.append(m.toObject().value("name"_L1).toString());
    ids.removeAll(QString());
    return ModelPage{.ids = ids};
}


QString OllamaAdapter::embeddingsRefusal(const EmbeddingRequest &request) const
{
    if (!request.tokenInputs.isEmpty())
        return u"Ollama takes text to embed, not token ids"_s;
    return {};
}

QNetworkRequest OllamaAdapter::embeddingsRequest(const ProviderConfig &provider, const EmbeddingRequest &,
                                                 const QString &key) const
{
    QNetworkRequest request = jsonRequest(provider, u"/api/embed"_s);
    if (!key.isEmpty()) // a remote Ollama behind an authenticating proxy
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    return request;
}

QByteArray OllamaAdapter::embeddingsBody(const EmbeddingRequest &request) const
{
    QJsonObject body{{u"model"_s, request.model}, {u"input"_s, QJsonArray::fromStringList(request.texts)}};
    if (request.dimensions > 0)
        body.insert(u"dimensions"_s, request.dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::expected<EmbeddingResult, QString> OllamaAdapter::decodeEmbeddings(QByteArrayView body) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(u"malformed JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!root.value("embeddings"_L1).isArray())
        return std::unexpected(u"not in Ollama's format (no \"embeddings\" array)"_s);
    EmbeddingResult result;
    const QJsonArray list = root.value("embeddings"_L1).toArray();
    result.vectors.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto vector = embeddingVector(list.at(i));
        if (!vector)
            return std::unexpected(u"embedding %1 is not a list of numbers"_s.arg(i));
        result.vectors.append(std::move(*vector));
    }
    result.promptTokens = tokenCount(root, "prompt_eval_count"_L1);
    return result;
}

} // namespace Switchyard::Providers
