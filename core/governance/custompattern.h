#pragma once

#include "governance/detection.h"

#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include <expected>

namespace Switchyard::Governance {

/// A pattern of the user's own (an employee number, a project code name):
/// a regular expression with a name that labels what it finds
/// ("[REDACTED:NAME]"). make() reports a pattern that does not compile —
/// with PCRE's message and the offset — instead of using it. Unlike the
/// built-in detectors a user's expression can backtrack; PCRE's own match
/// limits end such a match as "no match" rather than hanging.
class CustomPattern
{
public:
    [[nodiscard]] static std::expected<CustomPattern, QString> make(const QString &name, const QString &pattern);

    [[nodiscard]] const QString &name() const { return m_name; }
    [[nodiscard]] QString pattern() const { return m_regex.pattern(); }
    /// Every non-empty match, in order, labelled with the name.
    [[nodiscard]] Detections find(QStringView text) const;

private:
    CustomPattern() = default;
    QString m_name;
    QRegularExpression m_regex;
};

} // namespace Switchyard::Governance
