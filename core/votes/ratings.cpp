#include "votes/ratings.h"

#include "usage/usagedatabase.h"
#include "votes/votetable.h"

#include <QHash>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Votes {

namespace {

struct Game {
    int a = 0;
    int b = 0;
    double scoreA = 0.5;
};

// Strengths (geometric mean 1) of n players from their games.
QList<double> fitStrengths(int n, const QList<Game> &games, double prior, const QList<double> &start = {})
{
    // Games between the same two players are summed once: an iteration then
    // costs one step per pair that met, not per game.
    QList<double> wins(n, 0.0);
    QHash<quint64, double> met; // (low << 32 | high) → games
    for (const Game &g : games) {
        wins[g.a] += g.scoreA;
        wins[g.b] += 1 - g.scoreA;
        const auto lo = quint64(std::min(g.a, g.b));
        const auto hi = quint64(std::max(g.a, g.b));
        met[lo << 32 | hi] += 1;
    }
    struct Pair {
        int i;
        int j;
        double games;
    };
    QList<Pair> pairs;
    pairs.reserve(met.size());
    for (auto it = met.cbegin(); it != met.cend(); ++it)
        pairs.append({int(it.key() >> 32), int(it.key() & 0xffffffffU), it.value()});
    // A resample starts from the whole data's fit, a few steps from its own.
    QList<double> p = start.size() == n ? start : QList<double>(n, 1.0);
    QList<double> denominator(n);
    for (int iteration = 0; iteration < 5'000; ++iteration) {
        // The prior: `prior` games against a player of strength 1, half won.
        for (int i = 0; i < n; ++i)
            denominator[i] = prior > 0 ? prior / (p[i] + 1.0) : 0.0;
        for (const Pair &pair : std::as_const(pairs)) {
            const double share = pair.games / (p[pair.i] + p[pair.j]);
            denominator[pair.i] += share;
            denominator[pair.j] += share;
        }
        double logSum = 0;
        QList<double> next(n);
        for (int i = 0; i < n; ++i) {
            // A player without a win and without a prior has strength 0: kept
            // at a floor so that the logarithm below stays finite.
            next[i] = denominator[i] > 0 ? std::max((wins[i] + prior / 2) / denominator[i], 1e-6) : 1.0;
            logSum += std::log(next[i]);
        }
        // Geometric mean 1: the scale is anchored, so the iteration converges
        // in the ratios rather than drifting.
        const double scale = std::exp(logSum / n);
        double change = 0;
        for (int i = 0; i < n; ++i) {
            next[i] /= scale;
            change = std::max(change, std::abs(next[i] / p[i] - 1));
        }
        p = next;
        // Steps of 1e-8 of a strength: the rating is then within a
        // thousandth of an Elo point even where the iteration is slow.
        if (change < 1e-8)
            break;
    }
    return p;
}

double elo(double strength)
{
    return 1000 + 400 * std::log10(strength);
}

double percentile(QList<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const double position = q * double(values.size() - 1);
    const auto lo = qsizetype(std::floor(position));
    const auto hi = qsizetype(std::ceil(position));
    return values.at(lo) + (values.at(hi) - values.at(lo)) * (position - double(lo));
}

} // namespace

