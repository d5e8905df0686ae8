#pragma once

#include "gateway/gatewayerror.h"
#include "gateway/gatewayoptions.h"
#include "gateway/httphandler.h"
#include "gateway/ratelimiter.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpHeaders>
#include <QObject>
#include <QUrl>

#include <expected>
#include <functional>
#include <memory>

namespace Switchyard::Providers {
struct ChatRequest;
}
namespace Switchyard::Usage {
struct BudgetGate;
}
namespace Switchyard::Routing {
class RoutedCall;
class Router;
}

namespace Switchyard::Gateway {

class AnswerWriter;
class HttpServer;
class ResponseStore;
class ToolKeyring;
struct ToolKey;

/// Switchyard's local endpoint: OpenAI's POST /v1/chat/completions,
/// Anthropic's POST /v1/messages and OpenAI's POST /v1/responses (streamed or
/// not; previous_response_id for answers it gave) through the router, each
/// answered in its own API's shapes; OpenAI's POST /v1/embeddings to a
/// route's or a provider's embeddings endpoint; POST /v1/messages/count_tokens (an
/// estimate); GET /v1/models (the routes, then the configured models; in
/// Anthropic's shape for Anthropic clients); GET /health. Every request is checked before any
/// work, on its head, before any of its body is read: a Host header that is
/// not this machine's (DNS rebinding), a browser Origin the user did not
/// allow, a missing or wrong bearer token, a declared body too large; then
/// too many requests at once from one client. A request may carry the
/// gateway's own token (the owner's key) or a per-tool key's (ToolKeyring):
/// then what that key may use, its requests and tokens per minute and its
/// budgets apply, and its name goes with the call into the usage log. The
/// HTTP itself — connections,
/// strict parsing, limits on bytes, time and connections, streamed answers,
/// a client gone — is `HttpServer`'s; this class is its routes. Lives on one
/// thread with its router; never blocks it.
class GatewayServer final : public QObject, private HttpHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayServer)

public:
    struct Services {
        Routing::Router *router = nullptr;
        /// The concrete models clients may name, "provider/model".
        std::function<QStringList()> models;
        /// The per-tool keys; null: only the gateway's own token is let in.
        const ToolKeyring *keys = nullptr;
        /// For tests: the rate limits' clock (ms, monotonic).
        std::function<qint64()> clock;
    };

    GatewayServer(Services services, GatewayOptions options, QObject *parent = nullptr);
    ~GatewayServer() override;

    /// Starts listening; the port it got, or why it could not.
    [[nodiscard]] std::expected<quint16, QString> listen();
    [[nodiscard]] bool isListening() const;
    [[nodiscard]] quint16 port() const;
    /// The base URL clients use: http://127.0.0.1:PORT/v1.
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] const GatewayOptions &options() const { return m_options; }
    /// Take effect from the next request: a renewed token refuses the old
    /// one at once; origins allowed or withdrawn need no restart.
    void setToken(const QString &token) { m_options.token = token; }
    void setAllowedOrigins(const QStringList &origins) { m_options.allowedOrigins = origins; }

    [[nodiscard]] qint64 requestCount() const { return m_requests; }
    [[nodiscard]] int activeCount() const { return m_active; }
    /// The transport under it, for its figures (connections, shortages).
    [[nodiscard]] const HttpServer *http() const { return m_http; }

Q_SIGNALS:
    /// A request was answered (any status): for a live request counter.
    void requestFinished(int status);
    void activeCountChanged(int active);

private:
    // HttpHandler
    bool acceptHead(const HttpRequest &head, HttpResponder &responder) override;
    void handle(HttpRequest &&request, HttpResponder responder) override;
    void refuse(HttpResponder &responder, const HttpRequest *head, const Refusal &refusal) override;

    [[nodiscard]] std::optional<GatewayError> refused(const HttpRequest &head) const;
    [[nodiscard]] bool isAllowedHost(QByteArrayView host) const;
    [[nodiscard]] bool isAllowedOrigin(QByteArrayView origin) const;
    /// Who a request comes from, by the token it carries.
    struct Caller {
        QString name;                  // the usage rows' key name
        const ToolKey *key = nullptr;  // null: the owner, who may do anything
    };
    [[nodiscard]] std::optional<Caller> caller(const HttpRequest &head) const;
    [[nodiscard]] static bool needsNoToken(const HttpRequest &head);
    /// Why caller may not have this call, if it may not: the key's routes
    /// and models, its rate limits, its budgets.
    [[nodiscard]] std::optional<GatewayError> keyRefusal(const Caller &caller, const Routing::RoutedCall &call) const;
    [[nodiscard]] static GatewayError notAllowed(const Caller &caller, const QString &what);
    /// What the key's own budgets say about one more call.
    [[nodiscard]] Usage::BudgetGate keyBudget(const Caller &caller) const;
    /// Counts the request against the key's per-minute limits, or says why not.
    [[nodiscard]] std::optional<GatewayError> rateRefusal(const Caller &caller, qint64 promptTokens);
    void chatCompletions(HttpRequest &&request, HttpResponder &responder);
    void messages(HttpRequest &&request, HttpResponder &responder);
    void countTokens(HttpRequest &&request, HttpResponder &responder);
    void responses(HttpRequest &&request, HttpResponder &responder);
    void embeddings(HttpRequest &&request, HttpResponder &responder);
    /// Every inbound API's way to the router: the call, and an exchange
    /// answering through the API's writer.
    void answer(const HttpRequest &request, HttpResponder &responder, Providers::ChatRequest chat,
                const QString &model, bool stream, std::unique_ptr<AnswerWriter> writer);
    void listModels(const HttpRequest &request, HttpResponder &responder);
    void respond(HttpResponder &responder, const HttpRequest *request, int status, QByteArrayView json,
                 QHttpHeaders headers = {});
    void respondError(HttpResponder &responder, const HttpRequest *request, const GatewayError &error);
    [[nodiscard]] QHttpHeaders corsHeaders(const HttpRequest &request) const;
    void finished(int status);

    Services m_services;
    GatewayOptions m_options;
    HttpServer *m_http = nullptr;
    qint64 m_requests = 0;
    int m_active = 0;
    QHash<QHostAddress, int> m_activePerClient;
    std::unique_ptr<ResponseStore> m_responses;
    RateLimiter m_limiter;
};

} // namespace Switchyard::Gateway
