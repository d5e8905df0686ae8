#include "secrets/keyerror.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

QString KeyError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::NoKeychain:
        return u"no-keychain"_s;
    case Kind::AccessDenied:
        return u"access-denied"_s;
    case Kind::ReadOnly:
        return u"read-only"_s;
    case Kind::InvalidArgument:
        return u"invalid-argument"_s;
    case Kind::Failed:
        return u"failed"_s;
    }
    return u"failed"_s;
}

} // namespace Switchyard::Secrets
