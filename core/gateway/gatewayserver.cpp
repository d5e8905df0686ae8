#include "gatewayserver.h"

#include "calls/pricing.h"
#include "gateway/anthropicmessagesrequest.h"
#include "gateway/anthropicmessagewriter.h"
#include "gateway/chatexchange.h"
#include "gateway/embeddingexchange.h"
#include "gateway/httprequest.h"
#include "gateway/httpresponder.h"
#include "gateway/httpserver.h"
#include "gateway/openaichatrequest.h"
#include "gateway/openaichunkwriter.h"
#include "gateway/openaiembeddingsrequest.h"
#include "gateway/openairesponsesrequest.h"
#include "gateway/openairesponseswriter.h"
#include "gateway/responsestore.h"
#include "gateway/toolkey.h"
#include "gateway/toolkeyring.h"
#include "routing/router.h"
#include "usage/budgetgate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

// Compares in time that depends only on the lengths, so that the answer's
// timing does not tell a local attacker how much of a guess was right.
bool sameSecret(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool isAnyAddress(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::Any) || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6);
}

// Anthropic's clients are answered in Anthropic's shapes: the Messages
// endpoints, and the model list when the client says which API version it
// speaks (every Anthropic SDK sends anthropic-version).
bool speaksAnthropic(const HttpRequest &request)
{
    const QByteArrayView path = request.path();
    return path.startsWith("/v1/messages") || (path == "/v1/models" && !request.header("anthropic-version").isEmpty());
}

} // namespace

GatewayServer::GatewayServer(Services services, GatewayOptions options, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_options(std::move(options))
    , m_responses(std::make_unique<ResponseStore>(m_options.keepResponsesSeconds))
    , m_limiter(m_services.clock)
{
}

GatewayServer::~GatewayServer()
{
    // Requests still under way (the app's toggle switched off, Ctrl+C) go
    // first, cancelling their calls, then the connections.
    const QList<ChatExchange *> exchanges = findChildren<ChatExchange *>(Qt::FindDirectChildrenOnly);
    for (ChatExchange *exchange : exchanges)
        exchange->disconnect(this);
    qDeleteAll(exchanges);
    delete m_http;
}

std::expected<quint16, QString> GatewayServer::listen()
{
    if (m_http)
        return m_http->port();
    if (m_options.token.isEmpty())
        return std::unexpected(u"the gateway needs a token before it listens"_s);
    HttpLimits limits = m_options.http;
    limits.maxBodyBytes = m_options.maxBodyBytes;
    auto *http = new HttpServer(this, limits, this);
    const auto port = http->listen(m_options.address, m_options.port);
    if (!port) {
        delete http;
        return std::unexpected(u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                                   .arg(m_options.port)
                                   .arg(port.error()));
    }
    m_http = http;
    return *port;
}

bool GatewayServer::isListening() const
{
    return m_http && m_http->isListening();
}

quint16 GatewayServer::port() const
{
    return m_http ? m_http->port() : 0;
}

QUrl GatewayServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    // Listening on every address, this machine's own callers use loopback.
    url.setHost(isAnyAddress(m_options.address) ? u"127.0.0.1"_s : m_options.address.toString());
    url.setPort(port());
    url.setPath(u"/v1"_s);
    return url;
}

