// The gateway's Keys dialog on the offscreen platform, over a real usage
// database in a temporary folder and a keychain in memory: a new key's token
// is shown once and only its digest is stored; bad names are refused beside
// the field; rotate, disable/enable and revoke (with its budgets) reach the
// database; budgets per period; a keyring refreshed after each change sees
// it at once; the keyboard and the empty state.

#include "gateway/keyform.h"
#include "gateway/keysdialog.h"
#include "gateway/keytablemodel.h"
#include "gateway/toolkeyring.h"
#include "gateway/toolkeytable.h"
#include "support/memorykeystore.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::ToolKey;
using GatewayUi::KeyForm;
using GatewayUi::KeysDialog;
using GatewayUi::KeyTableModel;
using Usage::Budget;

namespace {

const QString origin = u"http://127.0.0.1:4141"_s;

} // namespace

class TestKeysDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void createShowsTokenOnce();
    void nameErrors_data();
    void nameErrors();
    void rotateChangesDigest();
    void disableEnable();
    void revokeRemovesKeyAndBudgets();
    void budgetsPerPeriod_data();
    void budgetsPerPeriod();
    void keyringSeesChanges();
    void showsChangesFromElsewhere();
    void keychainFailureIsSaid();
    void keyboard();
    void emptyState();

private:
    /// Fills the form for a new key and saves it; the token shown.
    QString create(const QString &name, const QStringList &routes = {}, const QString &models = {});
    [[nodiscard]] std::optional<ToolKey> stored(const QString &name);
    [[nodiscard]] QList<Budget> storedBudgets(const QString &name);
    bool waitChanged();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Usage::UsageStore> m_store;
    std::unique_ptr<TestSupport::MemoryKeyStore> m_keychain;
    std::unique_ptr<Gateway::ToolKeyring> m_keyring;
    std::unique_ptr<KeysDialog> m_dialog;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestKeysDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestKeysDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Usage::UsageStore>(Usage::UsageDatabase::fileIn(m_dir->path()));
    m_keychain = std::make_unique<TestSupport::MemoryKeyStore>();
    m_keyring = std::make_unique<Gateway::ToolKeyring>(m_store.get());
    m_dialog = std::make_unique<KeysDialog>(KeysDialog::Context{.store = m_store.get(),
                                                                .keychain = m_keychain.get(),
                                                                .keyring = m_keyring.get(),
                                                                .routes = {u"main"_s, u"cheap"_s},
                                                                .origin = origin});
    // Before the first load: the reset that fills it is checked too.
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(m_dialog.get(), &KeysDialog::loaded);
    m_dialog->show();
    QVERIFY(loaded.wait());
}

void TestKeysDialog::cleanup()
{
    m_tester.reset();
    m_dialog.reset();
    m_keyring.reset();
    m_store.reset();
    m_keychain.reset();
    m_dir.reset();
}

bool TestKeysDialog::waitChanged()
{
    QSignalSpy changed(m_dialog.get(), &KeysDialog::changed);
    return changed.wait(5000);
}

QString TestKeysDialog::create(const QString &name, const QStringList &routes, const QString &models)
{
    m_dialog->startNew();
    KeyForm *form = m_dialog->form();
    form->setName(name);
    form->checkRoutes(routes);
    form->setModelsText(models);
    m_dialog->save();
    if (!waitChanged())
        return {};
    return m_dialog->shownToken();
}

std::optional<ToolKey> TestKeysDialog::stored(const QString &name)
{
    // A connection of the test's own, as another process would read the file.
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(m_dir->path()));
    if (!db)
        return std::nullopt;
    auto found = Gateway::ToolKeyTable(*db).find(name);
    return found ? *found : std::nullopt;
}

QList<Budget> TestKeysDialog::storedBudgets(const QString &name)
{
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(m_dir->path()));
    QList<Budget> mine;
    if (!db)
        return mine;
    for (const Budget &budget : db->budgets().value_or(QList<Budget>{})) {
        if (budget.key == name)
            mine.append(budget);
    }
    return mine;
}

