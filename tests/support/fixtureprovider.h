#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <optional>

#include "providers/providerconfig.h"

class QTcpSocket;

/// What the fixture answers to one request, with the faults it can inject.
struct FixtureReply {
    int status = 200;
    QByteArray contentType = "text/event-stream";
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<QByteArray> chunks; // each written as one HTTP chunk
    int chunkDelayMs = 0;     // slow drip between chunks
    int cutAfterChunks = -1;  // close the connection after N chunks, without the final chunk
    int stallAfterChunks = -1; // after N chunks send nothing more, keep the connection open
    bool neverAnswer = false;  // accept and read the request, then stay silent
};

struct RecordedRequest {
    QByteArray method;
    QByteArray path; // with the query
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
};

/// A model provider on 127.0.0.1 and a random port for tests: reads real HTTP
/// requests, records them, and answers with scripted replies — real-shaped
/// bodies of each provider's wire format, sent with chunked transfer encoding
/// as the providers do, and with cuts, stalls and drips on request.
class FixtureProvider final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FixtureProvider)

public:
    explicit FixtureProvider(QObject *parent = nullptr);
    ~FixtureProvider() override;

    /// On 127.0.0.1 and the given port, or a random one for 0.
    [[nodiscard]] bool listen(quint16 port = 0);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QUrl url(const QString &path = {}) const;
    /// A provider of the given wire format that points here, at the base path
    /// that format's presets use (/v1, /v1beta, or none for Ollama).
    [[nodiscard]] Switchyard::Providers::ProviderConfig providerConfig(Switchyard::Providers::ApiKind kind) const;
    /// The router's provider lookup for fixtures speaking the OpenAI wire
    /// format: each id names its fixture, and any other id is unknown.
    [[nodiscard]] static std::function<std::optional<Switchyard::Providers::ProviderConfig>(const QString &)>
    openAiProviders(QHash<QString, const FixtureProvider *> byId);
    /// A real-shaped model listing of the given wire format naming these ids,
    /// as one JSON body (Anthropic's and Gemini's say there are no more pages).
    [[nodiscard]] static FixtureReply modelList(Switchyard::Providers::ApiKind kind, const QStringList &ids);
    /// A built-in provider moved to another loopback port, as tests put a
    /// fixture where a local server (Ollama, LM Studio, ...) would be.
    [[nodiscard]] static Switchyard::Providers::ProviderConfig presetAt(const QString &presetId, quint16 port);
    /// A loopback port nothing listens on (it was free a moment ago).
    [[nodiscard]] static quint16 unusedPort();

    /// Replies are used in order, one per request; the last one repeats.
    void enqueue(FixtureReply reply) { m_replies.append(std::move(reply)); }
    /// Answers each request by what it asks instead (the queue is then not
    /// used): for tests whose requests run at once in no fixed order.
    void setResponder(std::function<FixtureReply(const RecordedRequest &)> responder)
    {
        m_responder = std::move(responder);
    }
    [[nodiscard]] const QList<RecordedRequest> &requests() const { return m_requests; }
    /// Drops the record of requests seen so far (a load test's memory check
    /// measures the code under test, not this record).
    void forgetRequests() { m_requests = {}; }
    [[nodiscard]] int openConnections() const { return int(m_open.size()); }

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const FixtureReply &reply);
    void writeChunk(QTcpSocket *socket, const FixtureReply &reply, int index);

    QTcpServer m_server;
    QList<FixtureReply> m_replies;
    std::function<FixtureReply(const RecordedRequest &)> m_responder;
    int m_next = 0;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_open; // socket → bytes of a request not yet complete
};
