#include "votes/winrate.h"

#include <QHash>

#include <algorithm>

namespace Switchyard::Votes {

QList<WinRate> winRatesOf(const QList<Vote> &votes)
{
    QHash<QString, WinRate> byModel;
    for (const Vote &vote : votes) {
        for (const QString &model : vote.models) {
            WinRate &r = byModel[model];
            r.model = model;
            ++r.contests;
            if (vote.winner.isEmpty())
                ++r.ties;
            else if (vote.winner == model)
                ++r.wins;
        }
    }
    QList<WinRate> rates = byModel.values();
    std::ranges::sort(rates, [](const WinRate &a, const WinRate &b) {
        if (a.rate() != b.rate())
            return a.rate() > b.rate();
        if (a.contests != b.contests)
            return a.contests > b.contests;
        return a.model < b.model;
    });
    return rates;
}

} // namespace Switchyard::Votes
