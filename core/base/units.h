#pragma once

#include <QString>

#include <optional>

namespace Switchyard::Base::Units {

/// How Switchyard writes the numbers users compare, the same in the app and
/// the CLI: "1.24 s", "312 tok/s", "$0.0042". Costs below a cent keep three
/// significant digits instead of rounding to $0.00. Unknown values are "–".
[[nodiscard]] QString seconds(double milliseconds);
/// A duration people read at a glance: "412 ms" under a second, "<1 ms"
/// under a millisecond, else as seconds() ("1.24 s").
[[nodiscard]] QString duration(double milliseconds);
[[nodiscard]] QString tokensPerSecond(double rate);
[[nodiscard]] QString usd(std::optional<qint64> nanoUsd);

} // namespace Switchyard::Base::Units