void TestKeysDialog::createShowsTokenOnce()
{
    const QString token = create(u"claude-code"_s, {u"main"_s}, u"anthropic/*, openai/gpt-4o"_s);
    QVERIFY(!token.isEmpty());
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Token);
    QVERIFY(m_dialog->setupText().contains(u"export ANTHROPIC_BASE_URL=http://127.0.0.1:4141\n"_s));
    QVERIFY(m_dialog->setupText().contains(u"export ANTHROPIC_API_KEY="_s + token + u'\n'));
    QVERIFY(m_dialog->setupText().contains(u"export OPENAI_BASE_URL=http://127.0.0.1:4141/v1\n"_s));
    QVERIFY(m_dialog->findChild<QLabel *>(u"keyTokenTitle"_s)->text().contains(u"will not show it again"_s));

    const auto key = stored(u"claude-code"_s);
    QVERIFY(key);
    QCOMPARE(key->tokenSha256, ToolKey::digest(token.toUtf8()));
    QCOMPARE(key->routes, QStringList{u"main"_s});
    QCOMPARE(key->models, (QStringList{u"anthropic/*"_s, u"openai/gpt-4o"_s}));
    QVERIFY(key->enabled);
    QVERIFY(key->createdMs > 0);
    // Only the digest reaches the disk: the token is in no file of the folder.
    QVERIFY(m_store->waitForIdle());
    for (const QString &file : QDir(m_dir->path()).entryList(QDir::Files)) {
        QFile f(m_dir->filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(token.toUtf8()), qPrintable(file));
    }
    QTRY_COMPARE(m_keychain->keys.value(ToolKey::keychainId(u"claude-code"_s)), token);
    QTRY_VERIFY(m_dialog->keychainNote().contains(ToolKey::keychainId(u"claude-code"_s)));

    // Shown once: back on the list it is gone, and editing shows no token.
    m_dialog->closeToken();
    QCOMPARE(m_dialog->page(), KeysDialog::Page::List);
    QVERIFY(m_dialog->shownToken().isEmpty());
    QVERIFY(m_dialog->setupText().isEmpty());
    QCOMPARE(m_dialog->model()->rowCount(), 1);
    const QModelIndex mayUse = m_dialog->model()->index(0, KeyTableModel::MayUse);
    QCOMPARE(mayUse.data().toString(), u"routes main\nmodels anthropic/*, openai/gpt-4o"_s);
    QCOMPARE(mayUse.data(Qt::ToolTipRole).toString(), u"routes main; models anthropic/*, openai/gpt-4o"_s);
    for (int column = 0; column < KeyTableModel::ColumnCount; ++column)
        QVERIFY(!m_dialog->model()->index(0, column).data().toString().contains(token));
}

void TestKeysDialog::nameErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("problem"); // a part of it; empty: none

    QTest::newRow("fine") << u"codex-2.cli_x"_s << QString();
    QTest::newRow("empty") << QString() << u"Name the key"_s;
    QTest::newRow("space") << u"my tool"_s << u"letters"_s;
    QTest::newRow("slash") << u"a/b"_s << u"letters"_s;
    QTest::newRow("owner") << u"owner"_s << u"owner"_s;
    QTest::newRow("too long") << QString(41, u'a') << u"40"_s;
    QTest::newRow("taken") << u"scripts"_s << u"already a key named “scripts”"_s;
}

void TestKeysDialog::nameErrors()
{
    QFETCH(QString, name);
    QFETCH(QString, problem);
    QVERIFY(!create(u"scripts"_s).isEmpty());
    m_dialog->closeToken();

    m_dialog->startNew();
    m_dialog->form()->setName(name);
    auto *note = m_dialog->findChild<QLabel *>(u"keyNameProblem"_s);
    auto *save = m_dialog->findChild<QPushButton *>(u"saveKeyButton"_s);
    if (problem.isEmpty()) {
        QVERIFY(m_dialog->form()->problem().isEmpty());
        QVERIFY(note->isHidden());
        QVERIFY(save->isEnabled());
        return;
    }
    QVERIFY2(m_dialog->form()->problem().contains(problem, Qt::CaseInsensitive),
             qPrintable(m_dialog->form()->problem()));
    QVERIFY(!save->isEnabled());
    // Beside the field, except for a name not yet typed.
    QCOMPARE(note->isVisible(), !name.isEmpty());
    if (!name.isEmpty())
        QVERIFY(note->text().contains(problem, Qt::CaseInsensitive));
    m_dialog->save(); // refused: nothing written
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Form);
    QCOMPARE(m_dialog->model()->rowCount(), 1);
}

