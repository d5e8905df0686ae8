// The Providers page on the offscreen platform against fixture providers over
// real HTTP: states in the list, keys stored and shown only by their last four
// characters or their variable, a provider added and tested, every failure a
// connection test can show, disable and remove, the model table merged with
// the price catalog, a price override, favourites first in the Compare picker,
// and OpenRouter prices imported from a file and fetched.

#include "base/units.h"
#include "catalog/pricecatalog.h"
#include "compare/comparepane.h"
#include "providers/modelfiltermodel.h"
#include "providers/modelspanel.h"
#include "providers/modeltablemodel.h"
#include "providers/priceoverridedialog.h"
#include "providers/providerdialog.h"
#include "providers/providerlistmodel.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"
#include "providers/providerspage.h"
#include "secrets/environmentkeys.h"
#include "secrets/keyresolver.h"
#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using ProvidersUi::ModelTableModel;
using ProvidersUi::ProvidersPage;
using ProvidersUi::ProviderStatus;

Q_DECLARE_METATYPE(FixtureReply)

namespace {

const QString EnvKey = u"sk-env-0000000000000000wxyz"_s;
const QString TypedKey = u"sk-ant-typed-111111111111abcd"_s;

template<typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

// Every piece of text the page shows, to check that a key is never among it.
QString everythingShown(const QWidget *root)
{
    QStringList texts;
    for (const QLabel *label : root->findChildren<QLabel *>())
        texts.append(label->text());
    for (const QLineEdit *edit : root->findChildren<QLineEdit *>())
        texts.append(edit->placeholderText() + u' ' + (edit->echoMode() == QLineEdit::Normal ? edit->text() : QString()));
    return texts.join(u'\n');
}

} // namespace

class TestProvidersPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void listShowsStates();
    void noKeychainIsSaidInPlainWords();
    void keyGoesToTheStoreAndOnlyItsEndIsShown();
    void addProviderThenTestConnection();
    void testConnectionFailures_data();
    void testConnectionFailures();
    void untrustedCertificate();
    void hostedProviderWithoutKeyIsNotCalled();
    void dialogRefusesCredentialHeaders();
    void dialogEnablesABuiltInProvider();
    void disableThenRemove();
    void modelTableMergesThePriceCatalog();
    void priceOverride();
    void favouritesComeFirstInThePicker();
    void importOpenRouterFromAFile();
    void fetchOpenRouterPrices();

private:
    ProvidersUi::ProvidersContext context();
    std::unique_ptr<ProvidersPage> showPage();
    ProviderStatus waitForTest(ProvidersPage &page, const QString &id);
    void addFixtureProvider(const QString &id, Providers::ApiKind kind = Providers::ApiKind::OpenAi);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Catalog::PriceCatalog> m_catalog;
    std::unique_ptr<Providers::ProviderRegistry> m_registry;
    std::unique_ptr<TestSupport::MemoryKeyStore> m_keychain;
    std::unique_ptr<Secrets::EnvironmentKeys> m_environment;
    std::unique_ptr<Secrets::KeyResolver> m_keys;
    std::unique_ptr<FixtureProvider> m_fixture;
};

void TestProvidersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_providerspage"_s);
}

void TestProvidersPage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_catalog = std::make_unique<Catalog::PriceCatalog>(m_dir->path());
    QVERIFY(m_catalog->loadAll().isEmpty());
    m_registry = std::make_unique<Providers::ProviderRegistry>(m_dir->path());
    QVERIFY(m_registry->load());
    m_keychain = std::make_unique<TestSupport::MemoryKeyStore>();
    QProcessEnvironment env;
    env.insert(u"OPENAI_API_KEY"_s, EnvKey);
    m_environment = std::make_unique<Secrets::EnvironmentKeys>(env);
    m_keys = std::make_unique<Secrets::KeyResolver>(m_keychain.get(), m_environment.get());
    m_fixture = std::make_unique<FixtureProvider>();
    QVERIFY(m_fixture->listen());
}

void TestProvidersPage::cleanup()
{
    m_fixture.reset();
    m_keys.reset();
    m_environment.reset();
    m_keychain.reset();
    m_registry.reset();
    m_catalog.reset();
    m_network.reset();
}

ProvidersUi::ProvidersContext TestProvidersPage::context()
{
    return {.network = m_network.get(), .registry = m_registry.get(), .catalog = m_catalog.get(),
            .keys = m_keys.get(), .settings = nullptr, .localServers = {}};
}

