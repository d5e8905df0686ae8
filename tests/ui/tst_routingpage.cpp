// The Routing page with real widgets on the offscreen platform: the visual
// editor and the YAML kept in sync both ways, parse errors at their line and
// column that keep the last good config, one undo history for both sides,
// drag-and-drop reordering, files and the active config in a temporary data
// folder, test cases, Try it against fixture providers on 127.0.0.1, and a
// simulation over a real usage database.

#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"

#include "catalog/pricecatalog.h"
#include "markdown/markdownview.h"
#include "routing/configlibrary.h"
#include "routing/configreader.h"
#include "routing/routecard.h"
#include "routing/routingdocument.h"
#include "routing/routingpage.h"
#include "routing/ruleeditor.h"
#include "routing/rulelistmodel.h"
#include "routing/simulationchart.h"
#include "routing/simulationpanel.h"
#include "routing/testcasespanel.h"
#include "routing/tryitpanel.h"
#include "routing/yamleditor.h"
#include "settings/appsettings.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::RoutingUi;

class TestRoutingPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void opensTheActiveOrLastConfig();
    void visualEditWritesYaml_data();
    void visualEditWritesYaml();
    void yamlEditUpdatesVisual();
    void parseErrorKeepsVisualState_data();
    void parseErrorKeepsVisualState();
    void invalidFieldIsNotCommitted_data();
    void invalidFieldIsNotCommitted();
    void undoRedoAcrossBothSides();
    void dragReorderChangesYaml();
    void routeRenameFollowsRules();
    void saveAndReopen();
    void saveRefusedWhileBroken();
    void activeConfigIsPersisted();
    void testCases_data();
    void testCases();
    void tryItAgainstFixture();
    void tryItFallsBackAndCancels();
    void simulationOverUsageLog();

private:
    std::unique_ptr<RoutingPage> makePage();
    void copyTeam(const QString &fileName = u"team.yaml"_s);
    static QString teamText();
    static void typeYaml(RoutingPage &page, const QByteArray &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings::AppSettings> m_settings;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Catalog::PriceCatalog> m_catalog;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<FixtureProvider> m_two;
    TestSupport::MemoryKeyStore m_keys;
};

namespace {

QList<QByteArray> sse(const QStringList &words)
{
    QList<QByteArray> chunks;
    for (const QString &word : words) {
        chunks.append(R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")"
                      + word.toUtf8() + R"("},"finish_reason":null}]})" + "\n\n");
    }
    chunks.append(R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
                  "\n\n");
    chunks.append(R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})"
                  "\n\n");
    chunks.append("data: [DONE]\n\n");
    return chunks;
}

QStringList ruleNames(const Routing::RoutingConfig &config)
{
    QStringList names;
    for (const auto &rule : config.rules)
        names.append(rule.name);
    return names;
}

const QByteArray fixtureConfig = "version: 1\n"
                                 "defaults:\n"
                                 "  retry:\n"
                                 "    attempts: 1\n"
                                 "    cooldown: {failures: 0}\n"
                                 "routes:\n"
                                 "  main:\n"
                                 "    targets: [one/model-a, two/model-b]\n"
                                 "  other:\n"
                                 "    targets: [two/model-b]\n"
                                 "rules:\n"
                                 "  - name: tagged other\n"
                                 "    when: {tags: [other]}\n"
                                 "    route: other\n"
                                 "default: main\n";

} // namespace

void TestRoutingPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_routingpage"_s);
}

void TestRoutingPage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<Settings::AppSettings>();
    m_network = std::make_unique<QNetworkAccessManager>();
    m_usage = std::make_unique<Usage::UsageStore>(Usage::UsageDatabase::fileIn(m_dir->path()));
    m_catalog = std::make_unique<Catalog::PriceCatalog>(m_dir->path());
    (void)m_catalog->loadAll();
    m_one = std::make_unique<FixtureProvider>();
    m_two = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    QVERIFY(m_two->listen());
}

