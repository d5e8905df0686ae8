#pragma once

#include "routing/exportresult.h"
#include "routing/formatoptions.h"
#include "routing/routingconfig.h"

namespace Switchyard::Routing {

/// A route as an OpenRouter request template (docs/routing-export.md): the
/// fields a chat completion body carries besides the messages — `models`,
/// the targets in order as OpenRouter ids (OpenRouter tries the next when
/// one fails), and `provider` preferences: `max_price` from the route's
/// price limits (USD per million tokens), `data_collection: deny` for a
/// no-training route and `zdr: true` for a zero-retention one,
/// `require_parameters` when capabilities are required, `sort` for the
/// cheapest and fastest strategies. One route gives the template itself;
/// several give an object of templates by route name. The key is the
/// caller's Authorization header (OPENROUTER_API_KEY): never in the text.
/// Targets of providers OpenRouter does not serve (local servers, Groq...)
/// are listed as unsupported.
class OpenRouterFormat final
{
public:
    [[nodiscard]] static ExportResult exportConfig(const RoutingConfig &config, const FormatOptions &options = {});
    /// The OpenRouter id of a target, or empty when OpenRouter does not serve
    /// its provider: "openai/gpt-4o-mini", "google/gemini-2.5-pro", or the
    /// model itself for the openrouter provider.
    [[nodiscard]] static QString openRouterId(const Target &target);
};

} // namespace Switchyard::Routing
