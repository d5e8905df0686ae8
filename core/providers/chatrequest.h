#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Switchyard::Providers {

/// An image sent with a message (a screenshot, a chart): the bytes as read,
/// and their type, e.g. "image/png". Adapters encode it as their API wants.
struct ImageAttachment {
    QByteArray data;
    QString mimeType;
    bool operator==(const ImageAttachment &) const = default;
};

struct ChatMessage {
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    QString text;
    QList<ImageAttachment> images;
};

/// One request to one model, in the provider-neutral shape every caller builds
/// (Compare panes, the router, the gateway, the CLI). Adapters translate it
/// into their wire format; fields an API lacks are left out, not faked.
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
};

} // namespace Switchyard::Providers
