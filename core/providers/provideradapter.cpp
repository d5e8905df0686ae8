#include "providers/provideradapter.h"

#include "providers/anthropicadapter.h"
#include "providers/geminiadapter.h"
#include "providers/ollamaadapter.h"
#include "providers/openaiadapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtEndian>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

const ProviderAdapter &ProviderAdapter::forKind(ApiKind kind)
{
    static const OpenAiAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const GeminiAdapter gemini;
    static const OllamaAdapter ollama;
    switch (kind) {
    case ApiKind::OpenAi:
        return openAi;
    case ApiKind::Anthropic:
        return anthropic;
    case ApiKind::Gemini:
        return gemini;
    case ApiKind::Ollama:
        return ollama;
    }
    return openAi;
}

QString ProviderAdapter::embeddingsRefusal(const EmbeddingRequest &) const
{
    return u"this API has no embeddings endpoint; use an OpenAI-compatible, Gemini or Ollama provider"_s;
}

QNetworkRequest ProviderAdapter::embeddingsRequest(const ProviderConfig &provider, const EmbeddingRequest &,
                                                   const QString &) const
{
    return jsonRequest(provider, QString()); // never sent: embeddingsRefusal() said no
}

QByteArray ProviderAdapter::embeddingsBody(const EmbeddingRequest &) const
{
    return {};
}

std::expected<EmbeddingResult, QString> ProviderAdapter::decodeEmbeddings(QByteArrayView) const
{
    return std::unexpected(u"this API has no embeddings"_s);
}

std::optional<QList<float>> ProviderAdapter::embeddingVector(const QJsonValue &value)
{
    // An embedding without a number (an empty list or string) is no vector.
    QList<float> vector;
    if (value.isArray()) {
        const QJsonArray numbers = value.toArray();
        vector.reserve(numbers.size());
        for (const QJsonValue &n : numbers) {
            if (!n.isDouble())
                return std::nullopt;
            vector.append(float(n.toDouble()));
        }
        return vector.isEmpty() ? std::nullopt : std::optional(vector);
    }
    if (value.isString()) {
        const auto bytes = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
        if (!bytes || bytes.decoded.isEmpty() || bytes.decoded.size() % 4 != 0)
            return std::nullopt;
        vector.resize(bytes.decoded.size() / 4);
        for (qsizetype i = 0; i < vector.size(); ++i)
            vector[i] = qFromLittleEndian<float>(bytes.decoded.constData() + 4 * i);
        return vector;
    }
    return std::nullopt;
}

QString ProviderAdapter::errorMessageFromBody(QByteArrayView body)
{
    const QJsonObject root = QJsonDocument::fromJson(body.toByteArray()).object();
    const QJsonValue error = root.value("error"_L1);
    if (error.isString()) {
        // Express-based servers put a name in "error" and the words that help
        // ("Cannot POST /chat/completions") beside it in "message".
        const QString message = root.value("message"_L1).toString();
        if (!message.isEmpty() && message != error.toString())
            return error.toString() + u": "_s + message;
        return error.toString();
    }
    if (error.isObject()) {
        const QJsonObject e = error.toObject();
        QString message = e.value("message"_L1).toString();
        // OpenRouter nests the upstream provider's own words in metadata.raw.
        const QString raw = e.value("metadata"_L1).toObject().value("raw"_L1).toString();
        if (!raw.isEmpty() && !message.contains(raw))
            message += u" ("_s + raw.left(300) + u')';
        return message;
    }
    return root.value("message"_L1).toString();
}

QNetworkRequest ProviderAdapter::jsonRequest(const ProviderConfig &provider, const QString &path)
{
    QUrl url = provider.baseUrl;
    // Encoded both, so a segment a caller percent-encoded stays one segment.
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader, "Switchyard"_ba);
    // Redirects could carry the key to another host; providers never need them.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : provider.extraHeaders)
        request.setRawHeader(name, value);
    return request;
}

