#include "eval/evaltable.h"

#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <string>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

using Usage::UsageError;

namespace {

QString assertionsJson(const QList<AssertionOutcome> &list)
{
    QJsonArray array;
    for (const AssertionOutcome &o : list) {
        QJsonObject item{{u"type"_s, o.type}, {u"passed"_s, o.passed}};
        if (o.error)
            item.insert(u"error"_s, true);
        if (o.score)
            item.insert(u"score"_s, *o.score);
        if (!o.reason.isEmpty())
            item.insert(u"reason"_s, o.reason);
        array.append(item);
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<AssertionOutcome> assertionsFrom(const QString &text)
{
    QList<AssertionOutcome> out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        AssertionOutcome a;
        a.type = o.value(u"type"_s).toString();
        a.passed = o.value(u"passed"_s).toBool();
        a.error = o.value(u"error"_s).toBool();
        if (o.contains(u"score"_s))
            a.score = o.value(u"score"_s).toDouble();
        a.reason = o.value(u"reason"_s).toString();
        out.append(a);
    }
    return out;
}

constexpr const char *RunColumns = R"sql(
SELECT r.id, r.suite, r.suite_path, r.started_ms, r.finished_ms, r.state, r.targets, r.cases, r.repeats,
       (SELECT count(*) FROM eval_results x WHERE x.run_id = r.id AND x.status = 'pass'),
       (SELECT count(*) FROM eval_results x WHERE x.run_id = r.id AND x.status = 'fail'),
       (SELECT count(*) FROM eval_results x WHERE x.run_id = r.id AND x.status = 'error'),
       (SELECT sum(cost_nano) FROM eval_results x WHERE x.run_id = r.id),
       (SELECT count(*) FROM eval_results x WHERE x.run_id = r.id AND x.cost_nano IS NULL),
       (SELECT max(cost_estimated) FROM eval_results x WHERE x.run_id = r.id)
FROM eval_runs r)sql";

} // namespace

std::expected<qint64, UsageError> EvalTable::createRun(const EvalRun &run)
{
    Usage::SqliteConnection &sql = m_db.connection();
    auto insert = sql.prepare("INSERT INTO eval_runs (suite, suite_path, started_ms, state, targets, cases, repeats) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return std::unexpected(m_db.errorOf(insert.error()));
    insert->bind(1, run.suite);
    insert->bind(2, run.suitePath);
    insert->bind(3, run.started.toMSecsSinceEpoch());
    insert->bind(4, EvalRun::stateName(run.state));
    insert->bind(5, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(run.targets)).toJson(QJsonDocument::Compact)));
    insert->bind(6, qint64(run.cases));
    insert->bind(7, qint64(run.repeats));
    if (auto done = insert->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return sql.lastInsertRowId();
}

