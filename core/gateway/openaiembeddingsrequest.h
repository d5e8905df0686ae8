#pragma once

#include "gateway/gatewayerror.h"
#include "providers/embeddingrequest.h"

#include <QByteArray>
#include <QString>

#include <expected>

namespace Switchyard::Gateway {

/// An Embeddings request body as an OpenAI client sends it (POST
/// /v1/embeddings): model, input (a string, an array of strings, or token
/// ids — an array of integers or of such arrays), encoding_format ("float"
/// or "base64", the official Node SDK's default), dimensions, user. The
/// model stays apart, as for chat: a route or a provider/model, the router
/// decides. Errors name the field, as OpenAI's do.
struct OpenAiEmbeddingsRequest {
    /// OpenAI's own limit on inputs in one request.
    static constexpr qsizetype MaxInputs = 2048;

    Providers::EmbeddingRequest request; // its model empty: set per target
    QString model;                       // as the client asked
    bool base64 = false;                 // encoding_format "base64"

    [[nodiscard]] static std::expected<OpenAiEmbeddingsRequest, GatewayError> parse(const QByteArray &body);
};

} // namespace Switchyard::Gateway