std::unique_ptr<ProvidersPage> TestProvidersPage::showPage()
{
    auto page = std::make_unique<ProvidersPage>(context());
    page->resize(1100, 700);
    page->show(); // reads every key on first show
    if (!QTest::qWaitForWindowExposed(page.get()))
        qWarning("page not exposed");
    // Every provider's key has been looked up.
    const bool done = QTest::qWaitFor([&page, this] {
        return std::ranges::all_of(m_registry->entries(), [&page](const Providers::ProviderEntry &e) {
            return page->status(e.config.id).key != ProviderStatus::Key::Unknown;
        });
    });
    if (!done)
        qWarning("keys not read");
    return page;
}

ProviderStatus TestProvidersPage::waitForTest(ProvidersPage &page, const QString &id)
{
    if (!QTest::qWaitFor([&] { return page.status(id).test != ProviderStatus::Test::Running; }, 15000))
        qWarning("the connection test of %s did not finish", qPrintable(id));
    return page.status(id);
}

void TestProvidersPage::addFixtureProvider(const QString &id, Providers::ApiKind kind)
{
    Providers::ProviderConfig config = m_fixture->providerConfig(kind);
    config.id = id;
    config.displayName = u"Fixture "_s + id;
    QVERIFY(m_registry->add(config));
}

void TestProvidersPage::listShowsStates()
{
    auto page = showPage();
    const auto *list = page->listModel();
    const auto summary = [list](const QString &id) {
        return list->index(list->rowOf(id)).data(ProvidersUi::ProviderListModel::SummaryRole).toString();
    };
    // A preset nobody set up is said quietly, not as a warning.
    QCOMPARE(summary(u"anthropic"_s), u"Not set up · add a key"_s);
    QCOMPARE(page->status(u"anthropic"_s).state(*m_registry->entry(u"anthropic"_s)),
             ProviderStatus::State::NotSetUp);
    QCOMPARE(summary(u"ollama"_s), u"Disabled"_s);
    QCOMPARE(summary(u"openai"_s), u"Configured · not tested"_s);

    // A key from the environment: its variable and last four characters, nothing more.
    page->selectProvider(u"openai"_s);
    auto *keyEdit = child<QLineEdit>(page.get(), u"keyEdit"_s);
    QCOMPARE(keyEdit->placeholderText(), u"from OPENAI_API_KEY"_s);
    const QString status = child<QLabel>(page.get(), u"keyStatus"_s)->text();
    QVERIFY2(status.contains(u"****wxyz from OPENAI_API_KEY"_s), qPrintable(status));
    QVERIFY(!child<QPushButton>(page.get(), u"removeKey"_s)->isEnabled()); // not ours to remove
    QVERIFY(!everythingShown(page.get()).contains(EnvKey));
    QVERIFY(m_keychain->keys.isEmpty()); // and not copied into the keychain

    page->selectProvider(u"anthropic"_s);
    QVERIFY2(child<QLabel>(page.get(), u"keyStatus"_s)->text().contains(u"ANTHROPIC_API_KEY"_s),
             qPrintable(child<QLabel>(page.get(), u"keyStatus"_s)->text()));
}

void TestProvidersPage::noKeychainIsSaidInPlainWords()
{
    m_keychain->unreachable
        = u"no system keychain is available: Cannot spawn a message bus without a machine-id"_s;
    auto page = showPage();
    page->selectProvider(u"anthropic"_s);
    QTRY_COMPARE(page->status(u"anthropic"_s).key, ProviderStatus::Key::Unavailable);
    page->selectProvider(u"anthropic"_s);
    const QString status = child<QLabel>(page.get(), u"keyStatus"_s)->text();
    QVERIFY2(status.startsWith(u"No system keychain is running"_s) && status.contains(u"ANTHROPIC_API_KEY"_s),
             qPrintable(status));
    QVERIFY(!status.contains(u"machine-id"_s)); // the system's words only in the tooltip
    QVERIFY(child<QLabel>(page.get(), u"keyStatus"_s)->toolTip().contains(u"machine-id"_s));
    QVERIFY(!child<QLineEdit>(page.get(), u"keyEdit"_s)->isEnabled());
    m_keychain->unreachable.clear();
}

