#pragma once

#include "usage/usageerror.h"
#include "usage/usagefilter.h"
#include "votes/pairoutcome.h"

#include <QList>
#include <QString>

#include <expected>

namespace Switchyard::Usage {
class UsageDatabase;
}

namespace Switchyard::Votes {

/// A model's strength on the Elo scale (1000 is the average model; 400
/// points are odds of 10 to 1), with a bootstrap confidence interval.
struct Rating {
    QString model;
    double rating = 1000;
    double low = 1000;  // the interval's ends; equal to rating without a bootstrap
    double high = 1000;
    int comparisons = 0;
    double score = 0; // wins + half the ties
};

/// Bradley–Terry ratings from pairwise outcomes: Compare votes and evaluation
/// judge scores together. Fitted by Hunter's MM iteration (each model's
/// strength is its wins over the games it played, weighted by the strengths
/// it met). A prior of a few drawn games against an average model keeps an
/// unbeaten model finite and pulls thinly tested ones toward 1000; a
/// bootstrap (outcomes resampled with replacement, refitted) gives the
/// interval. Deterministic for a given seed.
class Ratings final
{
public:
    struct Options {
        double priorGames = 2;   ///< drawn games against an average model; 0: the plain maximum-likelihood fit
        int bootstrap = 200;     ///< resamples for the interval; 0: none
        double confidence = 0.95;
        quint32 seed = 1;
        QString tag;             ///< only outcomes with this tag; empty: all
    };

    /// Best first (then more comparisons, then by name).
    [[nodiscard]] static QList<Rating> fit(const QList<PairOutcome> &outcomes, const Options &options);
    [[nodiscard]] static QList<Rating> fit(const QList<PairOutcome> &outcomes) { return fit(outcomes, Options{}); }

    /// The outcomes the usage database holds in the filter's date range: the
    /// Compare votes, and for every evaluation run the judge scores of each
    /// case and repeat compared between its targets (the model that answered,
    /// for a route), tagged with the suite's name.
    [[nodiscard]] static std::expected<QList<PairOutcome>, Usage::UsageError>
    outcomes(Usage::UsageDatabase &db, const Usage::UsageFilter &filter = {});
    /// The tags the outcomes carry, sorted.
    [[nodiscard]] static QStringList tags(const QList<PairOutcome> &outcomes);
};

} // namespace Switchyard::Votes
