// The main window on the offscreen platform: its pages, their shortcuts and
// rail buttons, and the state it keeps across a restart.

#include "gateway/gatewaybutton.h"
#include "gateway/gatewaypanel.h"
#include "gateway/keysdialog.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Switchyard::Shell::MainWindow;

Q_DECLARE_METATYPE(MainWindow::Page)

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void showsEveryPage_data();
    void showsEveryPage();
    void railButtonsSwitchPages();
    void providersReachableFromSettingsMenu();
    void gatewayKeysFromMenuAndPanel();
    void stateSurvivesRestart();
    void unknownSavedPageFallsBackToCompare();

private:
    // Each run its own data folder: no usage database or providers file of an
    // earlier run (or build) is read.
    QTemporaryDir m_data;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::showsEveryPage_data()
{
    QTest::addColumn<MainWindow::Page>("page");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("objectName");
    QTest::addColumn<QString>("title");
    QTest::addColumn<bool>("placeholder");

    QTest::newRow("compare") << MainWindow::Page::Compare << int(Qt::Key_1) << u"comparePage"_s << u"Compare"_s << false;
    QTest::newRow("routing") << MainWindow::Page::Routing << int(Qt::Key_2) << u"routingPage"_s << u"Routing"_s << false;
    QTest::newRow("usage") << MainWindow::Page::Usage << int(Qt::Key_3) << u"usagePage"_s << u"Usage"_s << false;
    QTest::newRow("providers") << MainWindow::Page::Providers << int(Qt::Key_4) << u"providersPage"_s
                               << u"Providers"_s << false;
    QTest::newRow("evaluate") << MainWindow::Page::Evaluate << int(Qt::Key_5) << u"evaluatePage"_s << u"Evaluate"_s
                              << false;
    QTest::newRow("audit") << MainWindow::Page::Audit << int(Qt::Key_6) << u"auditPage"_s << u"Audit"_s << false;
}

void TestMainWindow::showsEveryPage()
{
    QFETCH(MainWindow::Page, page);
    QFETCH(int, key);
    QFETCH(QString, objectName);
    QFETCH(QString, title);
    QFETCH(bool, placeholder);

    MainWindow window(m_data.path());
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // Start elsewhere so the shortcut has to change something.
    window.showPage(page == MainWindow::Page::Compare ? MainWindow::Page::Usage : MainWindow::Page::Compare);
    QSignalSpy changed(&window, &MainWindow::currentPageChanged);

    QTest::keyClick(&window, Qt::Key(key), Qt::ControlModifier);
    QCOMPARE(window.currentPage(), page);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().value<MainWindow::Page>(), page);

    QWidget *widget = window.pageWidget(page);
    QVERIFY(widget);
    QCOMPARE(widget->objectName(), objectName);
    QVERIFY(widget->isVisible());
    QVERIFY(window.pageAction(page)->isChecked());
    QCOMPARE(window.pageAction(page)->text(), title);

    // A page that is not built yet must say so instead of pretending.
    auto *status = widget->findChild<QLabel *>(u"statusLabel"_s);
    if (!placeholder) {
        QVERIFY(!status);
        return;
    }
    QVERIFY(status);
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(u"Not built yet"_s), qPrintable(status->text()));
}

void TestMainWindow::railButtonsSwitchPages()
{
    MainWindow window(m_data.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *rail = window.findChild<QToolBar *>(u"navigationRail"_s);
    QVERIFY(rail);
    QCOMPARE(window.toolBarArea(rail), Qt::LeftToolBarArea);
    for (auto page : {MainWindow::Page::Routing, MainWindow::Page::Usage, MainWindow::Page::Providers,
                      MainWindow::Page::Audit, MainWindow::Page::Compare}) {
        auto *button = qobject_cast<QToolButton *>(rail->widgetForAction(window.pageAction(page)));
        QVERIFY(button);
        QVERIFY(button->isVisible());
        QVERIFY2(!button->toolTip().isEmpty(), "icon buttons need a tooltip");
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(window.currentPage(), page);
        QVERIFY(button->isChecked());
    }
}

void TestMainWindow::providersReachableFromSettingsMenu()
{
    MainWindow window(m_data.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPage(), MainWindow::Page::Compare);

    auto *action = window.findChild<QAction *>(u"providersSettingsAction"_s);
    QVERIFY(action);
    QVERIFY(!action->associatedObjects().isEmpty()); // it sits in a menu
    action->trigger();
    QCOMPARE(window.currentPage(), MainWindow::Page::Providers);
}

void TestMainWindow::gatewayKeysFromMenuAndPanel()
{
    MainWindow window(m_data.path());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *action = window.findChild<QAction *>(u"gatewayKeysAction"_s);
    QVERIFY(action);
    QVERIFY(!action->associatedObjects().isEmpty()); // in the File menu
    action->trigger();
    auto *dialog = window.findChild<Switchyard::GatewayUi::KeysDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QSignalSpy loaded(dialog, &Switchyard::GatewayUi::KeysDialog::loaded);
    QVERIFY(loaded.wait());
    QCOMPARE(dialog->model()->rowCount(), 0); // a new data folder: the empty state
    dialog->close();
    QTRY_VERIFY(!window.findChild<Switchyard::GatewayUi::KeysDialog *>());

    // The gateway panel's Keys… opens it too, and closes the panel.
    auto *keys = window.gatewayButton()->panel()->findChild<QPushButton *>(u"gatewayKeysButton"_s);
    QVERIFY(keys);
    keys->click();
    dialog = window.findChild<Switchyard::GatewayUi::KeysDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!window.gatewayButton()->menu()->isVisible());
}

void TestMainWindow::stateSurvivesRestart()
{
    {
        MainWindow window(m_data.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(760, 560); // inside the offscreen screen (800×600)
        window.showPage(MainWindow::Page::Usage);
        QVERIFY(window.close());
    }
    MainWindow window(m_data.path());
    QCOMPARE(window.currentPage(), MainWindow::Page::Usage);
    QCOMPARE(window.size(), QSize(760, 560));
}

void TestMainWindow::unknownSavedPageFallsBackToCompare()
{
    QSettings().setValue(u"MainWindow/page"_s, u"NoSuchPage"_s);
    MainWindow window(m_data.path());
    QCOMPARE(window.currentPage(), MainWindow::Page::Compare);
    QVERIFY(window.pageAction(MainWindow::Page::Compare)->isChecked());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
