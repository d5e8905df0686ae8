#include "secrets/apikey.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

namespace {
constexpr qsizetype VisibleCharacters = 4;
constexpr qsizetype ShortestPartlyShownKey = 12;
} // namespace

QString ApiKey::mask(QStringView secret)
{
    if (secret.isEmpty())
        return {};
    if (secret.size() < ShortestPartlyShownKey)
        return u"****"_s;
    return u"****"_s + secret.right(VisibleCharacters);
}

QDebug operator<<(QDebug debug, const ApiKey &key)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "ApiKey(" << key.masked() << ", " << key.origin.description() << ')';
    return debug;
}

} // namespace Switchyard::Secrets
