#pragma once

#include "calls/attempt.h"
#include "calls/callpath.h"
#include "catalog/cost.h"
#include "providers/chatcall.h"
#include "providers/providerconfig.h"
#include "routing/cooldowns.h"
#include "routing/decider.h"
#include "usage/usagerecord.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>


namespace Switchyard::Routing {

class Router;

/// One attempt at one target, or a target passed over, as the hop list of a
/// routed call shows it.
struct Hop {
    enum class Outcome : quint8 {
        Answered,  ///< this attempt's answer reached the caller (it may still have been cut)
        Failed,    ///< failed before its first token: the router moved on
        Cancelled, ///< the caller cancelled while it ran
        Skipped,   ///< not tried: reason says why
    };
    QString provider;
    QString model;
    int attempt = 1; // 1 for the first try at this target
    Outcome outcome = Outcome::Skipped;
    QString reason;  // why skipped; the error's message when it failed
    std::optional<Providers::CallError> error;
    qint64 waitedMs = 0;   // backoff before this attempt
    qint64 durationMs = 0; // of the attempt
    Catalog::Cost cost;    // what the attempt cost (a failed one may have cost tokens)

    [[nodiscard]] QString key() const { return provider + u'/' + model; }
};

/// A request on its way through a route: tries its candidates in order,
/// retrying each as the route's policy says, until one answers. Once a token
/// has reached the caller, it never moves to another target — two models'
/// answers are never spliced; a cut after that ends the call, keeping what
/// came. Emits the answering attempt's events as they arrive, then
/// finished() exactly once. Belongs to the router; delete it when done.
class RoutedCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutedCall)

public:
    ~RoutedCall() override;

    [[nodiscard]] const Decision &decision() const { return m_decision; }
    /// The decider the decision was made with (the router's may change since).
    [[nodiscard]] const Decider &decider() const { return *m_decider; }
    [[nodiscard]] const QList<Hop> &hops() const { return m_hops; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    /// The answer, from the attempt that answered.
    [[nodiscard]] QString text() const;
    [[nodiscard]] QString reasoning() const;
    [[nodiscard]] QList<Providers::ToolCall> toolCalls() const;
    [[nodiscard]] Providers::TokenUsage usage() const;
    [[nodiscard]] QString finishReason() const;
    [[nodiscard]] std::optional<Providers::CallTimings> timings() const;
    /// Why the call failed as a whole: the last attempt's error, or the
    /// decision's when nothing could be tried. Empty on success.
    [[nodiscard]] const std::optional<Providers::CallError> &error() const { return m_error; }
    /// The answer stopped before its end (an error after the first token).
    [[nodiscard]] bool isIncomplete() const;
    /// The target that answered, if one did.
    [[nodiscard]] std::optional<Target> answeredBy() const;
    /// All attempts' costs together.
    [[nodiscard]] Catalog::Cost cost() const;
    /// The attempt running now, or the last one (the one that answered).
    [[nodiscard]] Calls::Attempt *currentAttempt() const { return m_current; }
    /// The call the current attempt sent, if it sent one.
    [[nodiscard]] Providers::ChatCall *currentCall() const;
    /// A budget at 80% or more that an attempt met: words for the user.
    [[nodiscard]] const QString &budgetWarning() const { return m_budgetWarning; }

    /// For a caller that hands the answer over only once it is complete (a
    /// gateway client that did not ask for a stream): then nothing has
    /// reached anyone until the end, so an attempt cut mid-answer is retried
    /// or falls back like one that failed before its first token. Set before start().
    void setWholeAnswer(bool whole) { m_wholeAnswer = whole; }
    /// The gateway key the request came with, for its budgets and the usage
    /// rows (Calls::CallTags::keyName). Set before start().
    void setKeyName(const QString &name) { m_keyName = name; }

    /// Begins a call made by Router::prepare(); once only, later calls do
    /// nothing. finished() may come from inside it (nothing to try).
    void start();

    /// Stops at once (the attempt running, or a backoff wait); finished() follows.
    void cancel();

Q_SIGNALS:
    void eventsReceived(const QList<Switchyard::Providers::ChatEvent> &events);
    /// A hop was added or changed: for live hop lists.
    void hopsChanged();
    void finished();

private:
    friend class Router;
    RoutedCall(Router *router, std::shared_ptr<const Decider> decider, Decision decision,
               Providers::ChatRequest request, Usage::Source source, QString project);
    void next();
    void attempt(const Target &target, int attemptNumber, qint64 waitedMs);
    void onCallFinished();
    void skip(const Target &target, const QString &reason);
    void finish(std::optional<Providers::CallError> error);
    [[nodiscard]] Calls::CallTags tags() const;
    [[nodiscard]] const RetryPolicy &policy() const;
    [[nodiscard]] bool shouldRetry(const Providers::CallError &error) const;
    [[nodiscard]] qint64 backoffMs(int failedAttempts, const Providers::CallError &error) const;

    QPointer<Router> m_router;
    std::shared_ptr<const Decider> m_decider;
    Decision m_decision;
    Providers::ChatRequest m_request;
    Usage::Source m_source;
    QString m_project;
    QString m_keyName;
    QList<Target> m_queue; // candidates not yet tried, first next
    std::optional<Target> m_target;
    int m_attempt = 0;
    int m_retries = 0;   // across the whole call
    int m_targetsTried = 0;
    QList<Hop> m_hops;
    QPointer<Calls::Attempt> m_current;
    /// The current attempt's events before its first token (or all of them,
    /// for a whole answer): held back until they are known to be the answer.
    QList<Providers::ChatEvent> m_held;
    QString m_budgetWarning;
    bool m_wholeAnswer = false;
    bool m_tokenSent = false;
    QTimer m_wait; // backoff
    qint64 m_waitMs = 0;
    std::optional<Providers::CallError> m_error;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
};

