#include "votes/pairoutcome.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Votes {

QList<PairOutcome> outcomesOf(const QList<Vote> &votes)
{
    QList<PairOutcome> out;
    for (const Vote &vote : votes) {
        for (qsizetype i = 0; i < vote.models.size(); ++i) {
            for (qsizetype j = i + 1; j < vote.models.size(); ++j) {
                const QString &a = vote.models.at(i);
                const QString &b = vote.models.at(j);
                if (a == b)
                    continue;
                // Two losers of a round with a winner say nothing about each other.
                if (!vote.winner.isEmpty() && vote.winner != a && vote.winner != b)
                    continue;
                const double score = vote.winner.isEmpty() ? 0.5 : vote.winner == a ? 1.0 : 0.0;
                out.append({a, b, score, u"compare"_s});
            }
        }
    }
    return out;
}

} // namespace Switchyard::Votes
