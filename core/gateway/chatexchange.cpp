#include "chatexchange.h"

#include "routing/router.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::ChatEvent;
using Routing::Decision;
using Routing::RoutedCall;

ChatExchange::ChatExchange(HttpResponder &&responder, RoutedCall *call, std::unique_ptr<AnswerWriter> writer,
                           bool stream, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_call(call)
    , m_writer(std::move(writer))
    , m_stream(stream)
{
    connect(call, &RoutedCall::eventsReceived, this, &ChatExchange::onEvents);
    connect(call, &RoutedCall::finished, this, &ChatExchange::onFinished);
    m_responder.onClientGone(this, [this] { onClientGone(); });
}

ChatExchange::~ChatExchange()
{
    if (m_call) {
        m_call->disconnect(this);
        if (!m_call->isFinished())
            m_call->cancel();
        m_call->deleteLater();
    }
}

QHttpHeaders ChatExchange::routingHeaders() const
{
    // Which route and target answered, for the client that wants to know
    // (the Portkey gateway's x-portkey-last-used-option-index plays this part).
    QHttpHeaders headers;
    if (!m_call)
        return headers;
    const Decision &decision = m_call->decision();
    if (const Routing::Route *route = m_call->decider().routeOf(decision))
        headers.append("x-switchyard-route", route->name.toUtf8());
    // The attempt that is answering (a stream begins before the call ends).
    const auto &hops = m_call->hops();
    const auto answering = std::find_if(hops.rbegin(), hops.rend(), [](const Routing::Hop &hop) {
        return hop.outcome == Routing::Hop::Outcome::Answered;
    });
    if (answering != hops.rend())
        headers.append("x-switchyard-target", answering->key().toUtf8());
    return headers;
}

void ChatExchange::beginStream()
{
    QHttpHeaders headers = routingHeaders();
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "text/event-stream");
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-cache");
    m_responder.beginStream(200, headers);
    m_streaming = true;
}

void ChatExchange::onEvents(const QList<ChatEvent> &events)
{
    if (!m_stream || m_ended)
        return;
    QByteArray bytes = m_writer->write(events);
    if (bytes.isEmpty())
        return;
    if (!m_streaming)
        beginStream();
    m_responder.writeChunk(bytes);
}

void ChatExchange::respondError(const GatewayError &error)
{
    QHttpHeaders headers = routingHeaders();
    if (error.retryAfterSeconds)
        headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(*error.retryAfterSeconds));
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    m_responder.write(error.status, headers, m_writer->errorBody(error));
}

void ChatExchange::onFinished()
{
    if (m_ended || !m_call)
        return;
    RoutedCall &call = *m_call;
    if (const auto &failure = call.error()) {
        GatewayError error = GatewayError::fromCallError(*failure);
        const Decision &decision = call.decision();
        const bool attempted = std::any_of(call.hops().cbegin(), call.hops().cend(), [](const Routing::Hop &hop) {
            return hop.outcome != Routing::Hop::Outcome::Skipped;
        });
        // A refusal of the call path (a budget used up, no key) says so in
        // its own terms; otherwise, nothing sent means the config or the
        // request had no target.
        using Kind = Providers::CallError::Kind;
        if (!attempted && failure->kind != Kind::Cancelled && failure->kind != Kind::BudgetReached
            && failure->kind != Kind::KeyMissing) {
            // Nothing was sent: the reason is the config's or the request's.
            const bool budget = std::any_of(decision.skipped.begin(), decision.skipped.end(), [](const auto &skip) {
                return skip.reason == Routing::SkipReason::BudgetReached;
            });
            QString why = failure->message;
            if (!call.hops().isEmpty() && !call.hops().last().reason.isEmpty())
                why += u" ("_s + call.hops().last().key() + u": "_s + call.hops().last().reason + u')';
            if (budget)
                error = {.status = 429, .type = u"insufficient_quota"_s, .message = why, .code = u"budget_reached"_s};
            else if (decision.via == Decision::Via::None || decision.via == Decision::Via::Model)
                error = GatewayError::notFound(why, u"model_not_found"_s);
            else
                error = {.status = 503, .type = u"upstream_error"_s, .message = why,
                         .code = u"no_target_available"_s};
        }
        if (m_streaming) {
            // The answer had begun: end it with the API's mid-stream error
            // event, keeping what was sent.
            m_responder.endStream(m_writer->streamError(error));
            end(200);
        } else {
            respondError(error);
            end(error.status);
        }
        return;
    }
    if (m_stream) {
        if (!m_streaming)
            beginStream();
        m_responder.endStream(m_writer->finish(call.finishReason(), call.usage()));
    } else {
        QHttpHeaders headers = routingHeaders();
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
        m_responder.write(200, headers,
                          m_writer->whole({.text = call.text(),
                                           .reasoning = call.reasoning(),
                                           .toolCalls = call.toolCalls(),
                                           .finishReason = call.finishReason(),
                                           .usage = call.usage()}));
    }
    end(200);
}

void ChatExchange::onClientGone()
{
    if (m_ended)
        return;
    // Nobody is reading: stop paying for tokens now. end() first, so that
    // the cancelled call's finished() writes nothing to a closed connection.
    end(499);
    if (m_call && !m_call->isFinished())
        m_call->cancel();
}

void ChatExchange::end(int status)
{
    if (m_ended)
        return;
    m_ended = true;
    Q_EMIT done(status);
    deleteLater();
}

} // namespace Switchyard::Gateway
