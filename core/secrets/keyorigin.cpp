#include "secrets/keyorigin.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

QString KeyOrigin::description() const
{
    switch (source) {
    case Source::Keychain:
        return u"from the system keychain"_s;
    case Source::Environment:
        return u"from "_s + variable;
    }
    return {};
}

} // namespace Switchyard::Secrets