void TestProvidersPage::keyGoesToTheStoreAndOnlyItsEndIsShown()
{
    auto page = showPage();
    page->selectProvider(u"anthropic"_s);
    auto *keyEdit = child<QLineEdit>(page.get(), u"keyEdit"_s);
    auto *save = child<QPushButton>(page.get(), u"saveKey"_s);
    QCOMPARE(keyEdit->echoMode(), QLineEdit::Password);
    QVERIFY(!save->isEnabled());
    QTest::keyClicks(keyEdit, u"  "_s + TypedKey + u"  "_s); // pasted with spaces around
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(m_keychain->keys.value(u"anthropic"_s), TypedKey);
    QTRY_COMPARE(page->status(u"anthropic"_s).key, ProviderStatus::Key::Found);
    QVERIFY(keyEdit->text().isEmpty());
    QVERIFY2(keyEdit->placeholderText().startsWith(u"****abcd"_s), qPrintable(keyEdit->placeholderText()));
    QCOMPARE(child<QLabel>(page.get(), u"keyStatus"_s)->text(), u"****abcd, in the system keychain."_s);
    QVERIFY(!everythingShown(page.get()).contains(TypedKey));
    QCOMPARE(page->status(u"anthropic"_s).summary(*m_registry->entry(u"anthropic"_s)), u"Configured · not tested"_s);

    // A key with a space inside is refused where it was typed, and not stored.
    QTest::keyClicks(keyEdit, u"two words"_s);
    QTest::keyClick(keyEdit, Qt::Key_Return);
    QTRY_VERIFY(child<QLabel>(page.get(), u"keyStatus"_s)->text().startsWith(u"Not saved:"_s));
    QCOMPARE(m_keychain->keys.value(u"anthropic"_s), TypedKey);
    keyEdit->clear();

    QTest::mouseClick(child<QPushButton>(page.get(), u"removeKey"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_keychain->keys.contains(u"anthropic"_s));
    QTRY_COMPARE(page->status(u"anthropic"_s).key, ProviderStatus::Key::Missing);

    // Saving a key for a disabled provider enables it.
    page->selectProvider(u"groq"_s);
    QVERIFY(m_registry->setEnabled(u"groq"_s, false));
    QTest::keyClicks(keyEdit, u"gsk-0123456789abcdef"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(m_registry->entry(u"groq"_s)->enabled);
}

void TestProvidersPage::addProviderThenTestConnection()
{
    auto page = showPage();
    QSignalSpy changed(m_registry.get(), &Providers::ProviderRegistry::changed);
    QTest::mouseClick(child<QPushButton>(page.get(), u"addProvider"_s), Qt::LeftButton);
    auto *dialog = page->findChild<ProvidersUi::ProviderDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no name, no host yet
    QTest::keyClicks(child<QLineEdit>(dialog, u"name"_s), u"Team Gateway"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"id"_s)->text(), u"team-gateway"_s);
    auto *url = child<QLineEdit>(dialog, u"baseUrl"_s);
    url->selectAll();
    QTest::keyClicks(url, m_fixture->url(u"/v1"_s).toString());
    child<QPlainTextEdit>(dialog, u"headers"_s)->setPlainText(u"X-Team: ml"_s);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->problem()));
    // A provider just added is tested at once: no second click to learn
    // whether the address and key work.
    m_fixture->enqueue(FixtureProvider::modelList(Providers::ApiKind::OpenAi,
                                                  {u"gpt-4o-mini"_s, u"team/llama-70b"_s, u"gpt-4o-mini"_s}));
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(page->status(u"team-gateway"_s).test, ProviderStatus::Test::Running);

    const auto entry = m_registry->entry(u"team-gateway"_s);
    QVERIFY(entry);
    QVERIFY(entry->enabled && !entry->preset);
    QCOMPARE(entry->config.kind, Providers::ApiKind::OpenAi);
    QCOMPARE(page->currentProviderId(), u"team-gateway"_s);
    QVERIFY(QFile::exists(m_registry->path()));

    const ProviderStatus status = waitForTest(*page, u"team-gateway"_s);
    QCOMPARE(status.test, ProviderStatus::Test::Passed);
    QCOMPARE(status.modelCount, 2);
    QVERIFY(status.elapsedMs >= 0);
    qInfo("connection test against the fixture: %lld ms", static_cast<long long>(status.elapsedMs));
    const QString result = child<QLabel>(page.get(), u"testResult"_s)->text();
    // Under a second in milliseconds: "listed in 58 ms", never "0.06 s".
    QVERIFY2(result.startsWith(u"✓ Connected: 2 models, listed in "_s)
                 && result.endsWith(status.elapsedMs < 1000 ? u" ms."_s : u" s."_s),
             qPrintable(result));
    QVERIFY(status.summary(*m_registry->entry(u"team-gateway"_s)).startsWith(u"OK · 2 models · "_s));

    QCOMPARE(m_fixture->requests().size(), 1);
    const RecordedRequest &request = m_fixture->requests().first();
    QCOMPARE(request.path, "/v1/models"_ba);
    QCOMPARE(request.headers.value("x-team"), "ml"_ba);
    QVERIFY(!request.headers.contains("authorization")); // no key stored for it, none sent
    // The listing is kept: the pickers and the model table use it.
    QCOMPARE(m_registry->entry(u"team-gateway"_s)->models, (QStringList{u"gpt-4o-mini"_s, u"team/llama-70b"_s}));
    QVERIFY2(child<QLabel>(page.get(), u"modelsPreview"_s)->text().contains(u"team/llama-70b"_s),
             qPrintable(child<QLabel>(page.get(), u"modelsPreview"_s)->text()));

    // Edited: the name changes, the listing stays.
    auto *edit = page->editProvider(u"team-gateway"_s);
    QVERIFY(child<QLineEdit>(edit, u"id"_s)->isReadOnly());
    child<QLineEdit>(edit, u"name"_s)->setText(u"Team Gateway (EU)"_s);
    edit->accept();
    QCOMPARE(m_registry->entry(u"team-gateway"_s)->config.displayName, u"Team Gateway (EU)"_s);
    QCOMPARE(child<QLabel>(page.get(), u"providerTitle"_s)->text(), u"Team Gateway (EU)"_s);
    QCOMPARE(m_registry->entry(u"team-gateway"_s)->models.size(), 2);
}

