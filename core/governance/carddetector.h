#pragma once

#include "governance/detection.h"

#include <QStringView>

/// Payment-card numbers: 13 to 19 digits, together or in groups split by
/// single spaces or dashes ("4111 1111 1111 1111", "3782-822463-10005"),
/// starting with 2–6 (the card networks' ranges), passing the Luhn check and
/// not one digit repeated. The number must stand alone: not glued to letters,
/// not part of a decimal, and a run of digits longer than 19 without
/// separators is an id, not a card. In a longer run of groups the longest
/// stretch of whole groups that passes is taken, so "4111 1111 1111 1111 12"
/// (an expiry month after it) is still found.
///
/// About one random 16-digit number in ten passes Luhn: an id of that length
/// starting 2–6 may be taken for a card. That is the side to err on.
namespace Switchyard::Governance::CardDetector {

[[nodiscard]] Detections find(QStringView text);

/// The Luhn check over the digits of text (other characters ignored).
[[nodiscard]] bool passesLuhn(QStringView digits);

} // namespace Switchyard::Governance::CardDetector
