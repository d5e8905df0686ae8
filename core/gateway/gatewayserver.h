#pragma once

#include "gateway/gatewayerror.h"
#include "gateway/gatewayoptions.h"
#include "gateway/httphandler.h"

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
namespace Switchyard::Routing {
class Router;
}

namespace Switchyard::Gateway {

class AnswerWriter;
class HttpServer;
class ResponseStore;

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
/// too many requests at once from one client. The HTTP itself — connections,
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
    [[nodiscard]] bool hasToken(const HttpRequest &head) const;
    [[nodiscard]] static bool needsNoToken(const HttpRequest &head);
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
};

} // namespace Switchyard::Gateway
