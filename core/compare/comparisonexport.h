#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Switchyard::Compare {

class Conversation;

/// A comparison written out for people (Markdown) and for scripts (JSON): every
/// prompt, each model's answer, and the figures — TTFT, speed, total time,
/// tokens, cost (marked when estimated) and any error. Markdown puts the
/// figures of all models side by side in one table per prompt and the answers
/// below it, one section per model: answers hold code blocks and lists, which
/// a Markdown table cannot.
namespace ComparisonExport {

[[nodiscard]] QString toMarkdown(const QList<const Conversation *> &panes, const QDateTime &when);
[[nodiscard]] QByteArray toJson(const QList<const Conversation *> &panes, const QDateTime &when);

} // namespace ComparisonExport
} // namespace Switchyard::Compare