void TestProvidersPage::testConnectionFailures_data()
{
    QTest::addColumn<FixtureReply>("reply");
    QTest::addColumn<bool>("refused");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("detail");

    QTest::newRow("invalid key") << FixtureReply{.status = 401, .contentType = "application/json",
                                                 .chunks = {R"({"error":{"message":"Incorrect API key provided: sk-...wxyz"}})"}}
                                 << false << u"Invalid key"_s << u"Incorrect API key provided"_s;
    QTest::newRow("rate-limited") << FixtureReply{.status = 429, .contentType = "application/json",
                                                  .headers = {{"retry-after", "20"}},
                                                  .chunks = {R"({"error":{"message":"Rate limit reached"}})"}}
                                  << false << u"Rate-limited"_s << u"20"_s;
    QTest::newRow("web page instead of a list") << FixtureReply{.contentType = "text/html",
                                                                .chunks = {"<html>Welcome to nginx</html>"}}
                                                << false << u"Not a model list"_s << u"base URL"_s;
    QTest::newRow("server error") << FixtureReply{.status = 500, .contentType = "text/plain", .chunks = {"boom"}}
                                  << false << u"Server error"_s << u"500"_s;
    QTest::newRow("unreachable") << FixtureReply{} << true << u"Unreachable"_s << u"127.0.0.1"_s;
}

void TestProvidersPage::testConnectionFailures()
{
    QFETCH(FixtureReply, reply);
    QFETCH(bool, refused);
    QFETCH(QString, name);
    QFETCH(QString, detail);

    m_fixture->enqueue(reply);
    Providers::ProviderConfig config = m_fixture->providerConfig(Providers::ApiKind::OpenAi);
    config.id = u"gw"_s;
    if (refused)
        config.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(FixtureProvider::unusedPort()));
    QVERIFY(m_registry->add(config));
    m_keychain->keys.insert(u"gw"_s, u"sk-test-0123456789wxyz"_s);
    auto page = showPage();
    page->selectProvider(u"gw"_s);
    page->testConnection(u"gw"_s);
    const ProviderStatus status = waitForTest(*page, u"gw"_s);
    QCOMPARE(status.test, ProviderStatus::Test::Failed);
    const QString summary = status.summary(*m_registry->entry(u"gw"_s));
    QVERIFY2(summary.startsWith(name + u" · "_s), qPrintable(summary));
    const QString result = child<QLabel>(page.get(), u"testResult"_s)->text();
    QVERIFY2(result.startsWith(u"✗ "_s) && result.contains(detail), qPrintable(result));
    QVERIFY(!result.contains(u"sk-test-0123456789wxyz"_s));
    QVERIFY(!m_registry->entry(u"gw"_s)->modelsListedAt.isValid()); // a failed listing is not kept
    if (!refused)
        QCOMPARE(m_fixture->requests().first().headers.value("authorization"), "Bearer sk-test-0123456789wxyz"_ba);
}

