#pragma once

#include "gateway/answerwriter.h"
#include "gateway/jsonwriter.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Switchyard::Gateway {

/// Turns the neutral ChatEvents of one answer into OpenAI's streamed form:
/// "data: {chat.completion.chunk}\n\n" lines, the role in the first delta,
/// tool-call fragments with their index, the finish reason in its own chunk,
/// the usage chunk (choices empty) when the client asked for it, and
/// "data: [DONE]". Any provider's answer comes out the same. A whole answer
/// is a chat.completion object; errors are OpenAI's {"error": {...}}.
class OpenAiChunkWriter final : public AnswerWriter
{
public:
    OpenAiChunkWriter(QString id, qint64 created, QString model, bool includeUsage);

    /// The SSE bytes for these events (possibly none: usage is held for the end).
    [[nodiscard]] QByteArray write(const QList<Providers::ChatEvent> &events) override;
    /// The closing bytes of an answer that ended well: the finish chunk if the
    /// upstream sent none, the usage chunk if asked, and [DONE].
    [[nodiscard]] QByteArray finish(const QString &upstreamReason, const Providers::TokenUsage &usage) override;
    /// The closing bytes of an answer cut by an error: an error event as
    /// OpenAI sends one mid-stream (its SDKs raise it), no [DONE].
    [[nodiscard]] QByteArray streamError(const GatewayError &error) override;
    [[nodiscard]] QByteArray whole(const Answer &answer) override;
    [[nodiscard]] QByteArray errorBody(const GatewayError &error) const override { return error.toJson(); }

    /// OpenAI's finish_reason for any format's own ("end_turn", "tool_use",
    /// "MAX_TOKENS", "SAFETY", ...): "stop", "length", "tool_calls" or
    /// "content_filter", as clients branch on them. An answer that called
    /// tools ends with "tool_calls" whatever the upstream said.
    [[nodiscard]] static QString finishReason(const QString &upstream, bool calledTools);
    /// OpenAI's "usage" object for token counts (-1 counts are left out).
    static void writeUsage(JsonWriter &json, const Providers::TokenUsage &usage);

private:
    /// id, object, created, model: what every chunk begins with.
    void beginChunk(JsonWriter &json) const;
    /// One "data: " line whose delta fillDelta writes; reason empty: null.
    template<typename FillDelta>
    [[nodiscard]] QByteArray chunk(FillDelta fillDelta, const QString &reason) const;
    /// The first delta says whose it is.
    void writeRole(JsonWriter &json);

    QString m_id;
    qint64 m_created = 0;
    QString m_model;
    bool m_includeUsage = false;
    bool m_roleSent = false;
    bool m_finishSent = false;
    bool m_calledTools = false;
};

} // namespace Switchyard::Gateway
