#include "base/buildinfo.h"
#include "base/datadirectory.h"
#include "shell/aboutdialog.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Switchyard"_s);
    QCoreApplication::setApplicationName(u"Switchyard"_s);
    QCoreApplication::setApplicationVersion(Base::BuildInfo::version());
}

void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        u"Switchyard — compare, route and track LLM models from your desktop."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("data-dir"),
                      QStringLiteral("Keep settings and data in DIR instead of the app-data folder (also $SWITCHYARD_DATA_DIR)."),
                      QStringLiteral("dir")});
}

// --help and --version must work without a display (over ssh, in a package
// test), so they are answered by a core application before any GUI exists.
bool wantsInformationOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    setIdentity();
    if (wantsInformationOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describe(parser);
        if (parser.parse(app.arguments()) && parser.isSet(u"version"_s)) {
            std::printf("%s\n%s\n", qPrintable(Base::BuildInfo::versionLine(u"switchyard"_s)),
                        qPrintable(Base::BuildInfo::details()));
            return 0;
        }
        parser.process(app); // prints help (or the parse error) and exits
        return 0;
    }

    QApplication app(argc, argv);
    Shell::Translations::install(app); // "1 call", "3 calls"
    QGuiApplication::setDesktopFileName(Base::BuildInfo::applicationId());
    QApplication::setWindowIcon(Shell::AboutDialog::applicationIcon()); // every window, dialogs too
    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    // Only an explicit folder moves the settings; by default they stay where
    // the platform keeps them (the registry, plists, ~/.config).
    const QString explicitDir = parser.isSet(u"data-dir"_s) ? parser.value(u"data-dir"_s)
                                                           : qEnvironmentVariable("SWITCHYARD_DATA_DIR");
    const auto dataDir = Base::DataDirectory::resolve(explicitDir);
    if (!dataDir) {
        std::fprintf(stderr, "switchyard: %s\n", qPrintable(dataDir.error()));
        return 1;
    }
    if (!explicitDir.isEmpty())
        Base::DataDirectory::useForSettings(*dataDir);

    Shell::MainWindow window(*dataDir);
    window.show();
    window.offerFirstRun(); // only when this data folder has never been set up
    // For the start-up benchmark: quit as soon as the window is on screen.
    if (qEnvironmentVariableIsSet("SWITCHYARD_EXIT_WHEN_SHOWN"))
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return app.exec();
}
