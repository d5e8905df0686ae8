#pragma once

#include "eval/caseresult.h"
#include "eval/suite.h"

#include <QJsonValue>

namespace Switchyard::Eval::AssertionCheck {

/// Judges answer (its text and figures, in result) by one assertion that
/// needs no model: everything but judge. Texts in the assertion have the
/// case's variables filled in first.
[[nodiscard]] AssertionOutcome check(const Assertion &assertion, const CaseResult &result,
                                     const QHash<QString, QString> &vars);

/// The JSON an answer holds: the whole text, or the text inside one code fence
/// around it (```json … ```), as models often write it. Undefined when neither
/// parses.
[[nodiscard]] QJsonValue answerJson(const QString &answer);

} // namespace Switchyard::Eval::AssertionCheck
