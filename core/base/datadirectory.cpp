#include "base/datadirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Switchyard::Base::DataDirectory {

std::expected<QString, QString> resolve(const QString &fromOption)
{
    QString dir = fromOption;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("SWITCHYARD_DATA_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        return std::unexpected(u"no data folder: the platform has no app-data location; give --data-dir"_s);
    dir = QFileInfo(dir).absoluteFilePath();
    if (!QFileInfo(dir).isDir()) {
        if (!QDir().mkpath(dir))
            return std::unexpected(u"cannot create the data folder %1"_s.arg(dir));
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (!QFileInfo(dir).isWritable())
        return std::unexpected(u"the data folder %1 is not writable"_s.arg(dir));
    return QDir::cleanPath(dir);
}

void useForSettings(const QString &dir)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
}

} // namespace Switchyard::Base::DataDirectory
