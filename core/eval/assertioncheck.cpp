#include "eval/assertioncheck.h"

#include "eval/jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval::AssertionCheck {

namespace {

QString excerpt(const QString &text)
{
    const QString flat = text.simplified();
    return flat.size() > 60 ? flat.left(57) + u"…"_s : flat;
}

} // namespace

QJsonValue answerJson(const QString &answer)
{
    QString text = answer.trimmed();
    static const QRegularExpression fence(u"^```[A-Za-z0-9_-]*[ \\t]*\\n(.*)\\n```$"_s,
                                          QRegularExpression::DotMatchesEverythingOption);
    if (const auto m = fence.match(text); m.hasMatch())
        text = m.captured(1).trimmed();
    QJsonParseError error;
    // Wrapped in an array so that a bare scalar ("42", "\"yes\"") is JSON too.
    const QJsonDocument doc = QJsonDocument::fromJson(u"[%1]"_s.arg(text).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || text.isEmpty() || doc.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return doc.array().first();
}

AssertionOutcome check(const Assertion &a, const CaseResult &result, const QHash<QString, QString> &vars)
{
    AssertionOutcome out;
    out.type = a.typeName();
    const QString expected = fillTemplate(a.text, vars);
    const Qt::CaseSensitivity cs = a.ignoreCase ? Qt::CaseInsensitive : Qt::CaseSensitive;
    const QString &answer = result.answer;
    bool holds = false;
    QString failure; // why the un-negated check does not hold
    using T = Assertion::Type;
    switch (a.type) {
    case T::Equals:
        holds = answer.trimmed().compare(expected.trimmed(), cs) == 0;
        failure = u"the answer \"%1\" is not \"%2\""_s.arg(excerpt(answer), excerpt(expected));
        break;
    case T::Contains:
        holds = answer.contains(expected, cs);
        failure = u"the answer does not contain \"%1\""_s.arg(excerpt(expected));
        break;
    case T::Regex: {
        const QRegularExpression re(expected, a.ignoreCase ? QRegularExpression::CaseInsensitiveOption
                                                           : QRegularExpression::NoPatternOption);
        if (!re.isValid()) {
            out.error = true;
            out.reason = u"the regex does not compile once filled in: %1"_s.arg(re.errorString());
            return out;
        }
        holds = re.match(answer).hasMatch();
        failure = u"the answer does not match /%1/"_s.arg(expected);
        break;
    }
    case T::IsJson:
        holds = !answerJson(answer).isUndefined();
        failure = u"the answer is not JSON"_s;
        break;
    case T::JsonSchema: {
        const QJsonValue value = answerJson(answer);
        if (value.isUndefined()) {
            failure = u"the answer is not JSON"_s;
            break;
        }
        const QStringList problems = JsonSchema::validate(a.schema.toObject(), value);
        holds = problems.isEmpty();
        failure = problems.mid(0, 3).join(u"; "_s);
        break;
    }
    case T::MaxCost:
        if (!result.costNanoUsd) {
            out.reason = u"the cost is not known (no price for the model)"_s;
            return out;
        }
        holds = double(*result.costNanoUsd) / 1e9 <= a.limit;
        failure = u"cost $%1 is over $%2"_s.arg(double(*result.costNanoUsd) / 1e9, 0, 'g', 4).arg(a.limit);
        break;
    case T::MaxLatency:
        if (!result.latencyMs) {
            out.reason = u"the latency is not known"_s;
            return out;
        }
        holds = *result.latencyMs <= a.limit;
        failure = u"took %1 ms, over %2 ms"_s.arg(qRound64(*result.latencyMs)).arg(a.limit);
        break;
    case T::MaxTokens:
        if (!result.tokensOut) {
            out.reason = u"the provider did not report the output tokens"_s;
            return out;
        }
        holds = double(*result.tokensOut) <= a.limit;
        failure = u"%1 output tokens, over %2"_s.arg(*result.tokensOut).arg(a.limit);
        break;
    case T::Judge:
        out.error = true;
        out.reason = u"a judge needs a model call"_s;
        return out;
    }
    out.passed = holds != a.negated;
    if (!out.passed)
        out.reason = a.negated ? u"the answer must not satisfy %1 \"%2\", and does"_s.arg(
                                     a.typeName().mid(4), excerpt(a.type == T::IsJson ? QString() : expected))
                               : failure;
    return out;
}

} // namespace Switchyard::Eval::AssertionCheck
