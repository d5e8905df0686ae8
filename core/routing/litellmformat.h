#pragma once

#include "routing/configerror.h"
#include "routing/exportresult.h"
#include "routing/formatoptions.h"
#include "routing/importresult.h"
#include "routing/routingconfig.h"

#include <QByteArray>

#include <expected>

namespace Switchyard::Routing {

/// A routing config as a LiteLLM proxy config.yaml, and back
/// (docs/routing-export.md). Routes become model groups (`model_name` = the
/// route's name, a deployment per target); a fallback route becomes a chain
/// of one-deployment groups ("route", "route:2", ...) joined by
/// `router_settings.fallbacks`; weighted, cheapest and fastest routes become
/// one group under the matching `routing_strategy` (simple-shuffle with
/// `weight`, cost-based-routing, latency-based-routing) — LiteLLM has one
/// strategy for all groups, so a second one is listed as unsupported. Keys
/// are `os.environ/VAR` of the provider's key variable, never the key.
/// LiteLLM has no request rules: they are listed as unsupported.
class LiteLlmFormat final
{
public:
    [[nodiscard]] static ExportResult exportConfig(const RoutingConfig &config, const FormatOptions &options = {});
    /// Errors carry the line and column of the YAML they were found at; a
    /// literal api_key is never copied (a note says so).
    [[nodiscard]] static std::expected<ImportResult, ConfigErrors> importConfig(const QByteArray &text,
                                                                              const FormatOptions &options = {});
};

} // namespace Switchyard::Routing
