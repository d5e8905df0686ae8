#pragma once

#include "providers/embeddingrequest.h"

#include <QByteArray>
#include <QString>

namespace Switchyard::Gateway {

/// The body of an answer to POST /v1/embeddings in OpenAI's shape and field
/// order — {"object":"list","data":[{"object":"embedding","index",
/// "embedding"}],"model","usage":{"prompt_tokens","total_tokens"}} — with
/// each vector as JSON numbers (the shortest text that reads back as the
/// same float32) or, for encoding_format "base64", as the base64 of its
/// little-endian float32s, which is what OpenAI's SDKs decode.
class OpenAiEmbeddingsWriter final
{
public:
    [[nodiscard]] static QByteArray write(const Providers::EmbeddingResult &result, const QString &model,
                                          qint64 promptTokens, bool base64);
};

} // namespace Switchyard::Gateway
