#pragma once

#include "governance/detection.h"

#include <QStringView>

/// International bank account numbers: a country code of the IBAN registry,
/// two check digits and the country's number of characters in all, together
/// or in groups split by single spaces ("DE89 3704 0044 0532 0130 00"), whose
/// ISO 7064 mod-97 check gives 1. Country code in capitals; the rest may be
/// written in either case. Glued to a letter or digit on either side it is
/// not an IBAN. Linear: each candidate reads at most twice the longest IBAN.
namespace Switchyard::Governance::IbanDetector {

[[nodiscard]] Detections find(QStringView text);

/// The mod-97 check over an IBAN written without spaces.
[[nodiscard]] bool passesMod97(QStringView iban);

/// The length of the country's IBANs, or 0 when it has none in the registry.
[[nodiscard]] int ibanLength(QStringView countryCode);

} // namespace Switchyard::Governance::IbanDetector
