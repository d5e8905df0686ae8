#include "widgets/statuscolors.h"

#include "widgets/darkpalette.h"

#include <QPalette>

namespace Switchyard::Widgets::StatusColors {

QColor warning(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0xf6, 0x8a, 0x2b) : QColor(0xa6, 0x4d, 0x00);
}

QColor error(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0xed, 0x5e, 0x6c) : QColor(0xc0, 0x2b, 0x3a);
}

} // namespace Switchyard::Widgets::StatusColors