void TestKeysDialog::rotateChangesDigest()
{
    const QString first = create(u"codex"_s);
    QVERIFY(!first.isEmpty());
    m_dialog->closeToken();
    const QByteArray before = stored(u"codex"_s)->tokenSha256;

    m_dialog->askToRotate(u"codex"_s);
    QVERIFY(m_dialog->confirmationText().contains(u"codex"_s));
    m_dialog->confirm();
    QVERIFY(waitChanged());
    const QString second = m_dialog->shownToken();
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    const auto key = stored(u"codex"_s);
    QVERIFY(key->tokenSha256 != before);
    QCOMPARE(key->tokenSha256, ToolKey::digest(second.toUtf8()));
    QVERIFY(key->rotatedMs > 0);
    QTRY_COMPARE(m_keychain->keys.value(ToolKey::keychainId(u"codex"_s)), second);
    m_dialog->closeToken();
    QVERIFY(m_dialog->model()->index(0, KeyTableModel::Created).data().toString().contains(u"\nrotated "_s));

    // Cancelled: nothing changes.
    m_dialog->askToRotate(u"codex"_s);
    m_dialog->cancelConfirmation();
    QVERIFY(m_dialog->confirmationText().isEmpty());
    QCOMPARE(stored(u"codex"_s)->tokenSha256, key->tokenSha256);
}

void TestKeysDialog::disableEnable()
{
    QVERIFY(!create(u"scripts"_s).isEmpty());
    m_dialog->closeToken();
    m_dialog->selectKey(u"scripts"_s);
    auto *toggle = m_dialog->findChild<QPushButton *>(u"toggleKeyButton"_s);
    QCOMPARE(toggle->text(), u"&Disable"_s);
    toggle->click();
    QVERIFY(waitChanged());
    QVERIFY(!stored(u"scripts"_s)->enabled);
    QCOMPARE(m_dialog->model()->index(0, KeyTableModel::State).data().toString(), u"disabled"_s);
    QCOMPARE(toggle->text(), u"En&able"_s);
    toggle->click();
    QVERIFY(waitChanged());
    QVERIFY(stored(u"scripts"_s)->enabled);
    QCOMPARE(m_dialog->model()->index(0, KeyTableModel::State).data().toString(), u"enabled"_s);
}

void TestKeysDialog::revokeRemovesKeyAndBudgets()
{
    m_dialog->startNew();
    m_dialog->form()->setName(u"codex"_s);
    m_dialog->form()->setBudget(Budget::Period::Day, 2.5);
    m_dialog->form()->setBudget(Budget::Period::Month, 40);
    m_dialog->save();
    QVERIFY(waitChanged());
    m_dialog->closeToken();
    QCOMPARE(storedBudgets(u"codex"_s).size(), 2);
    QVERIFY(!create(u"other"_s).isEmpty());
    m_dialog->closeToken();

    m_dialog->askToRevoke(u"codex"_s);
    QVERIFY(m_dialog->confirmationText().contains(u"keep its name in the usage log"_s));
    QVERIFY(stored(u"codex"_s)); // asked, not done
    m_dialog->confirm();
    QVERIFY(waitChanged());
    QVERIFY(!stored(u"codex"_s));
    QVERIFY(storedBudgets(u"codex"_s).isEmpty());
    QVERIFY(stored(u"other"_s));
    QCOMPARE(m_dialog->model()->rowCount(), 1);
    QTRY_VERIFY(!m_keychain->keys.contains(ToolKey::keychainId(u"codex"_s)));
    QVERIFY(m_keychain->keys.contains(ToolKey::keychainId(u"other"_s)));
}

