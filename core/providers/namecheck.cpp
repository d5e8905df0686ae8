#include "providers/namecheck.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

QString nameProblem(QStringView name, QStringView what)
{
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x2028 || u == 0x2029)
            return u"the %1 name contains a control character (U+%2); names are printable text"_s.arg(what).arg(
                int(u), 4, 16, QChar(u'0'));
    }
    return {};
}

} // namespace Switchyard::Providers
