#include "eval/runcomparison.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

QString EvalCell::changeName(Change change)
{
    switch (change) {
    case Change::None:
        return {};
    case Change::Regressed:
        return u"regressed"_s;
    case Change::Improved:
        return u"improved"_s;
    case Change::New:
        return u"new"_s;
    }
    return {};
}

QList<EvalCell> RunComparison::cells(const QList<CaseResult> &results)
{
    QStringList targets;
    for (const CaseResult &r : results)
        if (!targets.contains(r.target))
            targets.append(r.target);
    QList<const CaseResult *> sorted;
    for (const CaseResult &r : results)
        sorted.append(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [&targets](const CaseResult *a, const CaseResult *b) {
        return std::tuple(a->caseIndex, targets.indexOf(a->target), a->repeat)
            < std::tuple(b->caseIndex, targets.indexOf(b->target), b->repeat);
    });
    QList<EvalCell> out;
    QList<double> latencies;
    double scoreSum = 0;
    int scored = 0;
    qint64 costSum = 0;
    bool costKnown = true;
    auto close = [&] {
        if (out.isEmpty())
            return;
        EvalCell &cell = out.last();
        if (scored > 0)
            cell.score = scoreSum / scored;
        if (costKnown && cell.runs > 0)
            cell.costNanoUsd = costSum / cell.runs;
        if (!latencies.isEmpty()) {
            std::sort(latencies.begin(), latencies.end());
            const qsizetype n = latencies.size();
            cell.latencyMs = n % 2 ? latencies.at(n / 2) : (latencies.at(n / 2 - 1) + latencies.at(n / 2)) / 2;
        }
        latencies.clear();
        scoreSum = 0;
        scored = 0;
        costSum = 0;
        costKnown = true;
    };
    for (const CaseResult *r : std::as_const(sorted)) {
        if (out.isEmpty() || out.last().caseIndex != r->caseIndex || out.last().target != r->target) {
            close();
            EvalCell cell;
            cell.caseIndex = r->caseIndex;
            cell.caseKey = r->caseKey;
            cell.prompt = r->prompt;
            cell.target = r->target;
            out.append(cell);
        }
        EvalCell &cell = out.last();
        ++cell.runs;
        switch (r->status) {
        case CaseResult::Status::Passed:
            ++cell.passed;
            break;
        case CaseResult::Status::Failed:
            ++cell.failed;
            break;
        case CaseResult::Status::Error:
            ++cell.errors;
            break;
        }
        if (r->score) {
            scoreSum += *r->score;
            ++scored;
        }
        if (r->costNanoUsd)
            costSum += *r->costNanoUsd;
        else
            costKnown = false;
        cell.costEstimated = cell.costEstimated || r->costEstimated;
        if (r->latencyMs)
            latencies.append(*r->latencyMs);
    }
    close();
    return out;
}

QList<EvalCell> RunComparison::compare(const QList<CaseResult> &current, const QList<CaseResult> &baseline)
{
    QHash<QString, bool> before; // case key + target → passed every repeat
    for (const EvalCell &cell : cells(baseline))
        before.insert(cell.caseKey + u'\x1f' + cell.target, cell.passedAll());
    QList<EvalCell> out = cells(current);
    for (EvalCell &cell : out) {
        const auto it = before.constFind(cell.caseKey + u'\x1f' + cell.target);
        if (it == before.constEnd())
            cell.change = EvalCell::Change::New;
        else if (*it && !cell.passedAll())
            cell.change = EvalCell::Change::Regressed;
        else if (!*it && cell.passedAll())
            cell.change = EvalCell::Change::Improved;
    }
    return out;
}

int RunComparison::count(const QList<EvalCell> &cells, EvalCell::Change change)
{
    return int(std::count_if(cells.begin(), cells.end(), [change](const EvalCell &c) { return c.change == change; }));
}

} // namespace Switchyard::Eval
