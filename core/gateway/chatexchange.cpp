#include "chatexchange.h"

#include "routing/router.h"

#include <QDateTime>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

using Providers::ChatEvent;
using Routing::Decision;
using Routing::RoutedCall;

namespace {

QString completionId()
{
    // 24 random bytes, as long as OpenAI's ids; only unique, not secret.
    QByteArray bytes(18, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return u"chatcmpl-"_s + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

ChatExchange::ChatExchange(HttpResponder &&responder, RoutedCall *call, const OpenAiChatRequest &request,
                           QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_call(call)
    , m_id(completionId())
    , m_created(QDateTime::currentSecsSinceEpoch())
    , m_askedModel(request.model)
    , m_stream(request.stream)
    , m_writer(m_id, m_created, request.model, request.includeUsage)
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

QString ChatExchange::answeringModel() const
{
    if (m_call)
        if (const auto target = m_call->answeredBy())
            return target->key();
    return m_askedModel;
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
    QByteArray bytes = m_writer.write(events);
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
    m_responder.write(error.status, headers, error.toJson());
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
            // The answer had begun: end it with OpenAI's mid-stream error event,
            // keeping what was sent.
            m_responder.endStream(OpenAiChunkWriter::error(error.toJson()));
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
        m_responder.endStream(m_writer.finish(call.finishReason(), call.usage()));
    } else {
        QHttpHeaders headers = routingHeaders();
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
        m_responder.write(200, headers, completionJson());
    }
    end(200);
}

QByteArray ChatExchange::completionJson() const
{
    const RoutedCall &call = *m_call;
    const QString text = call.text();
    const auto toolCalls = call.toolCalls();
    JsonWriter json;
    json.beginObject()
        .key("id"_L1).string(m_id)
        .key("object"_L1).string("chat.completion"_L1)
        .key("created"_L1).number(m_created)
        .key("model"_L1).string(m_askedModel)
        .key("choices"_L1).beginArray().beginObject()
        .key("index"_L1).number(0)
        .key("message"_L1).beginObject()
        .key("role"_L1).string("assistant"_L1)
        .key("content"_L1);
    if (text.isEmpty() && !toolCalls.isEmpty())
        json.null();
    else
        json.string(text);
    json.key("refusal"_L1).null();
    if (const QString reasoning = call.reasoning(); !reasoning.isEmpty())
        json.key("reasoning_content"_L1).string(reasoning);
    if (!toolCalls.isEmpty()) {
        json.key("tool_calls"_L1).beginArray();
        for (const auto &tool : toolCalls)
            json.beginObject()
                .key("id"_L1).string(tool.id)
                .key("type"_L1).string("function"_L1)
                .key("function"_L1).beginObject()
                .key("name"_L1).string(tool.name)
                .key("arguments"_L1).string(tool.arguments)
                .endObject()
                .endObject();
        json.endArray();
    }
    json.endObject()
        .key("logprobs"_L1).null()
        .key("finish_reason"_L1).string(OpenAiChunkWriter::finishReason(call.finishReason(), !toolCalls.isEmpty()))
        .endObject()
        .endArray()
        .key("usage"_L1);
    OpenAiChunkWriter::writeUsage(json, call.usage());
    json.endObject();
    return json.take();
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
