#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <expected>

namespace Switchyard::Settings {
class AppSettings;
}

namespace Switchyard::RoutingUi {

/// The user's routing configs: the YAML files in the data folder's routing/
/// folder, by file name, and which one is active (kept in AppSettings, for
/// the gateway and Compare). Files only; reading them is RoutingDocument's.
class ConfigLibrary final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigLibrary)

public:
    /// settings may be null: then the active config lives only in memory.
    ConfigLibrary(const QString &dataDir, Settings::AppSettings *settings, QObject *parent = nullptr);
    ~ConfigLibrary() override;

    [[nodiscard]] const QString &folder() const { return m_folder; }
    /// File names ("team.yaml"), sorted without regard to case.
    [[nodiscard]] const QStringList &files() const { return m_files; }
    [[nodiscard]] QString pathOf(const QString &fileName) const;
    /// "team.yaml" → "team".
    [[nodiscard]] static QString displayName(const QString &fileName);

    /// A file name for name that is free: "name.yaml", "name 2.yaml", ...
    [[nodiscard]] QString freeFileName(const QString &name) const;
    /// Checks a name a user typed: not empty, no folder separators, not taken.
    [[nodiscard]] std::expected<QString, QString> fileNameFor(const QString &name) const;

    [[nodiscard]] QString active() const;
    void setActive(const QString &fileName);

    [[nodiscard]] std::expected<void, QString> rename(const QString &fileName, const QString &newFileName);
    [[nodiscard]] std::expected<void, QString> remove(const QString &fileName);

    /// Lists the folder again.
    void rescan();

Q_SIGNALS:
    void filesChanged();
    void activeChanged(const QString &fileName);

private:
    QString m_folder;
    Settings::AppSettings *m_settings;
    QString m_active; // without settings
    QStringList m_files;
};

} // namespace Switchyard::RoutingUi
