#include "eval/runexport.h"

#include "base/units.h"
#include "usage/usagecsv.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

namespace {

// Markdown table cells: a pipe or a line break would end the cell.
QString md(QString text)
{
    text.replace(u'\\', u"\\\\"_s).replace(u'|', u"\\|"_s).replace(u'\n', u' ');
    return text.size() > 80 ? text.left(77) + u"…"_s : text;
}

QString cost(std::optional<qint64> nano, bool estimated)
{
    const QString amount = Base::Units::usd(nano);
    return nano && estimated ? u"≈"_s + amount : amount;
}

QJsonValue optional(std::optional<double> v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonValue optional(std::optional<qint64> v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue();
}

} // namespace

QString RunExport::cellText(const EvalCell &cell)
{
    if (cell.runs == 0)
        return u"–"_s;
    const QString mark = cell.passedAll() ? u"✓"_s : cell.errors == cell.runs ? u"!"_s : u"✗"_s;
    if (cell.runs == 1)
        return mark + u' ' + (cell.passed ? u"pass"_s : cell.errors ? u"error"_s : u"fail"_s);
    return u"%1 %2/%3"_s.arg(mark).arg(cell.passed).arg(cell.runs);
}

QByteArray RunExport::markdown(const Input &in)
{
    const EvalRun &run = in.run;
    QString out = u"# Evaluation: %1 (run %2)\n\n"_s.arg(md(run.suite)).arg(run.id);
    out += u"- Started: %1 · state: %2\n"_s.arg(run.started.toString(Qt::ISODate), EvalRun::stateName(run.state));
    out += u"- Results: %1 passed, %2 failed, %3 errors of %4\n"_s.arg(run.passed)
               .arg(run.failed)
               .arg(run.errors)
               .arg(run.total());
    out += u"- Cost of the answers: %1\n"_s.arg(cost(run.costNanoUsd, run.costEstimated));
    if (in.baselineId)
        out += u"- Against run %1: %2 regressed, %3 improved\n"_s.arg(*in.baselineId)
                   .arg(RunComparison::count(in.cells, EvalCell::Change::Regressed))
                   .arg(RunComparison::count(in.cells, EvalCell::Change::Improved));
    out += u"\n| case |"_s;
    QStringList targets = run.targets;
    for (const EvalCell &c : in.cells)
        if (!targets.contains(c.target))
            targets.append(c.target);
    for (const QString &t : std::as_const(targets))
        out += u" %1 |"_s.arg(md(t));
    out += u"\n| --- |"_s + u" --- |"_s.repeated(targets.size()) + u'\n';
    for (qsizetype i = 0; i < in.cells.size();) {
        const int caseIndex = in.cells.at(i).caseIndex;
        out += u"| %1 |"_s.arg(md(in.cells.at(i).caseKey));
        QHash<QString, const EvalCell *> row;
        for (; i < in.cells.size() && in.cells.at(i).caseIndex == caseIndex; ++i)
            row.insert(in.cells.at(i).target, &in.cells.at(i));
        for (const QString &t : std::as_const(targets)) {
            const EvalCell *c = row.value(t);
            if (!c) {
                out += u" – |"_s;
                continue;
            }
            QString text = cellText(*c);
            if (c->score)
                text += u" · %1"_s.arg(*c->score, 0, 'f', 2);
            if (c->costNanoUsd)
                text += u" · "_s + cost(c->costNanoUsd, c->costEstimated);
            if (c->latencyMs)
                text += u" · "_s + Base::Units::duration(*c->latencyMs);
            if (c->change == EvalCell::Change::Regressed)
                text += u" · **regressed**"_s;
            else if (c->change == EvalCell::Change::Improved)
                text += u" · *improved*"_s;
            out += u' ' + text + u" |"_s;
        }
        out += u'\n';
    }
    // Why each failing answer failed: what a reader of the report wants next.
    QString failures;
    for (const CaseResult &r : in.results) {
        if (r.passed())
            continue;
        QStringList reasons;
        if (!r.error.isEmpty())
            reasons.append(r.error);
        for (const AssertionOutcome &a : r.assertions)
            if (!a.passed && !a.error)
                reasons.append(a.type + u": "_s + a.reason);
        failures += u"- %1 · %2%3: %4\n"_s.arg(md(r.caseKey), md(r.target),
                                               run.repeats > 1 ? u" (repeat %1)"_s.arg(r.repeat + 1) : QString(),
                                               md(reasons.join(u"; "_s)));
    }
    if (!failures.isEmpty())
        out += u"\n## Failures\n\n"_s + failures;
    return out.toUtf8();
}

QJsonObject RunExport::json(const Input &in)
{
    const EvalRun &run = in.run;
    QJsonObject summary{{u"passed"_s, run.passed}, {u"failed"_s, run.failed}, {u"errors"_s, run.errors},
                        {u"total"_s, run.total()}, {u"cost_usd"_s, run.costNanoUsd ? QJsonValue(double(*run.costNanoUsd) / 1e9) : QJsonValue()}};
    if (in.baselineId) {
        summary.insert(u"baseline"_s, double(*in.baselineId));
        summary.insert(u"regressed"_s, RunComparison::count(in.cells, EvalCell::Change::Regressed));
        summary.insert(u"improved"_s, RunComparison::count(in.cells, EvalCell::Change::Improved));
    }
    QJsonArray cells;
    for (const EvalCell &c : in.cells) {
        QJsonObject o{{u"case"_s, c.caseIndex}, {u"key"_s, c.caseKey}, {u"target"_s, c.target},
                      {u"runs"_s, c.runs}, {u"passed"_s, c.passed}, {u"failed"_s, c.failed},
                      {u"errors"_s, c.errors}, {u"score"_s, optional(c.score)},
                      {u"cost_usd"_s, c.costNanoUsd ? QJsonValue(double(*c.costNanoUsd) / 1e9) : QJsonValue()},
                      {u"latency_ms"_s, optional(c.latencyMs)}};
        if (c.change != EvalCell::Change::None)
            o.insert(u"change"_s, EvalCell::changeName(c.change));
        cells.append(o);
    }
    QJsonArray results;
    for (const CaseResult &r : in.results) {
        QJsonArray assertions;
        for (const AssertionOutcome &a : r.assertions) {
            QJsonObject o{{u"type"_s, a.type}, {u"passed"_s, a.passed}};
            if (a.error)
                o.insert(u"error"_s, true);
            if (a.score)
                o.insert(u"score"_s, *a.score);
            if (!a.reason.isEmpty())
                o.insert(u"reason"_s, a.reason);
            assertions.append(o);
        }
        QJsonObject o{{u"case"_s, r.caseIndex}, {u"key"_s, r.caseKey}, {u"prompt"_s, r.prompt},
                      {u"target"_s, r.target}, {u"repeat"_s, r.repeat},
                      {u"status"_s, CaseResult::statusName(r.status)}, {u"answer"_s, r.answer},
                      {u"cost_usd"_s, r.costNanoUsd ? QJsonValue(double(*r.costNanoUsd) / 1e9) : QJsonValue()},
                      {u"cost_estimated"_s, r.costEstimated}, {u"latency_ms"_s, optional(r.latencyMs)},
                      {u"tokens_in"_s, optional(r.tokensIn)}, {u"tokens_out"_s, optional(r.tokensOut)},
                      {u"score"_s, optional(r.score)}, {u"assertions"_s, assertions}};
        if (!r.answeredBy.isEmpty() && r.answeredBy != r.target)
            o.insert(u"answered_by"_s, r.answeredBy);
        if (!r.error.isEmpty())
            o.insert(u"error"_s, r.error);
        results.append(o);
    }
    return {{u"run"_s, double(run.id)},
            {u"suite"_s, run.suite},
            {u"suite_path"_s, run.suitePath},
            {u"started"_s, run.started.toString(Qt::ISODateWithMs)},
            {u"state"_s, EvalRun::stateName(run.state)},
            {u"targets"_s, QJsonArray::fromStringList(run.targets)},
            {u"repeats"_s, run.repeats},
            {u"summary"_s, summary},
            {u"cells"_s, cells},
            {u"results"_s, results}};
}

QByteArray RunExport::csv(const Input &in)
{
    QHash<QString, EvalCell::Change> changes;
    for (const EvalCell &c : in.cells)
        changes.insert(QString::number(c.caseIndex) + u'\x1f' + c.target, c.change);
    QByteArray out = Usage::UsageCsv::line({u"case"_s, u"key"_s, u"target"_s, u"repeat"_s, u"status"_s, u"score"_s,
                                            u"cost_usd"_s, u"cost_estimated"_s, u"latency_ms"_s, u"tokens_in"_s,
                                            u"tokens_out"_s, u"change"_s, u"error"_s, u"answer"_s});
    for (const CaseResult &r : in.results) {
        out += Usage::UsageCsv::line(
            {QString::number(r.caseIndex), r.caseKey, r.target, QString::number(r.repeat + 1),
             CaseResult::statusName(r.status), r.score ? QString::number(*r.score, 'f', 3) : QString(),
             r.costNanoUsd ? QString::number(double(*r.costNanoUsd) / 1e9, 'f', 9) : QString(),
             r.costEstimated ? u"1"_s : u"0"_s, r.latencyMs ? QString::number(*r.latencyMs, 'f', 1) : QString(),
             r.tokensIn ? QString::number(*r.tokensIn) : QString(), r.tokensOut ? QString::number(*r.tokensOut) : QString(),
             EvalCell::changeName(changes.value(QString::number(r.caseIndex) + u'\x1f' + r.target)), r.error, r.answer});
    }
    return out;
}

} // namespace Switchyard::Eval
