#pragma once

#include "providers/providerconfig.h"

#include <optional>

namespace Switchyard::Providers::ProviderPresets {

/// The providers Switchyard knows out of the box. Presets are data: an
/// OpenAI-compatible service is the OpenAI wire format at another base URL.
[[nodiscard]] const QList<ProviderConfig> &all();
[[nodiscard]] std::optional<ProviderConfig> find(const QString &id);

/// "openai" → ApiKind::OpenAi, for --provider NAME=KIND,URL.
[[nodiscard]] std::optional<ApiKind> kindFromName(const QString &name);
[[nodiscard]] QString kindName(ApiKind kind);
/// "OpenAI-compatible", "Anthropic", "Google Gemini", "Ollama": for people.
[[nodiscard]] QString kindDisplayName(ApiKind kind);

} // namespace Switchyard::Providers::ProviderPresets
