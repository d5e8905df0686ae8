#pragma once

#include "providers/chatevent.h"
#include "providers/chatrequest.h"
#include "providers/embeddingrequest.h"
#include "providers/modelpage.h"
#include "providers/providerconfig.h"
#include "stream/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QStringList>

#include <expected>
#include <memory>

class QJsonObject;
class QJsonValue;

namespace Switchyard::Providers {

/// Per-call state that turns a provider's streamed bytes into ChatEvents.
/// Fed whatever chunks the network delivers.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    virtual void feed(QByteArrayView bytes, QList<ChatEvent> &out) = 0;
    /// The connection ended; flush what is buffered.
    virtual void finish(QList<ChatEvent> &out) = 0;
    /// The largest event (an SSE event, an NDJSON line) held; past it the
    /// decoder stops and overflowed() says so, rather than buffering a
    /// stream without line ends without bound.
    virtual void setMaxEventBytes(qsizetype bytes) = 0;
    [[nodiscard]] virtual bool overflowed() const = 0;
    /// The stream's own end marker arrived ([DONE], message_stop, done: true,
    /// a final finish reason). A connection that ends before it was cut.
    [[nodiscard]] bool isComplete() const { return m_complete; }

protected:
    bool m_complete = false;
};

/// A decoder for the three SSE-framed formats: the framing is shared, each
/// format only says what one event means.
class SseStreamDecoder : public StreamDecoder
{
public:
    void feed(QByteArrayView bytes, QList<ChatEvent> &out) final
    {
        m_sse.feed(bytes, [&](const Stream::SseEvent &e) { onEvent(e, out); });
    }
    void finish(QList<ChatEvent> &out) final
    {
        m_sse.finish([&](const Stream::SseEvent &e) { onEvent(e, out); });
    }
    void setMaxEventBytes(qsizetype bytes) final { m_sse.setMaxEventBytes(bytes); }
    [[nodiscard]] bool overflowed() const final { return m_sse.overflowed(); }

protected:
    virtual void onEvent(const Stream::SseEvent &event, QList<ChatEvent> &out) = 0;

private:
    Stream::SseParser m_sse;
};

