#pragma once

#include <QString>

#include <expected>

namespace Switchyard::Base::DataDirectory {

/// Where settings, price overrides and imports, and (later) the usage database
/// live: --data-dir when given, else $SWITCHYARD_DATA_DIR, else the platform's
/// app-data folder. Scripts and tests point both executables elsewhere this way
/// without touching the user's data. The folder is created (mode 0700: usage
/// logs and settings are private) and returned as an absolute path; a folder
/// that cannot be created is an error naming it.
[[nodiscard]] std::expected<QString, QString> resolve(const QString &fromOption);

/// Makes QSettings() in this process use an INI file inside dir, so the GUI's
/// window state follows --data-dir too. Call before the first QSettings.
void useForSettings(const QString &dir);

} // namespace Switchyard::Base::DataDirectory
