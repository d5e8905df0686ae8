#pragma once

#include "gateway/gatewayerror.h"
#include "providers/chatrequest.h"

#include <QByteArray>
#include <QJsonArray>
#include <QString>

#include <expected>

namespace Switchyard::Gateway {

/// A Responses API request body as OpenAI's newer clients send it (Codex
/// CLI, the OpenAI SDKs' responses.create), read into the provider-neutral
/// ChatRequest the router takes.
///
/// `input` as text or as items: messages (role user / assistant / system /
/// developer; content as text or `input_text`, `output_text` and base64
/// `input_image` parts), `function_call` items (the assistant's calls, by
/// `call_id`) and `function_call_output` items (their results); reasoning
/// items are left out. `instructions` is the system prompt. Function tools,
/// `tool_choice`, `parallel_tool_calls`, `max_output_tokens`, `temperature`,
/// `top_p`, `reasoning.effort` and `text.format` (JSON object or schema) are
/// mapped. What no neutral field can carry (OpenAI's hosted tools, file
/// inputs, image URLs) is refused naming the field.
struct OpenAiResponsesRequest {
    Providers::ChatRequest request;
    QString model;
    bool stream = false;
    /// Kept for previous_response_id when the client did not say store: false.
    bool store = true;
    QString previousResponseId;
    /// The input as items, for the conversation a later previous_response_id
    /// continues.
    QJsonArray inputItems;
    QString instructions;

    [[nodiscard]] static std::expected<OpenAiResponsesRequest, GatewayError> parse(const QByteArray &body);
    /// Reads items (an earlier response's input and output, then this
    /// request's) into neutral messages.
    [[nodiscard]] static std::expected<QList<Providers::ChatMessage>, GatewayError> messages(const QJsonArray &items,
                                                                                             const QString &where);
};

} // namespace Switchyard::Gateway
