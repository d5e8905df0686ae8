#include "providers/anthropicadapter.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

constexpr int DefaultMaxTokens = 4096; // the API requires max_tokens

// Anthropic's usage as it arrives, each count kept apart until it is replaced:
// message_start carries every count, message_delta repeats some of them as
// cumulative totals (output always; input and the cache counts since 2025, as
// numbers or null) and never the breakdown of writes by lifetime. A count a
// record leaves out or sends as null keeps its earlier value.
struct AnthropicUsage
{
    qint64 uncachedInput = -1; // input_tokens: neither read from nor written to the cache
    qint64 cacheRead = -1;
    qint64 cacheWrite = -1;   // cache_creation_input_tokens: writes of both lifetimes
    qint64 cacheWrite5m = -1; // cache_creation.ephemeral_5m_input_tokens
    qint64 cacheWrite1h = -1; // cache_creation.ephemeral_1h_input_tokens
    qint64 output = -1;

    void merge(const QJsonObject &u)
    {
        const auto take = [&u](qint64 &count, QLatin1StringView key) {
            if (const qint64 n = ProviderAdapter::tokenCount(u, key); n >= 0)
                count = n;
        };
        take(uncachedInput, "input_tokens"_L1);
        take(cacheRead, "cache_read_input_tokens"_L1);
        take(cacheWrite, "cache_creation_input_tokens"_L1);
        take(output, "output_tokens"_L1);
        if (const QJsonValue lifetimes = u.value("cache_creation"_L1); lifetimes.isObject()) {
            const QJsonObject byLifetime = lifetimes.toObject();
            cacheWrite5m = std::max<qint64>(
                ProviderAdapter::tokenCount(byLifetime, "ephemeral_5m_input_tokens"_L1), 0);
            cacheWrite1h = std::max<qint64>(
                ProviderAdapter::tokenCount(byLifetime, "ephemeral_1h_input_tokens"_L1), 0);
        }
    }

    // Switchyard's convention (TokenUsage): input is the whole prompt, the
    // cache counts are shares of it.
    [[nodiscard]] TokenUsage tokenUsage() const
    {
        TokenUsage usage;
        // The total is the authority; without it, the breakdown's sum.
        qint64 writes = cacheWrite;
        if (writes < 0 && cacheWrite5m >= 0)
            writes = cacheWrite5m + cacheWrite1h;
        if (writes >= 0) {
            // No breakdown means 5-minute writes, the only kind before 1-hour
            // caching existed. A total that grew past the breakdown (a later
            // message_delta) puts the growth on the 5-minute side.
            usage.cacheWrite1h = std::clamp<qint64>(cacheWrite1h, 0, writes);
            usage.cacheWrite5m = writes - usage.cacheWrite1h;
        }
        usage.cachedInput = cacheRead;
        if (uncachedInput >= 0)
            usage.input = uncachedInput + std::max<qint64>(cacheRead, 0) + std::max<qint64>(writes, 0);
        usage.output = output;
        return usage;
    }
};

