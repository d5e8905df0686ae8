#include "governance/custompattern.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Governance {

std::expected<CustomPattern, QString> CustomPattern::make(const QString &name, const QString &pattern)
{
    const QString label = name.trimmed();
    if (label.isEmpty())
        return std::unexpected(u"a pattern needs a name"_s);
    if (!std::ranges::all_of(label, [](QChar c) { return c.isLetterOrNumber() || c == u'-' || c == u'_'; }))
        return std::unexpected(u"pattern name \"%1\": only letters, digits, '-' and '_'"_s.arg(label));
    if (pattern.isEmpty())
        return std::unexpected(u"pattern %1 is empty"_s.arg(label));
    CustomPattern made;
    made.m_name = label;
    made.m_regex.setPattern(pattern);
    if (!made.m_regex.isValid()) {
        return std::unexpected(u"pattern %1: %2 at offset %3"_s.arg(label, made.m_regex.errorString())
                                   .arg(made.m_regex.patternErrorOffset()));
    }
    made.m_regex.optimize();
    return made;
}

Detections CustomPattern::find(QStringView text) const
{
    Detections found;
    auto matches = m_regex.globalMatchView(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch m = matches.next();
        if (m.capturedLength() == 0)
            continue;
        found.append(Detection{.start = m.capturedStart(), .length = m.capturedLength(),
                               .kind = DetectionKind::Custom, .label = m_name});
    }
    return found;
}

} // namespace Switchyard::Governance
