#include "gateway/embeddingexchange.h"

#include "calls/embeddingattempt.h"
#include "gateway/openaiembeddingswriter.h"
#include "providers/callerrors.h"
#include "routing/router.h"

#include <QHttpHeaders>
#include <QRandomGenerator>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::CallError;
using Routing::Decision;

EmbeddingExchange::EmbeddingExchange(HttpResponder &&responder, Routing::Router *router,
                                     Providers::EmbeddingRequest request, QString model, bool base64,
                                     Routing::RequestFacts facts, Calls::CallTags tags, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_router(router)
    , m_request(std::move(request))
    , m_model(std::move(model))
    , m_base64(base64)
    , m_facts(std::move(facts))
    , m_tags(std::move(tags))
{
    m_responder.onClientGone(this, [this] { onClientGone(); });
    m_wait.setSingleShot(true);
    connect(&m_wait, &QTimer::timeout, this, &EmbeddingExchange::send);
}

EmbeddingExchange::~EmbeddingExchange()
{
    if (m_attempt) {
        m_attempt->disconnect(this);
        m_attempt->cancel();
    }
}

void EmbeddingExchange::start()
{
    if (!m_router) {
        respondError({.status = 503, .type = u"upstream_error"_s, .message = u"no routing config is active"_s});
        return;
    }
    const Routing::Decider &decider = m_router->decider();
    const Decision decision = decider.decide(m_facts, &m_router->cooldowns(), m_router->nowMs(),
                                             QRandomGenerator::global()->generateDouble());
    m_policy = decider.config().retry;
    switch (decision.via) {
    case Decision::Via::None:
        respondError(GatewayError::notFound(decision.error, u"model_not_found"_s));
        return;
    case Decision::Via::Default:
        // The default route is where chat goes whatever the name; an
        // embedding sent to a chat model fails upstream in a less helpful way.
        respondError(GatewayError::notFound(
            u"'%1' is neither a route of the config nor provider/model (nor a name a rule looks at): embeddings "
            u"go to a route by its name, or to provider/model"_s.arg(m_model),
            u"model_not_found"_s));
        return;
    case Decision::Via::Model: {
        // As chat says of a provider/model whose provider is not set up.
        const auto &lookup = m_router->services().provider;
        if (!lookup || !lookup(decision.direct->provider)) {
            respondError(GatewayError::notFound(
                u"no provider '%1' is set up (or it is disabled)"_s.arg(decision.direct->provider),
                u"model_not_found"_s));
            return;
        }
        m_queue.append({.target = *decision.direct, .route = QString()});
        break;
    }
    case Decision::Via::Rule:
    case Decision::Via::Route: {
        const Routing::Route &route = *decider.routeOf(decision);
        m_routeName = route.name;
        m_policy = decider.config().retryOf(route);
        if (decision.via == Decision::Via::Rule) {
            const Routing::Rule &rule = decider.config().rules.at(decision.rule);
            m_tags.rule = rule.name.isEmpty() ? u"#%1"_s.arg(decision.rule + 1) : rule.name;
        }
        for (const Routing::TargetRef &ref : decision.candidates) {
            const Routing::Target &target = decider.target(ref);
            // A reroute's target belongs to the other route.
            const bool rerouted = decision.reroutedTo >= 0 && !route.targets.contains(target);
            m_queue.append({.target = target,
                            .route = rerouted ? decider.config().routes.at(decision.reroutedTo).name : route.name});
        }
        break;
    }
    }
    if (m_queue.isEmpty()) {
        QStringList why;
        bool budget = false;
        for (const Routing::Skip &skip : decision.skipped) {
            why.append(decider.describe(skip));
            budget = budget || skip.reason == Routing::SkipReason::BudgetReached;
        }
        const QString message = u"no target of route '%1' could be tried: %2"_s.arg(m_routeName, why.join(u"; "_s));
        if (budget)
            respondError({.status = 429, .type = u"insufficient_quota"_s, .message = message, .code = u"budget_reached"_s});
        else
            respondError({.status = 503, .type = u"upstream_error"_s, .message = message,
                          .code = u"no_target_available"_s});
        return;
    }
    next();
}

void EmbeddingExchange::next()
{
    if (m_ended)
        return;
    if (m_queue.isEmpty() || !m_router) {
        respondError(GatewayError::fromCallError(
            m_lastError.value_or(CallError{.kind = CallError::Kind::Cancelled, .message = u"Stopped."_s})));
        return;
    }
    m_current = m_queue.takeFirst();
    m_attempts = 0;
    ++m_tried;
    send();
}

void EmbeddingExchange::send()
{
    if (m_ended || !m_router)
        return;
    ++m_attempts;
    Calls::CallTags tags = m_tags;
    tags.route = m_current->route;
    tags.retries = m_attempts - 1;
    tags.fallbackHops = m_tried - 1;
    Providers::EmbeddingRequest request = m_request;
    request.model = m_current->target.model;
    // The route's own time limits, as a routed chat call takes them.
    std::optional<Providers::CallTimeouts> limits;
    const Routing::Timeouts &routeLimits = m_policy.timeouts;
    if (routeLimits.connectMs > 0 || routeLimits.firstTokenMs > 0 || routeLimits.totalMs > 0) {
        limits = m_router->calls()->timeouts();
        if (routeLimits.connectMs > 0 || routeLimits.firstTokenMs > 0)
            limits->firstByteMs = routeLimits.firstTokenMs > 0 ? routeLimits.firstTokenMs : routeLimits.connectMs;
        if (routeLimits.totalMs > 0)
            limits->totalMs = routeLimits.totalMs;
    }
    auto *attempt = new Calls::EmbeddingAttempt(m_router->calls(), m_current->target.provider, std::move(request),
                                                std::move(tags), this, limits);
    m_attempt = attempt;
    connect(attempt, &Calls::EmbeddingAttempt::finished, this, &EmbeddingExchange::onAttemptFinished);
    attempt->start();
}

void EmbeddingExchange::onAttemptFinished()
{
    Calls::EmbeddingAttempt *attempt = m_attempt;
    m_attempt = nullptr;
    attempt->deleteLater();
    if (m_ended)
        return;
    const QString key = m_current->target.key();
    if (!attempt->error()) {
        if (m_router)
            m_router->cooldowns().recordSuccess(key);
        respond(200, OpenAiEmbeddingsWriter::write(attempt->result(), m_model, attempt->promptTokens(), m_base64));
        return;
    }
    const CallError &error = *attempt->error();
    if (error.kind == CallError::Kind::Cancelled) {
        respondError(GatewayError::fromCallError(error));
        return;
    }
    m_lastError = error;
    // Refused before sending (no embeddings in its format, no key, a budget
    // used up): no fault of the target's, nothing a retry would change.
    if (!attempt->wasSent() || !m_router) {
        next();
        return;
    }
    const bool resting = m_router->cooldowns().recordFailure(key, m_policy, m_router->nowMs());
    if (!resting && m_attempts < m_policy.attempts && shouldRetry(error)) {
        const bool tooLong = m_policy.honourRetryAfter && error.retryAfterSeconds
            && *error.retryAfterSeconds * 1000 > m_policy.maxRetryAfterMs;
        if (!tooLong) {
            m_wait.start(int(std::min<qint64>(backoffMs(error), std::numeric_limits<int>::max())));
            return;
        }
    }
    next();
}

// RoutedCall's rule, for the same policy to mean the same for embeddings.
bool EmbeddingExchange::shouldRetry(const CallError &error) const
{
    if (error.httpStatus >= 400)
        return m_policy.onStatus.contains(error.httpStatus);
    return m_policy.onErrors.contains(Providers::CallErrors::kindName(error.kind));
}

qint64 EmbeddingExchange::backoffMs(const CallError &error) const
{
    double wait = m_policy.initialBackoffMs * std::pow(m_policy.backoffMultiplier, std::max(0, m_attempts - 1));
    wait = std::min(wait, double(m_policy.maxBackoffMs));
    wait *= 1.0 + m_policy.jitter * (2.0 * QRandomGenerator::global()->generateDouble() - 1.0);
    if (m_policy.honourRetryAfter && error.retryAfterSeconds)
        wait = std::max(wait, *error.retryAfterSeconds * 1000.0);
    return qint64(std::max(0.0, wait));
}

void EmbeddingExchange::onClientGone()
{
    if (m_ended)
        return;
    // Nobody is reading: stop the upstream call now.
    end(499);
    m_wait.stop();
    if (m_attempt) {
        m_attempt->disconnect(this);
        m_attempt->cancel();
    }
}

void EmbeddingExchange::respond(int status, QByteArrayView body)
{
    QHttpHeaders headers;
    if (!m_routeName.isEmpty())
        headers.append("x-switchyard-route", m_routeName.toUtf8());
    if (m_current && status == 200)
        headers.append("x-switchyard-target", m_current->target.key().toUtf8());
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    m_responder.write(status, headers, body);
    end(status);
}

void EmbeddingExchange::respondError(const GatewayError &error)
{
    QHttpHeaders headers;
    if (!m_routeName.isEmpty())
        headers.append("x-switchyard-route", m_routeName.toUtf8());
    if (error.retryAfterSeconds)
        headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(*error.retryAfterSeconds));
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    m_responder.write(error.status, headers, error.toJson());
    end(error.status);
}

void EmbeddingExchange::end(int status)
{
    if (m_ended)
        return;
    m_ended = true;
    Q_EMIT done(status);
    deleteLater();
}

} // namespace Switchyard::Gateway