std::optional<QJsonObject> ProviderAdapter::parseRecord(QByteArrayView record, QList<ChatEvent> &out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(record.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        out.append(ChatEvent::failure(
            {.kind = CallError::Kind::Protocol,
             .message = u"The provider sent malformed JSON in its stream (%1 at offset %2): %3"_s.arg(
                 error.error != QJsonParseError::NoError ? error.errorString() : u"not an object"_s)
                            .arg(error.offset)
                            .arg(QString::fromUtf8(record.first(std::min<qsizetype>(record.size(), 120))))}));
        return std::nullopt;
    }
    return doc.object();
}

ChatEvent ProviderAdapter::streamError(const QJsonObject &record)
{
    const QJsonValue error = record.value("error"_L1);
    QString message = error.isString() ? error.toString() : error.toObject().value("message"_L1).toString();
    const QString type = error.toObject().value("type"_L1).toString();
    CallError e{.kind = type == "overloaded_error"_L1 ? CallError::Kind::Overloaded : CallError::Kind::ProviderError,
                .message = {}};
    e.message = u"The provider reported an error mid-stream: "_s
        + (message.isEmpty() ? QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact)) : message);
    return ChatEvent::failure(e);
}

qint64 ProviderAdapter::tokenCount(const QJsonObject &usage, QLatin1StringView key)
{
    return tokenCount(usage.value(key));
}

qint64 ProviderAdapter::tokenCount(const QJsonValue &value)
{
    // A count is a whole number no larger than JSON's exact integers. Anything
    // else — 1e26 from a broken or hostile server, -5, a fraction — is
    // unknown: converting it to qint64 as it is would be undefined behaviour
    // (fuzz_decoder_gemini found 1e26).
    constexpr double MaxExact = 9007199254740992.0; // 2^53
    const double d = value.toDouble(-1);
    if (!value.isDouble() || !(d >= 0 && d <= MaxExact) || d != std::floor(d))
        return -1;
    return qint64(d);
}

QByteArray ProviderAdapter::finishBody(QJsonObject body, const ChatRequest &request)
{
    for (auto it = request.extraBody.begin(); it != request.extraBody.end(); ++it)
        body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject ProviderAdapter::toolArguments(const ToolCall &call)
{
    return QJsonDocument::fromJson(call.arguments.toUtf8()).object();
}

QString ProviderAdapter::newToolCallId()
{
    quint32 words[3];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), sizeof(words));
    return u"call_"_s + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString ProviderAdapter::toolNameOf(const ChatRequest &request, const QString &callId)
{
    for (const ChatMessage &message : request.messages) {
        for (const ToolCall &call : message.toolCalls) {
            if (call.id == callId)
                return call.name;
        }
    }
    return {};
}

namespace {
constexpr auto signatureMarker = ".ts."_L1;
} // namespace

QString ProviderAdapter::signedToolCallId(const QString &id, const QString &signature)
{
    const auto bytes = QByteArray::fromBase64Encoding(signature.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!bytes || bytes.decoded.isEmpty())
        return id; // not base64 as documented: it could not be given back exactly
    return plainToolCallId(id) + signatureMarker
        + QString::fromLatin1(bytes.decoded.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString ProviderAdapter::toolCallSignature(const QString &id)
{
    const qsizetype at = id.indexOf(signatureMarker);
    if (at < 0)
        return {};
    const auto bytes = QByteArray::fromBase64Encoding(QStringView(id).sliced(at + signatureMarker.size()).toLatin1(),
                                                      QByteArray::Base64UrlEncoding
                                                          | QByteArray::AbortOnBase64DecodingErrors);
    return bytes ? QString::fromLatin1(bytes.decoded.toBase64()) : QString();
}

QString ProviderAdapter::plainToolCallId(const QString &id)
{
    const qsizetype at = id.indexOf(signatureMarker);
    return at < 0 ? id : id.first(at);
}

QJsonObject ProviderAdapter::toolSchema(const ToolDefinition &tool)
{
    if (tool.parameters.isEmpty())
        return QJsonObject{{u"type"_s, u"object"_s}, {u"properties"_s, QJsonObject()}};
    return tool.parameters;
}

int ProviderAdapter::thinkingBudget(const QString &effort)
{
    if (effort == "high"_L1)
        return 16384;
    if (effort == "low"_L1)
        return 1024;
    return 4096;
}

} // namespace Switchyard::Providers
