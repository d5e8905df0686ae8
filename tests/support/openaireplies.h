#pragma once

#include "support/fixtureprovider.h"

#include <QJsonObject>
#include <QStringList>

/// Answers of an OpenAI-compatible provider as it streams them (Chat
/// Completions event streams), for the fixture provider to play back. Built
/// as JSON at run time: moc misreads \" inside raw string literals, and a
/// hand-written body is one typo away from testing nothing.
namespace Switchyard::TestSupport::OpenAiReplies {

/// One `data:` event carrying the object.
[[nodiscard]] QByteArray event(const QJsonObject &object);
/// A streamed text answer: the role chunk, one chunk per piece, the finish
/// reason "stop", a usage chunk with these counts, then [DONE].
[[nodiscard]] FixtureReply text(const QStringList &pieces, int promptTokens = 12, int completionTokens = 3);
/// A streamed call of one function, its arguments in the given fragments,
/// finishing with "tool_calls".
[[nodiscard]] FixtureReply toolCall(const QString &id, const QString &name, const QStringList &argumentFragments);
/// An error body of the OpenAI shape with this status and extra headers.
[[nodiscard]] FixtureReply failure(int status, QList<QPair<QByteArray, QByteArray>> headers = {});

} // namespace Switchyard::TestSupport::OpenAiReplies