void TestRoutingPage::cleanup()
{
    m_usage.reset();
    m_one.reset();
    m_two.reset();
    m_network.reset();
    m_settings.reset();
    m_dir.reset();
}

QString TestRoutingPage::teamText()
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing/team.yaml"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestRoutingPage::copyTeam(const QString &fileName)
{
    QDir().mkpath(m_dir->filePath(u"routing"_s));
    QFile file(m_dir->filePath(u"routing/"_s + fileName));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(teamText().toUtf8());
}

std::unique_ptr<RoutingPage> TestRoutingPage::makePage()
{
    RoutingContext context;
    context.dataDir = m_dir->path();
    context.router.network = m_network.get();
    context.router.keys = &m_keys;
    context.router.catalog = m_catalog.get();
    context.router.usage = m_usage.get();
    context.router.provider = [this](const QString &id) -> std::optional<Providers::ProviderConfig> {
        FixtureProvider *fixture = id == "one"_L1 ? m_one.get() : id == "two"_L1 ? m_two.get() : nullptr;
        if (!fixture)
            return std::nullopt;
        Providers::ProviderConfig p = fixture->providerConfig(Providers::ApiKind::OpenAi);
        p.id = id;
        p.displayName = u"Provider "_s + id;
        p.keyEnvironmentVariable.clear(); // keyless, as a local server
        return p;
    };
    context.catalog = m_catalog.get();
    context.usage = m_usage.get();
    context.settings = m_settings.get();
    auto page = std::make_unique<RoutingPage>(context);
    page->resize(1200, 760);
    page->show();
    return page;
}

void TestRoutingPage::typeYaml(RoutingPage &page, const QByteArray &text)
{
    page.yamlEditor()->setPlainText(QString::fromUtf8(text)); // as typing does: textChanged, then the pause
    QTRY_VERIFY(page.document()->shownText() == text);
}

void TestRoutingPage::opensTheActiveOrLastConfig()
{
    // An empty folder: a starter config is made and opened.
    {
        auto page = makePage();
        QCOMPARE(page->library()->files(), QStringList{u"routing.yaml"_s});
        QVERIFY(!page->document()->hasErrors());
        QCOMPARE(page->document()->config().routes.size(), 1);
    }
    copyTeam();
    m_settings->setActiveRoutingConfig(u"team.yaml"_s);
    QSettings().remove(u"RoutingPage/config"_s);
    auto page = makePage();
    QCOMPARE(page->currentFileName(), u"team.yaml"_s);
    QCOMPARE(page->ruleModel()->rowCount(), 5);
    QCOMPARE(page->routeCards().size(), 4);
    QVERIFY(page->activeBadge()->isVisible());
    QVERIFY(page->configBox()->currentText().contains(u"team"_s));
    QCOMPARE(page->yamlEditor()->toPlainText(), teamText()); // the file as written, comments and all
}

void TestRoutingPage::visualEditWritesYaml_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectInYaml");

    QTest::newRow("rule name") << u"ruleName"_s << u"secrets never leave"_s << u"name: secrets never leave"_s;
    QTest::newRow("rule regex") << u"ruleRegex"_s << u"(?i)token"_s << u"regex: (?i)token"_s;
    QTest::newRow("rule tokens above") << u"ruleTokensAbove"_s << u"1234"_s << u"tokens_above: 1234"_s;
    QTest::newRow("rule tags") << u"ruleTags"_s << u"secret, vault"_s << u"tags: [secret, vault]"_s;
    QTest::newRow("route max price") << u"routeMaxInputPrice"_s << u"0.5"_s << u"input: 0.5"_s;
}