std::expected<void, UsageError> EvalTable::setState(qint64 runId, EvalRun::State state)
{
    auto update = m_db.connection().prepare("UPDATE eval_runs SET state = ?, finished_ms = ? WHERE id = ?");
    if (!update)
        return std::unexpected(m_db.errorOf(update.error()));
    update->bind(1, EvalRun::stateName(state));
    update->bind(2, state == EvalRun::State::Running ? std::optional<qint64>()
                                                     : std::optional<qint64>(QDateTime::currentMSecsSinceEpoch()));
    update->bind(3, runId);
    if (auto done = update->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return {};
}

std::expected<void, UsageError> EvalTable::record(qint64 runId, const CaseResult &r)
{
    auto insert = m_db.connection().prepare(R"sql(
INSERT OR REPLACE INTO eval_results (run_id, case_index, target, repeat_index, case_key, prompt, status, answer,
    answered_by, error, cost_nano, cost_estimated, latency_ms, tokens_in, tokens_out, score, assertions)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    if (!insert)
        return std::unexpected(m_db.errorOf(insert.error()));
    insert->bind(1, runId);
    insert->bind(2, qint64(r.caseIndex));
    insert->bind(3, r.target);
    insert->bind(4, qint64(r.repeat));
    insert->bind(5, r.caseKey);
    insert->bind(6, r.prompt);
    insert->bind(7, CaseResult::statusName(r.status));
    insert->bind(8, r.answer);
    insert->bind(9, r.answeredBy);
    insert->bind(10, r.error);
    insert->bind(11, r.costNanoUsd);
    insert->bind(12, qint64(r.costEstimated));
    insert->bind(13, r.latencyMs);
    insert->bind(14, r.tokensIn);
    insert->bind(15, r.tokensOut);
    insert->bind(16, r.score);
    insert->bind(17, assertionsJson(r.assertions));
    if (auto done = insert->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return {};
}

std::expected<QList<EvalRun>, UsageError> EvalTable::runs()
{
    static const std::string query = std::string(RunColumns) + " ORDER BY r.id DESC";
    auto select = m_db.connection().prepare(query.c_str());
    if (!select)
        return std::unexpected(m_db.errorOf(select.error()));
    QList<EvalRun> out;
    const auto read = select->forEachRow([&] {
        EvalRun run;
        run.id = select->int64(0);
        run.suite = select->text(1);
        run.suitePath = select->text(2);
        run.started = QDateTime::fromMSecsSinceEpoch(select->int64(3));
        if (const auto f = select->optionalInt64(4))
            run.finished = QDateTime::fromMSecsSinceEpoch(*f);
        run.state = EvalRun::stateFromName(select->text(5)).value_or(EvalRun::State::Running);
        for (const QJsonValue &t : QJsonDocument::fromJson(select->text(6).toUtf8()).array())
            run.targets.append(t.toString());
        run.cases = int(select->int64(7));
        run.repeats = int(select->int64(8));
        run.passed = int(select->int64(9));
        run.failed = int(select->int64(10));
        run.errors = int(select->int64(11));
        if (select->int64(13) == 0)
            run.costNanoUsd = select->optionalInt64(12).value_or(0);
        run.costEstimated = select->int64(14) != 0;
        out.append(run);
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    return out;
}

std::expected<std::optional<EvalRun>, UsageError> EvalTable::run(qint64 runId)
{
    // Few runs ever exist; reading them all keeps one query for both.
    auto all = runs();
    if (!all)
        return std::unexpected(all.error());
    for (const EvalRun &r : std::as_const(*all))
        if (r.id == runId)
            return r;
    return std::optional<EvalRun>();
}

std::expected<QList<CaseResult>, UsageError> EvalTable::results(qint64 runId)
{
    auto select = m_db.connection().prepare(R"sql(
SELECT case_index, target, repeat_index, case_key, prompt, status, answer, answered_by, error, cost_nano,
       cost_estimated, latency_ms, tokens_in, tokens_out, score, assertions
FROM eval_results WHERE run_id = ? ORDER BY case_index, target, repeat_index)sql");
    if (!select)
        return std::unexpected(m_db.errorOf(select.error()));
    select->bind(1, runId);
    QList<CaseResult> out;
    const auto read = select->forEachRow([&] {
        CaseResult r;
        r.caseIndex = int(select->int64(0));
        r.target = select->text(1);
        r.repeat = int(select->int64(2));
        r.caseKey = select->text(3);
        r.prompt = select->text(4);
        r.status = CaseResult::statusFromName(select->text(5)).value_or(CaseResult::Status::Error);
        r.answer = select->text(6);
        r.answeredBy = select->text(7);
        r.error = select->text(8);
        r.costNanoUsd = select->optionalInt64(9);
        r.costEstimated = select->int64(10) != 0;
        r.latencyMs = select->optionalReal(11);
        r.tokensIn = select->optionalInt64(12);
        r.tokensOut = select->optionalInt64(13);
        r.score = select->optionalReal(14);
        r.assertions = assertionsFrom(select->text(15));
        out.append(r);
    });
    if (!read)
        return std::unexpected(m_db.errorOf(read.error()));
    return out;
}

std::expected<void, UsageError> EvalTable::remove(qint64 runId)
{
    auto del = m_db.connection().prepare("DELETE FROM eval_runs WHERE id = ?");
    if (!del)
        return std::unexpected(m_db.errorOf(del.error()));
    del->bind(1, runId);
    if (auto done = del->run(); !done)
        return std::unexpected(m_db.errorOf(done.error()));
    return {};
}

void EvalTable::queue(Usage::UsageStore &store, qint64 runId, const CaseResult &result)
{
    store.write([runId, result](Usage::UsageDatabase &db) { return EvalTable(db).record(runId, result); });
}

void EvalTable::queueState(Usage::UsageStore &store, qint64 runId, EvalRun::State state)
{
    store.write([runId, state](Usage::UsageDatabase &db) { return EvalTable(db).setState(runId, state); });
}

} // namespace Switchyard::Eval
