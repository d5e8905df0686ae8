#pragma once

#include "votes/vote.h"

#include <QList>
#include <QString>

namespace Switchyard::Votes {

/// One pairwise judgement between two models: a Compare vote between two of
/// its panes, or two targets' judge scores for the same evaluation case.
/// scoreA is 1 when a won, 0 when b won, 0.5 for a tie.
struct PairOutcome {
    QString a;
    QString b;
    double scoreA = 0.5;
    QString tag; // "compare" for votes; the suite's name for judge scores

    bool operator==(const PairOutcome &) const = default;
};

/// A vote among n models as n(n-1)/2 pairs: the winner beats each other
/// model; the others, and every pair of a tie, draw.
[[nodiscard]] QList<PairOutcome> outcomesOf(const QList<Vote> &votes);

} // namespace Switchyard::Votes
