#pragma once

#include <QByteArray>

namespace Switchyard::Routing {

/// The kinds of routing file Switchyard opens: its own, or a gateway's that
/// it imports.
enum class ConfigFormat { Switchyard, LiteLlm, Portkey };

/// Which kind a file is, by its top-level keys: LiteLLM's proxy config has a
/// model_list; a Portkey config is JSON with strategy, targets or a single
/// provider and no version; everything else is read as Switchyard's own (and
/// gets that reader's errors if it is not).
[[nodiscard]] ConfigFormat detectConfigFormat(const QByteArray &text);

} // namespace Switchyard::Routing
