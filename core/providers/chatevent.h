#pragma once

#include <QString>

#include <optional>

namespace Switchyard::Providers {

/// Token counts as the provider reported them, the same convention for every
/// provider (see docs/providers.md); -1 where it did not say.
///
/// `input` is the whole prompt: uncached tokens + cache reads + cache writes,
/// whatever the API counts apart (Anthropic's input_tokens leaves both cache
/// kinds out; the adapter adds them back). The cache counts are shares of it:
/// `cachedInput` was read from the provider's cache, `cacheWrite5m` and
/// `cacheWrite1h` were written to it with a 5-minute and a 1-hour lifetime.
/// Only Anthropic reports writes; APIs that charge nothing apart for a write
/// (OpenAI, Gemini) leave them at -1. `output` includes `reasoning`.
struct TokenUsage {
    qint64 input = -1;
    qint64 output = -1;
    qint64 cachedInput = -1;
    qint64 cacheWrite5m = -1;
    qint64 cacheWrite1h = -1;
    qint64 reasoning = -1;
    std::optional<double> providerCostUsd; // OpenRouter's usage.cost

    [[nodiscard]] bool isKnown() const { return input >= 0 || output >= 0; }
    bool operator==(const TokenUsage &) const = default;
};

/// Why a call failed, in terms a user can act on. httpStatus is 0 when no
/// HTTP response arrived.
struct CallError {
    enum class Kind {
        InvalidKey,        // 401/403
        RateLimited,       // 429
        Overloaded,        // Anthropic 529, 503
        ServerError,       // other 5xx
        BadRequest,        // other 4xx: wrong model name, bad parameter
        ProviderError,     // an error event inside a 200 stream
        ConnectionRefused,
        HostNotFound,
        Tls,
        Timeout,           // no first byte, a stalled stream, or the total time ran out
        StreamCut,         // the connection ended before the stream's end marker
        Protocol,          // not the wire format we asked for
        Network,           // any other transport failure
        Cancelled,
        KeyMissing,        // not sent: no API key for the provider
        BudgetReached,     // not sent: a budget is used up
    };
    Kind kind = Kind::Network;
    QString message;
    int httpStatus = 0;
    std::optional<int> retryAfterSeconds;
    QString rateLimit; // the x-ratelimit-* headers, condensed, when present

    [[nodiscard]] bool isRetryable() const
    {
        return kind == Kind::RateLimited || kind == Kind::Overloaded || kind == Kind::ServerError
            || kind == Kind::Timeout || kind == Kind::StreamCut || kind == Kind::Network;
    }
};

/// One step of a streamed answer, the same for every provider.
struct ChatEvent {
    enum class Type { TextDelta, ReasoningDelta, ToolCallDelta, Usage, Finish, Error };
    Type type = Type::TextDelta;
    QString text; // TextDelta, ReasoningDelta; ToolCallDelta: the arguments fragment
    int toolIndex = 0;
    QString toolId;   // ToolCallDelta, when this fragment carries it
    QString toolName; // ToolCallDelta, when this fragment carries it
    TokenUsage usage; // Usage: cumulative totals so far
    QString finishReason;
    CallError error;

    static ChatEvent textDelta(QString s) { return {.type = Type::TextDelta, .text = std::move(s)}; }
    static ChatEvent reasoningDelta(QString s) { return {.type = Type::ReasoningDelta, .text = std::move(s)}; }
    static ChatEvent usageEvent(const TokenUsage &u) { return {.type = Type::Usage, .usage = u}; }
    static ChatEvent finish(QString reason) { return {.type = Type::Finish, .finishReason = std::move(reason)}; }
    static ChatEvent failure(CallError e) { return {.type = Type::Error, .error = std::move(e)}; }
};

} // namespace Switchyard::Providers
