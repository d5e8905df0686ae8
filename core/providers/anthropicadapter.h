#pragma once

#include "providers/provideradapter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace Switchyard::Providers {

/// Anthropic Messages (/v1/messages) with its named SSE events and thinking blocks. See docs/providers.md for the fields it maps.
class AnthropicAdapter final : public ProviderAdapter
{
public:
    [[nodiscard]] QNetworkRequest chatRequest(const ProviderConfig &provider, const ChatRequest &request,
                                              const QString &key) const override;
    [[nodiscard]] QByteArray chatBody(const ProviderConfig &provider, const ChatRequest &request) const override;
    [[nodiscard]] QString refusal(const ChatRequest &request) const override;
    [[nodiscard]] std::unique_ptr<StreamDecoder> streamDecoder() const override;
    [[nodiscard]] QList<ChatEvent> decodeResponse(QByteArrayView body) const override;
    [[nodiscard]] QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &key,
                                                const QString &pageCursor) const override;
    [[nodiscard]] std::expected<ModelPage, QString> decodeModels(QByteArrayView body) const override;

private:
    /// Adds content to the conversation as a new turn, or to the last turn if
    /// it has the same role.
    static void append(QJsonArray &messages, const QString &role, const QJsonValue &content);
    [[nodiscard]] static QJsonArray asBlocks(const QJsonValue &content);
    /// tool_choice, or nothing when the default suits.
    [[nodiscard]] static QJsonObject toolChoice(const ChatRequest &request);
};

} // namespace Switchyard::Providers
