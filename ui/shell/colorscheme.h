#pragma once

#include <QPalette>

namespace Switchyard::Shell {

/// Light and dark palettes for the Fusion style, for desktops that do not
/// provide one (Xvfb, a bare window manager, Windows' classic theme) and for
/// the screenshots the project checks at both. Every widget takes its colours
/// from the palette, so this is the one place a colour scheme is defined.
namespace ColorScheme {

enum class Scheme { System, Light, Dark };

[[nodiscard]] QPalette palette(Scheme scheme);

/// Applies the scheme to the running application. System restores the style's
/// own palette, which follows the desktop where the platform supports that.
void apply(Scheme scheme);

} // namespace ColorScheme
} // namespace Switchyard::Shell
