#include "router.h"

#include "calls/attempt.h"
#include "providers/callerrors.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

namespace Switchyard::Routing {

namespace {

bool isContent(const ChatEvent &event)
{
    return event.type == ChatEvent::Type::TextDelta || event.type == ChatEvent::Type::ReasoningDelta
        || event.type == ChatEvent::Type::ToolCallDelta;
}

// A target's params replace the caller's: the fields ChatRequest has its own
// members for go there, anything else into the body as it is.
ChatRequest requestFor(const ChatRequest &base, const Target &target)
{
    ChatRequest request = base;
    request.model = target.model;
    for (auto it = target.params.begin(); it != target.params.end(); ++it) {
        const QString &name = it.key();
        if (name == "temperature"_L1 && it->isDouble())
            request.temperature = it->toDouble();
        else if ((name == "max_tokens"_L1 || name == "max_completion_tokens"_L1) && it->isDouble())
            request.maxTokens = it->toInt();
        else if (name == "reasoning_effort"_L1 && it->isString())
            request.reasoningEffort = it->toString();
        else if (name == "stream"_L1 || name == "model"_L1 || name == "messages"_L1)
            continue; // the router's to decide, not a parameter
        else
            request.extraBody.insert(name, *it);
    }
    return request;
}

CallError routingError(const QString &message)
{
    return {.kind = CallError::Kind::BadRequest, .message = message};
}

} // namespace

// --- RoutedCall ---

RoutedCall::RoutedCall(Router *router, std::shared_ptr<const Decider> decider, Decision decision,
                       ChatRequest request, Usage::Source source, QString project)
    : QObject(router)
    , m_router(router)
    , m_decider(std::move(decider))
    , m_decision(std::move(decision))
    , m_request(std::move(request))
    , m_source(source)
    , m_project(std::move(project))
{
    m_wait.setSingleShot(true);
    // A coarse timer may fire 5% early, and a server's retry-after is a floor.
    m_wait.setTimerType(Qt::PreciseTimer);
    connect(&m_wait, &QTimer::timeout, this, [this] {
        if (m_target)
            attempt(*m_target, m_attempt + 1, m_waitMs);
    });
}

RoutedCall::~RoutedCall()
{
    if (m_current && !m_current->isFinished())
        m_current->disconnect(this);
}

const RetryPolicy &RoutedCall::policy() const
{
    const Route *route = m_decider->routeOf(m_decision);
    return route ? m_decider->config().retryOf(*route) : m_decider->config().retry;
}

void RoutedCall::start()
{
    if (std::exchange(m_started, true))
        return;
    for (const Skip &skip : std::as_const(m_decision.skipped)) {
        const Target &target = m_decider->target(skip.ref);
        m_hops.append({.provider = target.provider, .model = target.model, .outcome = Hop::Outcome::Skipped,
                       .reason = m_decider->describe(skip)});
    }
    if (m_decision.direct)
        m_queue.append(*m_decision.direct);
    for (const TargetRef &ref : std::as_const(m_decision.candidates))
        m_queue.append(m_decider->target(ref));
    if (!m_hops.isEmpty())
        Q_EMIT hopsChanged();
    if (m_queue.isEmpty()) {
        // Budgets passed over every target: say which, as a refusal by budget.
        for (const Skip &skip : std::as_const(m_decision.skipped)) {
            if (skip.reason == SkipReason::BudgetReached) {
                const Target &target = m_decider->target(skip.ref);
                QString message = Usage::BudgetGate::decide(m_decider->facts().budgets, target.provider).message;
                finish(CallError{.kind = CallError::Kind::BudgetReached,
                                 .message = message.isEmpty() ? u"A budget is used up: the call was not sent."_s
                                                              : message});
                return;
            }
        }
        finish(routingError(m_decision.error.isEmpty() ? u"The routing config has no target for this request."_s
                                                       : u"Routing: %1."_s.arg(m_decision.error)));
        return;
    }
    next();
}

void RoutedCall::next()
{
    if (m_cancelled) {
        finish(CallError{.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
        return;
    }
    if (m_queue.isEmpty()) {
        // Every target failed or was passed over: the last real error says
        // the most; without one, the hops do.
        std::optional<CallError> last;
        for (const Hop &hop : std::as_const(m_hops))
            if (hop.error)
                last = hop.error;
        if (!last)
            last = routingError(u"No target of the route could be tried; see the hops for why."_s);
        finish(last);
        return;
    }
    m_target = m_queue.takeFirst();
    m_attempt = 0;
    ++m_targetsTried;
    attempt(*m_target, 1, 0);
}

void RoutedCall::skip(const Target &target, const QString &reason)
{
    m_hops.append({.provider = target.provider, .model = target.model, .outcome = Hop::Outcome::Skipped,
                   .reason = reason});
    Q_EMIT hopsChanged();
    next();
}

void RoutedCall::attempt(const Target &target, int attemptNumber, qint64 waitedMs)
{
    if (m_cancelled || !m_router) {
        finish(CallError{.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
        return;
    }
    m_attempt = attemptNumber;
    Router &router = *m_router;
    // Another call may have put the target to rest since the decision.
    if (attemptNumber == 1 && router.m_cooldowns.isResting(target.key(), router.nowMs())) {
        skip(target, target.key() + u": resting after repeated failures"_s);
        return;
    }
    const Timeouts &limits = policy().timeouts;
    std::optional<CallTimeouts> timeouts;
    if (limits.connectMs > 0 || limits.firstTokenMs > 0 || limits.totalMs > 0) {
        timeouts = router.m_calls->timeouts();
        if (limits.connectMs > 0 || limits.firstTokenMs > 0)
            timeouts->firstByteMs = limits.firstTokenMs > 0 ? limits.firstTokenMs : limits.connectMs;
        if (limits.totalMs > 0)
            timeouts->totalMs = limits.totalMs;
    }
    auto *call = router.m_calls->attempt(target.provider, requestFor(m_request, target), tags(), this, timeouts);
    m_current = call;
    m_hops.append({.provider = target.provider, .model = target.model, .attempt = attemptNumber,
                   .outcome = Hop::Outcome::Answered, .reason = u"running"_s, .waitedMs = waitedMs});
    Q_EMIT hopsChanged();

    // Until this attempt's first token, nothing reaches the caller: a failure
    // then is the router's to handle, not the caller's to see. A caller that
    // takes the whole answer at once sees nothing before the end.
    m_held.clear();
    connect(call, &Calls::Attempt::eventsReceived, this, [this](const QList<ChatEvent> &events) {
        if (!m_tokenSent) {
            bool content = false;
            for (const ChatEvent &event : events) {
                if (event.type != ChatEvent::Type::Error)
                    m_held.append(event);
                content = content || isContent(event);
            }
            if (content && !m_wholeAnswer) {
                m_tokenSent = true;
                Q_EMIT eventsReceived(std::exchange(m_held, {}));
            }
            return;
        }
        QList<ChatEvent> out = events;
        out.removeIf([](const ChatEvent &e) { return e.type == ChatEvent::Type::Error; });
        if (!out.isEmpty())
            Q_EMIT eventsReceived(out);
    });
    connect(call, &Calls::Attempt::finished, this, [this] {
        if (!m_current->error() && !m_held.isEmpty()) { // an empty answer: its usage and finish still count
            m_tokenSent = m_tokenSent || m_wholeAnswer;
            Q_EMIT eventsReceived(std::exchange(m_held, {}));
        }
        onCallFinished();
    });
    call->start();
}

bool RoutedCall::shouldRetry(const CallError &error) const
{
    const RetryPolicy &p = policy();
    // An HTTP error status says what went wrong; a failure inside a 200
    // (a cut, a stall) is known by its class.
    if (error.httpStatus >= 400)
        return p.onStatus.contains(error.httpStatus);
    return p.onErrors.contains(CallErrors::kindName(error.kind));
}

qint64 RoutedCall::backoffMs(int failedAttempts, const CallError &error) const
{
    const RetryPolicy &p = policy();
    double wait = p.initialBackoffMs * std::pow(p.backoffMultiplier, std::max(0, failedAttempts - 1));
    wait = std::min(wait, double(p.maxBackoffMs));
    const double spread = p.jitter * (2.0 * (m_router ? m_router->random() : 0.5) - 1.0);
    wait *= 1.0 + spread;
    if (p.honourRetryAfter && error.retryAfterSeconds)
        wait = std::max(wait, *error.retryAfterSeconds * 1000.0);
    return qint64(std::max(0.0, wait) * (m_router ? m_router->m_backoffScale : 1.0));
}

void RoutedCall::onCallFinished()
{
    Calls::Attempt &call = *m_current;
    const Target target = *m_target;
    Hop &hop = m_hops.last();
    hop.durationMs = call.elapsedNs() / 1'000'000;
    hop.cost = call.cost();
    if (!call.budgetWarning().isEmpty())
        m_budgetWarning = call.budgetWarning();

    if (!call.error()) {
        hop.reason.clear();
        if (m_router)
            m_router->m_cooldowns.recordSuccess(target.key());
        Q_EMIT hopsChanged();
        finish(std::nullopt);
        return;
    }
    const CallError error = *call.error();
    hop.error = error;
    hop.reason = error.message;
    if (error.kind == CallError::Kind::Cancelled || m_cancelled) {
        hop.outcome = Hop::Outcome::Cancelled;
        Q_EMIT hopsChanged();
        finish(error);
        return;
    }
    if (!call.wasSent()) {
        // Refused before sending (no such provider, no key, a budget used
        // up): no fault of the target's, and nothing a retry would change.
        hop.outcome = Hop::Outcome::Skipped;
        hop.reason = target.key() + u": "_s + error.message;
        Q_EMIT hopsChanged();
        next();
        return;
    }
    if (m_tokenSent) {
        // The answer had begun: another model must not continue it.
        Q_EMIT hopsChanged();
        finish(error);
        return;
    }
    hop.outcome = Hop::Outcome::Failed;
    bool resting = false;
    if (m_router)
        resting = m_router->m_cooldowns.recordFailure(target.key(), policy(), m_router->nowMs());
    Q_EMIT hopsChanged();

    const RetryPolicy &p = policy();
    if (!resting && m_attempt < p.attempts && shouldRetry(error)) {
        const qint64 wait = backoffMs(m_attempt, error);
        const bool tooLong = p.honourRetryAfter && error.retryAfterSeconds
            && *error.retryAfterSeconds * 1000 > p.maxRetryAfterMs;
        if (!tooLong) {
            ++m_retries;
            m_waitMs = wait;
            m_wait.start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
            return;
        }
    }
    next();
}

Calls::CallTags RoutedCall::tags() const
{
    Calls::CallTags tags{.source = m_source, .project = m_project, .keyName = m_keyName};
    if (const Route *route = m_decider->routeOf(m_decision)) {
        tags.route = route->name;
        // A reroute's target belongs to the other route.
        if (m_decision.reroutedTo >= 0 && m_target && !route->targets.contains(*m_target))
            tags.route = m_decider->config().routes.at(m_decision.reroutedTo).name;
    }
    if (m_decision.via == Decision::Via::Rule) {
        const Rule &rule = m_decider->config().rules.at(m_decision.rule);
        tags.rule = rule.name.isEmpty() ? u"#%1"_s.arg(m_decision.rule + 1) : rule.name;
    } else if (m_decision.via == Decision::Via::Default) {
        tags.rule = u"default"_s;
    }
    tags.retries = m_attempt - 1;
    tags.fallbackHops = m_targetsTried - 1;
    return tags;
}

// GCC 14 at -O3 warns that the error copied below "may be used
// uninitialized": a known false positive of its std::optional analysis
// (GCC bug 80635); the copy happens only when the optional holds a value.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
void RoutedCall::finish(std::optional<CallError> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_wait.stop();
    m_error = std::move(error);
    if (m_error)
        Q_EMIT eventsReceived({ChatEvent::failure(*m_error)});
    Q_EMIT finished();
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void RoutedCall::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_current && !m_current->isFinished()) {
        m_current->cancel(); // its finished() brings us to finish()
        return;
    }
    if (m_wait.isActive())
        m_wait.stop();
    finish(CallError{.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s});
}

QString RoutedCall::text() const
{
    return m_current ? m_current->text() : QString();
}

QString RoutedCall::reasoning() const
{
    return m_current ? m_current->reasoning() : QString();
}

QList<ToolCall> RoutedCall::toolCalls() const
{
    return m_current ? m_current->toolCalls() : QList<ToolCall>();
}

ChatCall *RoutedCall::currentCall() const
{
    return m_current ? m_current->call() : nullptr;
}

TokenUsage RoutedCall::usage() const
{
    return m_current ? m_current->usage() : TokenUsage();
}

QString RoutedCall::finishReason() const
{
    return m_current ? m_current->finishReason() : QString();
}

std::optional<CallTimings> RoutedCall::timings() const
{
    return m_current ? m_current->timings() : std::nullopt;
}

bool RoutedCall::isIncomplete() const
{
    return m_error && m_tokenSent;
}

std::optional<Target> RoutedCall::answeredBy() const
{
    // An answer that began counts, cut or not; a failure before it does not.
    if (!m_finished || (m_error && !m_tokenSent))
        return std::nullopt;
    return m_target;
}

Catalog::Cost RoutedCall::cost() const
{
    Catalog::Cost total{.nanoUsd = 0};
    for (const Hop &hop : m_hops) {
        if (hop.outcome == Hop::Outcome::Skipped)
            continue;
        // An attempt that failed before its first token is billed only
        // when the provider reported tokens for it, not on a guess.
        if (hop.outcome == Hop::Outcome::Failed && (!hop.cost.isKnown() || hop.cost.estimated))
            continue;
        if (!hop.cost.isKnown())
            return hop.cost;
        *total.nanoUsd += *hop.cost.nanoUsd;
        total.estimated = total.estimated || hop.cost.estimated;
    }
    return total;
}

// --- Router ---

Router::Router(Services services, QObject *parent)
    : QObject(parent)
    , m_calls(new Calls::CallPath(std::move(services), this))
    , m_decider(std::make_shared<const Decider>())
{
    m_clock.start();
}

Router::~Router() = default;

void Router::setDecider(Decider decider)
{
    m_decider = std::make_shared<const Decider>(std::move(decider));
    m_budgetGeneration = ~quint64(0); // the next request decides with the budgets as they stand
}

void Router::followBudgets()
{
    if (!m_calls->services().budgets)
        return;
    const quint64 generation = m_calls->budgetLevelGeneration();
    if (generation == m_budgetGeneration)
        return;
    m_budgetGeneration = generation;
    QList<Usage::BudgetStatus> budgets = m_calls->budgets();
    if (budgets == m_decider->facts().budgets)
        return;
    // Compiling again costs microseconds, and happens only when a budget
    // crosses a line or is edited, not with every call.
    RoutingFacts facts = m_decider->facts();
    facts.budgets = std::move(budgets);
    m_decider = std::make_shared<const Decider>(m_decider->config(), std::move(facts));
}

double Router::defaultRandom()
{
    return QRandomGenerator::global()->generateDouble();
}

RoutedCall *Router::prepare(ChatRequest request, const RequestFacts &facts, Usage::Source source,
                            const QString &project)
{
    followBudgets();
    Decision decision = m_decider->decide(facts, &m_cooldowns, nowMs(), random());
    return new RoutedCall(this, m_decider, std::move(decision), std::move(request), source, project);
}

RoutedCall *Router::send(ChatRequest request, const RequestFacts &facts, Usage::Source source, const QString &project)
{
    RoutedCall *call = prepare(std::move(request), facts, source, project);
    QMetaObject::invokeMethod(call, &RoutedCall::start, Qt::QueuedConnection);
    return call;
}

} // namespace Switchyard::Routing
