#pragma once

#include "providers/provideradapter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace Switchyard::Providers {

/// OpenAI Chat Completions, also spoken by OpenRouter, Mistral, Groq, DeepSeek,
/// Together, xAI, Fireworks, LM Studio, llama.cpp server and vLLM. See docs/providers.md for the fields it maps.
class OpenAiAdapter final : public ProviderAdapter
{
public:
    [[nodiscard]] QNetworkRequest chatRequest(const ProviderConfig &provider, const ChatRequest &request,
                                              const QString &key) const override;
    [[nodiscard]] QByteArray chatBody(const ProviderConfig &provider, const ChatRequest &request) const override;
    [[nodiscard]] std::unique_ptr<StreamDecoder> streamDecoder() const override;
    [[nodiscard]] QList<ChatEvent> decodeResponse(QByteArrayView body) const override;
    [[nodiscard]] QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &key,
                                                const QString &pageCursor) const override;
    [[nodiscard]] std::expected<ModelPage, QString> decodeModels(QByteArrayView body) const override;
    [[nodiscard]] QString embeddingsRefusal(const EmbeddingRequest &request) const override;
    [[nodiscard]] QNetworkRequest embeddingsRequest(const ProviderConfig &provider, const EmbeddingRequest &request,
                                                    const QString &key) const override;
    [[nodiscard]] QByteArray embeddingsBody(const EmbeddingRequest &request) const override;
    [[nodiscard]] std::expected<EmbeddingResult, QString> decodeEmbeddings(QByteArrayView body) const override;

    // The OpenAI shapes of the neutral request's parts.
    [[nodiscard]] static QJsonObject message(const ChatMessage &message);
    [[nodiscard]] static QJsonArray tools(const QList<ToolDefinition> &definitions);
    [[nodiscard]] static QJsonValue toolChoice(const ToolChoice &choice);
    [[nodiscard]] static QJsonObject responseFormat(const ResponseFormat &format);
};

} // namespace Switchyard::Providers
