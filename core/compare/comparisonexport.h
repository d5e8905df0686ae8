#pragma once

#include "compare/conversation.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <expected>

namespace Switchyard::Compare {

/// A comparison written out for people (Markdown) and for scripts (JSON): every
/// prompt, each model's answer, and the figures — TTFT, speed, total time,
/// tokens, cost (marked when estimated) and any error. Markdown puts the
/// figures of all models side by side in one table per prompt and the answers
/// below it, one section per model: answers hold code blocks and lists, which
/// a Markdown table cannot.
namespace ComparisonExport {

[[nodiscard]] QString toMarkdown(const QList<const Conversation *> &panes, const QDateTime &when);
[[nodiscard]] QByteArray toJson(const QList<const Conversation *> &panes, const QDateTime &when);

/// A pane as toJson() wrote it, for reopening a saved comparison.
struct PaneRecord {
    QString model; // "provider/model"
    QList<Turn> turns;
};
/// Reads what toJson() wrote; a document of another shape is an error.
[[nodiscard]] std::expected<QList<PaneRecord>, QString> fromJson(const QByteArray &json);

/// One turn as toJson() writes it; the history stores turns in this form too.
[[nodiscard]] QJsonObject turnToJson(const Turn &turn);
[[nodiscard]] Turn turnFromJson(const QJsonObject &json);

} // namespace ComparisonExport
} // namespace Switchyard::Compare
