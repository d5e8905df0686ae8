#pragma once

#include "usage/usagerecord.h"

#include <QByteArray>
#include <QStringList>

namespace Switchyard::Usage::UsageCsv {

/// The CSV form of the usage log's calls (RFC 4180: comma-separated, quoted
/// where needed, CRLF line ends), the same from the Usage page's export and
/// `switchyard-cli usage --calls --csv`. Times are ISO 8601 in local time
/// with their offset; unknown figures are empty cells, never 0.
[[nodiscard]] QByteArray header();
[[nodiscard]] QByteArray row(const UsageRecord &record);
/// One line of fields, quoted where a field holds a comma, quote or line
/// break; a field a spreadsheet would take for a formula (=, +, -, @ first)
/// gets a leading apostrophe.
[[nodiscard]] QByteArray line(const QStringList &fields);

} // namespace Switchyard::Usage::UsageCsv
