#pragma once

#include <QString>

namespace Switchyard::Base {

/// What was built, from which revision, with what: the facts that --version,
/// the About dialog and bug reports print. Everything here is fixed at build
/// time except the Qt version, which is the one loaded at run time (a packaged
/// app may run against a newer Qt than it was built with).
namespace BuildInfo {

[[nodiscard]] QString version();
[[nodiscard]] QString revision();
[[nodiscard]] QString buildType();
[[nodiscard]] QString compiler();
[[nodiscard]] QString runtimeQtVersion();
[[nodiscard]] QString applicationId();
/// The project's web page: source, issues, releases.
[[nodiscard]] QString homepage();

/// "NAME 0.1.0" — the first line of --version, which scripts parse.
[[nodiscard]] QString versionLine(const QString &programName);

/// The lines after versionLine(): revision, build type, compiler, Qt.
[[nodiscard]] QString details();

} // namespace BuildInfo
} // namespace Switchyard::Base
