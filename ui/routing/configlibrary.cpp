#include "routing/configlibrary.h"

#include "settings/appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {

ConfigLibrary::ConfigLibrary(const QString &dataDir, Settings::AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_folder(QDir(dataDir).filePath(u"routing"_s))
    , m_settings(settings)
{
    if (m_settings) {
        connect(m_settings, &Settings::AppSettings::activeRoutingConfigChanged, this,
                &ConfigLibrary::activeChanged);
    }
    rescan();
}

ConfigLibrary::~ConfigLibrary() = default;

QString ConfigLibrary::pathOf(const QString &fileName) const
{
    return QDir(m_folder).filePath(fileName);
}

QString ConfigLibrary::displayName(const QString &fileName)
{
    return QFileInfo(fileName).completeBaseName();
}

void ConfigLibrary::rescan()
{
    QStringList files = QDir(m_folder).entryList({u"*.yaml"_s, u"*.yml"_s}, QDir::Files | QDir::Readable);
    std::ranges::sort(files, [](const QString &a, const QString &b) {
        return QString::compare(a, b, Qt::CaseInsensitive) < 0;
    });
    if (files == m_files)
        return;
    m_files = std::move(files);
    Q_EMIT filesChanged();
}

QString ConfigLibrary::freeFileName(const QString &name) const
{
    QString base = name.trimmed();
    base.replace(u'/', u'-').replace(u'\\', u'-');
    if (base.isEmpty() || base.startsWith(u'.'))
        base = tr("routing");
    QString candidate = base + u".yaml"_s;
    for (int n = 2; QFile::exists(pathOf(candidate)); ++n)
        candidate = u"%1 %2.yaml"_s.arg(base).arg(n);
    return candidate;
}

std::expected<QString, QString> ConfigLibrary::fileNameFor(const QString &name) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return std::unexpected(tr("A config needs a name."));
    if (trimmed.contains(u'/') || trimmed.contains(u'\\') || trimmed.startsWith(u'.'))
        return std::unexpected(tr("A name cannot contain / or \\ or start with a dot."));
    const QString fileName = trimmed + u".yaml"_s;
    if (QFile::exists(pathOf(fileName)))
        return std::unexpected(tr("There is already a config named “%1”.").arg(trimmed));
    return fileName;
}

QString ConfigLibrary::active() const
{
    return m_settings ? m_settings->activeRoutingConfig() : m_active;
}

void ConfigLibrary::setActive(const QString &fileName)
{
    if (m_settings) {
        m_settings->setActiveRoutingConfig(fileName);
        return;
    }
    if (fileName == m_active)
        return;
    m_active = fileName;
    Q_EMIT activeChanged(fileName);
}

std::expected<void, QString> ConfigLibrary::rename(const QString &fileName, const QString &newFileName)
{
    if (QFile::exists(pathOf(newFileName)))
        return std::unexpected(tr("There is already a config named “%1”.").arg(displayName(newFileName)));
    QFile file(pathOf(fileName));
    if (!file.rename(pathOf(newFileName)))
        return std::unexpected(tr("Could not rename %1: %2").arg(fileName, file.errorString()));
    if (active() == fileName)
        setActive(newFileName);
    rescan();
    return {};
}

std::expected<void, QString> ConfigLibrary::remove(const QString &fileName)
{
    QFile file(pathOf(fileName));
    // To the trash where there is one: a deleted config can be had back.
    if (!file.moveToTrash() && !file.remove())
        return std::unexpected(tr("Could not delete %1: %2").arg(fileName, file.errorString()));
    if (active() == fileName)
        setActive({});
    rescan();
    return {};
}

} // namespace Switchyard::RoutingUi
