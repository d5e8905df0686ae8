// The settings dialog of a real main window on the offscreen platform: each
// setting is kept and takes effect at once — the theme repaints the
// application, new comparisons start with the default parameters, a pane's
// next call obeys the time limits, the next request goes through the proxy.

#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "settings/appsettings.h"
#include "settings/settingsdialog.h"
#include "shell/appservices.h"
#include "shell/colorscheme.h"
#include "shell/mainwindow.h"
#include "support/fixtureprovider.h"
#include "support/privatesession.h"

#include <QAction>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Shell::MainWindow;
using Settings::AppSettings;

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void showsTheDataFolder();
    void themeAppliesAtOnce();
    void newComparisonsStartWithTheDefaults();
    void timeLimitsApplyToTheNextCall();
    void proxyAppliesToTheNextRequest();

private:
    TestSupport::PrivateSession m_session; // no keychain, nothing of the real user's
    QTemporaryDir m_dir;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_settingsdialog"_s);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_session.start(TestSupport::PrivateSession::Bus::Dead), qPrintable(m_session.errorString()));
}

void TestSettingsDialog::cleanupTestCase()
{
    m_session.stop();
}

void TestSettingsDialog::init()
{
    QSettings().clear();
}

void TestSettingsDialog::showsTheDataFolder()
{
    MainWindow window(m_dir.path());
    auto *configure = window.findChild<QAction *>(u"configureAction"_s);
    QVERIFY(configure);
    QCOMPARE(configure->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    configure->trigger();
    auto *dialog = window.findChild<SettingsUi::SettingsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->findChild<QLabel *>(u"dataFolder"_s)->text(), window.services()->dataDir());
    QVERIFY(window.services()->dataDir().startsWith(m_dir.path()));
    QVERIFY(dialog->findChild<QPushButton *>(u"openDataFolder"_s)->isEnabled());
    QCOMPARE(window.showSettings(), dialog); // one dialog, raised again
}

void TestSettingsDialog::themeAppliesAtOnce()
{
    MainWindow window(m_dir.path());
    SettingsUi::SettingsDialog *dialog = window.showSettings();
    QTest::mouseClick(dialog->findChild<QRadioButton *>(u"themeDark"_s), Qt::LeftButton);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Shell::ColorScheme::palette(Shell::ColorScheme::Scheme::Dark).color(QPalette::Window));
    // The widgets already shown take it too.
    QTRY_COMPARE(window.palette().color(QPalette::Window),
                 Shell::ColorScheme::palette(Shell::ColorScheme::Scheme::Dark).color(QPalette::Window));
    QTest::mouseClick(dialog->findChild<QRadioButton *>(u"themeLight"_s), Qt::LeftButton);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Shell::ColorScheme::palette(Shell::ColorScheme::Scheme::Light).color(QPalette::Window));
    QCOMPARE(AppSettings().theme(), AppSettings::Theme::Light); // kept

    // The next start applies it before the window is shown.
    QApplication::setPalette(Shell::ColorScheme::palette(Shell::ColorScheme::Scheme::Dark));
    MainWindow again(m_dir.path());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Shell::ColorScheme::palette(Shell::ColorScheme::Scheme::Light).color(QPalette::Window));
    window.services()->settings()->setTheme(AppSettings::Theme::System);
}

void TestSettingsDialog::newComparisonsStartWithTheDefaults()
{
    MainWindow window(m_dir.path());
    auto *page = qobject_cast<CompareUi::ComparePage *>(window.pageWidget(MainWindow::Page::Compare));
    auto *temperature = page->findChild<QDoubleSpinBox *>(u"temperature"_s);
    temperature->setValue(1.2); // this comparison's own

    SettingsUi::SettingsDialog *dialog = window.showSettings();
    dialog->findChild<QDoubleSpinBox *>(u"defaultTemperature"_s)->setValue(0.3);
    dialog->findChild<QSpinBox *>(u"defaultMaxTokens"_s)->setValue(512);
    dialog->findChild<QPlainTextEdit *>(u"defaultSystemPrompt"_s)->setPlainText(u"Answer in one paragraph."_s);
    QCOMPARE(window.services()->settings()->defaultParameters().temperature, 0.3);
    QCOMPARE(temperature->value(), 1.2); // the running comparison keeps its own

    page->newComparisonAction()->trigger();
    QCOMPARE(page->parameters().temperature, 0.3);
    QCOMPARE(page->parameters().maxTokens, 512);
    QCOMPARE(page->parameters().systemPrompt, u"Answer in one paragraph."_s);
}

void TestSettingsDialog::timeLimitsApplyToTheNextCall()
{
    FixtureProvider silent;
    QVERIFY(silent.listen());
    silent.enqueue({.neverAnswer = true});
    MainWindow window(m_dir.path());
    Providers::ProviderConfig config = silent.providerConfig(Providers::ApiKind::OpenAi);
    config.id = u"silent"_s;
    QVERIFY(window.services()->registry()->add(config));

    SettingsUi::SettingsDialog *dialog = window.showSettings();
    dialog->findChild<QSpinBox *>(u"firstByteTimeout"_s)->setValue(1);
    QCOMPARE(window.services()->settings()->callTimeouts().firstByteMs, 1000);

    auto *page = qobject_cast<CompareUi::ComparePage *>(window.pageWidget(MainWindow::Page::Compare));
    CompareUi::ComparePane *pane = page->panes().first();
    pane->setModelLabel(u"silent/model"_s);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(pane->send(u"hello"_s, {}));
    QTRY_VERIFY_WITH_TIMEOUT(!pane->isBusy(), 10000);
    QVERIFY2(clock.elapsed() < 5000, "the 60 s default was used, not the setting");
    const auto &turn = pane->conversation()->turns().last();
    QVERIFY(turn.error);
    QCOMPARE(turn.error->kind, Providers::CallError::Kind::Timeout);
}

void TestSettingsDialog::proxyAppliesToTheNextRequest()
{
    FixtureProvider proxy;
    QVERIFY(proxy.listen());
    proxy.enqueue({.contentType = "text/plain", .chunks = {"via proxy"}});
    MainWindow window(m_dir.path());
    SettingsUi::SettingsDialog *dialog = window.showSettings();
    QTest::mouseClick(dialog->findChild<QRadioButton *>(u"proxyManual"_s), Qt::LeftButton);
    QVERIFY(dialog->findChild<QLabel *>(u"settingsProblem"_s)->isVisible()); // no host yet
    QCOMPARE(window.services()->settings()->proxy().mode, AppSettings::Proxy::Mode::System);
    dialog->findChild<QLineEdit *>(u"proxyHost"_s)->setText(u"127.0.0.1"_s);
    Q_EMIT dialog->findChild<QLineEdit *>(u"proxyHost"_s)->editingFinished();
    dialog->findChild<QSpinBox *>(u"proxyPort"_s)->setValue(proxy.port());
    QCOMPARE(window.services()->settings()->proxy().mode, AppSettings::Proxy::Mode::Manual);
    QVERIFY(dialog->findChild<QLabel *>(u"settingsProblem"_s)->isHidden());

    QNetworkAccessManager *network = window.services()->compareContext().network;
    QNetworkReply *reply = network->get(QNetworkRequest(QUrl(u"http://provider.example.invalid/v1/models"_s)));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(reply->readAll(), "via proxy"_ba);
    QCOMPARE(proxy.requests().first().path, "http://provider.example.invalid/v1/models"_ba);
    reply->deleteLater();
    QCOMPARE(AppSettings().proxy().port, proxy.port()); // kept
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
