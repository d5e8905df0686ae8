#pragma once

#include "providers/provideradapter.h"

#include <QJsonObject>

namespace Switchyard::Providers {

/// Google Gemini generateContent / streamGenerateContent?alt=sse. See docs/providers.md for the fields it maps.
class GeminiAdapter final : public ProviderAdapter
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
    /// "at most 100 requests can be in one batch", Gemini says past it.
    [[nodiscard]] qsizetype maxEmbeddingInputs() const override { return 100; }

private:
    [[nodiscard]] static QJsonObject callingConfig(const ToolChoice &choice);
};

} // namespace Switchyard::Providers
