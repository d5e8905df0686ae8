#include "eval/evalrunner.h"

#include "eval/assertioncheck.h"
#include "eval/judgeverdict.h"
#include "routing/requestfacts.h"
#include "routing/router.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

using Routing::RoutedCall;

EvalRunner::EvalRunner(Suite suite, Routing::Router *router, Usage::Source source, QObject *parent)
    : QObject(parent), m_suite(std::move(suite)), m_cases(m_suite.cases()), m_router(router), m_source(source)
{
    m_total = int(m_cases.size() * m_suite.targets.size() * m_suite.repeats);
}

EvalRunner::~EvalRunner()
{
    // Calls still running belong to the router; stop them and let it delete them.
    for (Job &job : m_jobs) {
        for (RoutedCall *call : std::as_const(job.judges))
            if (call) {
                call->disconnect(this);
                call->cancel();
                call->deleteLater();
            }
        if (job.call) {
            job.call->disconnect(this);
            job.call->cancel();
            job.call->deleteLater();
        }
    }
}

void EvalRunner::skip(const QSet<QString> &workKeys)
{
    m_skip = workKeys;
}

QString EvalRunner::limitKey(const QString &target)
{
    return target.contains(u'/') ? target.section(u'/', 0, 0) : target;
}

void EvalRunner::start()
{
    if (m_started)
        return;
    m_started = true;
    // Repeat-major, then case, then target: the providers' calls interleave,
    // so each provider's limit is what bounds the run, not the order.
    for (int repeat = 0; repeat < m_suite.repeats; ++repeat)
        for (const EvalCase &c : std::as_const(m_cases))
            for (const QString &target : std::as_const(m_suite.targets)) {
                if (m_skip.contains(CaseResult::workKeyOf(c.index, target, repeat)))
                    ++m_done;
                else
                    m_pending.append({c.index, target, repeat});
            }
    QTimer::singleShot(0, this, [this] {
        Q_EMIT progress(m_done, m_total);
        pump();
        finishIfIdle();
    });
}

void EvalRunner::pump()
{
    for (qsizetype i = 0; i < m_pending.size() && !m_cancelled;) {
        const Work work = m_pending.at(i);
        const QString key = limitKey(work.target);
        if (m_running.value(key) >= m_suite.concurrencyOf(work.target)) {
            ++i;
            continue;
        }
        m_pending.removeAt(i);
        ++m_running[key];
        begin(work);
    }
}

RoutedCall *EvalRunner::send(Providers::ChatRequest request, const QString &model)
{
    request.model = model;
    return m_router->send(request, Routing::RequestFacts::of(request, model), m_source, m_suite.name);
}

void EvalRunner::begin(const Work &work)
{
    const EvalCase &c = m_cases.at(work.caseIndex);
    Job &job = m_jobs.emplace_back();
    job.work = work;
    job.result.caseIndex = c.index;
    job.result.caseKey = c.key;
    job.result.prompt = c.prompt;
    job.result.target = work.target;
    job.result.repeat = work.repeat;
    Providers::ChatRequest request{.systemPrompt = fillTemplate(m_suite.systemPrompt, c.vars),
                                   .messages = {{Providers::ChatMessage::Role::User, c.prompt}}};
    request.temperature = m_suite.temperature;
    request.maxTokens = m_suite.maxTokens;
    job.call = send(request, work.target);
    Job *raw = &job;
    connect(job.call, &RoutedCall::finished, this, [this, raw] { onAnswer(raw); });
}

