#pragma once

#include <QByteArray>
#include <QStringList>

namespace Switchyard::Routing {

/// A routing config written in another gateway's format. What that format
/// cannot hold is listed, a line each, never silently dropped; notes say how
/// something was approximated or where a key is to come from.
struct ExportResult {
    QByteArray text;
    QStringList unsupported; // "rule 'secrets stay local': LiteLLM has no request rules"
    QStringList notes;
};

} // namespace Switchyard::Routing
