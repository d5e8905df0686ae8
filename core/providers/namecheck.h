#pragma once

#include <QString>
#include <QStringView>

namespace Switchyard::Providers {

/// Why a provider id or model name from outside — the command line, a
/// gateway client, a routing config — cannot be used, or empty when it can.
/// A control character (C0, DEL, C1, or the Unicode line and paragraph
/// separators) would split a usage table's row, a log line or an HTTP head;
/// the one check every reader of names calls. what names the thing in the
/// message ("model", "provider").
[[nodiscard]] QString nameProblem(QStringView name, QStringView what);

} // namespace Switchyard::Providers
