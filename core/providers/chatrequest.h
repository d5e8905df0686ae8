#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard::Providers {

/// An image sent with a message (a screenshot, a chart): the bytes as read,
/// and their type, e.g. "image/png". Adapters encode it as their API wants.
struct ImageAttachment {
    QByteArray data;
    QString mimeType;
    bool operator==(const ImageAttachment &) const = default;
};

/// A call the model made: in an answer, and in the history of a later turn.
struct ToolCall {
    QString id;
    QString name;
    QString arguments; // JSON text, assembled from the streamed fragments
    bool operator==(const ToolCall &) const = default;
};

struct ChatMessage {
    enum class Role { System, User, Assistant, Tool };
    Role role = Role::User;
    QString text; // Tool: the result, as the caller's code produced it
    QList<ImageAttachment> images;
    QList<ToolCall> toolCalls; // Assistant: the calls it made
    QString toolCallId;        // Tool: the call this result answers
};

/// A function the model may call, as the caller declared it.
struct ToolDefinition {
    QString name;
    QString description;
    QJsonObject parameters; // a JSON Schema; empty means no parameters
    bool strict = false;
    bool operator==(const ToolDefinition &) const = default;
};

/// Whether the model must, may or must not call a tool.
struct ToolChoice {
    enum class Mode { Default, Auto, None, Required, Named };
    Mode mode = Mode::Default;
    QString name; // Named: the one tool to call
};

/// The shape the answer must have: free text, any JSON object, or JSON that
/// follows a schema.
struct ResponseFormat {
    enum class Kind { Text, JsonObject, JsonSchema };
    Kind kind = Kind::Text;
    QString name; // JsonSchema
    QJsonObject schema;
    bool strict = false;
};

/// One request to one model, in the provider-neutral shape every caller builds
/// (Compare panes, the router, the gateway, the CLI). Adapters translate it
/// into their wire format; fields an API lacks are left out, not faked, and
/// what an API cannot do at all is refused before sending (see
/// ProviderAdapter::refusal).
struct ChatRequest {
    QString model; // the provider's own model id, e.g. "gpt-4o" or "claude-sonnet-4-0"
    QString systemPrompt;
    QList<ChatMessage> messages;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    QString reasoningEffort; // "low" / "medium" / "high" where the API has it; empty = default
    bool stream = true;
    /// Extra top-level body fields passed through unchanged, e.g. OpenRouter's
    /// "models" fallback array and "provider" preferences.
    QJsonObject extraBody;
    std::optional<double> topP;
    std::optional<qint64> seed;
    std::optional<double> presencePenalty;
    std::optional<double> frequencyPenalty;
    QStringList stop;
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;
    std::optional<bool> parallelToolCalls;
    ResponseFormat responseFormat;
    /// Fields only OpenAI's wire format has (logit_bias, logprobs, user, ...),
    /// from an OpenAI-shaped client: sent to OpenAI-compatible servers, left
    /// out for the other formats.
    QJsonObject openAiExtras;
};

} // namespace Switchyard::Providers