bool GatewayServer::isAllowedHost(QByteArrayView host) const
{
    // "name", "name:port", "[v6]" or "[v6]:port".
    QByteArrayView name = host;
    if (name.startsWith('[')) {
        const qsizetype close = name.indexOf(']');
        if (close < 0)
            return false;
        name = name.sliced(1, close - 1);
    } else if (const qsizetype colon = name.lastIndexOf(':'); colon >= 0 && name.indexOf(':') == colon) {
        name = name.first(colon);
    }
    // What nearly every request says, without parsing an address.
    if (name == "127.0.0.1" || name.compare("localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QString text = QString::fromLatin1(name).toLower();
    const QHostAddress address(text);
    if (address.isNull())
        return false; // a name: only "localhost" is known to mean this machine
    if (address.isLoopback())
        return true;
    if (m_options.address.isLoopback())
        return false;
    // An address the user chose to listen on is a name for this machine too;
    // listening on all of them, any of this machine's addresses is.
    if (!isAnyAddress(m_options.address))
        return address.isEqual(m_options.address, QHostAddress::TolerantConversion);
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    return std::ranges::any_of(
        own, [&address](const QHostAddress &mine) { return address.isEqual(mine, QHostAddress::TolerantConversion); });
}

std::optional<GatewayServer::Caller> GatewayServer::caller(const HttpRequest &head) const
{
    // Anthropic's SDKs send their key as x-api-key (ANTHROPIC_API_KEY), or
    // as a bearer token (ANTHROPIC_AUTH_TOKEN) like everyone else.
    QByteArray apiKey = head.header("x-api-key");
    QByteArrayView token = QByteArrayView(apiKey).trimmed();
    QByteArray authorization;
    if (apiKey.isEmpty()) {
        // "Bearer" in any case, as RFC 9110 says of authentication schemes.
        authorization = head.header("authorization");
        const QByteArrayView header(authorization);
        constexpr QByteArrayView bearer = "bearer ";
        if (header.size() <= bearer.size() || header.first(bearer.size()).compare(bearer, Qt::CaseInsensitive) != 0)
            return std::nullopt;
        token = header.sliced(bearer.size()).trimmed();
    }
    if (sameSecret(token, m_options.token.toUtf8()))
        return Caller{.name = QString(ToolKey::ownerName)};
    // A per-tool key is looked up by its token's SHA-256: no comparison
    // with a stored token whose timing could leak it.
    if (m_services.keys) {
        if (const ToolKey *key = m_services.keys->find(token))
            return Caller{.name = key->name, .key = key};
    }
    return std::nullopt;
}

bool GatewayServer::isAllowedOrigin(QByteArrayView origin) const
{
    return m_options.allowedOrigins.contains(QString::fromUtf8(origin), Qt::CaseInsensitive);
}

std::optional<GatewayError> GatewayServer::refused(const HttpRequest &head) const
{
    // DNS rebinding: a web page whose name now resolves to 127.0.0.1 still
    // sends its own name as the Host.
    if (!isAllowedHost(head.header("host")))
        return GatewayError::forbidden(u"the Host header does not name this machine"_s, u"host_not_allowed"_s);
    qsizetype origins = 0;
    for (const auto &header : head.headers)
        origins += header.first == "origin";
    const QByteArray origin = head.header("origin");
    if (origins > 1 || (origins == 1 && !isAllowedOrigin(origin)))
        return GatewayError::forbidden(
            u"requests from the web page at %1 are not allowed; allow its origin in Switchyard's gateway settings"_s.arg(
                QString::fromUtf8(origin)),
            u"origin_not_allowed"_s);
    if (needsNoToken(head))
        return std::nullopt;
    const auto who = caller(head);
    if (!who)
        return GatewayError::unauthorized(
            u"a token is required: Authorization: Bearer <the token Switchyard shows> (or x-api-key: <token>)"_s);
    if (who->key && !who->key->enabled)
        return GatewayError::forbidden(
            u"the key \u201c%1\u201d is disabled; enable it in Switchyard's Keys panel or with "
            "switchyard-cli gateway-key enable %1"_s.arg(who->name),
            u"key_disabled"_s);
    return std::nullopt;
}

bool GatewayServer::needsNoToken(const HttpRequest &head)
{
    // A browser's preflight carries no credentials; /health says only that
    // something answers here.
    return head.method == HttpRequest::Method::Options
        || (head.method == HttpRequest::Method::Get && head.path() == "/health");
}

QHttpHeaders GatewayServer::corsHeaders(const HttpRequest &request) const
{
    QHttpHeaders headers;
    const QByteArray origin = request.header("origin");
    // Only an allowed origin hears that it is: a refused page gets no
    // access-control-allow-origin, so its script cannot read the refusal.
    if (!origin.isEmpty() && isAllowedOrigin(origin)) {
        headers.append(QHttpHeaders::WellKnownHeader::AccessControlAllowOrigin, origin);
        headers.append(QHttpHeaders::WellKnownHeader::Vary, "Origin");
    }
    return headers;
}

void GatewayServer::respond(HttpResponder &responder, const HttpRequest *request, int status, QByteArrayView json,
                            QHttpHeaders headers)
{
    if (request) {
        const QHttpHeaders cors = corsHeaders(*request);
        for (qsizetype i = 0; i < cors.size(); ++i)
            headers.append(cors.nameAt(i), cors.valueAt(i));
    }
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    responder.write(status, headers, json);
    finished(status);
}

void GatewayServer::respondError(HttpResponder &responder, const HttpRequest *request, const GatewayError &error)
{
    QHttpHeaders headers;
    if (error.status == 401)
        headers.append(QHttpHeaders::WellKnownHeader::WWWAuthenticate, "Bearer");
    if (error.retryAfterSeconds)
        headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(*error.retryAfterSeconds));
    respond(responder, request, error.status,
            request && speaksAnthropic(*request) ? AnthropicMessageWriter({}).errorBody(error) : error.toJson(), headers);
}

void GatewayServer::finished(int status)
{
    ++m_requests;
    Q_EMIT requestFinished(status);
}

bool GatewayServer::acceptHead(const HttpRequest &head, HttpResponder &responder)
{
    if (const auto error = refused(head)) {
        respondError(responder, &head, *error);
        return false;
    }
    return true;
}

void GatewayServer::refuse(HttpResponder &responder, const HttpRequest *head, const Refusal &refusal)
{
    GatewayError error{.status = refusal.status, .type = u"invalid_request_error"_s, .message = refusal.message,
                       .code = refusal.code};
    if (refusal.status == 503)
        error.type = u"server_error"_s;
    // The CORS headers of a head that passed the checks, so that an allowed
    // page can read why its request was cut.
    respondError(responder, head && !refused(*head) ? head : nullptr, error);
}

void GatewayServer::handle(HttpRequest &&request, HttpResponder responder)
{
    const QByteArrayView path = request.path();
    const auto method = request.method;
    if (method == HttpRequest::Method::Options) {
        // A browser's preflight from an allowed origin.
        QHttpHeaders headers = corsHeaders(request);
        headers.append(QHttpHeaders::WellKnownHeader::AccessControlAllowMethods, "GET, POST, OPTIONS");
        headers.append(QHttpHeaders::WellKnownHeader::AccessControlAllowHeaders,
                       "authorization, content-type, x-api-key, anthropic-version, anthropic-beta");
        headers.append(QHttpHeaders::WellKnownHeader::AccessControlMaxAge, "600");
        responder.write(204, headers);
        finished(204);
        return;
    }
    if (path == "/health" && method == HttpRequest::Method::Get) {
        respond(responder, &request, 200, R"({"status":"ok"})");
        return;
    }
    if (path == "/v1/models" && method == HttpRequest::Method::Get) {
        listModels(request, responder);
        return;
    }
    using Handler = void (GatewayServer::*)(HttpRequest &&, HttpResponder &);
    static const QHash<QByteArray, Handler> posts{
        {"/v1/chat/completions", &GatewayServer::chatCompletions},
        {"/v1/messages", &GatewayServer::messages},
        {"/v1/messages/count_tokens", &GatewayServer::countTokens},
        {"/v1/responses", &GatewayServer::responses},
        {"/v1/embeddings", &GatewayServer::embeddings},
    };
    if (const auto handler = posts.constFind(path.toByteArray()); handler != posts.cend()) {
        if (method != HttpRequest::Method::Post) {
            respondError(responder, &request,
                         {.status = 405, .type = u"invalid_request_error"_s, .message = u"use POST"_s});
            return;
        }
        (this->**handler)(std::move(request), responder);
        return;
    }
    respondError(responder, &request,
                 GatewayError::notFound(u"no such endpoint: %1"_s.arg(QString::fromUtf8(path)), u"unknown_url"_s));
}

void GatewayServer::listModels(const HttpRequest &request, HttpResponder &responder)
{
    QJsonArray data;
    QSet<QString> seen;
    const bool anthropic = speaksAnthropic(request);
    const auto add = [&data, &seen, anthropic](const QString &id, const QString &owner) {
        if (seen.contains(id))
            return;
        seen.insert(id);
        if (anthropic)
            data.append(QJsonObject{{u"type"_s, u"model"_s}, {u"id"_s, id}, {u"display_name"_s, id},
                                    {u"created_at"_s, u"1970-01-01T00:00:00Z"_s}});
        else
            data.append(
                QJsonObject{{u"id"_s, id}, {u"object"_s, u"model"_s}, {u"created"_s, 0}, {u"owned_by"_s, owner}});
    };
    if (m_services.router)
        for (const Routing::Route &route : m_services.router->decider().config().routes)
            add(route.name, u"switchyard-route"_s);
    if (m_services.models)
        for (const QString &model : m_services.models())
            add(model, model.section(u'/', 0, 0));
    const QJsonObject list = anthropic
        ? QJsonObject{{u"data"_s, data}, {u"has_more"_s, false},
                      {u"first_id"_s, data.isEmpty() ? QJsonValue() : data.first()[u"id"_s]},
                      {u"last_id"_s, data.isEmpty() ? QJsonValue() : data.last()[u"id"_s]}}
        : QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, data}};
    respond(responder, &request, 200, QJsonDocument(list).toJson(QJsonDocument::Compact));
}