class AnthropicDecoder final : public SseStreamDecoder
{
private:
    void onEvent(const Stream::SseEvent &event, QList<ChatEvent> &out) override
    {
        if (m_complete || event.type == "ping")
            return;
        const auto record = ProviderAdapter::parseRecord(event.data, out);
        if (!record)
            return;
        const QString type = record->value("type"_L1).toString();
        if (type == "message_start"_L1) {
            m_usage.merge(record->value("message"_L1).toObject().value("usage"_L1).toObject());
            out.append(ChatEvent::usageEvent(m_usage.tokenUsage()));
        } else if (type == "content_block_start"_L1) {
            const QJsonObject block = record->value("content_block"_L1).toObject();
            const int index = record->value("index"_L1).toInt();
            if (block.value("type"_L1).toString() == "tool_use"_L1) {
                ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
                e.toolIndex = m_toolIndex.size();
                m_toolIndex.insert(index, e.toolIndex);
                e.toolId = block.value("id"_L1).toString();
                e.toolName = block.value("name"_L1).toString();
                out.append(e);
            } else if (const QString text = block.value("text"_L1).toString(); !text.isEmpty()) {
                out.append(ChatEvent::textDelta(text));
            }
        } else if (type == "content_block_delta"_L1) {
            const QJsonObject delta = record->value("delta"_L1).toObject();
            const QString deltaType = delta.value("type"_L1).toString();
            if (deltaType == "text_delta"_L1) {
                out.append(ChatEvent::textDelta(delta.value("text"_L1).toString()));
            } else if (deltaType == "thinking_delta"_L1) {
                out.append(ChatEvent::reasoningDelta(delta.value("thinking"_L1).toString()));
            } else if (deltaType == "input_json_delta"_L1) {
                ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
                e.toolIndex = m_toolIndex.value(record->value("index"_L1).toInt());
                e.text = delta.value("partial_json"_L1).toString();
                out.append(e);
            }
            // signature_delta carries no text for the user.
        } else if (type == "message_delta"_L1) {
            m_usage.merge(record->value("usage"_L1).toObject());
            out.append(ChatEvent::usageEvent(m_usage.tokenUsage()));
            if (const QString reason = record->value("delta"_L1).toObject().value("stop_reason"_L1).toString();
                !reason.isEmpty())
                out.append(ChatEvent::finish(reason));
        } else if (type == "message_stop"_L1) {
            m_complete = true;
        } else if (type == "error"_L1) {
            out.append(ProviderAdapter::streamError(*record));
        }
    }

    AnthropicUsage m_usage;
    QHash<int, int> m_toolIndex; // content block index → tool call index
};

} // namespace

QNetworkRequest AnthropicAdapter::chatRequest(const ProviderConfig &provider, const ChatRequest &,
                                              const QString &key) const
{
    QNetworkRequest request = jsonRequest(provider, u"/messages"_s);
    request.setRawHeader("anthropic-version", "2023-06-01");
    if (!key.isEmpty())
        request.setRawHeader("x-api-key", key.toUtf8());
    return request;
}

QString AnthropicAdapter::refusal(const ChatRequest &request) const
{
    if (request.responseFormat.kind == ResponseFormat::Kind::JsonObject)
        return u"Anthropic's API takes a JSON schema for structured output, not plain JSON mode: send response_format "
               "with type json_schema, or route JSON-mode requests to another model"_s;
    return {};
}

