#include "governance/redactor.h"

#include "governance/carddetector.h"
#include "governance/emaildetector.h"
#include "governance/ibandetector.h"
#include "governance/phonedetector.h"
#include "governance/secretdetector.h"

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace Switchyard::Governance {
namespace {

Detections findKind(QStringView text, DetectionKind kind)
{
    switch (kind) {
    case DetectionKind::Secret:
        return SecretDetector::find(text);
    case DetectionKind::Email:
        return EmailDetector::find(text);
    case DetectionKind::Phone:
        return PhoneDetector::find(text);
    case DetectionKind::PaymentCard:
        return CardDetector::find(text);
    case DetectionKind::Iban:
        return IbanDetector::find(text);
    case DetectionKind::Custom:
        break;
    }
    return {};
}

constexpr DetectionKind BuiltIn[] = {DetectionKind::Secret, DetectionKind::PaymentCard, DetectionKind::Iban,
                                     DetectionKind::Email, DetectionKind::Phone};

} // namespace

int Redaction::total() const
{
    return std::accumulate(counts.cbegin(), counts.cend(), 0);
}

Redactor::Redactor()
    : m_kinds{std::begin(BuiltIn), std::end(BuiltIn)}
{
}

Detections Redactor::find(QStringView text) const
{
    Detections all;
    for (const DetectionKind kind : BuiltIn) {
        if (m_kinds.contains(kind))
            all.append(findKind(text, kind));
    }
    for (const CustomPattern &pattern : m_patterns)
        all.append(pattern.find(text));
    std::ranges::stable_sort(all, [](const Detection &a, const Detection &b) {
        if (a.start != b.start)
            return a.start < b.start;
        if (a.kind != b.kind)
            return a.kind < b.kind; // a secret before the address it may sit in
        return a.length > b.length;
    });
    Detections merged;
    merged.reserve(all.size());
    for (const Detection &d : std::as_const(all)) {
        if (!merged.isEmpty() && d.start < merged.last().end())
            continue;
        merged.append(d);
    }
    return merged;
}

bool Redactor::contains(QStringView text, DetectionKind kind) const
{
    if (kind == DetectionKind::Custom) {
        return std::ranges::any_of(m_patterns, [&](const CustomPattern &p) { return !p.find(text).isEmpty(); });
    }
    return m_kinds.contains(kind) && !findKind(text, kind).isEmpty();
}

QString Redactor::placeholder(const QString &label)
{
    return u"[REDACTED:"_s + label + u']';
}

Redaction Redactor::redact(QStringView text) const
{
    Redaction out;
    const Detections spans = find(text);
    if (spans.isEmpty()) {
        out.text = text.toString();
        return out;
    }
    out.text.reserve(text.size());
    qsizetype from = 0;
    for (const Detection &d : spans) {
        out.text += text.sliced(from, d.start - from);
        out.text += placeholder(d.label);
        ++out.counts[d.label];
        from = d.end();
    }
    out.text += text.sliced(from);
    return out;
}

} // namespace Switchyard::Governance