void TestKeysDialog::budgetsPerPeriod_data()
{
    QTest::addColumn<Budget::Period>("period");
    QTest::addColumn<double>("usd");
    QTest::addColumn<Budget::Action>("action");
    QTest::addColumn<QString>("route");

    QTest::newRow("day block") << Budget::Period::Day << 3.0 << Budget::Action::Block << QString();
    QTest::newRow("week reroute") << Budget::Period::Week << 12.5 << Budget::Action::Reroute << u"cheap"_s;
    QTest::newRow("month block") << Budget::Period::Month << 80.0 << Budget::Action::Block << QString();
    QTest::newRow("month reroute typed")
        << Budget::Period::Month << 0.5 << Budget::Action::Reroute << u"local"_s;
}

void TestKeysDialog::budgetsPerPeriod()
{
    QFETCH(Budget::Period, period);
    QFETCH(double, usd);
    QFETCH(Budget::Action, action);
    QFETCH(QString, route);

    m_dialog->startNew();
    m_dialog->form()->setName(u"claude-code"_s);
    m_dialog->form()->setBudget(period, usd, action, route);
    m_dialog->save();
    QVERIFY(waitChanged());
    const Budget expected{.key = u"claude-code"_s,
                          .period = period,
                          .limitNanoUsd = qint64(usd * 1e9),
                          .action = action,
                          .rerouteTo = route};
    QCOMPARE(storedBudgets(u"claude-code"_s), QList<Budget>{expected});
    m_dialog->closeToken();
    QVERIFY(!m_dialog->model()->index(0, KeyTableModel::Budgets).data().toString().contains(u"none"_s));

    // Edited: the form shows it; unticked, it is removed, and another kept.
    m_dialog->editKey(u"claude-code"_s);
    QCOMPARE(m_dialog->form()->budgets(), QList<Budget>{expected});
    const Budget::Period other = period == Budget::Period::Day ? Budget::Period::Month : Budget::Period::Day;
    m_dialog->form()->setBudget(period, std::nullopt);
    m_dialog->form()->setBudget(other, 7);
    m_dialog->save();
    QVERIFY(waitChanged());
    QCOMPARE(m_dialog->page(), KeysDialog::Page::List);
    const QList<Budget> after = storedBudgets(u"claude-code"_s);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().period, other);
    QCOMPARE(after.first().limitNanoUsd, qint64(7'000'000'000));

    // A switch with no route named is refused in the form.
    m_dialog->editKey(u"claude-code"_s);
    m_dialog->form()->setBudget(period, usd, Budget::Action::Reroute, QString());
    QVERIFY(m_dialog->form()->problem().contains(u"route"_s));
    QVERIFY(!m_dialog->findChild<QPushButton *>(u"saveKeyButton"_s)->isEnabled());
}

void TestKeysDialog::keyringSeesChanges()
{
    m_keyring->refresh();
    QTRY_VERIFY(m_keyring->isLoaded());
    QSignalSpy changed(m_keyring.get(), &Gateway::ToolKeyring::changed);
    const QString token = create(u"codex"_s);
    QVERIFY(!token.isEmpty());
    // Told at once, not at the next poll (the keyring is not even watching).
    QTRY_VERIFY(m_keyring->find(token.toUtf8()));
    QVERIFY(m_keyring->find(token.toUtf8())->enabled);
    m_dialog->closeToken();

    m_dialog->setKeyEnabled(u"codex"_s, false);
    QVERIFY(waitChanged());
    QTRY_VERIFY(!m_keyring->find(token.toUtf8())->enabled);

    m_dialog->askToRotate(u"codex"_s);
    m_dialog->confirm();
    QVERIFY(waitChanged());
    const QString rotated = m_dialog->shownToken();
    QTRY_VERIFY(m_keyring->find(rotated.toUtf8()));
    QVERIFY(!m_keyring->find(token.toUtf8()));
    m_dialog->closeToken();

    m_dialog->askToRevoke(u"codex"_s);
    m_dialog->confirm();
    QVERIFY(waitChanged());
    QTRY_VERIFY(!m_keyring->find(rotated.toUtf8()));
    QVERIFY(changed.count() >= 4);
}

void TestKeysDialog::showsChangesFromElsewhere()
{
    // As `switchyard-cli gateway-key create` in another process: the
    // keyring's poll notices, and the open dialog shows it.
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(m_dir->path()));
    QVERIFY(db);
    QVERIFY(Gateway::ToolKeyTable(*db).create({.name = u"from-the-cli"_s}, 1));
    m_keyring->refresh();
    QTRY_COMPARE(m_dialog->model()->rowCount(), 1);
    QCOMPARE(m_dialog->model()->rows().first().key.name, u"from-the-cli"_s);
    QVERIFY(m_dialog->findChild<QTableView *>(u"keysTable"_s)->isVisible());
}