void TestRoutingPage::visualEditWritesYaml()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, expectInYaml);
    copyTeam();
    auto page = makePage();
    page->showTab(field.startsWith(u"route"_s) ? RoutingPage::Tab::Routes : RoutingPage::Tab::Rules);
    page->selectRule(0);
    auto *edit = page->findChild<QLineEdit *>(field);
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClicks(edit, text);
    const QString yaml = page->yamlEditor()->toPlainText();
    QVERIFY2(yaml.contains(expectInYaml), qPrintable(yaml));
    // The text on the YAML side reads back to the config on the visual side.
    const auto read = Routing::ConfigReader::read(yaml.toUtf8());
    QVERIFY(read);
    QCOMPARE(read->config, page->document()->config());
    QVERIFY(page->document()->isModified());
}

void TestRoutingPage::yamlEditUpdatesVisual()
{
    copyTeam();
    auto page = makePage();
    QString yaml = teamText();
    yaml.replace(u"- name: long prompts"_s, u"- name: huge prompts"_s);
    yaml.replace(u"  private:\n    description"_s,
                 u"  cheap-extra:\n    targets: [openai/gpt-4o-mini]\n\n  private:\n    description"_s);
    QUndoStack *undo = page->document()->undoStack();
    const int steps = undo->count();
    typeYaml(*page, yaml.toUtf8());
    QCOMPARE(page->ruleModel()->index(2).data().toString(), u"3. huge prompts → long-context"_s);
    QCOMPARE(page->routeCards().size(), 5);
    QCOMPARE(page->routeCards().at(3)->nameField()->text(), u"cheap-extra"_s);
    QCOMPARE(undo->count(), steps + 1); // one step per pause in typing
    // The typed text is kept as typed: its comments too.
    QCOMPARE(page->yamlEditor()->toPlainText(), yaml);
    QVERIFY(page->yamlEditor()->toPlainText().startsWith(u"# A team's routing config"_s));
}

void TestRoutingPage::parseErrorKeepsVisualState_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expectPrefix"); // "Line L, column C" where the error is

    // Line 3 of team.yaml is "version: 1".
    QTest::newRow("unknown key") << u"name: Team default\n"_s << u"name: Team default\nflavour: vanilla\n"_s
                                 << u"Line 5, column 1"_s;
    QTest::newRow("rule names a missing route") << u"    route: long-context\n"_s << u"    route: nowhere\n"_s
                                                << u"Line "_s;
    QTest::newRow("broken regex") << u"{regex: '```|"_s << u"{regex: '(```|"_s << u"Line "_s;
    QTest::newRow("unclosed bracket") << u"tags: [private, hr]"_s << u"tags: [private, hr"_s << u"Line "_s;
}

void TestRoutingPage::parseErrorKeepsVisualState()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expectPrefix);
    copyTeam();
    auto page = makePage();
    const Routing::RoutingConfig good = page->document()->config();
    QString yaml = teamText();
    QVERIFY(yaml.contains(from));
    yaml.replace(from, to);
    typeYaml(*page, yaml.toUtf8());

    QVERIFY(page->document()->hasBadText());
    QCOMPARE(page->document()->config(), good); // the last good config stays
    QCOMPARE(page->ruleModel()->rowCount(), 5);
    QCOMPARE(page->routeCards().size(), 4);
    QCOMPARE(page->yamlEditor()->toPlainText(), yaml); // what was typed is not thrown away
    QVERIFY(page->problemList()->isVisible());
    QVERIFY(page->problemBanner()->isVisible());
    const QString first = page->problemList()->item(0)->text();
    QVERIFY2(first.startsWith(expectPrefix), qPrintable(first));
    QVERIFY(!page->yamlEditor()->extraSelections().isEmpty()); // underlined where it is
    QVERIFY(!page->ruleEditor()->isEnabled()); // the visual side waits for the YAML to read again
    QVERIFY(!page->save()); // a file that would not read back is not written
    QVERIFY(page->document()->isModified());

    // Undo goes back to the last good text.
    page->undoAction()->trigger();
    QVERIFY(!page->document()->hasBadText());
    QCOMPARE(page->yamlEditor()->toPlainText(), teamText());
    QVERIFY(!page->problemBanner()->isVisible());
}

