// The first-run step on the offscreen platform: fixtures on ports the test
// chose stand in for Ollama and LM Studio, a web server sits where llama.cpp
// would be, and a key waits in OPENAI_API_KEY. What is found is offered in one
// step; accepting it enables exactly that and opens Compare with two panes on
// the first two usable models. With nothing found, a guide and a way onward.

#include "catalog/pricecatalog.h"
#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "providers/availablemodels.h"
#include "providers/firstrundialog.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"
#include "providers/providerspage.h"
#include "secrets/environmentkeys.h"
#include "shell/appservices.h"
#include "shell/mainwindow.h"
#include "support/fixtureprovider.h"
#include "support/privatesession.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using ProvidersUi::FirstRunDialog;
using TestSupport::PrivateSession;

class TestFirstRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void offersWhatItFinds();
    void untickedOffersStayOff();
    void nothingFoundIsNoDeadEnd();
    void mainWindowOpensCompareWithTwoPanes();
    void onlyTheFirstStartIsAFirstRun();

private:
    ProvidersUi::ProvidersContext context(const QList<Providers::ProviderConfig> &servers);
    static bool waitForScan(FirstRunDialog &dialog);

    PrivateSession m_session; // no keychain (a dead bus), a private HOME
    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<Catalog::PriceCatalog> m_catalog;
    std::unique_ptr<Providers::ProviderRegistry> m_registry;
    std::unique_ptr<Secrets::EnvironmentKeys> m_keys;
    FixtureProvider m_ollama;
    FixtureProvider m_webServer;
};

void TestFirstRun::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_firstrun"_s);
    QVERIFY2(m_session.start(PrivateSession::Bus::Dead), qPrintable(m_session.errorString()));
    // The developer's own keys must not turn up as offers.
    for (const QString &id : Secrets::EnvironmentKeys::knownProviders()) {
        for (const QString &variable : Secrets::EnvironmentKeys::standardVariables(id))
            qunsetenv(variable.toLatin1().constData());
    }
    QVERIFY(m_ollama.listen() && m_webServer.listen());
    m_ollama.enqueue(FixtureProvider::modelList(Providers::ApiKind::Ollama, {u"qwen3:8b"_s, u"llama3.2:latest"_s}));
    m_webServer.enqueue({.contentType = "text/html", .chunks = {"<html><body>It works!</body></html>"}});
}

void TestFirstRun::cleanupTestCase()
{
    m_session.stop();
}

void TestFirstRun::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    m_catalog = std::make_unique<Catalog::PriceCatalog>(m_dir->path());
    QVERIFY(m_catalog->loadAll().isEmpty());
    m_registry = std::make_unique<Providers::ProviderRegistry>(m_dir->path());
    QVERIFY(m_registry->load());
    QVERIFY(m_registry->isFirstRun());
    QProcessEnvironment env;
    env.insert(u"OPENAI_API_KEY"_s, u"sk-first-run-0000000000wxyz"_s);
    m_keys = std::make_unique<Secrets::EnvironmentKeys>(env);
}

ProvidersUi::ProvidersContext TestFirstRun::context(const QList<Providers::ProviderConfig> &servers)
{
    return {.network = &m_network, .registry = m_registry.get(), .catalog = m_catalog.get(), .keys = m_keys.get(),
            .settings = nullptr, .localServers = servers};
}

bool TestFirstRun::waitForScan(FirstRunDialog &dialog)
{
    return QTest::qWaitFor([&dialog] { return !dialog.isScanning(); }, 10000);
}

