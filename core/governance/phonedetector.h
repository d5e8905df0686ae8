#pragma once

#include "governance/detection.h"

#include <QStringView>

/// Telephone numbers, in the shapes people write them:
/// - international: "+" and 8 to 15 digits (E.164), e.g. "+44 20 7946 0958",
///   "+1 (415) 555-2671", "+14155552671"; or "00" instead of the "+";
/// - North American: "(415) 555-2671", "415-555-2671", "415.555.2671",
///   "1 415 555 2671" (area code and exchange starting 2–9);
/// - national with a trunk "0": 10 to 12 digits in groups of two or more,
///   e.g. "020 7946 0958", "030 12345678", "06 12 34 56 78".
/// Digits are grouped by single spaces, '-', '.' or parentheses. What is not
/// a telephone number: a plain run of digits without '+', dates
/// ("2024-01-15", "15.01.2024"), version numbers and IP addresses, and
/// numbers glued to letters, '/', ':' or '@'. A number written without
/// separators or a national prefix ("4155552671") is missed on purpose: it
/// cannot be told from an id.
///
/// Linear: each run of digits and separators is read once, and the scan goes
/// on after it whether or not it was a number.
namespace Switchyard::Governance::PhoneDetector {

[[nodiscard]] Detections find(QStringView text);

} // namespace Switchyard::Governance::PhoneDetector
