#pragma once

#include "catalog/cost.h"

#include <QStringView>

namespace Switchyard::Catalog {
struct ModelInfo;
}
namespace Switchyard::Providers {
class ChatCall;
class EmbeddingCall;
struct ChatRequest;
struct ProviderConfig;
}

namespace Switchyard::Calls {

/// The one rule by which Switchyard prices a call, whoever made it: Compare,
/// the CLI, the router's attempts, Try It and the gateway all get their cost
/// here, so the same call costs the same everywhere.
///
/// In order:
/// 1. the provider's own reported cost (OpenRouter's usage.cost);
/// 2. a model on this machine or the user's own keyless server costs $0,
///    exactly — unless the user set a price for it;
/// 3. a call that failed before any token without reporting usage (an HTTP
///    error status such as 401, 429 or 529, a connection refused, a time
///    limit) costs $0, exactly: nothing was generated;
/// 4. the reported tokens at the catalog's prices, cache reads and writes each
///    at their own price;
/// 5. otherwise an estimate (marked as one) from the whole request — system
///    prompt, every message, tool definitions — and the text that came back.
///    A stream cut before its usage arrived is always such an estimate: the
///    counts seen so far are partial.
namespace Pricing {

/// Whether the provider is a model server of the user's own: one on this
/// machine (a loopback address), or one that needs no key (Ollama, LM Studio,
/// llama.cpp, vLLM and any endpoint added without a key).
[[nodiscard]] bool isOwnServer(const Providers::ProviderConfig &provider);
/// Whether the provider's address is this machine (localhost, 127.0.0.0/8, ::1).
[[nodiscard]] bool isOnThisMachine(const Providers::ProviderConfig &provider);

/// Tokens of the whole request, estimated from its text (4 bytes a token).
[[nodiscard]] qint64 estimatedPromptTokens(const Providers::ChatRequest &request);

/// The cost of a finished call. model may be null (not in the catalog).
[[nodiscard]] Catalog::Cost costOf(const Catalog::ModelInfo *model, const Providers::ChatCall &call);

/// The cost of a finished embeddings call by the same rule: $0 exactly on
/// the user's own server or for a call that failed before any vector came
/// back, else the input tokens the provider counted at the catalog's input
/// price, or an estimate from the inputs where it counts none (Gemini) or
/// where a call in several requests failed after some were answered.
[[nodiscard]] Catalog::Cost costOf(const Catalog::ModelInfo *model, const Providers::EmbeddingCall &call);
/// The input tokens of an embeddings call: the provider's count, else an
/// estimate from the texts (4 bytes a token) or the number of token ids.
[[nodiscard]] qint64 embeddingTokens(const Providers::EmbeddingCall &call, bool *estimated = nullptr);

} // namespace Pricing
} // namespace Switchyard::Calls
