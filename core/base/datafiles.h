#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

namespace Switchyard::Base::DataFiles {

/// Writes bytes to path through a temporary file that replaces it only once
/// complete, so a crash or a full disk never leaves half a file where the
/// user's data was. Creates the folder if needed. The error names the file.
[[nodiscard]] std::expected<void, QString> writeAtomically(const QString &path, const QByteArray &bytes);

/// Renames a file that could not be read to PATH.corrupt-<UTC time>, so that
/// the next save cannot destroy what the user may still want from it.
/// Returns the new name, or an empty string when it could not be renamed.
[[nodiscard]] QString setAside(const QString &path);

} // namespace Switchyard::Base::DataFiles
