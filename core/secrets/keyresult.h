#pragma once

#include "secrets/apikey.h"
#include "secrets/keyerror.h"

#include <QString>

#include <expected>

namespace Switchyard::Secrets {

enum class KeyOperation { Read, Write, Remove };

/// The answer to one readKey(), writeKey() or removeKey() call. On success a
/// read carries the key and its origin; a write or a remove carries an ApiKey
/// without a secret whose origin says where the key was written or removed.
struct KeyResult
{
    KeyOperation operation = KeyOperation::Read;
    QString providerId;
    std::expected<ApiKey, KeyError> outcome;

    [[nodiscard]] bool ok() const { return outcome.has_value(); }
};

} // namespace Switchyard::Secrets