void GatewayServer::chatCompletions(HttpRequest &&request, HttpResponder &responder)
{
    // The transport refused a body over the limit as it came.
    auto parsed = OpenAiChatRequest::parse(request.body);
    if (!parsed) {
        respondError(responder, &request, parsed.error());
        return;
    }
    answer(request, responder, std::move(parsed->request), parsed->model, parsed->stream,
           std::make_unique<OpenAiChunkWriter>(AnswerWriter::randomId("chatcmpl-"_L1),
                                               QDateTime::currentSecsSinceEpoch(), parsed->model,
                                               parsed->includeUsage));
}

void GatewayServer::messages(HttpRequest &&request, HttpResponder &responder)
{
    auto parsed = AnthropicMessagesRequest::parse(request.body);
    if (!parsed) {
        respondError(responder, &request, parsed.error());
        return;
    }
    answer(request, responder, std::move(parsed->request), parsed->model, parsed->stream,
           std::make_unique<AnthropicMessageWriter>(parsed->model));
}

void GatewayServer::countTokens(HttpRequest &&request, HttpResponder &responder)
{
    auto parsed = AnthropicMessagesRequest::parse(request.body, AnthropicMessagesRequest::Purpose::CountTokens);
    if (!parsed) {
        respondError(responder, &request, parsed.error());
        return;
    }
    // An estimate from the text, the same one pricing uses when an upstream
    // reports no usage: whichever model a route picks, its tokenizer differs.
    respond(responder, &request, 200,
            QByteArray("{\"input_tokens\":" + QByteArray::number(Calls::Pricing::estimatedPromptTokens(parsed->request))
                       + '}'));
}

