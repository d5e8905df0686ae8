#pragma once

#include "votes/vote.h"

#include <QList>
#include <QString>

namespace Switchyard::Votes {

/// A model's record over many votes. A tie counts as half a win for each
/// model in it, so a model that always ties with its rivals stands at 50%.
struct WinRate {
    QString model;
    int contests = 0;
    int wins = 0;
    int ties = 0;

    [[nodiscard]] double rate() const { return contests ? (wins + 0.5 * ties) / contests : 0.0; }
};

/// Win rates per model of these votes, best first (ties broken by more
/// contests, then by name).
[[nodiscard]] QList<WinRate> winRatesOf(const QList<Vote> &votes);

} // namespace Switchyard::Votes
