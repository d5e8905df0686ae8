// The whole app with a real Secret Service (gnome-keyring on a private D-Bus
// session) and a private data folder: a key typed into the Providers page goes
// to the keychain, is shown only by its last four characters, is sent to the
// provider — and appears in no file the app writes, however much else it
// writes: providers, stars, price overrides, settings, window state.

#include "catalog/pricecatalog.h"
#include "providers/modelspanel.h"
#include "providers/providerregistry.h"
#include "providers/providerspage.h"
#include "secrets/keychainkeystore.h"
#include "settings/appsettings.h"
#include "shell/appservices.h"
#include "shell/mainwindow.h"
#include "support/fixtureprovider.h"
#include "support/keyjobhelpers.h"
#include "support/privatekeyring.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using ProvidersUi::ProviderStatus;

namespace {
const QString Canary = u"sk-test-SWITCHYARD-gui-canary-0123456789"_s;
}

class TestProvidersKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keyTypedInTheGuiReachesNoFile();

private:
    TestSupport::PrivateKeyring m_keyring;
};

void TestProvidersKeys::initTestCase()
{
    QVERIFY2(m_keyring.start(), qPrintable(m_keyring.errorString()));
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_providerskeys"_s);
    for (const QString &name : QProcessEnvironment::systemEnvironment().keys()) {
        if (name.endsWith("_API_KEY"_L1))
            qunsetenv(name.toLatin1().constData()); // the developer's own keys stay out
    }
}

void TestProvidersKeys::cleanupTestCase()
{
    m_keyring.stop();
}

void TestProvidersKeys::keyTypedInTheGuiReachesNoFile()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue(FixtureProvider::modelList(Providers::ApiKind::OpenAi, {u"gpt-4o-mini"_s, u"team-model"_s}));
    const QString dataDir = m_keyring.session().rootPath() + u"/switchyard-data"_s;
    {
        // Settings in the session's HOME, as the app keeps them without --data-dir.
        Shell::MainWindow window(dataDir);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Providers::ProviderConfig config = fixture.providerConfig(Providers::ApiKind::OpenAi);
        config.id = u"team"_s;
        config.displayName = u"Team gateway"_s;
        config.extraHeaders = {{"X-Team", "ml"}};
        QVERIFY(window.services()->registry()->add(config));

        window.showPage(Shell::MainWindow::Page::Providers);
        auto *page = window.findChild<ProvidersUi::ProvidersPage *>();
        QVERIFY(page);
        page->selectProvider(u"team"_s);
        auto *keyEdit = page->findChild<QLineEdit *>(u"keyEdit"_s);
        keyEdit->setFocus();
        QTest::keyClicks(keyEdit, Canary);
        QTest::mouseClick(page->findChild<QPushButton *>(u"saveKey"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->status(u"team"_s).key == ProviderStatus::Key::Found, 20000);
        QVERIFY(keyEdit->text().isEmpty());
        QCOMPARE(page->findChild<QLabel *>(u"keyStatus"_s)->text(), u"****6789, in the system keychain."_s);

        // It is really in the keychain, under the provider's id.
        Secrets::KeychainKeyStore keychain;
        AWAIT_KEY_JOB(stored, keychain.readKey(u"team"_s));
        QVERIFY2(stored->ok(), TestSupport::describeKeyResult(stored).constData());
        QCOMPARE(stored->outcome->secret, Canary);

        // And it is what the provider receives.
        page->testConnection(u"team"_s);
        QTRY_VERIFY_WITH_TIMEOUT(page->status(u"team"_s).test == ProviderStatus::Test::Passed, 20000);
        QCOMPARE(fixture.requests().first().headers.value("authorization"), "Bearer " + Canary.toUtf8());

        // Everything else the app keeps, written now.
        QVERIFY(window.services()->registry()->setFavourite(u"team/team-model"_s, true));
        QVERIFY(window.services()->providersContext().catalog->setOverride(
            u"team"_s, u"team-model"_s, {.input = 1'000'000, .output = 2'000'000, .cachedInput = {}, .reasoning = {}}));
        window.services()->settings()->setTheme(Settings::AppSettings::Theme::Light);
        window.services()->settings()->setTheme(Settings::AppSettings::Theme::System);
        QVERIFY(window.close()); // window state saved
    }
    QSettings().sync();

    QVERIFY(QFile::exists(dataDir + u"/providers.json"_s));
    QVERIFY(QFile::exists(dataDir + u"/price-overrides.json"_s));
    const QStringList leaks = m_keyring.session().filesContaining(Canary);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", "_s)));
    // Its last four characters are harmless, but even they are not kept.
    QVERIFY(m_keyring.session().filesContaining(u"****6789"_s).isEmpty());
}

QTEST_MAIN(TestProvidersKeys)
#include "tst_providerskeys.moc"
