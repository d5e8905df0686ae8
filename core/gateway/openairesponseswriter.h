#pragma once

#include "gateway/answerwriter.h"
#include "gateway/jsonwriter.h"

#include <QJsonArray>

#include <functional>

namespace Switchyard::Gateway {

/// Answers as OpenAI's Responses API does, whichever upstream answered.
/// Streamed: `response.created` and `response.in_progress`; for the text a
/// `message` item (`response.output_item.added`, `response.content_part.added`,
/// `response.output_text.delta`…, `.done`, `response.content_part.done`,
/// `response.output_item.done`); for each tool call a `function_call` item
/// with `response.function_call_arguments.delta`… and `.done`; then
/// `response.completed` (or `response.incomplete` when the answer hit its
/// token limit) with the whole response and its usage. Every event carries
/// its `sequence_number`. An error mid-answer is `response.failed`. Whole: the
/// `response` object. The output items are kept for previous_response_id.
class OpenAiResponsesWriter final : public AnswerWriter
{
public:
    OpenAiResponsesWriter(QString id, qint64 createdAt, QString model);

    [[nodiscard]] QByteArray write(const QList<Providers::ChatEvent> &events) override;
    [[nodiscard]] QByteArray finish(const QString &upstreamReason, const Providers::TokenUsage &usage) override;
    [[nodiscard]] QByteArray streamError(const GatewayError &error) override;
    [[nodiscard]] QByteArray whole(const Answer &answer) override;
    [[nodiscard]] QByteArray errorBody(const GatewayError &error) const override { return error.toJson(); }

    [[nodiscard]] const QString &id() const { return m_id; }
    /// Called with the output items when an answer ends well (streamed or
    /// whole): the gateway keeps them for previous_response_id.
    void setOnComplete(std::function<void(const QJsonArray &output)> onComplete) { m_onComplete = std::move(onComplete); }
    /// The answer's output items as the response lists them (a message, then
    /// function calls), complete once the answer is.
    [[nodiscard]] QJsonArray outputItems() const;
    /// "incomplete" for an answer cut by its token limit, else "completed".
    [[nodiscard]] static bool hitLimit(const QString &upstreamReason);

private:
    struct Item {
        enum class Kind { Message, FunctionCall };
        Kind kind = Kind::Message;
        QString id;     // msg_… or fc_…
        QString callId; // the upstream's call id
        QString name;
        QString text; // the message's text, or the call's arguments
        int toolIndex = -1;
    };
    [[nodiscard]] QByteArray event(QLatin1StringView type, const std::function<void(JsonWriter &)> &fill);
    void writeResponse(JsonWriter &json, QLatin1StringView status, const Providers::TokenUsage *usage,
                       const GatewayError *error) const;
    static void writeItem(JsonWriter &json, const Item &item, bool done);
    static void writeUsage(JsonWriter &json, const Providers::TokenUsage &usage);
    void start(QByteArray &out);
    /// Closes the open item, if any.
    void close(QByteArray &out);

    QString m_id;
    qint64 m_createdAt = 0;
    QString m_model;
    QList<Item> m_items;
    bool m_started = false;
    bool m_open = false; // the last item is still being written
    qint64 m_sequence = 0;
    std::function<void(const QJsonArray &)> m_onComplete;
};

} // namespace Switchyard::Gateway