void EvalRunner::onAnswer(Job *job)
{
    RoutedCall *call = job->call;
    job->call = nullptr;
    call->deleteLater();
    if (m_cancelled) {
        drop(job);
        return;
    }
    CaseResult &r = job->result;
    r.answer = call->text();
    if (const auto by = call->answeredBy())
        r.answeredBy = by->key();
    const Catalog::Cost cost = call->cost();
    r.costNanoUsd = cost.nanoUsd;
    r.costEstimated = cost.estimated;
    if (const auto t = call->timings(); t && t->doneNs >= 0)
        r.latencyMs = double(t->doneNs) / 1e6;
    const Providers::TokenUsage usage = call->usage();
    if (usage.input >= 0)
        r.tokensIn = usage.input;
    if (usage.output >= 0)
        r.tokensOut = usage.output;
    if (call->error()) {
        r.status = CaseResult::Status::Error;
        r.error = call->error()->message;
        complete(job);
        return;
    }
    const EvalCase &c = m_cases.at(r.caseIndex);
    for (const Assertion &a : c.assertions) {
        if (a.type != Assertion::Type::Judge) {
            r.assertions.append(AssertionCheck::check(a, r, c.vars));
            continue;
        }
        AssertionOutcome pending;
        pending.type = a.typeName();
        r.assertions.append(pending);
        const int index = int(r.assertions.size() - 1);
        const QString model = a.model.isEmpty() ? m_suite.judge : a.model;
        RoutedCall *judge = send(JudgeVerdict::request(fillTemplate(a.text, c.vars), c.prompt, r.answer), model);
        job->judges.append(judge);
        ++job->judgesLeft;
        connect(judge, &RoutedCall::finished, this, [this, job, index, judge] { onJudge(job, index, judge); });
    }
    if (job->judgesLeft == 0)
        complete(job);
}

void EvalRunner::onJudge(Job *job, int outcomeIndex, RoutedCall *call)
{
    job->judges.removeOne(call);
    call->deleteLater();
    --job->judgesLeft;
    if (m_cancelled) {
        if (job->judgesLeft == 0)
            drop(job);
        return;
    }
    AssertionOutcome &out = job->result.assertions[outcomeIndex];
    const EvalCase &c = m_cases.at(job->result.caseIndex);
    // The assertions before this one in the list map one to one onto outcomes.
    const Assertion &a = c.assertions.at(outcomeIndex);
    if (call->error()) {
        out.error = true;
        out.reason = u"the judge's call failed: "_s + call->error()->message;
    } else if (const auto verdict = JudgeVerdict::parse(call->text()); !verdict) {
        out.error = true;
        out.reason = verdict.error();
    } else {
        out.score = verdict->score;
        out.reason = verdict->reason;
        out.passed = verdict->score >= a.threshold;
    }
    if (job->judgesLeft == 0)
        complete(job);
}

void EvalRunner::complete(Job *job)
{
    CaseResult &r = job->result;
    if (r.status != CaseResult::Status::Error || r.error.isEmpty()) {
        r.status = CaseResult::Status::Passed;
        double scores = 0;
        int scored = 0;
        for (const AssertionOutcome &o : std::as_const(r.assertions)) {
            if (o.score) {
                scores += *o.score;
                ++scored;
            }
            if (o.error) {
                r.status = CaseResult::Status::Error;
                if (r.error.isEmpty())
                    r.error = o.reason;
            } else if (!o.passed && r.status == CaseResult::Status::Passed) {
                r.status = CaseResult::Status::Failed;
            }
        }
        if (scored > 0)
            r.score = scores / scored;
    }
    ++m_done;
    const CaseResult result = r;
    drop(job);
    Q_EMIT resultReady(result);
    Q_EMIT progress(m_done, m_total);
    pump();
    finishIfIdle();
}

void EvalRunner::drop(Job *job)
{
    --m_running[limitKey(job->work.target)];
    m_jobs.remove_if([job](const Job &j) { return &j == job; });
    if (m_cancelled)
        finishIfIdle();
}

void EvalRunner::cancel()
{
    if (!m_started || m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_pending.clear();
    // cancel() makes each call finish, which drops its job.
    QList<RoutedCall *> calls;
    for (Job &job : m_jobs) {
        if (job.call)
            calls.append(job.call);
        calls += job.judges;
    }
    for (RoutedCall *call : std::as_const(calls))
        call->cancel();
    finishIfIdle();
}

void EvalRunner::finishIfIdle()
{
    if (m_finished || !m_jobs.empty() || (!m_pending.isEmpty() && !m_cancelled))
        return;
    m_finished = true;
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(); });
}

} // namespace Switchyard::Eval