QByteArray AnthropicAdapter::chatBody(const ProviderConfig &, const ChatRequest &request) const
{
    QJsonArray messages;
    for (const ChatMessage &m : request.messages) {
        switch (m.role) {
        case ChatMessage::Role::System:
            continue; // Anthropic takes the system prompt as a top-level field
        case ChatMessage::Role::Tool:
            // Results go back in a user turn, all of one round in the same turn.
            append(messages, u"user"_s,
                   QJsonArray{QJsonObject{{u"type"_s, u"tool_result"_s},
                                          {u"tool_use_id"_s, plainToolCallId(m.toolCallId)},
                                          {u"content"_s, m.text}}});
            continue;
        case ChatMessage::Role::User:
        case ChatMessage::Role::Assistant:
            break;
        }
        const QString role = m.role == ChatMessage::Role::Assistant ? u"assistant"_s : u"user"_s;
        if (m.images.isEmpty() && m.toolCalls.isEmpty()) {
            append(messages, role, m.text);
            continue;
        }
        QJsonArray content; // images first, as Anthropic advises
        for (const ImageAttachment &image : m.images) {
            content.append(QJsonObject{{u"type"_s, u"image"_s},
                                       {u"source"_s, QJsonObject{{u"type"_s, u"base64"_s},
                                                                {u"media_type"_s, image.mimeType},
                                                                {u"data"_s, QString::fromLatin1(image.data.toBase64())}}}});
        }
        if (!m.text.isEmpty() || m.toolCalls.isEmpty())
            content.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, m.text}});
        for (const ToolCall &call : m.toolCalls) {
            content.append(QJsonObject{{u"type"_s, u"tool_use"_s}, {u"id"_s, plainToolCallId(call.id)}, {u"name"_s, call.name},
                                       {u"input"_s, toolArguments(call)}});
        }
        append(messages, role, content);
    }
    QString system = request.systemPrompt;
    for (const ChatMessage &m : request.messages) {
        if (m.role == ChatMessage::Role::System)
            system += (system.isEmpty() ? QString() : u"\n\n"_s) + m.text;
    }

    int maxTokens = request.maxTokens.value_or(DefaultMaxTokens);
    QJsonObject body{{u"model"_s, request.model}, {u"messages"_s, messages}, {u"stream"_s, request.stream}};
    if (!system.isEmpty())
        body.insert(u"system"_s, system);
    if (!request.reasoningEffort.isEmpty()) {
        const int budget = thinkingBudget(request.reasoningEffort);
        maxTokens = std::max(maxTokens, budget + 1024); // the budget must stay below max_tokens
        body.insert(u"thinking"_s, QJsonObject{{u"type"_s, u"enabled"_s}, {u"budget_tokens"_s, budget}});
    } else if (request.temperature) {
        body.insert(u"temperature"_s, *request.temperature); // not allowed together with thinking
    }
    body.insert(u"max_tokens"_s, maxTokens);
    if (request.topP)
        body.insert(u"top_p"_s, *request.topP);
    if (!request.stop.isEmpty())
        body.insert(u"stop_sequences"_s, QJsonArray::fromStringList(request.stop));
    if (!request.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolDefinition &tool : request.tools) {
            QJsonObject t{{u"name"_s, tool.name}, {u"input_schema"_s, toolSchema(tool)}};
            if (!tool.description.isEmpty())
                t.insert(u"description"_s, tool.description);
            if (tool.strict)
                t.insert(u"strict"_s, true);
            tools.append(t);
        }
        body.insert(u"tools"_s, tools);
        if (const QJsonObject choice = toolChoice(request); !choice.isEmpty())
            body.insert(u"tool_choice"_s, choice);
    }
    if (request.responseFormat.kind == ResponseFormat::Kind::JsonSchema) {
        body.insert(u"output_config"_s,
                    QJsonObject{{u"format"_s, QJsonObject{{u"type"_s, u"json_schema"_s},
                                                          {u"schema"_s, request.responseFormat.schema}}}});
    }
    return finishBody(body, request);
}

void AnthropicAdapter::append(QJsonArray &messages, const QString &role, const QJsonValue &content)
{
    // The API joins consecutive turns of one role itself, except that tool
    // results must share one turn; joining here keeps every case one shape.
    if (!messages.isEmpty()) {
        QJsonObject last = messages.last().toObject();
        if (last.value("role"_L1).toString() == role) {
            QJsonArray blocks = asBlocks(last.value("content"_L1));
            for (const QJsonValue &block : asBlocks(content))
                blocks.append(block);
            last.insert(u"content"_s, blocks);
            messages.replace(messages.size() - 1, last);
            return;
        }
    }
    messages.append(QJsonObject{{u"role"_s, role}, {u"content"_s, content}});
}

QJsonArray AnthropicAdapter::asBlocks(const QJsonValue &content)
{
    if (content.isArray())
        return content.toArray();
    if (content.toString().isEmpty())
        return {}; // the API refuses empty text blocks
    return QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, content.toString()}}};
}