void GatewayServer::responses(HttpRequest &&request, HttpResponder &responder)
{
    auto parsed = OpenAiResponsesRequest::parse(request.body);
    if (!parsed) {
        respondError(responder, &request, parsed.error());
        return;
    }
    // The conversation so far, as the response it continues left it: its
    // input and output items, then this request's input.
    QJsonArray items = parsed->inputItems;
    if (!parsed->previousResponseId.isEmpty()) {
        const auto earlier = m_responses->items(parsed->previousResponseId);
        if (!earlier) {
            respondError(responder, &request,
                         GatewayError::notFound(u"no response '%1' is kept here (kept for %2 s after it was given)"_s
                                                    .arg(parsed->previousResponseId)
                                                    .arg(m_options.keepResponsesSeconds),
                                                u"previous_response_not_found"_s));
            return;
        }
        items = *earlier;
        for (const QJsonValue &item : std::as_const(parsed->inputItems))
            items.append(item);
        auto all = OpenAiResponsesRequest::messages(items, u"input"_s);
        if (!all) {
            respondError(responder, &request, all.error());
            return;
        }
        parsed->request.messages = std::move(*all);
    }
    auto writer = std::make_unique<OpenAiResponsesWriter>(AnswerWriter::randomId("resp_"_L1),
                                                          QDateTime::currentSecsSinceEpoch(), parsed->model);
    if (parsed->store) {
        writer->setOnComplete([store = m_responses.get(), id = writer->id(), items](const QJsonArray &output) mutable {
            for (const QJsonValue &item : output)
                items.append(item);
            store->keep(id, std::move(items));
        });
    }
    answer(request, responder, std::move(parsed->request), parsed->model, parsed->stream, std::move(writer));
}

