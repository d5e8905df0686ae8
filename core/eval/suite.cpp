#include "eval/suite.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

namespace {

const QRegularExpression &variablePattern()
{
    static const QRegularExpression re(u"\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*\\}\\}"_s);
    return re;
}

struct TypeName {
    const char16_t *name;
    Assertion::Type type;
};

constexpr TypeName TypeNames[] = {
    {u"equals", Assertion::Type::Equals},
    {u"contains", Assertion::Type::Contains},
    {u"regex", Assertion::Type::Regex},
    {u"is-json", Assertion::Type::IsJson},
    {u"json-schema", Assertion::Type::JsonSchema},
    {u"max-cost", Assertion::Type::MaxCost},
    {u"max-latency", Assertion::Type::MaxLatency},
    {u"max-tokens", Assertion::Type::MaxTokens},
    {u"judge", Assertion::Type::Judge},
};

// The types whose outcome can meaningfully be turned around.
bool negatable(Assertion::Type type)
{
    return type == Assertion::Type::Equals || type == Assertion::Type::Contains || type == Assertion::Type::Regex
        || type == Assertion::Type::IsJson || type == Assertion::Type::JsonSchema;
}

} // namespace

QString Assertion::typeName() const
{
    for (const TypeName &t : TypeNames)
        if (t.type == type)
            return (negated ? u"not-"_s : QString()) + QString::fromUtf16(t.name);
    return {};
}

std::optional<Assertion> Assertion::fromTypeName(QStringView name)
{
    const bool negated = name.startsWith(u"not-");
    const QStringView base = negated ? name.mid(4) : name;
    for (const TypeName &t : TypeNames) {
        if (base == QStringView(t.name)) {
            if (negated && !negatable(t.type))
                return std::nullopt;
            Assertion a;
            a.type = t.type;
            a.negated = negated;
            return a;
        }
    }
    return std::nullopt;
}

QList<EvalCase> Suite::cases() const
{
    QList<EvalCase> out;
    for (const TestCase &test : tests) {
        const QStringList templates = test.prompt ? QStringList{*test.prompt} : prompts;
        for (const QString &tmpl : templates) {
            EvalCase c;
            c.index = int(out.size());
            c.description = test.description;
            c.vars = test.vars;
            c.prompt = fillTemplate(tmpl, test.vars);
            // Two prompts of one described test are two cases: the key keeps them apart.
            c.key = test.description.isEmpty() ? c.prompt
                : templates.size() > 1         ? test.description + u" · "_s + c.prompt
                                               : test.description;
            c.assertions = assertions + test.assertions;
            out.append(c);
        }
    }
    return out;
}

int Suite::concurrencyOf(const QString &target) const
{
    const QString provider = target.contains(u'/') ? target.section(u'/', 0, 0) : target;
    return std::max(1, concurrencyPer.value(provider, concurrency));
}

QString fillTemplate(const QString &text, const QHash<QString, QString> &vars)
{
    QString out;
    qsizetype last = 0;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        out += vars.contains(name) ? vars.value(name) : m.captured(0);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

QStringList templateNames(const QString &text)
{
    QStringList names;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace Switchyard::Eval
