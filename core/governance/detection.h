#pragma once

#include <QList>
#include <QString>

namespace Switchyard::Governance {

/// What a detector found. Secrets are credentials (API keys, tokens, JWTs,
/// private-key blocks); the others are personal data; Custom is a pattern the
/// user gave, named by its label.
enum class DetectionKind { Secret, Email, Phone, PaymentCard, Iban, Custom };

/// One span of text a detector matched, in UTF-16 code units of the text it
/// was given. label is what a redaction shows and counts it under:
/// kindName() for the built-in kinds, the pattern's name for Custom.
struct Detection {
    qsizetype start = 0;
    qsizetype length = 0;
    DetectionKind kind = DetectionKind::Secret;
    QString label;

    [[nodiscard]] qsizetype end() const { return start + length; }
    friend bool operator==(const Detection &, const Detection &) = default;
};

using Detections = QList<Detection>;

/// "secret", "email", "phone", "card", "iban", "custom": the words of
/// "[REDACTED:…]" and of the counts a redaction reports.
[[nodiscard]] QString kindName(DetectionKind kind);

/// A Detection of kind with its kindName() as label.
[[nodiscard]] Detection detection(qsizetype start, qsizetype length, DetectionKind kind);

} // namespace Switchyard::Governance
