#include "base/thirdpartycomponent.h"

#include "buildconfig.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace Switchyard::Base {

QList<ThirdPartyComponent> thirdPartyComponents()
{
    return {
        {u"Qt"_s, QString::fromLatin1(qVersion()), u"LGPL-3.0-only"_s, u"windows, networking, settings"_s,
         u"https://www.qt.io/"_s},
        {u"Qt Charts"_s, QString::fromLatin1(qVersion()), u"GPL-3.0-only"_s, u"the Usage page's charts"_s,
         u"https://doc.qt.io/qt-6/qtcharts-index.html"_s},
        {u"KF6 SyntaxHighlighting"_s, QStringLiteral(SWITCHYARD_KSYNTAXHIGHLIGHTING_VERSION), u"MIT"_s,
         u"code in answers"_s, u"https://invent.kde.org/frameworks/syntax-highlighting"_s},
        {u"QtKeychain"_s, QStringLiteral(SWITCHYARD_QTKEYCHAIN_VERSION), u"BSD-3-Clause"_s,
         u"API keys in the system keychain"_s, u"https://github.com/frankosterfeld/qtkeychain"_s},
        {u"SQLite"_s, QString::fromLatin1(sqlite3_libversion()), u"Public domain"_s, u"the usage log"_s,
         u"https://sqlite.org/"_s},
        {u"yaml-cpp"_s, QStringLiteral(SWITCHYARD_YAMLCPP_VERSION), u"MIT"_s, u"routing configs"_s,
         u"https://github.com/jbeder/yaml-cpp"_s},
        {u"md4c"_s, QStringLiteral(SWITCHYARD_MD4C_VERSION), u"MIT"_s, u"Markdown in answers"_s,
         u"https://github.com/mity/md4c"_s},
    };
}

} // namespace Switchyard::Base
