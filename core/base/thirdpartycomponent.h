#pragma once

#include <QList>
#include <QString>

namespace Switchyard::Base {

/// A library Switchyard is built with, as the About dialog and the installers'
/// notices name it: what it is for, the version, its license. Versions are those
/// the build found, except Qt's and SQLite's, which are the ones loaded at run
/// time (a packaged app may run against newer shared libraries).
struct ThirdPartyComponent
{
    QString name;
    QString version;
    QString license; ///< an SPDX expression, or "Public domain"
    QString purpose;
    QString url;
};

/// Every third-party component of the application, in the order to show them.
[[nodiscard]] QList<ThirdPartyComponent> thirdPartyComponents();

} // namespace Switchyard::Base
