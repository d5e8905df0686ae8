#include "base/buildinfo.h"
#include "shell/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

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
    QGuiApplication::setDesktopFileName(Base::BuildInfo::applicationId());
    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    Shell::MainWindow window;
    window.show();
    return app.exec();
}
