#pragma once

#include <QPalette>

namespace Switchyard::Widgets {

/// Whether text sits on a dark base: colours that cannot come from the
/// palette (series, warnings) are then drawn a little lighter.
[[nodiscard]] inline bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace Switchyard::Widgets
