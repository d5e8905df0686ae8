#include "base/datafiles.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Switchyard::Base::DataFiles {

std::expected<void, QString> writeAtomically(const QString &path, const QByteArray &bytes)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return std::unexpected(u"%1: cannot create the directory"_s.arg(dir));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return std::unexpected(u"%1: %2"_s.arg(path, file.errorString()));
    return {};
}

QString setAside(const QString &path)
{
    const QString stem =
        path + u".corrupt-"_s + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    for (int n = 0; n < 10; ++n) {
        const QString target = n == 0 ? stem : stem + u'-' + QString::number(n);
        if (QFile::rename(path, target))
            return target;
    }
    return {};
}

} // namespace Switchyard::Base::DataFiles
