#pragma once

#include "governance/custompattern.h"
#include "governance/detection.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringView>

namespace Switchyard::Governance {

/// Text with what the detectors found replaced, and how many of each.
struct Redaction {
    QString text;
    /// Label ("secret", "email", …, or a custom pattern's name) → count.
    QMap<QString, int> counts;

    [[nodiscard]] int total() const;
    [[nodiscard]] bool changed() const { return !counts.isEmpty(); }
};

/// The one place that decides what of a text is a secret or personal data:
/// the built-in detectors (secrets, e-mail addresses, telephone, card and
/// bank-account numbers) that are switched on, then the user's patterns.
/// find() merges their spans — where two overlap the one that starts first
/// wins; at the same start the kind listed first in DetectionKind (a secret
/// before the e-mail address "ghp_…@github.com" it sits in), then the
/// longer — and redact() replaces each by
/// "[REDACTED:label]". Capture (before anything is stored) and the guardrail
/// rules (before a request leaves the machine) both go through it.
/// A value type: cheap to copy, safe to use from any thread once built.
class Redactor
{
public:
    /// Every built-in kind on, no custom patterns.
    Redactor();

    void setKinds(const QSet<DetectionKind> &kinds) { m_kinds = kinds; }
    [[nodiscard]] const QSet<DetectionKind> &kinds() const { return m_kinds; }
    void addPattern(const CustomPattern &pattern) { m_patterns.append(pattern); }
    [[nodiscard]] const QList<CustomPattern> &patterns() const { return m_patterns; }

    /// Every span to redact, sorted, none overlapping.
    [[nodiscard]] Detections find(QStringView text) const;
    [[nodiscard]] Redaction redact(QStringView text) const;
    /// Quicker than find() when only the answer matters: "contains a secret".
    [[nodiscard]] bool contains(QStringView text, DetectionKind kind) const;

    /// "[REDACTED:email]".
    [[nodiscard]] static QString placeholder(const QString &label);

private:
    QSet<DetectionKind> m_kinds;
    QList<CustomPattern> m_patterns;
};

} // namespace Switchyard::Governance
