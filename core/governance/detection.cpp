#include "governance/detection.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Governance {

QString kindName(DetectionKind kind)
{
    switch (kind) {
    case DetectionKind::Secret:
        return u"secret"_s;
    case DetectionKind::Email:
        return u"email"_s;
    case DetectionKind::Phone:
        return u"phone"_s;
    case DetectionKind::PaymentCard:
        return u"card"_s;
    case DetectionKind::Iban:
        return u"iban"_s;
    case DetectionKind::Custom:
        break;
    }
    return u"custom"_s;
}

Detection detection(qsizetype start, qsizetype length, DetectionKind kind)
{
    return Detection{.start = start, .length = length, .kind = kind, .label = kindName(kind)};
}

} // namespace Switchyard::Governance