void TestRoutingPage::invalidFieldIsNotCommitted_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");

    QTest::newRow("regex") << u"ruleRegex"_s << u"(unclosed"_s;
    QTest::newRow("tokens") << u"ruleTokensAbove"_s << u"lots"_s;
    QTest::newRow("empty name") << u"ruleName"_s << QString();
    QTest::newRow("price") << u"routeMaxInputPrice"_s << u"cheap"_s;
}

void TestRoutingPage::invalidFieldIsNotCommitted()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    copyTeam();
    auto page = makePage();
    page->showTab(field.startsWith(u"route"_s) ? RoutingPage::Tab::Routes : RoutingPage::Tab::Rules);
    page->selectRule(0);
    const QByteArray before = page->document()->text();
    auto *edit = page->findChild<QLineEdit *>(field);
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Backspace);
    else
        QTest::keyClicks(edit, text);
    QCOMPARE(page->document()->text(), before);
    QVERIFY(!page->document()->isModified());
    QVERIFY(!edit->styleSheet().isEmpty()); // marked
    QVERIFY(!edit->toolTip().isEmpty());    // and says why
}

void TestRoutingPage::undoRedoAcrossBothSides()
{
    copyTeam();
    auto page = makePage();
    const QString original = teamText();
    page->selectRule(1);
    auto *name = page->ruleEditor()->nameField();
    name->selectAll();
    QTest::keyClicks(name, u"hr stays home"_s);
    const QString afterVisual = page->yamlEditor()->toPlainText();
    QVERIFY(afterVisual.contains(u"hr stays home"_s));

    QString typed = afterVisual;
    typed.replace(u"tokens_above: 60000"_s, u"tokens_above: 90000"_s);
    typeYaml(*page, typed.toUtf8());
    QCOMPARE(page->document()->config().rules.at(2).when.tokensAbove, 90000);

    // Ctrl+Z in the YAML editor steps back through both sides.
    page->yamlEditor()->setFocus();
    QTest::keySequence(page->yamlEditor(), QKeySequence(Qt::CTRL | Qt::Key_Z));
    QCOMPARE(page->document()->config().rules.at(2).when.tokensAbove, 60000);
    QCOMPARE(page->yamlEditor()->toPlainText(), afterVisual);
    // Each keystroke of the name was its own edit: undo them all.
    while (page->document()->undoStack()->canUndo())
        page->undoAction()->trigger();
    QCOMPARE(page->yamlEditor()->toPlainText(), original);
    QCOMPARE(page->ruleEditor()->nameField()->text(), u"tagged private"_s);
    QVERIFY(!page->document()->isModified());

    while (page->document()->undoStack()->canRedo())
        QTest::keySequence(page->yamlEditor(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    QCOMPARE(page->yamlEditor()->toPlainText(), typed);
    QCOMPARE(page->document()->config().rules.at(1).name, u"hr stays home"_s);
}

void TestRoutingPage::dragReorderChangesYaml()
{
    copyTeam();
    auto page = makePage();
    QAbstractItemModelTester tester(page->ruleModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    RuleListModel *model = page->ruleModel();
    // Drag the first rule below the fourth, as the list view's drop would.
    std::unique_ptr<QMimeData> drag(model->mimeData({model->index(0)}));
    QVERIFY(drag);
    QVERIFY(model->canDropMimeData(drag.get(), Qt::MoveAction, 4, 0, {}));
    model->dropMimeData(drag.get(), Qt::MoveAction, 4, 0, {});
    const QStringList expected{u"tagged private"_s, u"long prompts"_s, u"code"_s, u"secrets stay local"_s,
                               u"over budget"_s};
    QCOMPARE(ruleNames(page->document()->config()), expected);
    QCOMPARE(model->index(3).data().toString(), u"4. secrets stay local → private"_s);
    const QString yaml = page->yamlEditor()->toPlainText();
    QVERIFY(yaml.indexOf(u"name: code"_s) < yaml.indexOf(u"name: secrets stay local"_s));
    QVERIFY(yaml.indexOf(u"name: secrets stay local"_s) < yaml.indexOf(u"name: over budget"_s));
    // One undo step puts it back.
    page->undoAction()->trigger();
    QCOMPARE(ruleNames(page->document()->config()).first(), u"secrets stay local"_s);
}

void TestRoutingPage::routeRenameFollowsRules()
{
    // The card's edit goes through RoutingConfig::renameRoute (its cases are
    // tst_routingconfig's): the rules follow as the name is typed.
    copyTeam();
    auto page = makePage();
    page->showTab(RoutingPage::Tab::Routes);
    RouteCard *card = page->routeCards().at(3);
    QCOMPARE(card->nameField()->text(), u"private"_s);
    card->nameField()->selectAll();
    QTest::keyClicks(card->nameField(), u"on-device"_s);
    const Routing::RoutingConfig &config = page->document()->config();
    QCOMPARE(config.rules.at(0).route, u"on-device"_s);
    QVERIFY(!page->document()->hasErrors());
}

void TestRoutingPage::saveAndReopen()
{
    copyTeam();
    Routing::RoutingConfig saved;
    {
        auto page = makePage();
        page->selectRule(2);
        page->ruleEditor()->tokensAboveField()->selectAll();
        QTest::keyClicks(page->ruleEditor()->tokensAboveField(), u"120000"_s);
        QVERIFY(page->saveAs(u"big prompts"_s));
        QCOMPARE(page->currentFileName(), u"big prompts.yaml"_s);
        QVERIFY(!page->document()->isModified());
        QCOMPARE(page->library()->files(), (QStringList{u"big prompts.yaml"_s, u"team.yaml"_s}));
        QVERIFY(page->rename(u"huge"_s));
        QCOMPARE(page->library()->files(), (QStringList{u"huge.yaml"_s, u"team.yaml"_s}));
        saved = page->document()->config();
    }
    // The last open config comes back after a restart, read from its file.
    auto page = makePage();
    QCOMPARE(page->currentFileName(), u"huge.yaml"_s);
    QCOMPARE(page->document()->config(), saved);
    QCOMPARE(page->document()->config().rules.at(2).when.tokensAbove, 120000);
    // Splitter sizes come back too.
    const QByteArray state = QSettings().value(u"RoutingPage/splitter"_s).toByteArray();
    QVERIFY(!state.isEmpty());

    // Import a JSON config: it becomes YAML in the library.
    const QString json = m_dir->filePath(u"imported.json"_s);
    QFile file(json);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"version": 1, "routes": {"solo": {"targets": ["openai/gpt-4o-mini"]}}})");
    file.close();
    QVERIFY(page->importFile(json));
    QCOMPARE(page->currentFileName(), u"imported.yaml"_s);
    QVERIFY(page->yamlEditor()->toPlainText().contains(u"solo:"_s));

    // Gateways' configs are imported: LiteLLM's model groups and Portkey's
    // targets become routes, and no literal key comes along.
    QVERIFY(page->importFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing/litellm-proxy.yaml"_s));
    QCOMPARE(page->currentFileName(), u"litellm-proxy.yaml"_s);
    QVERIFY(page->document()->config().routeIndex(u"claude-sonnet"_s) >= 0);
    QVERIFY(!page->yamlEditor()->toPlainText().contains(u"sk-literal-never-copied"_s));
    QVERIFY(page->importFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing/portkey-fallback.json"_s));
    QCOMPARE(page->currentFileName(), u"portkey-fallback.yaml"_s);
    QCOMPARE(page->document()->config().routes.first().targets.size(), 2);
    QVERIFY(!page->yamlEditor()->toPlainText().contains(u"sk-ant-literal"_s));
    QVERIFY(page->removeCurrent());
    QVERIFY(page->openConfig(u"imported.yaml"_s));
    QVERIFY(page->removeCurrent());
    QVERIFY(!page->library()->files().contains(u"imported.yaml"_s));
}

void TestRoutingPage::saveRefusedWhileBroken()
{
    copyTeam();
    auto page = makePage();
    page->showTab(RoutingPage::Tab::Routes);
    // Removing a route that rules name is allowed (undo brings it back), but not saved.
    RouteCard *card = page->routeCards().at(2);
    QMetaObject::invokeMethod(card, &RouteCard::removeRequested);
    QCOMPARE(page->routeCards().size(), 3);
    QVERIFY(page->document()->hasErrors());
    QVERIFY(page->problemList()->isVisible());
    QVERIFY(!page->save());
    QCOMPARE(QString::fromUtf8([&] {
                 QFile f(page->document()->path());
                 return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
             }()),
             teamText());
    page->undoAction()->trigger();
    QVERIFY(!page->document()->hasErrors());
    QCOMPARE(page->routeCards().size(), 4);
}

void TestRoutingPage::activeConfigIsPersisted()
{
    copyTeam();
    copyTeam(u"other.yaml"_s);
    auto page = makePage();
    QVERIFY(page->openConfig(u"other.yaml"_s));
    QVERIFY(!page->activeBadge()->isVisible());
    page->makeActive();
    QVERIFY(page->activeBadge()->isVisible());
    QCOMPARE(m_settings->activeRoutingConfig(), u"other.yaml"_s);
    // Another AppSettings (a restart) reads it back.
    QCOMPARE(Settings::AppSettings().activeRoutingConfig(), u"other.yaml"_s);
    QVERIFY(page->openConfig(u"team.yaml"_s));
    QVERIFY(!page->activeBadge()->isVisible());
    QCOMPARE(page->configBox()->itemText(page->configBox()->findData(u"other.yaml"_s)), u"other (active)"_s);
}

void TestRoutingPage::testCases_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QStringList>("failing");

    QTest::newRow("as written") << QString() << QString() << QStringList();
    QTest::newRow("no HR tag rule") << u"tags: [private, hr]"_s << u"tags: [private]"_s
                                    << QStringList{u"HR questions go local"_s};
    QTest::newRow("code rule gone") << u"route: code\n"_s << u"route: fast-cheap\n"_s
                                    << QStringList{u"python"_s};
    QTest::newRow("long prompts later") << u"tokens_above: 60000"_s << u"tokens_above: 200000"_s
                                        << QStringList{u"a whole book"_s};
}

void TestRoutingPage::testCases()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QStringList, failing);
    copyTeam();
    auto page = makePage();
    if (!from.isEmpty()) {
        QString yaml = teamText();
        QVERIFY(yaml.contains(from));
        yaml.replace(from, to);
        typeYaml(*page, yaml.toUtf8());
        QVERIFY(!page->document()->hasErrors());
    }
    page->showTab(RoutingPage::Tab::Tests);
    TestCasesPanel *tests = page->testCases();
    QCOMPARE(tests->table()->rowCount(), 5);
    tests->runAction()->trigger();
    QCOMPARE(tests->outcomes().size(), 5);
    QStringList failed;
    for (int row = 0; row < 5; ++row) {
        const bool passed = tests->outcomes().at(row).passed;
        const QString result = tests->table()->item(row, TestCasesPanel::ResultColumn)->text();
        QCOMPARE(result.startsWith(u"✓"_s), passed);
        if (!passed)
            failed.append(tests->table()->item(row, TestCasesPanel::NameColumn)->text());
    }
    QCOMPARE(failed, failing);
    QCOMPARE(tests->table()->item(0, TestCasesPanel::ResultColumn)->text(),
             u"✓ “secrets stay local” → private"_s);

    // Once run, they run again on every change: edit a test's expectation in the table.
    tests->table()->item(4, TestCasesPanel::ExpectColumn)->setText(u"code"_s);
    QVERIFY(!tests->outcomes().at(4).passed);
    QCOMPARE(page->document()->config().tests.at(4).expectRoute, u"code"_s);
    QVERIFY(page->yamlEditor()->toPlainText().contains(u"expect: code"_s));
}

