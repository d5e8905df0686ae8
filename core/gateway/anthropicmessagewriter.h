#pragma once

#include "gateway/answerwriter.h"
#include "gateway/jsonwriter.h"

namespace Switchyard::Gateway {

/// Answers as Anthropic's Messages API does, whichever upstream answered.
/// Streamed: `message_start`, then for each content block (thinking, text,
/// one per tool call) `content_block_start`, its deltas (`thinking_delta`,
/// `text_delta`, `input_json_delta`) and `content_block_stop`, then
/// `message_delta` with the stop reason and the usage, and `message_stop`;
/// an error mid-answer is an `error` event. Whole: a `message` object.
/// Usage in Anthropic's terms: `input_tokens` without the cache reads and
/// writes, which have their own fields.
class AnthropicMessageWriter final : public AnswerWriter
{
public:
    explicit AnthropicMessageWriter(QString model);

    [[nodiscard]] QByteArray write(const QList<Providers::ChatEvent> &events) override;
    [[nodiscard]] QByteArray finish(const QString &upstreamReason, const Providers::TokenUsage &usage) override;
    [[nodiscard]] QByteArray streamError(const GatewayError &error) override;
    [[nodiscard]] QByteArray whole(const Answer &answer) override;
    [[nodiscard]] QByteArray errorBody(const GatewayError &error) const override;

    /// Anthropic's stop_reason for any format's own ("stop", "length",
    /// "tool_calls", "MAX_TOKENS", "SAFETY", ...): end_turn, max_tokens,
    /// stop_sequence, tool_use, pause_turn or refusal. An answer that called
    /// tools stops with tool_use whatever the upstream said.
    [[nodiscard]] static QString stopReason(const QString &upstream, bool calledTools);
    /// Anthropic's error type for a status: invalid_request_error,
    /// authentication_error, permission_error, not_found_error,
    /// request_too_large, rate_limit_error, overloaded_error, timeout_error
    /// or api_error.
    [[nodiscard]] static QString errorType(const GatewayError &error);
    static void writeUsage(JsonWriter &json, const Providers::TokenUsage &usage);

private:
    enum class Block { None, Thinking, Text, Tool };
    /// message_start, once, before anything else.
    void start(QByteArray &out);
    /// Closes the open block, if any, and opens one of this kind.
    void open(QByteArray &out, Block kind, const Providers::ChatEvent *tool = nullptr);
    void close(QByteArray &out);
    void beginMessage(JsonWriter &json) const;

    QString m_id;
    QString m_model;
    bool m_started = false;
    Block m_block = Block::None;
    int m_index = -1;     // of the open block
    int m_toolIndex = -1; // the upstream's index of the open tool call
    bool m_calledTools = false;
};

} // namespace Switchyard::Gateway
