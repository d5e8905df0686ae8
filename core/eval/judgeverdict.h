#pragma once

#include "providers/chatrequest.h"

#include <QString>

#include <expected>

namespace Switchyard::Eval {

/// What a judge model says of an answer: a score between 0 and 1 and why.
/// The judge is asked for one JSON object; what it answers is untrusted text,
/// so parse() accepts that object alone or inside a code fence or prose, and
/// anything else — no object, no score, a score out of range — is an error of
/// the case, never a crash and never a silent pass.
struct JudgeVerdict {
    double score = 0;
    QString reason;

    /// The request that asks a judge to grade answer to prompt by rubric.
    [[nodiscard]] static Providers::ChatRequest request(const QString &rubric, const QString &prompt,
                                                        const QString &answer);
    [[nodiscard]] static std::expected<JudgeVerdict, QString> parse(const QString &judgeAnswer);
};

} // namespace Switchyard::Eval
