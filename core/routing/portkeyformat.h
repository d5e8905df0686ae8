#pragma once

#include "routing/configerror.h"
#include "routing/exportresult.h"
#include "routing/formatoptions.h"
#include "routing/importresult.h"
#include "routing/routingconfig.h"

#include <QByteArray>

#include <expected>

namespace Switchyard::Routing {

/// A routing config as a Portkey gateway config (JSON), and back
/// (docs/routing-export.md). One route without rules is a config of its own:
/// `strategy.mode` fallback with the targets in order, or, for a weighted
/// route, a loadbalance whose branches are each a fallback chain starting
/// with their own target (Portkey's loadbalance does not fall back by
/// itself). Several routes, or rules, become a conditional config: a named
/// target per route, a condition per route name on `params.model`, and a
/// condition per rule that Portkey can evaluate (`params.model`,
/// `metadata.tag`); the default route is `strategy.default`. Retries are
/// Portkey's `retry.attempts` (retries only: our attempts − 1).
///
/// No key is ever written: the provider's key is sent with the request
/// (`Authorization`), or a virtual key is attached in Portkey's app. A
/// provider Portkey does not know by name is `openai` with `custom_host` =
/// its base URL.
class PortkeyFormat final
{
public:
    [[nodiscard]] static ExportResult exportConfig(const RoutingConfig &config, const FormatOptions &options = {});
    /// Errors carry the line and column of the JSON they were found at; an
    /// api_key or virtual_key is never copied (a note says so).
    [[nodiscard]] static std::expected<ImportResult, ConfigErrors> importConfig(const QByteArray &text,
                                                                              const FormatOptions &options = {});

    /// Portkey retries on these when a retry names no on_status_codes.
    static constexpr std::array<int, 5> DefaultRetryStatuses{429, 500, 502, 503, 504};
};

} // namespace Switchyard::Routing
