#pragma once

#include <QByteArray>

namespace Switchyard::Routing {

/// The kinds of routing file Switchyard opens: its own, or a gateway's that
/// it imports.
enum class ConfigFormat { Switchyard, LiteLlm, Portkey };

/// Which kind a file is, by its top-level keys: LiteLLM's proxy config has a
/// model_list; a Portkey config is JSON with strategy, targets or a single
/// provider and no version. Text that begins like JSON but does not read as
/// JSON is Portkey's unless it names a version or routes, so that a broken
/// Portkey config gets the Portkey reader's errors. Everything else is read
/// as Switchyard's own (and gets that reader's errors if it is not). The one
/// detection behind the Routing page's Open and `switchyard-cli route import`.
[[nodiscard]] ConfigFormat detectConfigFormat(const QByteArray &text);

} // namespace Switchyard::Routing