void TestRoutingPage::tryItAgainstFixture()
{
    QDir().mkpath(m_dir->filePath(u"routing"_s));
    {
        QFile file(m_dir->filePath(u"routing/fixture.yaml"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fixtureConfig);
    }
    m_two->enqueue({.chunks = sse({u"Hello"_s, u" from"_s, u" two"_s})});
    auto page = makePage();
    // Keyboard shortcuts need the window to be active.
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    QCOMPARE(page->currentFileName(), u"fixture.yaml"_s);
    page->showTab(RoutingPage::Tab::TryIt);
    TryItPanel *tryIt = page->tryIt();
    tryIt->promptField()->setPlainText(u"Say hello"_s);
    tryIt->tagsField()->setText(u"other"_s);
    tryIt->promptField()->setFocus();
    QTest::keySequence(tryIt->promptField(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    QVERIFY(tryIt->call());
    QVERIFY(tryIt->decisionLabel()->text().contains(u"tagged other"_s));
    QTRY_VERIFY_WITH_TIMEOUT(tryIt->call()->isFinished(), 15000);
    QCOMPARE(tryIt->hopList()->topLevelItemCount(), 1);
    QCOMPARE(tryIt->hopList()->topLevelItem(0)->text(0), u"two/model-b"_s);
    QCOMPARE(tryIt->hopList()->topLevelItem(0)->text(2), u"answered"_s);
    QTRY_COMPARE(tryIt->answerView()->toPlainText(), u"Hello from two"_s);
    QVERIFY(tryIt->costLabel()->text().contains(u"Answered by two/model-b"_s));
    QVERIFY(tryIt->costLabel()->text().contains(u"total cost"_s));
    QCOMPARE(m_two->requests().size(), 1);
    QVERIFY(m_two->requests().first().body.contains("Say hello"));
    QCOMPARE(m_one->requests().size(), 0);
}

void TestRoutingPage::tryItFallsBackAndCancels()
{
    QDir().mkpath(m_dir->filePath(u"routing"_s));
    {
        QFile file(m_dir->filePath(u"routing/fixture.yaml"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fixtureConfig);
    }
    m_one->enqueue({.status = 503,
                    .contentType = "application/json",
                    .headers = {},
                    .chunks = {R"({"error":{"message":"overloaded","type":"server_error"}})"}});
    m_two->enqueue({.chunks = sse({u"Backup"_s, u" answer"_s})});
    auto page = makePage();
    page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(page.get()));
    page->showTab(RoutingPage::Tab::TryIt);
    TryItPanel *tryIt = page->tryIt();
    tryIt->promptField()->setPlainText(u"anything"_s);
    QVERIFY(tryIt->send());
    QTRY_VERIFY_WITH_TIMEOUT(tryIt->call()->isFinished(), 15000);
    QCOMPARE(tryIt->hopList()->topLevelItemCount(), 2);
    QCOMPARE(tryIt->hopList()->topLevelItem(0)->text(0), u"one/model-a"_s);
    QVERIFY(tryIt->hopList()->topLevelItem(0)->text(2).startsWith(u"failed"_s));
    QCOMPARE(tryIt->hopList()->topLevelItem(1)->text(2), u"answered"_s);
    QTRY_COMPARE(tryIt->answerView()->toPlainText(), u"Backup answer"_s);

    // A target that never answers: Esc stops it.
    m_one->enqueue({.neverAnswer = true});
    QVERIFY(tryIt->send());
    QTRY_VERIFY(tryIt->hopList()->topLevelItemCount() == 1);
    tryIt->promptField()->setFocus();
    QTest::keyClick(tryIt->promptField(), Qt::Key_Escape);
    QTRY_VERIFY(tryIt->call()->isFinished());
    QCOMPARE(tryIt->hopList()->topLevelItem(0)->text(2), u"cancelled"_s);
}

void TestRoutingPage::simulationOverUsageLog()
{
    copyTeam();
    copyTeam(u"all-private.yaml"_s);
    {
        // The other config sends everything to the private route.
        QString yaml = teamText();
        yaml.replace(u"default: fast-cheap"_s, u"default: private"_s);
        QFile file(m_dir->filePath(u"routing/all-private.yaml"_s));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(yaml.toUtf8());
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 3; ++i) {
        m_usage->record({.timeMs = now - i * 60'000, .source = Usage::Source::Compare, .project = {},
                         .provider = u"openai"_s, .model = u"gpt-4o"_s, .route = {}, .rule = {},
                         .tokensIn = 1000, .tokensOut = 500, .tokensCached = {}, .tokensReasoning = {},
                         .costNanoUsd = 7'500'000, .costEstimated = false, .ttftMs = 400.0, .totalMs = 2000.0,
                         .tokensPerSecond = 250.0, .status = Usage::Status::Ok, .errorClass = {}, .httpStatus = 200,
                         .retries = 0, .fallbackHops = 0});
    }
    m_usage->record({.timeMs = now, .source = Usage::Source::Compare, .project = u"hr"_s,
                     .provider = u"anthropic"_s, .model = u"claude-sonnet-4-0"_s, .route = {}, .rule = {},
                     .tokensIn = 2000, .tokensOut = 1000, .tokensCached = {}, .tokensReasoning = {},
                     .costNanoUsd = 21'000'000, .costEstimated = false, .ttftMs = 900.0, .totalMs = 5000.0,
                     .tokensPerSecond = 80.0, .status = Usage::Status::Ok, .errorClass = {}, .httpStatus = 200,
                     .retries = 0, .fallbackHops = 0});
    QVERIFY(m_usage->waitForIdle());

    auto page = makePage();
    QVERIFY(page->openConfig(u"team.yaml"_s));
    page->showTab(RoutingPage::Tab::Simulation);
    SimulationPanel *simulation = page->simulation();
    simulation->compareBox()->setCurrentText(u"all-private"_s);
    QCOMPARE(simulation->compareBox()->currentText(), u"all-private"_s);
    QVERIFY(simulation->run());
    QVERIFY(simulation->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!simulation->isRunning(), 15000);
    QVERIFY(simulation->result() && *simulation->result());
    const Routing::SimulationResult &result = **simulation->result();
    QCOMPARE(result.calls, 4);
    QCOMPARE(result.actualNanoUsd, 3 * 7'500'000 + 21'000'000);

    // Per route: three everyday calls go to fast-cheap, the hr-tagged one to private.
    QTableWidget *table = simulation->table();
    QHash<QString, int> calls;
    for (int row = 0; row < table->rowCount(); ++row)
        calls.insert(table->item(row, 0)->text(), table->item(row, 1)->text().toInt());
    QCOMPARE(calls.value(u"fast-cheap"_s), 3);
    QCOMPARE(calls.value(u"private"_s), 1);
    QCOMPARE(table->columnCount(), 9); // with the other config's columns
    QVERIFY(simulation->otherResult() && *simulation->otherResult());
    qint64 otherPrivate = 0;
    for (const auto &route : (*simulation->otherResult())->routes) {
        if (route.route == "private"_L1)
            otherPrivate = route.calls;
    }
    QCOMPARE(otherPrivate, 4);

    // The chart: one group per route, actual and both configs.
    SimulationChart *chart = simulation->chart();
    QVERIFY(chart->categories().contains(u"fast-cheap"_s));
    QCOMPARE(chart->series().size(), 3);
    const qsizetype fastCheap = chart->categories().indexOf(u"fast-cheap"_s);
    QCOMPARE(chart->series().at(0).dollars.at(fastCheap), 3 * 0.0075);
    QVERIFY(simulation->summaryLabel()->text().contains(u"4 call(s) replayed"_s));
}

QTEST_MAIN(TestRoutingPage)
#include "tst_routingpage.moc"