QJsonObject AnthropicAdapter::toolChoice(const ChatRequest &request)
{
    QJsonObject choice;
    switch (request.toolChoice.mode) {
    case ToolChoice::Mode::Default:
        if (request.parallelToolCalls != false)
            return {};
        choice.insert(u"type"_s, u"auto"_s);
        break;
    case ToolChoice::Mode::Auto:
        choice.insert(u"type"_s, u"auto"_s);
        break;
    case ToolChoice::Mode::None:
        return {{u"type"_s, u"none"_s}};
    case ToolChoice::Mode::Required:
        choice.insert(u"type"_s, u"any"_s);
        break;
    case ToolChoice::Mode::Named:
        choice.insert(u"type"_s, u"tool"_s);
        choice.insert(u"name"_s, request.toolChoice.name);
        break;
    }
    if (request.parallelToolCalls == false)
        choice.insert(u"disable_parallel_tool_use"_s, true);
    return choice;
}

std::unique_ptr<StreamDecoder> AnthropicAdapter::streamDecoder() const
{
    return std::make_unique<AnthropicDecoder>();
}

QList<ChatEvent> AnthropicAdapter::decodeResponse(QByteArrayView body) const
{
    QList<ChatEvent> out;
    const auto record = parseRecord(body, out);
    if (!record)
        return out;
    if (record->value("type"_L1).toString() == "error"_L1) {
        out.append(streamError(*record));
        return out;
    }
    int toolIndex = 0;
    for (const QJsonValue &b : record->value("content"_L1).toArray()) {
        const QJsonObject block = b.toObject();
        const QString type = block.value("type"_L1).toString();
        if (type == "text"_L1) {
            out.append(ChatEvent::textDelta(block.value("text"_L1).toString()));
        } else if (type == "thinking"_L1) {
            out.append(ChatEvent::reasoningDelta(block.value("thinking"_L1).toString()));
        } else if (type == "tool_use"_L1) {
            ChatEvent e{.type = ChatEvent::Type::ToolCallDelta};
            e.toolIndex = toolIndex++;
            e.toolId = block.value("id"_L1).toString();
            e.toolName = block.value("name"_L1).toString();
            e.text = QString::fromUtf8(QJsonDocument(block.value("input"_L1).toObject()).toJson(QJsonDocument::Compact));
            out.append(e);
        }
    }
    AnthropicUsage usage;
    usage.merge(record->value("usage"_L1).toObject());
    out.append(ChatEvent::usageEvent(usage.tokenUsage()));
    out.append(ChatEvent::finish(record->value("stop_reason"_L1).toString()));
    return out;
}

QNetworkRequest AnthropicAdapter::modelsRequest(const ProviderConfig &provider, const QString &key,
                                                const QString &pageCursor) const
{
    QNetworkRequest request = jsonRequest(provider, u"/models"_s);
    QUrl url = request.url();
    // 1000 is the largest page Anthropic serves; after_id asks for the next one.
    QString query = u"limit=1000"_s;
    if (!pageCursor.isEmpty())
        query += u"&after_id="_s + QString::fromLatin1(QUrl::toPercentEncoding(pageCursor));
    url.setQuery(query);
    request.setUrl(url);
    request.setRawHeader("anthropic-version", "2023-06-01");
    if (!key.isEmpty())
        request.setRawHeader("x-api-key", key.toUtf8());
    return request;
}

std::expected<ModelPage, QString> AnthropicAdapter::decodeModels(QByteArrayView body) const
{
    const QJsonObject root = QJsonDocument::fromJson(body.toByteArray()).object();
    if (!root.value("data"_L1).isArray())
        return std::unexpected(u"The model list is not in Anthropic's format (no \"data\" array)"_s);
    QStringList ids;
    for (const QJsonValue &m : root.value("data"_L1).toArray())
        ids.append(m.toObject().value("id"_L1).toString());
    ids.removeAll(QString());
    ModelPage page{.ids = ids};
    if (root.value("has_more"_L1).toBool())
        page.nextCursor = root.value("last_id"_L1).toString();
    return page;
}

} // namespace Switchyard::Providers
