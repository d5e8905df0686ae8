#pragma once

#include <QColor>

class QPalette;

namespace Switchyard::Widgets::StatusColors {

/// Colours that say "watch out" and "stopped" — a budget at 80% and at 100%,
/// a warning and an error — which QPalette has no roles for. They are KDE
/// Breeze's neutral and negative text colours, chosen to read on both light
/// and dark bases; everything else comes from the palette itself.
[[nodiscard]] QColor warning(const QPalette &palette);
[[nodiscard]] QColor error(const QPalette &palette);

} // namespace Switchyard::Widgets::StatusColors