void GatewayServer::embeddings(HttpRequest &&request, HttpResponder &responder)
{
    auto parsed = OpenAiEmbeddingsRequest::parse(request.body);
    if (!parsed) {
        respondError(responder, &request, parsed.error());
        return;
    }
    const QHostAddress client = request.peer;
    if (m_activePerClient.value(client) >= m_options.maxConcurrentPerClient) {
        respondError(responder, &request,
                     {.status = 429, .type = u"rate_limit_error"_s,
                      .message = u"more than %1 requests at once from this client; wait for one to finish"_s.arg(
                          m_options.maxConcurrentPerClient),
                      .code = u"too_many_concurrent_requests"_s, .retryAfterSeconds = 1});
        return;
    }
    const Caller who = caller(request).value_or(Caller{.name = QString(ToolKey::ownerName)});
    if (const ToolKey *key = who.key) {
        // What it may use, by the name asked for: an embeddings model is
        // named, not chosen by a rule on the words.
        std::optional<GatewayError> refusal;
        if (key->isRestricted() && !key->allowsRoute(parsed->model)
            && !(parsed->model.contains(u'/') && key->allowsModel(parsed->model)))
            refusal = notAllowed(who, u"\u201c%1\u201d"_s.arg(parsed->model));
        // A budget that reroutes sends chat elsewhere; embeddings stop.
        if (const Usage::BudgetGate gate = keyBudget(who); !refusal && !gate.allows())
            refusal = GatewayError::fromCallError(
                {.kind = Providers::CallError::Kind::BudgetReached, .message = gate.message});
        if (!refusal)
            refusal = rateRefusal(who, 0);
        if (refusal) {
            respondError(responder, &request, *refusal);
            return;
        }
    }
    // Rules see the model's name and the tags, never the inputs: a rule on
    // a prompt's words is there to pick a chat model.
    QStringList tags;
    for (const QString &tag : QString::fromUtf8(request.header("x-switchyard-tags")).split(u',', Qt::SkipEmptyParts))
        tags.append(tag.trimmed());
    Providers::ChatRequest probe;
    probe.model = parsed->model;
    Calls::CallTags callTags{.source = Usage::Source::Gateway,
                             .project = QString::fromUtf8(request.header("x-switchyard-project")).trimmed(),
                             .keyName = who.name};
    ++m_activePerClient[client];
    ++m_active;
    Q_EMIT activeCountChanged(m_active);
    auto *exchange = new EmbeddingExchange(std::move(responder), m_services.router, std::move(parsed->request),
                                           parsed->model, parsed->base64,
                                           Routing::RequestFacts::of(probe, parsed->model, tags), std::move(callTags),
                                           this);
    connect(exchange, &EmbeddingExchange::done, this, [this, client](int status) {
        if (--m_activePerClient[client] <= 0)
            m_activePerClient.remove(client);
        --m_active;
        Q_EMIT activeCountChanged(m_active);
        finished(status);
    });
    exchange->start();
}