/// One wire format: builds HTTP requests for a ChatRequest and decodes the
/// answers. Adapters are stateless (per-call state lives in the decoder), so
/// one instance per kind serves every call; forKind() returns it.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    [[nodiscard]] virtual QNetworkRequest chatRequest(const ProviderConfig &provider, const ChatRequest &request,
                                                      const QString &key) const = 0;
    [[nodiscard]] virtual QByteArray chatBody(const ProviderConfig &provider, const ChatRequest &request) const = 0;
    /// Why this format cannot carry the request at all (e.g. JSON mode where
    /// the API only takes a schema), in words for the user; empty when it can.
    /// Such a call fails as a bad request without being sent.
    [[nodiscard]] virtual QString refusal(const ChatRequest &request) const
    {
        Q_UNUSED(request);
        return {};
    }
    [[nodiscard]] virtual std::unique_ptr<StreamDecoder> streamDecoder() const = 0;
    /// Decodes a whole non-streaming response body into the same events.
    [[nodiscard]] virtual QList<ChatEvent> decodeResponse(QByteArrayView body) const = 0;

    /// The request for one page of the model list: pageCursor is empty for the
    /// first page, else the nextCursor of the page before.
    [[nodiscard]] virtual QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &key,
                                                        const QString &pageCursor) const = 0;
    /// One page of the model list, or a message saying why the body is not one.
    [[nodiscard]] virtual std::expected<ModelPage, QString> decodeModels(QByteArrayView body) const = 0;

    // Embeddings. Formats with an endpoint for them (OpenAI's /embeddings,
    // Gemini's batchEmbedContents, Ollama's /api/embed) override all four;
    // the others keep the refusal (Anthropic has no embeddings API).
    /// Why this format cannot make these embeddings, in words for the user
    /// (after the provider's name); empty when it can.
    [[nodiscard]] virtual QString embeddingsRefusal(const EmbeddingRequest &request) const;
    [[nodiscard]] virtual QNetworkRequest embeddingsRequest(const ProviderConfig &provider,
                                                            const EmbeddingRequest &request, const QString &key) const;
    [[nodiscard]] virtual QByteArray embeddingsBody(const EmbeddingRequest &request) const;
    /// The most texts one request may hold (Gemini's batch endpoint: 100);
    /// 0 for no limit. More are sent as several requests, one after another.
    [[nodiscard]] virtual qsizetype maxEmbeddingInputs() const { return 0; }
    /// The vectors of a whole answer in input order, or why the body is not one.
    [[nodiscard]] virtual std::expected<EmbeddingResult, QString> decodeEmbeddings(QByteArrayView body) const;
    /// One vector from JSON: a non-empty array of numbers, or the base64 of
    /// little-endian float32s (OpenAI's encoding_format "base64"); empty
    /// when it is neither.
    [[nodiscard]] static std::optional<QList<float>> embeddingVector(const QJsonValue &value);

    [[nodiscard]] static const ProviderAdapter &forKind(ApiKind kind);

    /// The human message inside an error body, whichever of the four shapes it
    /// has ({"error": "..."} or {"error": {"message": ...}}); empty if none.
    [[nodiscard]] static QString errorMessageFromBody(QByteArrayView body);

    // Helpers shared by the adapters and their decoders.
    /// A JSON request for baseUrl + path with the common headers set.
    [[nodiscard]] static QNetworkRequest jsonRequest(const ProviderConfig &provider, const QString &path);
    /// Parses one JSON record of a stream; on failure appends a Protocol error.
    [[nodiscard]] static std::optional<QJsonObject> parseRecord(QByteArrayView record, QList<ChatEvent> &out);
    /// A ProviderError event for an {"error": ...} object inside a stream.
    [[nodiscard]] static ChatEvent streamError(const QJsonObject &record);
    /// The request body as sent: body with ChatRequest::extraBody merged over
    /// it (the caller's fields win), as compact JSON.
    [[nodiscard]] static QByteArray finishBody(QJsonObject body, const ChatRequest &request);
    /// A tool call's arguments as the JSON object the formats other than
    /// OpenAI's want (OpenAI keeps them as text); empty if they do not parse.
    [[nodiscard]] static QJsonObject toolArguments(const ToolCall &call);
    /// An id for a tool call whose API gave it none (Ollama, older Gemini):
    /// callers answer a call by its id.
    [[nodiscard]] static QString newToolCallId();
    /// The name of the tool whose call has this id, from the assistant turns
    /// of the history: formats that answer a call by name need it.
    [[nodiscard]] static QString toolNameOf(const ChatRequest &request, const QString &callId);

    /// Gemini 3 signs each of its function calls (thoughtSignature) and
    /// refuses a conversation that sends a call back without its signature.
    /// OpenAI's format has no place for it but the call's id, which every
    /// client sends back as it got it; so the signature travels there, after
    /// a marker no generated id contains: "<id>.ts.<signature, base64url>".
    [[nodiscard]] static QString signedToolCallId(const QString &id, const QString &signature);
    /// The signature carried by such an id, as Gemini wrote it; empty if none.
    [[nodiscard]] static QString toolCallSignature(const QString &id);
    /// The id without a signature: what every other API is sent (Anthropic
    /// takes only letters, digits, '-' and '_'; OpenAI at most 40 characters).
    [[nodiscard]] static QString plainToolCallId(const QString &id);
    /// The same JSON Schema with an empty one made {"type": "object"}, as the
    /// formats that require a schema for every tool want.
    [[nodiscard]] static QJsonObject toolSchema(const ToolDefinition &tool);
    /// Thinking tokens for a reasoning effort ("low", "medium", "high") on the
    /// APIs that take a budget instead of an effort (Anthropic, Gemini).
    [[nodiscard]] static int thinkingBudget(const QString &effort);
    /// A token count from a usage object, -1 when the field is absent.
    [[nodiscard]] static qint64 tokenCount(const QJsonObject &usage, QLatin1StringView key);
    /// A token count from a JSON value: -1 unless it is a whole number from 0 to 2^53.
    [[nodiscard]] static qint64 tokenCount(const QJsonValue &value);
};

} // namespace Switchyard::Providers
