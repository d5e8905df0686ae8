#pragma once

#include "gateway/gatewayerror.h"
#include "providers/chatrequest.h"

#include <QByteArray>
#include <QString>

#include <expected>

namespace Switchyard::Gateway {

/// A Messages API request body as an Anthropic client sends it (the
/// Anthropic SDKs, Claude Code), read into the provider-neutral ChatRequest
/// the router takes, so that it can go to any upstream format.
///
/// Content blocks map to the neutral messages: text and base64 images;
/// `tool_use` blocks become the assistant's tool calls (their `input` as JSON
/// text); `tool_result` blocks become tool messages placed before the rest of
/// their user turn, as the other formats want them; thinking blocks of
/// earlier turns are left out (their signatures only mean something to the
/// model that wrote them). `system` as text or blocks, `max_tokens`,
/// `temperature`, `top_p`, `stop_sequences`, `tools`, `tool_choice` (with
/// `disable_parallel_tool_use`) and `thinking` (its budget as an effort).
/// What no neutral field can carry — image URLs, documents, server tools —
/// is refused with the field named, never dropped silently.
struct AnthropicMessagesRequest {
    Providers::ChatRequest request;
    QString model;       // as the client asked: a route, provider/model, or a name the rules look at
    bool stream = false; // the Messages API's default: one JSON body

    /// What the body is for: an answer needs max_tokens, counting tokens
    /// (/v1/messages/count_tokens) does not.
    enum class Purpose { Answer, CountTokens };

    [[nodiscard]] static std::expected<AnthropicMessagesRequest, GatewayError> parse(const QByteArray &body,
                                                                                     Purpose purpose = Purpose::Answer);

    /// The reasoning effort the neutral request uses for a thinking budget in
    /// tokens, the inverse of the Anthropic adapter's budgets.
    [[nodiscard]] static QString effortForBudget(qint64 budgetTokens);
};

} // namespace Switchyard::Gateway