void GatewayServer::answer(const HttpRequest &request, HttpResponder &responder, Providers::ChatRequest chat,
                           const QString &model, bool stream, std::unique_ptr<AnswerWriter> writer)
{
    if (!m_services.router) {
        respondError(responder, &request,
                     {.status = 503, .type = u"upstream_error"_s, .message = u"no routing config is active"_s});
        return;
    }
    const QHostAddress client = request.peer;
    if (m_activePerClient.value(client) >= m_options.maxConcurrentPerClient) {
        respondError(responder, &request,
                     {.status = 429, .type = u"rate_limit_error"_s,
                      .message = u"more than %1 requests at once from this client; wait for one to finish"_s.arg(
                          m_options.maxConcurrentPerClient),
                      .code = u"too_many_concurrent_requests"_s, .retryAfterSeconds = 1});
        return;
    }

    // acceptHead() let it in, so the token is known.
    const Caller who = caller(request).value_or(Caller{.name = QString(ToolKey::ownerName)});
    const ToolKey *key = who.key;
    QString routeTo = model;
    bool rerouted = false;
    if (key) {
        const Usage::BudgetGate gate = keyBudget(who);
        if (gate.verdict == Usage::BudgetGate::Verdict::Block) {
            respondError(responder, &request,
                         GatewayError::fromCallError(
                             {.kind = Providers::CallError::Kind::BudgetReached, .message = gate.message}));
            return;
        }
        if (gate.verdict == Usage::BudgetGate::Verdict::Reroute) {
            routeTo = gate.route;
            rerouted = true;
        }
    }
    const qint64 promptTokens = key && key->tokensPerMinute > 0 ? Calls::Pricing::estimatedPromptTokens(chat) : 0;

    const QStringList tags = QString::fromUtf8(request.header("x-switchyard-tags"))
                                 .split(u',', Qt::SkipEmptyParts);
    QStringList trimmedTags;
    for (const QString &tag : tags)
        trimmedTags.append(tag.trimmed());
    const QString project = QString::fromUtf8(request.header("x-switchyard-project")).trimmed();
    const Routing::RequestFacts facts = Routing::RequestFacts::of(chat, routeTo, trimmedTags);
    Routing::RoutedCall *call = m_services.router->prepare(std::move(chat), facts, Usage::Source::Gateway, project);
    if (key) {
        // A route the key's budget switched it to is the user's own choice
        // for it; anything else must be among what the key may use.
        std::optional<GatewayError> refusal;
        if (!rerouted)
            refusal = keyRefusal(who, *call);
        if (!refusal)
            refusal = rateRefusal(who, promptTokens);
        if (refusal) {
            delete call;
            respondError(responder, &request, *refusal);
            return;
        }
        if (key->tokensPerMinute > 0) {
            // The answer's tokens, and the prompt's as the provider counted it.
            connect(call, &Routing::RoutedCall::finished, this, [this, call, name = who.name, promptTokens] {
                const Providers::TokenUsage usage = call->usage();
                m_limiter.addTokens(name, std::max<qint64>(0, usage.input) + std::max<qint64>(0, usage.output)
                                              - (usage.input >= 0 ? promptTokens : 0));
            });
        }
    }
    call->setKeyName(who.name);
    // A client that did not ask for a stream hears nothing until the end: an
    // answer cut midway can still fall back to the next target.
    call->setWholeAnswer(!stream);

    ++m_activePerClient[client];
    ++m_active;
    Q_EMIT activeCountChanged(m_active);
    auto *exchange = new ChatExchange(std::move(responder), call, std::move(writer), stream, this);
    connect(exchange, &ChatExchange::done, this, [this, client](int status) {
        if (--m_activePerClient[client] <= 0)
            m_activePerClient.remove(client);
        --m_active;
        Q_EMIT activeCountChanged(m_active);
        finished(status);
    });
    // Now, not from the next turn of the event loop: the upstream request
    // leaves before this handler returns.
    call->start();
}