QList<Rating> Ratings::fit(const QList<PairOutcome> &outcomes, const Options &options)
{
    QStringList names;
    QHash<QString, int> index;
    QList<Game> games;
    for (const PairOutcome &o : outcomes) {
        if (!options.tag.isEmpty() && o.tag != options.tag)
            continue;
        if (o.a == o.b)
            continue;
        for (const QString &name : {o.a, o.b})
            if (!index.contains(name)) {
                index.insert(name, int(names.size()));
                names.append(name);
            }
        games.append({index.value(o.a), index.value(o.b), std::clamp(o.scoreA, 0.0, 1.0)});
    }
    const int n = int(names.size());
    if (n == 0)
        return {};
    const QList<double> strengths = fitStrengths(n, games, options.priorGames);
    QList<Rating> out(n);
    for (int i = 0; i < n; ++i) {
        out[i].model = names.at(i);
        out[i].rating = out[i].low = out[i].high = elo(strengths.at(i));
    }
    for (const Game &g : std::as_const(games)) {
        ++out[g.a].comparisons;
        ++out[g.b].comparisons;
        out[g.a].score += g.scoreA;
        out[g.b].score += 1 - g.scoreA;
    }
    if (options.bootstrap > 0 && !games.isEmpty()) {
        QRandomGenerator random(options.seed);
        QList<QList<double>> samples(n);
        QList<Game> resample(games.size());
        for (int b = 0; b < options.bootstrap; ++b) {
            for (qsizetype k = 0; k < games.size(); ++k)
                resample[k] = games.at(qsizetype(random.bounded(quint32(games.size()))));
            const QList<double> s = fitStrengths(n, resample, options.priorGames, strengths);
            for (int i = 0; i < n; ++i)
                samples[i].append(elo(s.at(i)));
        }
        const double tail = (1 - options.confidence) / 2;
        for (int i = 0; i < n; ++i) {
            out[i].low = std::min(out[i].rating, percentile(samples.at(i), tail));
            out[i].high = std::max(out[i].rating, percentile(samples.at(i), 1 - tail));
        }
    }
    std::sort(out.begin(), out.end(), [](const Rating &x, const Rating &y) {
        return std::tuple(-x.rating, -x.comparisons, x.model) < std::tuple(-y.rating, -y.comparisons, y.model);
    });
    return out;
}

std::expected<QList<PairOutcome>, Usage::UsageError> Ratings::outcomes(Usage::UsageDatabase &db,
                                                                      const Usage::UsageFilter &filter)
{
    auto votes = VoteTable(db).votes(filter);
    if (!votes)
        return std::unexpected(votes.error());
    QList<PairOutcome> out = outcomesOf(*votes);
    // The judge scores of core/eval's results (its eval_results table, written
    // by Eval::EvalTable), read here so that routing, which sits below
    // core/eval, can rate models too.
    auto select = db.connection().prepare(R"sql(
SELECT r.run_id, s.suite, r.case_key, r.repeat_index,
       CASE WHEN r.answered_by <> '' THEN r.answered_by ELSE r.target END, r.score
FROM eval_results r JOIN eval_runs s ON s.id = r.run_id
WHERE r.score IS NOT NULL AND s.started_ms >= ? AND s.started_ms < ?
ORDER BY r.run_id, r.case_key, r.repeat_index, r.target)sql");
    if (!select)
        return std::unexpected(db.errorOf(select.error()));
    select->bind(1, filter.startMs());
    select->bind(2, filter.endMs());
    struct Scored {
        QString model;
        double score;
    };
    QList<Scored> group;
    QString groupKey;
    QString suite;
    auto flush = [&] {
        for (qsizetype i = 0; i < group.size(); ++i)
            for (qsizetype j = i + 1; j < group.size(); ++j) {
                const double a = group.at(i).score;
                const double b = group.at(j).score;
                if (group.at(i).model != group.at(j).model)
                    out.append({group.at(i).model, group.at(j).model, a > b ? 1.0 : a < b ? 0.0 : 0.5, suite});
            }
        group.clear();
    };
    const auto read = select->forEachRow([&] {
        const QString key = QString::number(select->int64(0)) + u'\x1f' + select->text(2) + u'\x1f'
            + QString::number(select->int64(3));
        if (key != groupKey) {
            flush();
            groupKey = key;
            suite = select->text(1);
        }
        group.append({select->text(4), select->real(5)});
    });
    if (!read)
        return std::unexpected(db.errorOf(read.error()));
    flush();
    return out;
}

QStringList Ratings::tags(const QList<PairOutcome> &outcomes)
{
    QStringList tags;
    for (const PairOutcome &o : outcomes)
        if (!tags.contains(o.tag))
            tags.append(o.tag);
    tags.sort();
    return tags;
}

} // namespace Switchyard::Votes
