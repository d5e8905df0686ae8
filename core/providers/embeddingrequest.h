#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Switchyard::Providers {

/// One embeddings request in neutral form: what every wire format's
/// embeddings endpoint is built from. Either texts or tokenInputs holds the
/// inputs (token-id arrays are OpenAI's alone, so only its format takes them).
struct EmbeddingRequest {
    QString model;
    QStringList texts;
    /// OpenAI's pre-tokenised input, as the client sent it: an array of
    /// integers, or an array of such arrays. Empty for text input.
    QJsonArray tokenInputs;
    bool tokenInputIsBatch = false; // tokenInputs holds arrays, one per input
    int dimensions = 0;             // 0: the model's own
    QString user;                   // OpenAI's end-user id, passed on to OpenAI-compatible upstreams

    /// How many vectors the answer must hold.
    [[nodiscard]] qsizetype inputCount() const
    {
        if (!tokenInputs.isEmpty())
            return tokenInputIsBatch ? tokenInputs.size() : 1;
        return texts.size();
    }
};

/// The vectors an upstream gave, in the order of the inputs, and the tokens
/// it counted (-1 where it counts none: Gemini's batch endpoint).
struct EmbeddingResult {
    QList<QList<float>> vectors;
    qint64 promptTokens = -1;
};

} // namespace Switchyard::Providers