Usage::BudgetGate GatewayServer::keyBudget(const Caller &who) const
{
    // The key's own budgets (not a provider's: those the call path checks
    // once a target is chosen).
    QList<Usage::BudgetStatus> own;
    for (const Usage::BudgetStatus &status : m_services.router->calls()->budgets()) {
        if (status.budget.key == who.name && status.budget.scope.isEmpty())
            own.append(status);
    }
    return Usage::BudgetGate::decide(own, {}, who.name);
}

std::optional<GatewayError> GatewayServer::rateRefusal(const Caller &who, qint64 promptTokens)
{
    const ToolKey &key = *who.key;
    const auto limited = m_limiter.admit(who.name, key.requestsPerMinute, key.tokensPerMinute, promptTokens);
    if (!limited)
        return std::nullopt;
    const QString message = limited->neverFits
        ? u"this request (about %1 tokens) is larger than the key \u201c%2\u201d may send in a minute (%3)"_s
              .arg(promptTokens).arg(who.name).arg(key.tokensPerMinute)
        : limited->requests
        ? u"the key \u201c%1\u201d may make %2 requests a minute; try again in %3 s"_s.arg(who.name)
              .arg(key.requestsPerMinute).arg(limited->retryAfterSeconds)
        : u"the key \u201c%1\u201d may use %2 tokens a minute; try again in %3 s"_s.arg(who.name)
              .arg(key.tokensPerMinute).arg(limited->retryAfterSeconds);
    return GatewayError{.status = 429, .type = u"rate_limit_error"_s, .message = message,
                        .code = limited->requests ? u"requests_per_minute_exceeded"_s : u"tokens_per_minute_exceeded"_s,
                        .retryAfterSeconds = limited->retryAfterSeconds};
}

GatewayError GatewayServer::notAllowed(const Caller &who, const QString &what)
{
    const ToolKey &key = *who.key;
    QStringList may;
    if (!key.routes.isEmpty())
        may.append(u"routes %1"_s.arg(key.routes.join(u", "_s)));
    if (!key.models.isEmpty())
        may.append(u"models %1"_s.arg(key.models.join(u", "_s)));
    return GatewayError::forbidden(
        u"the key \u201c%1\u201d may not use %2; it may use %3"_s.arg(who.name, what, may.join(u" and "_s)),
        u"model_not_allowed"_s);
}

std::optional<GatewayError> GatewayServer::keyRefusal(const Caller &who, const Routing::RoutedCall &call) const
{
    const ToolKey &key = *who.key;
    if (!key.isRestricted())
        return std::nullopt;
    const Routing::Decision &decision = call.decision();
    if (!decision.hasTargets())
        return std::nullopt; // nothing will be sent: the call says why
    const Routing::Decider &decider = call.decider();
    if (const Routing::Route *route = decider.routeOf(decision); route && key.allowsRoute(route->name))
        return std::nullopt;
    // Else every target it may go to must be a model the key may use.
    QStringList targets;
    if (decision.direct)
        targets.append(decision.direct->provider + u'/' + decision.direct->model);
    for (const Routing::TargetRef &ref : decision.candidates) {
        const Routing::Target &target = decider.target(ref);
        targets.append(target.provider + u'/' + target.model);
    }
    const bool allowed = !targets.isEmpty()
        && std::ranges::all_of(targets, [&key](const QString &target) { return key.allowsModel(target); });
    if (allowed)
        return std::nullopt;
    const Routing::Route *route = decider.routeOf(decision);
    return notAllowed(who, route ? u"the route \u201c%1\u201d"_s.arg(route->name) : targets.join(u", "_s));
}

} // namespace Switchyard::Gateway