void TestKeysDialog::keychainFailureIsSaid()
{
    m_keychain->writesRefused = u"the keychain is locked"_s;
    QSignalSpy answered(m_dialog.get(), &KeysDialog::keychainAnswered);
    const QString token = create(u"codex"_s);
    QVERIFY(!token.isEmpty());
    QTRY_COMPARE(answered.count(), 1);
    QVERIFY(!m_keychain->keys.contains(ToolKey::keychainId(u"codex"_s)));
    QVERIFY(m_dialog->keychainNote().contains(u"did not take it (the keychain is locked)"_s));
    // Still shown, and the key stored: the gateway checks its digest.
    QCOMPARE(m_dialog->shownToken(), token);
    QCOMPARE(stored(u"codex"_s)->tokenSha256, ToolKey::digest(token.toUtf8()));
    QVERIFY(m_dialog->keychainNote().contains(u"works all the same"_s));
}

void TestKeysDialog::keyboard()
{
    QVERIFY(!create(u"scripts"_s).isEmpty());
    m_dialog->closeToken();
    // Shortcuts need the window active, as it is when the user types.
    m_dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
    auto *table = m_dialog->findChild<QTableView *>(u"keysTable"_s);
    QTRY_VERIFY(table->hasFocus());
    m_dialog->selectKey(u"scripts"_s);

    QTest::keyClick(table, Qt::Key_Delete);
    QVERIFY(m_dialog->confirmationText().contains(u"Revoke “scripts”"_s));
    m_dialog->cancelConfirmation();

    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Form);
    QVERIFY(!m_dialog->form()->isNew());
    m_dialog->findChild<QPushButton *>(u"cancelKeyButton"_s)->click();
    QCOMPARE(m_dialog->page(), KeysDialog::Page::List);

    QTest::keyClick(table, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Form);
    QVERIFY(m_dialog->form()->isNew());
    QTRY_COMPARE(QApplication::focusWidget(), m_dialog->findChild<QLineEdit *>(u"keyName"_s));
    // Enter in the form saves.
    QTest::keyClicks(QApplication::focusWidget(), u"codex"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(waitChanged());
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Token);
    m_dialog->closeToken();

    QSignalSpy rejected(m_dialog.get(), &QDialog::rejected);
    QTest::keyClick(table, Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(!m_dialog->isVisible());
}

void TestKeysDialog::emptyState()
{
    auto *empty = m_dialog->findChild<QWidget *>(u"keysEmptyState"_s);
    QVERIFY(empty->isVisible());
    QVERIFY(!m_dialog->findChild<QTableView *>(u"keysTable"_s)->isVisible());
    auto *emptyNew = m_dialog->findChild<QPushButton *>(u"emptyNewKeyButton"_s);
    QVERIFY(emptyNew->isVisible());
    QVERIFY(emptyNew->isEnabled());
    QVERIFY(!m_dialog->findChild<QPushButton *>(u"revokeKeyButton"_s)->isVisible());
    emptyNew->click();
    QCOMPARE(m_dialog->page(), KeysDialog::Page::Form);
    QVERIFY(m_dialog->form()->isNew());
    m_dialog->findChild<QPushButton *>(u"cancelKeyButton"_s)->click();
    QVERIFY(!create(u"codex"_s).isEmpty());
    m_dialog->closeToken();
    QVERIFY(!empty->isVisible());
    QVERIFY(m_dialog->findChild<QTableView *>(u"keysTable"_s)->isVisible());
    // Once there are keys, the list's own buttons, enabled.
    auto *newKey = m_dialog->findChild<QPushButton *>(u"newKeyButton"_s);
    QVERIFY(newKey->isVisible());
    QVERIFY(newKey->isEnabled());
    QVERIFY(m_dialog->findChild<QPushButton *>(u"revokeKeyButton"_s)->isEnabled());
}

QTEST_MAIN(TestKeysDialog)

#include "tst_keysdialog.moc"
