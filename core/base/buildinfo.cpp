#include "base/buildinfo.h"

#include "buildconfig.h"
#include "buildrevision.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Base::BuildInfo {

QString version()
{
    return QStringLiteral(SWITCHYARD_VERSION);
}

QString revision()
{
    return QStringLiteral(SWITCHYARD_REVISION);
}

QString buildType()
{
    const QString type = QStringLiteral(SWITCHYARD_BUILD_TYPE);
    return type.isEmpty() ? u"unspecified"_s : type;
}

QString compiler()
{
    return QStringLiteral(SWITCHYARD_COMPILER);
}

QString runtimeQtVersion()
{
    return QString::fromLatin1(qVersion());
}

QString applicationId()
{
    return QStringLiteral(SWITCHYARD_APP_ID);
}

QString homepage()
{
    return QStringLiteral(SWITCHYARD_HOMEPAGE);
}

QString versionLine(const QString &programName)
{
    return programName + u' ' + version();
}

QString details()
{
    return u"revision %1, %2 build, %3, Qt %4 (built with %5)"_s.arg(
        revision(), buildType(), compiler(), runtimeQtVersion(), QStringLiteral(QT_VERSION_STR));
}

} // namespace Switchyard::Base::BuildInfo
