#include "fixtureprovider.h"

#include "providers/providerpresets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

FixtureProvider::FixtureProvider(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FixtureProvider::onNewConnection);
}

FixtureProvider::~FixtureProvider()
{
    for (QTcpSocket *socket : m_open.keys())
        socket->abort();
}

bool FixtureProvider::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

QUrl FixtureProvider::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port()).arg(path));
}

Switchyard::Providers::ProviderConfig FixtureProvider::providerConfig(Switchyard::Providers::ApiKind kind) const
{
    using Switchyard::Providers::ApiKind;
    const QString path = kind == ApiKind::Ollama ? QString() : kind == ApiKind::Gemini ? u"/v1beta"_s : u"/v1"_s;
    return {.id = u"fixture"_s, .displayName = u"Fixture"_s, .kind = kind, .baseUrl = url(path)};
}

std::function<std::optional<Switchyard::Providers::ProviderConfig>(const QString &)>
FixtureProvider::openAiProviders(QHash<QString, const FixtureProvider *> byId)
{
    return [byId = std::move(byId)](const QString &id) -> std::optional<Switchyard::Providers::ProviderConfig> {
        const FixtureProvider *fixture = byId.value(id);
        if (!fixture)
            return std::nullopt;
        Switchyard::Providers::ProviderConfig p = fixture->providerConfig(Switchyard::Providers::ApiKind::OpenAi);
        p.id = id;
        return p;
    };
}

FixtureReply FixtureProvider::modelList(Switchyard::Providers::ApiKind kind, const QStringList &ids)
{
    using Switchyard::Providers::ApiKind;
    QJsonArray models;
    for (const QString &id : ids) {
        switch (kind) {
        case ApiKind::OpenAi:
            models.append(QJsonObject{{u"id"_s, id}, {u"object"_s, u"model"_s}, {u"created"_s, 1721172741},
                                      {u"owned_by"_s, u"system"_s}});
            break;
        case ApiKind::Anthropic:
            models.append(QJsonObject{{u"type"_s, u"model"_s}, {u"id"_s, id}, {u"display_name"_s, id},
                                      {u"created_at"_s, u"2025-05-22T00:00:00Z"_s}});
            break;
        case ApiKind::Gemini:
            models.append(QJsonObject{{u"name"_s, QString(u"models/"_s + id)}, {u"displayName"_s, id},
                                      {u"supportedGenerationMethods"_s, QJsonArray{u"generateContent"_s}}});
            break;
        case ApiKind::Ollama:
            models.append(QJsonObject{{u"name"_s, id}, {u"model"_s, id},
                                      {u"modified_at"_s, u"2025-06-01T10:00:00.000000+02:00"_s},
                                      {u"size"_s, 5225388164.0},
                                      {u"details"_s, QJsonObject{{u"format"_s, u"gguf"_s},
                                                                 {u"quantization_level"_s, u"Q4_K_M"_s}}}});
            break;
        }
    }
    QJsonObject root;
    switch (kind) {
    case ApiKind::OpenAi:
        root = {{u"object"_s, u"list"_s}, {u"data"_s, models}};
        break;
    case ApiKind::Anthropic:
        root = {{u"data"_s, models}, {u"has_more"_s, false}};
        break;
    case ApiKind::Gemini:
    case ApiKind::Ollama:
        root = {{u"models"_s, models}};
        break;
    }
    return {.contentType = "application/json", .chunks = {QJsonDocument(root).toJson(QJsonDocument::Compact)}};
}

Switchyard::Providers::ProviderConfig FixtureProvider::presetAt(const QString &presetId, quint16 port)
{
    Switchyard::Providers::ProviderConfig config = Switchyard::Providers::ProviderPresets::find(presetId).value();
    QUrl url = config.baseUrl;
    url.setPort(port);
    config.baseUrl = url;
    return config;
}

quint16 FixtureProvider::unusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort(); // closed when probe goes
}

void FixtureProvider::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_open.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_open.remove(socket);
            socket->deleteLater();
        });
    }
}

void FixtureProvider::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_open[socket];
    buffer += socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    RecordedRequest request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return;
    request.body = buffer.mid(headerEnd + 4, length);
    buffer.clear();
    m_requests.append(request);

    const FixtureReply reply = m_responder ? m_responder(request)
        : m_replies.isEmpty() ? FixtureReply{.status = 500} : m_replies.value(std::min<int>(m_next++, int(m_replies.size()) - 1));
    answer(socket, reply);
}

void FixtureProvider::answer(QTcpSocket *socket, const FixtureReply &reply)
{
    if (reply.neverAnswer)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fixture\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Transfer-Encoding: chunked\r\nConnection: close\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    socket->write(head);
    writeChunk(socket, reply, 0);
}

void FixtureProvider::writeChunk(QTcpSocket *socket, const FixtureReply &reply, int index)
{
    if (!m_open.contains(socket))
        return; // the client went away
    if (index == reply.cutAfterChunks) {
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    if (index == reply.stallAfterChunks)
        return;
    if (index >= reply.chunks.size()) {
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    const QByteArray &chunk = reply.chunks.at(index);
    if (!chunk.isEmpty())
        socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    socket->flush();
    QTimer::singleShot(reply.chunkDelayMs, this, [this, socket, reply, index] { writeChunk(socket, reply, index + 1); });
}
