#pragma once

class QCoreApplication;

namespace Switchyard::Shell::Translations {

/// Loads the translations compiled into the UI library into app: for now the
/// English plural forms, so tr("%n call(s)", nullptr, n) reads "1 call" and
/// "3 calls" rather than "3 call(s)". The app, the screenshot tool and the
/// widget tests that show counts call it once, after making the application.
void install(QCoreApplication &app);

} // namespace Switchyard::Shell::Translations
