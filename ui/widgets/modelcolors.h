#pragma once

#include <QColor>
#include <QString>

class QPalette;

namespace Switchyard::Widgets::ModelColors {

/// The colour that stands for a model ("provider/model") or a provider id
/// everywhere in the app: a pane header, a chart series, a table row. Each
/// name gets one of a dozen well-separated hues the first time it is asked
/// for — the hue used least so far — and keeps it across restarts (QSettings),
/// so the models a user works with rarely share a colour, which a hash of the
/// name could not promise. The shade follows the palette: a little lighter on
/// a dark base so it keeps its contrast. GUI thread only.
[[nodiscard]] QColor of(const QString &name, const QPalette &palette);

/// The neutral colour of "everything else" in a chart, from the palette.
[[nodiscard]] QColor other(const QPalette &palette);

/// How many distinct hues there are before names start to share them.
[[nodiscard]] int hueCount();

} // namespace Switchyard::Widgets::ModelColors
