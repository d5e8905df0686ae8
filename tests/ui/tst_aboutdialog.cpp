// The About dialog on the offscreen platform: it names the version, the
// revision and the build, the license GPL-3.0-or-later and every third-party
// component with its license (the same list as the installers' notices), copies
// the build information for a bug report, and opens from Help → About.

#include "base/buildinfo.h"
#include "base/thirdpartycomponent.h"
#include "shell/aboutdialog.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Shell::AboutDialog;

class TestAboutDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void namesVersionBuildAndLicense();
    void listsEveryComponentWithItsLicense_data();
    void listsEveryComponentWithItsLicense();
    void noticesFileAgreesWithTheList();
    void copiesBuildInformation();
    void opensFromTheHelpMenu();
    void windowHasTheApplicationIcon();

private:
    QTemporaryDir m_dir;
};

void TestAboutDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_aboutdialog"_s);
    QVERIFY(m_dir.isValid());
}

void TestAboutDialog::namesVersionBuildAndLicense()
{
    AboutDialog dialog;
    auto text = [&dialog](const char *name) {
        auto *label = dialog.findChild<QLabel *>(QLatin1StringView(name));
        return label ? label->text() : QString();
    };
    QVERIFY(text("versionLabel").contains(Base::BuildInfo::version()));
    QCOMPARE(text("buildVersion"), Base::BuildInfo::version());
    QCOMPARE(text("buildRevision"), Base::BuildInfo::revision());
    QVERIFY(!text("buildRevision").isEmpty());
    QCOMPARE(text("buildType"), Base::BuildInfo::buildType());
    QCOMPARE(text("buildCompiler"), Base::BuildInfo::compiler());
    QVERIFY(text("buildQt").startsWith(QString::fromLatin1(qVersion())));
    QCOMPARE(text("buildAppId"), u"io.github.switchyard.Switchyard"_s);
    QVERIFY(text("aboutText").contains(u"GPL-3.0-or-later"_s));
    QVERIFY(text("aboutText").contains(Base::BuildInfo::homepage()));
    QCOMPARE(dialog.findChild<QTabWidget *>(u"aboutTabs"_s)->count(), 3);
}

void TestAboutDialog::listsEveryComponentWithItsLicense_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("license");
    QTest::newRow("Qt") << u"Qt"_s << u"LGPL-3.0-only"_s;
    QTest::newRow("Qt Charts") << u"Qt Charts"_s << u"GPL-3.0-only"_s;
    QTest::newRow("KF6 SyntaxHighlighting") << u"KF6 SyntaxHighlighting"_s << u"MIT"_s;
    QTest::newRow("QtKeychain") << u"QtKeychain"_s << u"BSD-3-Clause"_s;
    QTest::newRow("SQLite") << u"SQLite"_s << u"Public domain"_s;
    QTest::newRow("yaml-cpp") << u"yaml-cpp"_s << u"MIT"_s;
    QTest::newRow("md4c") << u"md4c"_s << u"MIT"_s;
}

void TestAboutDialog::listsEveryComponentWithItsLicense()
{
    QFETCH(QString, name);
    QFETCH(QString, license);
    AboutDialog dialog;
    auto *tree = dialog.findChild<QTreeWidget *>(u"componentsTree"_s);
    QVERIFY(tree);
    QCOMPARE(tree->topLevelItemCount(), 7);
    const QList<QTreeWidgetItem *> found = tree->findItems(name, Qt::MatchExactly, 0);
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first()->text(2).startsWith(license), qPrintable(found.first()->text(2)));
    // The build found a version for each (md4c's comes from pkg-config).
    QVERIFY2(!found.first()->text(1).isEmpty() && found.first()->text(1) != u"unknown"_s,
             qPrintable(name + u" has no version"_s));
    QVERIFY(!found.first()->text(3).isEmpty());
    QVERIFY(found.first()->toolTip(0).startsWith(u"https://"_s));
}

// The notices file the installers carry names the same components and licenses.
void TestAboutDialog::noticesFileAgreesWithTheList()
{
    QFile notices(QStringLiteral(SWITCHYARD_NOTICES_PATH));
    QVERIFY2(notices.open(QIODevice::ReadOnly), qPrintable(notices.fileName()));
    const QString text = QString::fromUtf8(notices.readAll());
    for (const Base::ThirdPartyComponent &component : Base::thirdPartyComponents()) {
        const QString row = u"| %1 | %2 |"_s.arg(component.name, component.license);
        QVERIFY2(text.contains(row), qPrintable(row));
    }
}

void TestAboutDialog::copiesBuildInformation()
{
    AboutDialog dialog;
    QGuiApplication::clipboard()->clear();
    auto *copy = dialog.findChild<QPushButton *>(u"copyBuildInformation"_s);
    QVERIFY(copy);
    copy->click();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, AboutDialog::buildReport());
    QVERIFY(copied.startsWith(u"Switchyard %1\n"_s.arg(Base::BuildInfo::version())));
    QVERIFY(copied.contains(u"Revision: "_s + Base::BuildInfo::revision()));
    QVERIFY(copied.contains(u"Platform: "_s));
    QVERIFY(copied.contains(u"KF6 SyntaxHighlighting"_s));
    QVERIFY(copied.contains(u"md4c"_s));
}

void TestAboutDialog::opensFromTheHelpMenu()
{
    Shell::MainWindow window(m_dir.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *about = window.findChild<QAction *>(u"aboutAction"_s);
    QVERIFY(about);
    about->trigger();
    auto *dialog = window.findChild<AboutDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    // A second time raises the same dialog rather than opening another.
    about->trigger();
    QCOMPARE(window.findChildren<AboutDialog *>().size(), 1);
    dialog->close();
}

void TestAboutDialog::windowHasTheApplicationIcon()
{
    QVERIFY(!AboutDialog::applicationIcon().isNull());
    QVERIFY(!AboutDialog::applicationIcon().pixmap(64, 64).isNull());
    Shell::MainWindow window(m_dir.path());
    QVERIFY(!window.windowIcon().isNull());
    QCOMPARE(window.windowIcon().pixmap(32, 32).toImage(), AboutDialog::applicationIcon().pixmap(32, 32).toImage());
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
