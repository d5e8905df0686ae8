// switchyard-screenshots OUTDIR [WIDTHxHEIGHT]: renders every page of the main
// window in the light and the dark scheme on the offscreen platform and saves
// them as PNGs, so a change to the UI can be looked at without a desktop.

#include "shell/colorscheme.h"
#include "shell/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QMetaEnum>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Shell;

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // never touch the user's settings
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"SwitchyardScreenshots"_s);

    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fputs("usage: switchyard-screenshots OUTDIR [WIDTHxHEIGHT]\n", stderr);
        return 2;
    }
    const QDir out(args.at(1));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(out.path()));
        return 1;
    }
    QSize size(1280, 800);
    if (args.size() > 2) {
        const QStringList wh = args.at(2).split(u'x');
        if (wh.size() == 2)
            size = QSize(wh.at(0).toInt(), wh.at(1).toInt());
    }

    const auto pages = QMetaEnum::fromType<MainWindow::Page>();
    for (auto [scheme, name] : {std::pair{ColorScheme::Scheme::Light, "light"},
                                std::pair{ColorScheme::Scheme::Dark, "dark"}}) {
        ColorScheme::apply(scheme);
        MainWindow window;
        window.resize(size);
        window.show();
        for (int i = 0; i < pages.keyCount(); ++i) {
            window.showPage(MainWindow::Page(pages.value(i)));
            QCoreApplication::processEvents();
            const QString file = out.filePath(
                u"%1-%2.png"_s.arg(QString::fromLatin1(pages.key(i)).toLower(), QLatin1StringView(name)));
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return 1;
            }
            std::printf("%s\n", qPrintable(file));
        }
    }
    return 0;
}
