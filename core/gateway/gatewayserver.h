#pragma once

#include "gateway/gatewayerror.h"
#include "gateway/gatewayoptions.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QJsonArray>
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
class ClientTcpServer;
class ResponseStore;

/// Switchyard's local endpoint: OpenAI's POST /v1/chat/completions and
/// Anthropic's POST /v1/messages and OpenAI's POST /v1/responses (streamed or
/// not; previous_response_id for answers it gave) through the router, each
/// answered in its own API's shapes; POST /v1/messages/count_tokens (an
/// estimate); GET /v1/models (the routes, then the configured models; in
/// Anthropic's shape for Anthropic clients); GET /health. Every request is checked before any
/// work: a Host header that is not this machine's (DNS rebinding), a browser
/// Origin the user did not allow, a missing or wrong bearer token, a body
/// too large, too many requests at once from one client. Lives on one
/// thread with its router; never blocks it.
class GatewayServer final : public QAbstractHttpServer
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

Q_SIGNALS:
    /// A request was answered (any status): for a live request counter.
    void requestFinished(int status);
    void activeCountChanged(int active);

protected:
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override;

private:
    [[nodiscard]] std::optional<GatewayError> refused(const QHttpServerRequest &request) const;
    [[nodiscard]] bool isAllowedHost(QByteArrayView host) const;
    [[nodiscard]] bool hasToken(const QHttpServerRequest &request) const;
    /// The request's body, or nothing when it was refused (too large).
    [[nodiscard]] std::optional<QByteArray> body(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void chatCompletions(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void messages(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void countTokens(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void responses(const QHttpServerRequest &request, QHttpServerResponder &responder);
    /// Every inbound API's way to the router: the call, and an exchange
    /// answering through the API's writer.
    void answer(const QHttpServerRequest &request, QHttpServerResponder &responder, Providers::ChatRequest chat,
                const QString &model, bool stream, std::unique_ptr<AnswerWriter> writer);
    void listModels(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void respond(QHttpServerResponder &responder, const QHttpServerRequest &request, int status,
                 const QByteArray &json, QHttpHeaders headers = {});
    void respondError(QHttpServerResponder &responder, const QHttpServerRequest &request, const GatewayError &error);
    [[nodiscard]] QHttpHeaders corsHeaders(const QHttpServerRequest &request) const;
    void finished(int status);

    Services m_services;
    GatewayOptions m_options;
    ClientTcpServer *m_tcp = nullptr;
    qint64 m_requests = 0;
    int m_active = 0;
    QHash<QString, int> m_activePerClient;
    std::unique_ptr<ResponseStore> m_responses;
};

} // namespace Switchyard::Gateway
