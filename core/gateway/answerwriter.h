#pragma once

#include "gateway/gatewayerror.h"
#include "providers/chatevent.h"
#include "providers/chatrequest.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Switchyard::Gateway {

/// A whole answer, for a client that did not ask for a stream.
struct Answer {
    QString text;
    QString reasoning;
    QList<Providers::ToolCall> toolCalls;
    QString finishReason; // the upstream's own word
    Providers::TokenUsage usage;
};

/// How one inbound API says an answer: the same neutral ChatEvents come out
/// as OpenAI's chat chunks, Anthropic's message events or OpenAI's response
/// events, and errors in that API's own shape, so each client library reads
/// the gateway's answers as it would its own provider's. One writer per
/// answer: streamed writers keep the state of the stream so far.
class AnswerWriter
{
public:
    virtual ~AnswerWriter() = default;

    /// The bytes for these events of a streamed answer (possibly none: some
    /// parts are held for the end).
    [[nodiscard]] virtual QByteArray write(const QList<Providers::ChatEvent> &events) = 0;
    /// The closing bytes of a streamed answer that ended well.
    [[nodiscard]] virtual QByteArray finish(const QString &upstreamReason, const Providers::TokenUsage &usage) = 0;
    /// The closing bytes of a streamed answer cut by an error, in the form
    /// this API's SDKs raise.
    [[nodiscard]] virtual QByteArray streamError(const GatewayError &error) = 0;
    /// The body of a whole answer.
    [[nodiscard]] virtual QByteArray whole(const Answer &answer) = 0;
    /// The body of an error response.
    [[nodiscard]] virtual QByteArray errorBody(const GatewayError &error) const = 0;

    /// prefix + 24 random characters: ids as long as the providers' own;
    /// unique, not secret.
    [[nodiscard]] static QString randomId(QLatin1StringView prefix);
};

} // namespace Switchyard::Gateway
