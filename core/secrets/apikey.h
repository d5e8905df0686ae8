#pragma once

#include "secrets/keyorigin.h"

#include <QString>

class QDebug;

namespace Switchyard::Secrets {

/// A provider's API key and where it was found. The secret is meant to go into
/// one HTTP header and nowhere else: show masked() to people, and note that
/// streaming an ApiKey into QDebug prints only the masked form and the origin.
struct ApiKey
{
    QString secret;
    KeyOrigin origin;

    /// The key reduced to its last four characters, e.g. "****wxyz".
    [[nodiscard]] QString masked() const { return mask(secret); }

    /// "****" followed by the last four characters. Keys shorter than twelve
    /// characters are masked completely: their last four would give away too
    /// much of them. An empty key gives an empty string.
    [[nodiscard]] static QString mask(QStringView secret);
};

/// Prints the masked key and its origin, never the key.
QDebug operator<<(QDebug debug, const ApiKey &key);

} // namespace Switchyard::Secrets