void TestFirstRun::offersWhatItFinds()
{
    const quint16 nobody = FixtureProvider::unusedPort();
    FirstRunDialog dialog(context({FixtureProvider::presetAt(u"ollama"_s, m_ollama.port()), FixtureProvider::presetAt(u"lmstudio"_s, nobody),
                                   FixtureProvider::presetAt(u"llamacpp"_s, m_webServer.port())}));
    dialog.show();
    QVERIFY(dialog.isScanning());
    QVERIFY(waitForScan(dialog));
    qInfo("first-run detection (three loopback ports, ten key look-ups): %lld ms",
          static_cast<long long>(dialog.scanMs()));
    QVERIFY(dialog.scanMs() >= 0 && dialog.scanMs() < 5000);

    const auto &offers = dialog.offers();
    QCOMPARE(offers.size(), 2);
    QCOMPARE(offers.at(0).providerId, u"ollama"_s);
    QVERIFY(offers.at(0).local);
    QVERIFY2(offers.at(0).text.startsWith(u"Ollama on 127.0.0.1:%1 — 2 models, answered in "_s.arg(m_ollama.port())),
             qPrintable(offers.at(0).text));
    QCOMPARE(offers.at(1).providerId, u"openai"_s);
    QVERIFY2(offers.at(1).text.contains(u"from OPENAI_API_KEY (****wxyz)"_s), qPrintable(offers.at(1).text));
    QVERIFY(!offers.at(1).text.contains(u"sk-first-run"_s));
    QVERIFY(dialog.offerBox(u"ollama"_s)->isChecked());
    QVERIFY(dialog.offerBox(u"openai"_s)->isChecked());
    const QString missing = dialog.findChild<QLabel *>(u"firstRunMissing"_s)->text();
    QVERIFY2(missing.contains(u"LM Studio (nothing answered on 127.0.0.1:%1)"_s.arg(nobody)), qPrintable(missing));
    QVERIFY2(missing.contains(u"llama.cpp server"_s), qPrintable(missing)); // a web page is not a model server
    QVERIFY(dialog.findChild<QLabel *>(u"firstRunGuide"_s)->isHidden());

    QSignalSpy requested(&dialog, &FirstRunDialog::comparisonRequested);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"firstRunStart"_s), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    const QStringList models = requested.first().first().toStringList();
    // One from each, local first: Ollama's first listed model, OpenAI's cheapest.
    QCOMPARE(models.size(), 2);
    QCOMPARE(models.at(0), u"ollama/llama3.2:latest"_s);
    QVERIFY2(models.at(1).startsWith(u"openai/"_s), qPrintable(models.at(1)));
    const auto cheapest = m_catalog->find(u"openai"_s, models.at(1).section(u'/', 1));
    QVERIFY(cheapest && cheapest->price.input);

    // Exactly what was offered and ticked is enabled; the rest is off.
    QVERIFY(m_registry->entry(u"ollama"_s)->enabled);
    QCOMPARE(m_registry->entry(u"ollama"_s)->config.baseUrl.port(), 11434); // the preset's own address is kept
    QCOMPARE(m_registry->entry(u"ollama"_s)->models, (QStringList{u"llama3.2:latest"_s, u"qwen3:8b"_s}));
    QVERIFY(m_registry->entry(u"openai"_s)->enabled);
    QVERIFY(!m_registry->entry(u"anthropic"_s)->enabled);
    QVERIFY(!m_registry->entry(u"lmstudio"_s)->enabled);
    QVERIFY(!m_registry->isFirstRun());
    QVERIFY(QFile::exists(m_registry->path()));
}

void TestFirstRun::untickedOffersStayOff()
{
    FirstRunDialog dialog(context({FixtureProvider::presetAt(u"ollama"_s, m_ollama.port())}));
    QVERIFY(waitForScan(dialog));
    dialog.offerBox(u"openai"_s)->setChecked(false);
    QSignalSpy requested(&dialog, &FirstRunDialog::comparisonRequested);
    dialog.startComparing();
    QCOMPARE(requested.first().first().toStringList(),
             (QStringList{u"ollama/llama3.2:latest"_s, u"ollama/qwen3:8b"_s}));
    QVERIFY(!m_registry->entry(u"openai"_s)->enabled);

    // Nothing ticked: nothing to start.
    FirstRunDialog again(context({FixtureProvider::presetAt(u"ollama"_s, m_ollama.port())}));
    QVERIFY(waitForScan(again));
    again.offerBox(u"openai"_s)->setChecked(false);
    again.offerBox(u"ollama"_s)->setChecked(false);
    QVERIFY(!again.findChild<QPushButton *>(u"firstRunStart"_s)->isEnabled());
}

