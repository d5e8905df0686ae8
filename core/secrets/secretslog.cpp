#include "secrets/secretslog.h"

namespace Switchyard::Secrets {

// Debug messages (which provider, which variable, which operation) are off
// unless QT_LOGGING_RULES="switchyard.secrets.debug=true" asks for them.
Q_LOGGING_CATEGORY(lcSecrets, "switchyard.secrets", QtInfoMsg)

} // namespace Switchyard::Secrets
