#pragma once

#include <QLoggingCategory>

namespace Switchyard::Secrets {

/// The secrets subsystem's log category ("switchyard.secrets"). Messages in it
/// name providers, variables and keychain errors — never a key, not even masked.
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)

} // namespace Switchyard::Secrets