/// Executes routing decisions through the one call path: decides with its
/// Decider, runs each attempt as a Calls::Attempt (which reads the key, checks
/// the budget, prices the call and writes its usage row with the route, the
/// rule, the retries and the hops so far), with retries, backoff
/// (exponential, jittered, honouring retry-after) and fallback, and puts
/// failing targets in cooldown. Every caller — Compare, `ask`, Try It, the
/// gateway — sends through a Router; a request naming provider/model goes
/// there directly. Decides with the budgets as they stand (the services'
/// BudgetMonitor), so a budget reached since the config was set applies to
/// the next request. Lives on one thread; never blocks it.
class Router final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Router)

public:
    using Services = Calls::CallServices;

    explicit Router(Services services, QObject *parent = nullptr);
    ~Router() override;

    /// Calls already under way keep the decider they started with.
    void setDecider(Decider decider);
    [[nodiscard]] const Decider &decider() const { return *m_decider; }
    [[nodiscard]] Cooldowns &cooldowns() { return m_cooldowns; }
    [[nodiscard]] const Services &services() const { return m_calls->services(); }
    [[nodiscard]] Calls::CallPath *calls() const { return m_calls; }

    /// For tests: a fixed source of [0, 1) numbers for weighted picks and jitter.
    void setRandom(std::function<double()> random) { m_random = std::move(random); }
    /// For tests: shorter backoff waits (each wait is multiplied by this).
    void setBackoffScale(double scale) { m_backoffScale = scale; }

    /// Decides and starts at once. The call is the router's child; its
    /// finished() comes later, never from inside send().
    [[nodiscard]] RoutedCall *send(Providers::ChatRequest request, const RequestFacts &facts, Usage::Source source,
                                   const QString &project = {});
    /// Decides without starting: for a caller that connects to the call and
    /// then start()s it itself, so that the first attempt goes out at once
    /// rather than from the next turn of the event loop (the gateway, where
    /// that turn is latency every client pays).
    [[nodiscard]] RoutedCall *prepare(Providers::ChatRequest request, const RequestFacts &facts,
                                      Usage::Source source, const QString &project = {});

    /// Milliseconds on the router's monotonic clock (the cooldowns' clock).
    [[nodiscard]] qint64 nowMs() const { return m_clock.elapsed(); }

private:
    friend class RoutedCall;
    [[nodiscard]] double random() const { return m_random ? m_random() : defaultRandom(); }
    [[nodiscard]] static double defaultRandom();
    /// The decider again with the budgets as they stand now, when their levels changed.
    void followBudgets();

    Calls::CallPath *m_calls = nullptr;
    std::shared_ptr<const Decider> m_decider;
    quint64 m_budgetGeneration = 0;
    Cooldowns m_cooldowns;
    std::function<double()> m_random;
    double m_backoffScale = 1.0;
    QElapsedTimer m_clock;
};

} // namespace Switchyard::Routing
