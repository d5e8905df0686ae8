#include "gateway/embeddingexchange.h"

#include "calls/embeddingattempt.h"
#include "gateway/openaiembeddingswriter.h"
#include "routing/router.h"

#include <QHttpHeaders>
#include <QRandomGenerator>

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
    Calls::CallTags tags = m_tags;
    tags.route = m_current->route;
    tags.fallbackHops = m_tried++;
    Providers::EmbeddingRequest request = m_request;
    request.model = m_current->target.model;
    auto *attempt = new Calls::EmbeddingAttempt(m_router->calls(), m_current->target.provider, std::move(request),
                                                std::move(tags), this);
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
    // Refused before sending (no embeddings in its format, no key, a budget
    // used up): no fault of the target's, so no cooldown.
    if (attempt->wasSent() && m_router)
        m_router->cooldowns().recordFailure(key, m_policy, m_router->nowMs());
    m_lastError = error;
    next();
}

void EmbeddingExchange::onClientGone()
{
    if (m_ended)
        return;
    // Nobody is reading: stop the upstream call now.
    end(499);
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
