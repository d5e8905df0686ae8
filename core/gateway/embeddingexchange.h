#pragma once

#include "calls/callpath.h"
#include "gateway/gatewayerror.h"
#include "gateway/httpresponder.h"
#include "providers/embeddingrequest.h"
#include "routing/decider.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace Switchyard::Calls {
class EmbeddingAttempt;
}
namespace Switchyard::Routing {
class Router;
}

namespace Switchyard::Gateway {

/// One POST /v1/embeddings going through the gateway: the model named is
/// resolved by the router's decider (a route by name, a provider/model, or
/// a rule on the model's name — not the default route, whose targets are
/// chat models), then each candidate target is tried in order as a
/// Calls::EmbeddingAttempt until one answers, as a routed chat call does:
/// the route's retry policy (attempts on the statuses and errors it names,
/// jittered exponential backoff, retry-after) and time limits, then the next
/// target; a target that failed after sending counts towards its cooldown.
/// An answer is whole or nothing, so any failure may move on. When all have
/// failed, the last error is the answer's. The client gone cancels the
/// attempt under way, or the wait. Deletes itself when done.
class EmbeddingExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingExchange)

public:
    EmbeddingExchange(HttpResponder &&responder, Routing::Router *router, Providers::EmbeddingRequest request,
                      QString model, bool base64, Routing::RequestFacts facts, Calls::CallTags tags,
                      QObject *parent = nullptr);
    ~EmbeddingExchange() override;

    /// Decides and sends the first attempt at once; done() may come from
    /// inside it (no target, answered with an error).
    void start();

Q_SIGNALS:
    /// The answer is complete (or the client left): the status it had.
    void done(int status);

private:
    void next();
    void send();
    void onAttemptFinished();
    [[nodiscard]] bool shouldRetry(const Providers::CallError &error) const;
    [[nodiscard]] qint64 backoffMs(const Providers::CallError &error) const;
    void onClientGone();
    void respond(int status, QByteArrayView body);
    void respondError(const GatewayError &error);
    void end(int status);

    HttpResponder m_responder;
    QPointer<Routing::Router> m_router;
    Providers::EmbeddingRequest m_request;
    QString m_model;
    bool m_base64 = false;
    Routing::RequestFacts m_facts;
    Calls::CallTags m_tags;
    /// A target to try and the route its usage row names (a budget's
    /// reroute adds another route's targets). Copied out of the decision, so
    /// that a config swapped in meanwhile changes nothing under way.
    struct Candidate {
        Routing::Target target;
        QString route;
    };
    QList<Candidate> m_queue; // not yet tried, first next
    std::optional<Candidate> m_current;
    QString m_routeName;      // x-switchyard-route
    Routing::RetryPolicy m_policy; // its cooldown rule
    int m_tried = 0;   // targets tried so far
    int m_attempts = 0; // at the current target
    QTimer m_wait;      // backoff
    QPointer<Calls::EmbeddingAttempt> m_attempt;
    std::optional<Providers::CallError> m_lastError; // the last target's, as chat answers
    bool m_ended = false;
};

} // namespace Switchyard::Gateway