void TestProvidersPage::untrustedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend in this Qt");
    // The self-signed pair tst_chatcall uses; see the comment there.
    QFile certFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/selfsigned-127.0.0.1.crt"_s);
    QFile keyFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/selfsigned-127.0.0.1.key"_s);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    QSslServer server;
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_registry->add({.id = u"tls"_s, .displayName = u"TLS"_s, .kind = Providers::ApiKind::OpenAi,
                             .baseUrl = QUrl(u"https://127.0.0.1:%1/v1"_s.arg(server.serverPort())),
                             .keyEnvironmentVariable = {}, .extraHeaders = {}}));
    auto page = showPage();
    page->selectProvider(u"tls"_s);
    page->testConnection(u"tls"_s);
    const ProviderStatus status = waitForTest(*page, u"tls"_s);
    QCOMPARE(status.test, ProviderStatus::Test::Failed);
    QCOMPARE(status.error->kind, Providers::CallError::Kind::Tls);
    const QString result = child<QLabel>(page.get(), u"testResult"_s)->text();
    QVERIFY2(result.startsWith(u"✗ "_s) && result.contains(u"certificate"_s, Qt::CaseInsensitive), qPrintable(result));
    QVERIFY(status.summary(*m_registry->entry(u"tls"_s)).startsWith(u"TLS error · "_s));
    page.reset();
    m_network.reset(); // its TLS thread ends here, not at exit (see tst_chatcall)
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestProvidersPage::hostedProviderWithoutKeyIsNotCalled()
{
    Providers::ProviderConfig anthropic = m_registry->entry(u"anthropic"_s)->config;
    anthropic.baseUrl = m_fixture->url(u"/v1"_s);
    QVERIFY(m_registry->update(anthropic));
    auto page = showPage();
    page->selectProvider(u"anthropic"_s);
    page->testConnection(u"anthropic"_s);
    QTRY_VERIFY(page->status(u"anthropic"_s).test == ProviderStatus::Test::NotRun);
    QVERIFY2(child<QLabel>(page.get(), u"testResult"_s)->text().contains(u"needs a key"_s),
             qPrintable(child<QLabel>(page.get(), u"testResult"_s)->text()));
    QTest::qWait(50);
    QVERIFY(m_fixture->requests().isEmpty());
}

