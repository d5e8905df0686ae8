#include "support/openaireplies.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport::OpenAiReplies {

namespace {

QByteArray chunk(const QString &id, const QJsonObject &delta, const QJsonValue &finish = QJsonValue::Null)
{
    const QJsonObject choice{{u"index"_s, 0}, {u"delta"_s, delta}, {u"finish_reason"_s, finish}};
    return event({{u"id"_s, id}, {u"object"_s, u"chat.completion.chunk"_s}, {u"created"_s, 1700000000},
                  {u"model"_s, u"fixture-model"_s}, {u"choices"_s, QJsonArray{choice}}});
}

const QByteArray done = "data: [DONE]\n\n";

} // namespace

QByteArray event(const QJsonObject &object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

FixtureReply text(const QStringList &pieces, int promptTokens, int completionTokens)
{
    const QString id = u"chatcmpl-fixture"_s;
    FixtureReply reply;
    reply.chunks.append(chunk(id, {{u"role"_s, u"assistant"_s}, {u"content"_s, u""_s}}));
    for (const QString &piece : pieces)
        reply.chunks.append(chunk(id, {{u"content"_s, piece}}));
    reply.chunks.append(chunk(id, {}, u"stop"_s));
    const QJsonObject usage{{u"prompt_tokens"_s, promptTokens},
                            {u"completion_tokens"_s, completionTokens},
                            {u"total_tokens"_s, promptTokens + completionTokens}};
    reply.chunks.append(event({{u"id"_s, id}, {u"object"_s, u"chat.completion.chunk"_s},
                               {u"choices"_s, QJsonArray{}}, {u"usage"_s, usage}}));
    reply.chunks.append(done);
    return reply;
}

FixtureReply toolCall(const QString &id, const QString &name, const QStringList &argumentFragments)
{
    const QString chunkId = u"chatcmpl-fixture-tool"_s;
    const auto fragment = [](const QJsonObject &call) {
        return QJsonObject{{u"tool_calls"_s, QJsonArray{call}}};
    };
    FixtureReply reply;
    QJsonObject first = fragment({{u"index"_s, 0}, {u"id"_s, id}, {u"type"_s, u"function"_s},
                                  {u"function"_s, QJsonObject{{u"name"_s, name}, {u"arguments"_s, u""_s}}}});
    first.insert(u"role"_s, u"assistant"_s);
    reply.chunks.append(chunk(chunkId, first));
    for (const QString &part : argumentFragments)
        reply.chunks.append(chunk(chunkId, fragment({{u"index"_s, 0},
                                                     {u"function"_s, QJsonObject{{u"arguments"_s, part}}}})));
    reply.chunks.append(chunk(chunkId, {}, u"tool_calls"_s));
    reply.chunks.append(done);
    return reply;
}

FixtureReply failure(int status, QList<QPair<QByteArray, QByteArray>> headers)
{
    const QJsonObject error{{u"message"_s, u"upstream says no"_s}, {u"type"_s, u"server_error"_s}};
    return {.status = status,
            .contentType = "application/json",
            .headers = std::move(headers),
            .chunks = {QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact)}};
}

} // namespace Switchyard::TestSupport::OpenAiReplies
