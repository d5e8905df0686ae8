#pragma once

#include "governance/detection.h"

#include <QStringView>

/// E-mail addresses: local@domain.tld with an ASCII local part
/// (letters, digits, ". _ % + -", at most 64 characters kept), a domain of at
/// least two dot-separated labels and a top-level label of two or more
/// letters. "icon@2x.png" is a file name, not an address: a top-level label
/// that is an image extension does not count. Linear: it works outwards from
/// each '@', and no character is read by more than two of them.
namespace Switchyard::Governance::EmailDetector {

[[nodiscard]] Detections find(QStringView text);

} // namespace Switchyard::Governance::EmailDetector