void TestProvidersPage::dialogRefusesCredentialHeaders()
{
    ProvidersUi::ProviderDialog dialog(*m_registry, std::nullopt);
    child<QLineEdit>(&dialog, u"name"_s)->setText(u"Gateway"_s);
    child<QLineEdit>(&dialog, u"id"_s)->setText(u"gw"_s);
    child<QLineEdit>(&dialog, u"baseUrl"_s)->setText(u"https://gw.example.com/v1"_s);
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    child<QPlainTextEdit>(&dialog, u"headers"_s)->setPlainText(u"Authorization: Bearer sk-secret"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY2(child<QLabel>(&dialog, u"problem"_s)->text().contains(u"keychain"_s),
             qPrintable(child<QLabel>(&dialog, u"problem"_s)->text()));
    child<QPlainTextEdit>(&dialog, u"headers"_s)->setPlainText(u"not a header"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY(child<QLabel>(&dialog, u"problem"_s)->text().startsWith(u"Headers: Line 1"_s));
    child<QPlainTextEdit>(&dialog, u"headers"_s)->clear();
    child<QLineEdit>(&dialog, u"baseUrl"_s)->setText(u"gw.example.com"_s);
    QVERIFY(!ok->isEnabled());
    child<QLineEdit>(&dialog, u"id"_s)->setText(u"openai"_s);
    child<QLineEdit>(&dialog, u"baseUrl"_s)->setText(u"https://gw.example.com/v1"_s);
    QVERIFY(!ok->isEnabled()); // the id is taken
}

void TestProvidersPage::dialogEnablesABuiltInProvider()
{
    auto page = showPage();
    QVERIFY(!m_registry->entry(u"lmstudio"_s)->enabled);
    auto *dialog = page->addProvider();
    auto *templates = child<QComboBox>(dialog, u"template"_s);
    templates->setCurrentIndex(templates->findData(u"lmstudio"_s));
    QCOMPARE(dialog->presetId(), u"lmstudio"_s);
    QVERIFY(child<QLineEdit>(dialog, u"id"_s)->isReadOnly());
    QVERIFY(child<QLabel>(dialog, u"note"_s)->text().contains(u"enables it"_s));
    child<QLineEdit>(dialog, u"baseUrl"_s)->setText(m_fixture->url(u"/v1"_s).toString());
    dialog->accept();
    const auto entry = m_registry->entry(u"lmstudio"_s);
    QVERIFY(entry->enabled);
    QVERIFY(entry->preset);
    QCOMPARE(entry->config.baseUrl, m_fixture->url(u"/v1"_s));
    QCOMPARE(m_registry->entries().size(), Providers::ProviderPresets::all().size()); // enabled, not added twice
}

void TestProvidersPage::disableThenRemove()
{
    addFixtureProvider(u"gw"_s);
    m_keychain->keys.insert(u"gw"_s, u"sk-to-be-removed-0000"_s);
    QVERIFY(m_registry->setFavourite(u"gw/some-model"_s, true));
    auto page = showPage();
    page->selectProvider(u"gw"_s);
    auto *enabled = child<QCheckBox>(page.get(), u"providerEnabled"_s);
    QVERIFY(enabled->isChecked());
    QTest::mouseClick(enabled, Qt::LeftButton, {}, QPoint(8, enabled->height() / 2));
    QVERIFY(!m_registry->entry(u"gw"_s)->enabled);
    QVERIFY(!m_registry->enabledProvider(u"gw"_s));
    QCOMPARE(page->listModel()->index(page->listModel()->rowOf(u"gw"_s))
                 .data(ProvidersUi::ProviderListModel::SummaryRole).toString(),
             u"Disabled"_s);

    // Built-in providers cannot be removed, only disabled.
    page->selectProvider(u"openai"_s);
    QVERIFY(child<QPushButton>(page.get(), u"removeProvider"_s)->isHidden());

    page->selectProvider(u"gw"_s);
    auto *remove = child<QPushButton>(page.get(), u"removeProvider"_s);
    QVERIFY(remove->isVisible());
    QTest::mouseClick(remove, Qt::LeftButton);
    auto *confirm = child<QFrame>(page.get(), u"confirmRemove"_s);
    QVERIFY(confirm->isVisible()); // asked once, in place
    QVERIFY(m_registry->entry(u"gw"_s)); // nothing gone yet
    QTest::mouseClick(child<QPushButton>(page.get(), u"confirmRemoveYes"_s), Qt::LeftButton);
    QVERIFY(!m_registry->entry(u"gw"_s));
    QVERIFY(m_registry->favourites().isEmpty());
    QTRY_VERIFY(!m_keychain->keys.contains(u"gw"_s));
    QVERIFY(page->listModel()->rowOf(u"gw"_s) < 0);
    QVERIFY(!page->currentProviderId().isEmpty());
}

void TestProvidersPage::modelTableMergesThePriceCatalog()
{
    QVERIFY(m_registry->setModels(u"openai"_s, {u"gpt-4o-mini"_s, u"my-fine-tune"_s, u"gpt-4o"_s}));
    auto page = showPage();
    page->showModelsTab(u"openai"_s);
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    QVERIFY(panel->isVisible());
    QTableView *table = panel->table();
    QAbstractItemModel *view = table->model();
    QCOMPARE(view->rowCount(), 3); // the listing, not the catalog's whole OpenAI list
    const auto rowOf = [view](const QString &model) {
        for (int r = 0; r < view->rowCount(); ++r) {
            if (view->index(r, ModelTableModel::Model).data().toString() == model)
                return r;
        }
        return -1;
    };
    const int mini = rowOf(u"gpt-4o-mini"_s);
    const int tune = rowOf(u"my-fine-tune"_s);
    QVERIFY(mini >= 0 && tune >= 0);
    const auto info = m_catalog->find(u"openai"_s, u"gpt-4o-mini"_s);
    QVERIFY(info);
    QCOMPARE(view->index(mini, ModelTableModel::Input).data().toString(),
             Base::Units::usd(*info->price.input * 1000));
    QVERIFY(view->index(mini, ModelTableModel::Context).data().toString() != u"–"_s);
    QVERIFY(view->index(mini, ModelTableModel::Source).data().toString().startsWith(u"catalog"_s));
    QCOMPARE(view->index(tune, ModelTableModel::Input).data().toString(), u"price unknown"_s);
    QVERIFY(view->index(tune, ModelTableModel::Input).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!view->index(tune, ModelTableModel::Input).data(Qt::ToolTipRole).toString().isEmpty());

    // Cheapest first, and the unknown price last rather than as free.
    table->sortByColumn(ModelTableModel::Input, Qt::AscendingOrder);
    QCOMPARE(view->index(0, ModelTableModel::Model).data().toString(), u"gpt-4o-mini"_s);
    QCOMPARE(view->index(2, ModelTableModel::Model).data().toString(), u"my-fine-tune"_s);
    table->sortByColumn(ModelTableModel::Input, Qt::DescendingOrder);
    QCOMPARE(view->index(1, ModelTableModel::Model).data().toString(), u"gpt-4o"_s);

    panel->setFilterText(u"MINI"_s);
    QCOMPARE(view->rowCount(), 1);
    panel->setFilterText(u"openai tune"_s); // every word must match
    QCOMPARE(view->rowCount(), 1);
    QCOMPARE(view->index(0, ModelTableModel::Model).data().toString(), u"my-fine-tune"_s);
    panel->setFilterText({});
    panel->showProvider({});
    QVERIFY(view->rowCount() > 3); // every enabled provider: Anthropic's catalog models too
    QVERIFY2(child<QLabel>(panel, u"modelFooter"_s)->text().contains(u"1 without a price"_s),
             qPrintable(child<QLabel>(panel, u"modelFooter"_s)->text()));
}

void TestProvidersPage::priceOverride()
{
    QVERIFY(m_registry->setModels(u"openai"_s, {u"my-fine-tune"_s}));
    auto page = showPage();
    page->showModelsTab(u"openai"_s);
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    QSignalSpy catalogChanged(panel, &ProvidersUi::ModelsPanel::catalogChanged);
    QAbstractItemModel *view = panel->table()->model();
    QCOMPARE(view->rowCount(), 1);
    auto *dialog = panel->editPrice(0);
    QVERIFY(dialog && dialog->isVisible());
    auto *save = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    QVERIFY(!save->isEnabled()); // no price yet
    child<QLineEdit>(dialog, u"input"_s)->setText(u"1.5"_s);
    child<QLineEdit>(dialog, u"output"_s)->setText(u"abc"_s);
    QVERIFY(!save->isEnabled());
    child<QLineEdit>(dialog, u"output"_s)->setText(u"6"_s);
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(catalogChanged.count(), 1);
    QCOMPARE(view->index(0, ModelTableModel::Input).data().toString(), u"$1.5000"_s);
    QCOMPARE(view->index(0, ModelTableModel::Output).data().toString(), u"$6.0000"_s);
    QCOMPARE(view->index(0, ModelTableModel::Source).data().toString(), u"your override"_s);
    QVERIFY(QFile::exists(m_catalog->overridesPath()));

    // Kept across a restart of the catalog.
    Catalog::PriceCatalog again(m_dir->path());
    QVERIFY(again.loadAll().isEmpty());
    QCOMPARE(again.find(u"openai"_s, u"my-fine-tune"_s)->price.input, Catalog::Price::fromUsdPerMillion(1.5));

    dialog = panel->editPrice(0);
    QVERIFY(dialog && dialog->isVisible());
    auto *remove = child<QPushButton>(dialog, u"removeOverride"_s);
    QVERIFY(remove->isVisible());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(view->index(0, ModelTableModel::Input).data().toString(), u"price unknown"_s);
}

void TestProvidersPage::favouritesComeFirstInThePicker()
{
    QVERIFY(m_registry->setEnabled({{u"ollama"_s, true}}));
    QVERIFY(m_registry->setModels(u"ollama"_s, {u"llama3.2:latest"_s, u"qwen3:8b"_s}));
    auto page = showPage();

    CompareUi::CompareContext compare{.network = m_network.get(), .catalog = m_catalog.get(), .keys = m_keys.get(),
                                      .history = nullptr, .providers = {},
                                      .registry = m_registry.get(), .settings = nullptr};
    CompareUi::ComparePane pane(compare);
    auto *picker = child<QComboBox>(&pane, u"modelPicker"_s);
    QVERIFY(picker->findText(u"ollama/qwen3:8b"_s) > 0);
    QVERIFY(picker->findText(u"openai/gpt-4o-mini"_s) >= 0);
    pane.setModelLabel(u"openai/gpt-4o-mini"_s);

    page->showModelsTab(u"ollama"_s);
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    QAbstractItemModel *view = panel->table()->model();
    QCOMPARE(view->rowCount(), 2);
    const int qwen = view->index(0, ModelTableModel::Model).data().toString() == u"qwen3:8b"_s ? 0 : 1;
    QCOMPARE(view->index(qwen, ModelTableModel::Favourite).data().toString(), u"☆"_s);
    // A click on the star, as a user would.
    const QRect star = panel->table()->visualRect(view->index(qwen, ModelTableModel::Favourite));
    QTest::mouseClick(panel->table()->viewport(), Qt::LeftButton, {}, star.center());
    QVERIFY(m_registry->isFavourite(u"ollama/qwen3:8b"_s));
    QCOMPARE(view->index(0, ModelTableModel::Model).data().toString(), u"qwen3:8b"_s); // starred sort first
    QCOMPARE(view->index(0, ModelTableModel::Favourite).data().toString(), u"★"_s);

    // The picker followed at once, favourites first, and kept the pane's model.
    QCOMPARE(picker->itemText(0), u"ollama/qwen3:8b"_s);
    // Its list shows name, provider, price and context in columns, wider
    // than the box of a narrow pane.
    pane.resize(280, 400);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY2(picker->view()->minimumWidth() > picker->width(),
             qPrintable(u"%1 <= %2"_s.arg(picker->view()->minimumWidth()).arg(picker->width())));
    QVERIFY(picker->itemData(0, Qt::UserRole + 1).toString().startsWith(u"★ "_s));
    QCOMPARE(picker->currentText(), u"openai/gpt-4o-mini"_s);
    QCOMPARE(pane.modelLabel(), u"openai/gpt-4o-mini"_s);

    // Disabled: gone from the picker.
    QVERIFY(m_registry->setEnabled(u"ollama"_s, false));
    QCOMPARE(picker->findText(u"ollama/qwen3:8b"_s), -1);
    QCOMPARE(picker->findText(u"ollama/llama3.2:latest"_s), -1);
}

void TestProvidersPage::importOpenRouterFromAFile()
{
    auto page = showPage();
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    QSignalSpy catalogChanged(panel, &ProvidersUi::ModelsPanel::catalogChanged);
    QVERIFY(!panel->importFile(m_dir->filePath(u"missing.json"_s)));
    QVERIFY(child<QLabel>(panel, u"importSummary"_s)->text().startsWith(u"Could not read"_s));

    const QString sample = QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/openrouter-models.json"_s;
    QVERIFY(panel->importFile(sample));
    QCOMPARE(catalogChanged.count(), 1);
    const QString summary = child<QLabel>(panel, u"importSummary"_s)->text();
    QVERIFY2(QRegularExpression(u"^Imported OpenRouter prices from openrouter-models.json: [1-9]\\d* added, 0 updated, "
                                "0 unchanged, \\d+ rejected\\.$"_s)
                 .match(summary)
                 .hasMatch(),
             qPrintable(summary));
    QVERIFY(child<QPlainTextEdit>(panel, u"importDetails"_s)->toPlainText().startsWith(u"added "_s));
    QVERIFY(QFile::exists(m_catalog->importPath())); // back on the next start

    // OpenRouter's models are in the table, priced by the import.
    panel->showProvider(u"openrouter"_s);
    QAbstractItemModel *view = panel->table()->model();
    QVERIFY(view->rowCount() >= 5);
    bool imported = false;
    for (int r = 0; r < view->rowCount(); ++r)
        imported = imported || view->index(r, ModelTableModel::Source).data().toString() == u"OpenRouter import"_s;
    QVERIFY(imported);

    // Importing the same list again changes nothing, and says so.
    QVERIFY(panel->importFile(sample));
    QVERIFY2(child<QLabel>(panel, u"importSummary"_s)->text().contains(u": 0 added, 0 updated, "_s),
             qPrintable(child<QLabel>(panel, u"importSummary"_s)->text()));

    QFile broken(m_dir->filePath(u"broken.json"_s));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"data\": 12}");
    broken.close();
    QVERIFY(!panel->importFile(broken.fileName()));
    QVERIFY(child<QLabel>(panel, u"importSummary"_s)->text().startsWith(u"Nothing imported from broken.json"_s));
}

void TestProvidersPage::fetchOpenRouterPrices()
{
    QFile sample(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/openrouter-models.json"_s);
    QVERIFY(sample.open(QIODevice::ReadOnly));
    m_fixture->enqueue({.contentType = "application/json", .chunks = {sample.readAll()}});
    auto page = showPage();
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    QSignalSpy catalogChanged(panel, &ProvidersUi::ModelsPanel::catalogChanged);
    panel->fetch(m_fixture->url(u"/api/v1/models"_s));
    QVERIFY(child<QLabel>(panel, u"importSummary"_s)->text().startsWith(u"Fetching "_s));
    QVERIFY(catalogChanged.wait(10000));
    QVERIFY2(child<QLabel>(panel, u"importSummary"_s)->text().contains(u" added, "_s),
             qPrintable(child<QLabel>(panel, u"importSummary"_s)->text()));
    QCOMPARE(m_fixture->requests().first().path, "/api/v1/models"_ba);
    QVERIFY(!m_fixture->requests().first().headers.contains("authorization"));

    m_fixture->enqueue({.status = 503, .contentType = "text/plain", .chunks = {"down"}});
    panel->fetch(m_fixture->url(u"/api/v1/models"_s));
    QTRY_VERIFY(child<QLabel>(panel, u"importSummary"_s)->text().contains(u"HTTP 503"_s));
}

QTEST_MAIN(TestProvidersPage)
#include "tst_providerspage.moc"
