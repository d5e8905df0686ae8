#include "widgets/modelcolors.h"

#include "widgets/darkpalette.h"

#include <QHash>
#include <QPalette>
#include <QSettings>
#include <QVariantMap>

#include <array>

using namespace Qt::StringLiterals;

namespace Switchyard::Widgets::ModelColors {
namespace {

// Tableau's categorical palette (without its grey, which reads as "other" or
// "disabled") and three more hues far from those. Series colours cannot come
// from QPalette, which has one accent; these stay legible on light and dark
// bases alike, and of() lightens them a little on dark ones.
constexpr std::array<QRgb, 12> Hues{
    0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0xb07aa1, 0x76b7b2,
    0xedc948, 0x9c755f, 0xff9da7, 0x17becf, 0xbcbd22, 0xd37295,
};

// A QVariantMap value rather than one key per name: model names contain '/',
// which QSettings would read as groups.
constexpr auto SettingsKey = "ModelColors/assigned";

struct Assignments {
    QHash<QString, int> hueOf;
    std::array<int, Hues.size()> uses{};

    Assignments()
    {
        const QVariantMap saved = QSettings().value(QLatin1StringView(SettingsKey)).toMap();
        for (auto it = saved.cbegin(); it != saved.cend(); ++it) {
            const int hue = it.value().toInt();
            if (hue >= 0 && hue < int(Hues.size())) {
                hueOf.insert(it.key(), hue);
                ++uses[std::size_t(hue)];
            }
        }
    }

    int assign(const QString &name)
    {
        // The least used hue, the earliest on a tie: the first dozen names
        // all differ, and later ones spread evenly.
        std::size_t best = 0;
        for (std::size_t i = 1; i < uses.size(); ++i) {
            if (uses[i] < uses[best])
                best = i;
        }
        ++uses[best];
        hueOf.insert(name, int(best));
        QVariantMap saved;
        for (auto it = hueOf.cbegin(); it != hueOf.cend(); ++it)
            saved.insert(it.key(), it.value());
        QSettings().setValue(QLatin1StringView(SettingsKey), saved);
        return int(best);
    }
};

Assignments &assignments()
{
    static Assignments instance;
    return instance;
}

} // namespace

QColor of(const QString &name, const QPalette &palette)
{
    Assignments &all = assignments();
    const auto found = all.hueOf.constFind(name);
    const int hue = found != all.hueOf.cend() ? *found : all.assign(name);
    const QColor color = QColor::fromRgb(Hues.at(std::size_t(hue)));
    return isDarkPalette(palette) ? color.lighter(118) : color;
}

QColor other(const QPalette &palette)
{
    return palette.color(QPalette::Disabled, QPalette::Text);
}

int hueCount()
{
    return int(Hues.size());
}

} // namespace Switchyard::Widgets::ModelColors
