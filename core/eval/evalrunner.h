#pragma once

#include "eval/caseresult.h"
#include "eval/suite.h"
#include "providers/chatrequest.h"
#include "usage/usagerecord.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <list>

namespace Switchyard::Routing {
class Router;
class RoutedCall;
}

namespace Switchyard::Eval {

/// Runs a suite: every case to every target, repeats times, each answer a
/// routed call through the given Router — so through the one call path, with
/// its budgets, keys and usage rows (tagged with the suite's name as their
/// project) — then checked by the case's assertions; a judge assertion is one
/// more routed call, to the judge's model. At most Suite::concurrencyOf() calls
/// run at once per provider (a route counts as a provider of its own).
/// Emits each result as it is complete; a result is never emitted for work
/// that was cancelled, so a run resumed later (skip() the work already done)
/// sends exactly the rest. Lives on the router's thread; never blocks it.
class EvalRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunner)

public:
    EvalRunner(Suite suite, Routing::Router *router, Usage::Source source, QObject *parent = nullptr);
    ~EvalRunner() override;

    [[nodiscard]] const Suite &suite() const { return m_suite; }
    [[nodiscard]] const QList<EvalCase> &cases() const { return m_cases; }
    /// Every answer the run takes: cases × targets × repeats.
    [[nodiscard]] int total() const { return m_total; }
    /// Answers complete, those skipped for a resume included.
    [[nodiscard]] int done() const { return m_done; }
    [[nodiscard]] bool isRunning() const { return m_started && !m_finished; }
    [[nodiscard]] bool wasCancelled() const { return m_cancelled; }

    /// Work already done in an earlier, stopped run (CaseResult::workKey()):
    /// not sent again. Before start().
    void skip(const QSet<QString> &workKeys);
    /// Starts the calls; finished() always comes later, never from inside.
    void start();
    /// Stops every call under way; what they had is dropped, and finished()
    /// follows once they have ended.
    void cancel();

Q_SIGNALS:
    void resultReady(const Switchyard::Eval::CaseResult &result);
    void progress(int done, int total);
    void finished();

private:
    struct Work {
        int caseIndex = 0;
        QString target;
        int repeat = 0;
    };
    struct Job {
        Work work;
        Routing::RoutedCall *call = nullptr;
        QList<Routing::RoutedCall *> judges;
        CaseResult result;
        int judgesLeft = 0;
    };
    void pump();
    void begin(const Work &work);
    void onAnswer(Job *job);
    void onJudge(Job *job, int outcomeIndex, Routing::RoutedCall *call);
    void complete(Job *job);
    void drop(Job *job);
    void finishIfIdle();
    [[nodiscard]] static QString limitKey(const QString &target);
    [[nodiscard]] Routing::RoutedCall *send(Providers::ChatRequest request, const QString &model);

    Suite m_suite;
    QList<EvalCase> m_cases;
    Routing::Router *m_router;
    Usage::Source m_source;
    QSet<QString> m_skip;
    QList<Work> m_pending;
    std::list<Job> m_jobs;
    QHash<QString, int> m_running; // limit key → calls under way
    int m_total = 0;
    int m_done = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
};

} // namespace Switchyard::Eval
