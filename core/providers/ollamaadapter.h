#pragma once

#include "providers/provideradapter.h"

namespace Switchyard::Providers {

/// Ollama's native /api/chat with its NDJSON stream. See docs/providers.md for the fields it maps.
class OllamaAdapter final : public ProviderAdapter
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
};

} // namespace Switchyard::Providers