void TestFirstRun::nothingFoundIsNoDeadEnd()
{
    m_keys = std::make_unique<Secrets::EnvironmentKeys>(QProcessEnvironment());
    const quint16 later = FixtureProvider::unusedPort(); // where a server will start
    FirstRunDialog dialog(context({FixtureProvider::presetAt(u"ollama"_s, FixtureProvider::unusedPort()), FixtureProvider::presetAt(u"lmstudio"_s, later)}));
    dialog.show();
    QVERIFY(waitForScan(dialog));
    QVERIFY(dialog.offers().isEmpty());
    auto *guide = dialog.findChild<QLabel *>(u"firstRunGuide"_s);
    QVERIFY(guide->isVisible());
    QVERIFY(guide->text().contains(u"Add a Key"_s));
    QVERIFY(guide->text().contains(u"ollama serve"_s));
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunStart"_s)->isHidden());
    auto *addKey = dialog.findChild<QPushButton *>(u"firstRunAddKey"_s);
    QVERIFY(addKey->isVisible());
    QVERIFY(addKey->isDefault());
    // Nothing found still has a way out, and a third way in.
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunSkip"_s)->isVisible());
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunAddEndpoint"_s)->isVisible());
    QSignalSpy endpoint(&dialog, &FirstRunDialog::endpointRequested);
    auto *again = dialog.findChild<QPushButton *>(u"firstRunRescan"_s);
    QVERIFY(again->isEnabled());

    // LM Studio started meanwhile: Look Again finds it.
    FixtureProvider lmStudio;
    QVERIFY(lmStudio.listen(later));
    lmStudio.enqueue(FixtureProvider::modelList(Providers::ApiKind::OpenAi, {u"google/gemma-3-4b"_s}));
    QTest::mouseClick(again, Qt::LeftButton);
    QVERIFY(waitForScan(dialog));
    QCOMPARE(dialog.offers().size(), 1);
    QCOMPARE(dialog.offers().first().providerId, u"lmstudio"_s);
    QVERIFY(guide->isHidden());
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunStart"_s)->isVisible());
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunSkip"_s)->isHidden());
    QVERIFY(dialog.findChild<QPushButton *>(u"firstRunAddEndpoint"_s)->isHidden());
    QCOMPARE(endpoint.size(), 0);

    // Or, set up by hand, from the Providers page.
    auto *manual = dialog.findChild<QPushButton *>(u"firstRunManual"_s);
    QSignalSpy providers(&dialog, &FirstRunDialog::providersRequested);
    QTest::mouseClick(manual, Qt::LeftButton);
    QCOMPARE(providers.count(), 1);
    QVERIFY(!m_registry->isFirstRun()); // asked once, not at every start
    QVERIFY(m_registry->entry(u"openai"_s)->enabled); // nothing chosen, nothing changed
    QVERIFY(!m_registry->entry(u"lmstudio"_s)->enabled);
}

void TestFirstRun::mainWindowOpensCompareWithTwoPanes()
{
    Shell::MainWindow window(m_dir->filePath(u"app"_s));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPage(), Shell::MainWindow::Page::Compare);
    FirstRunDialog *dialog = window.runFirstRun({FixtureProvider::presetAt(u"ollama"_s, m_ollama.port()),
                                                 FixtureProvider::presetAt(u"lmstudio"_s, FixtureProvider::unusedPort())});
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(waitForScan(*dialog));
    QCOMPARE(dialog->offers().size(), 1); // no keys here: the keychain is unreachable, the variables unset
    window.showPage(Shell::MainWindow::Page::Providers);
    dialog->startComparing();

    QCOMPARE(window.currentPage(), Shell::MainWindow::Page::Compare);
    auto *page = qobject_cast<CompareUi::ComparePage *>(window.pageWidget(Shell::MainWindow::Page::Compare));
    QVERIFY(page);
    QVERIFY(page->panes().size() >= 2);
    QCOMPARE(page->panes().at(0)->modelLabel(), u"ollama/llama3.2:latest"_s);
    QCOMPARE(page->panes().at(1)->modelLabel(), u"ollama/qwen3:8b"_s);
    QVERIFY(page->panes().at(0)->conversation()); // a usable model: the pane is ready to send
    QVERIFY(!window.services()->registry()->isFirstRun());
    QTRY_VERIFY(!dialog || !dialog->isVisible());
}

void TestFirstRun::onlyTheFirstStartIsAFirstRun()
{
    const QString dataDir = m_dir->filePath(u"fresh"_s);
    {
        Shell::MainWindow window(dataDir);
        FirstRunDialog *dialog = window.offerFirstRun();
        QVERIFY(dialog);
        dialog->reject(); // closed without a choice: still the end of the first run
        QVERIFY(!window.services()->registry()->isFirstRun());
    }
    Shell::MainWindow window(dataDir);
    QVERIFY(!window.offerFirstRun());

    // The Providers page can look for local servers at any time.
    auto *providers = window.findChild<ProvidersUi::ProvidersPage *>();
    QVERIFY(providers);
    QTest::mouseClick(providers->findChild<QPushButton *>(u"findLocalServers"_s), Qt::LeftButton);
    auto *again = window.findChild<FirstRunDialog *>();
    QVERIFY(again);
    QVERIFY(again->isVisible());
    again->reject();
}

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
