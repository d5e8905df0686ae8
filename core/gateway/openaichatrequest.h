#pragma once

#include "gateway/gatewayerror.h"
#include "providers/chatrequest.h"

#include <QByteArray>
#include <QString>

#include <expected>

namespace Switchyard::Gateway {

/// A Chat Completions request body as an OpenAI client sends it, read into
/// the provider-neutral ChatRequest the router takes. The model the client
/// names stays apart: it is a route, a provider/model, or a name the rules
/// look at — the router decides, not the parser.
struct OpenAiChatRequest {
    Providers::ChatRequest request;
    QString model;             // as the client asked
    bool stream = false;       // OpenAI's default: one JSON body
    bool includeUsage = false; // stream_options.include_usage: a last chunk with the usage

    /// Reads a body. Fields the neutral request has (messages with text and
    /// inline images, system/developer prompts, temperature, max_tokens or
    /// max_completion_tokens, reasoning_effort) are mapped; the other
    /// generation fields OpenAI-compatible APIs share (tools, tool_choice,
    /// response_format, stop, top_p, seed, penalties, ...) are passed on
    /// unchanged. Errors name the field, as OpenAI's do.
    [[nodiscard]] static std::expected<OpenAiChatRequest, GatewayError> parse(const QByteArray &body);
};

} // namespace Switchyard::Gateway
