#include "gateway/keysdialog.h"

#include "gateway/keyform.h"
#include "gateway/toolkeyring.h"
#include "gateway/toolkeytable.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"
#include "usage/sqlitetransaction.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "widgets/statuscolors.h"

#include <QAction>
#include <QBoxLayout>
#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QTableView>
#include <QTextDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {
namespace {

using Gateway::ToolKey;
using Gateway::ToolKeyTable;

std::expected<QList<KeyTableModel::Row>, QString> readRows(Usage::UsageDatabase &db)
{
    const auto keys = ToolKeyTable(db).keys();
    if (!keys)
        return std::unexpected(keys.error().message);
    const QDate today = QDate::currentDate();
    const auto statuses = db.budgetStatus(today);
    if (!statuses)
        return std::unexpected(statuses.error().message);
    // This month's spend per key, from the roll-ups (as `gateway-key list`).
    QHash<QString, qint64> spent;
    if (const auto groups
        = db.summarize({.from = QDate(today.year(), today.month(), 1), .to = today}, Usage::GroupKey::Key)) {
        for (const Usage::UsageGroup &group : *groups)
            spent[group.key] += group.costNanoUsd;
    }
    QList<KeyTableModel::Row> rows;
    for (const ToolKey &key : *keys) {
        KeyTableModel::Row row{.key = key, .spentThisMonthNanoUsd = spent.value(key.name)};
        for (const Usage::BudgetStatus &status : *statuses) {
            if (status.budget.key == key.name && status.budget.scope.isEmpty())
                row.budgets.append(status);
        }
        rows.append(row);
    }
    return rows;
}

// The key's budgets as the form says: one per period ticked, none for the rest.
std::expected<void, Usage::UsageError> writeBudgets(Usage::UsageDatabase &db, const QString &name,
                                                    const QList<Usage::Budget> &budgets)
{
    for (const Usage::Budget::Period period : KeyForm::Periods) {
        const auto wanted = std::ranges::find(budgets, period, &Usage::Budget::period);
        auto done = wanted != budgets.end() ? db.setBudget(*wanted)
                                            : db.removeBudget({.key = name, .period = period});
        if (!done)
            return done;
    }
    return {};
}

QLabel *noteLabel(const QString &objectName, QColor (*colour)(const QPalette &), QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, colour(palette));
    label->setPalette(palette);
    label->hide();
    return label;
}

void showNote(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QPushButton *button(const QString &text, const QString &themeIcon, const QString &objectName, QWidget *parent)
{
    auto *push = new QPushButton(QIcon::fromTheme(themeIcon), text, parent);
    push->setObjectName(objectName);
    // Enter belongs to the table (edit) and the form (save), never to
    // whichever button Qt makes the default.
    push->setAutoDefault(false);
    return push;
}

} // namespace

KeysDialog::KeysDialog(Context context, QWidget *parent)
    : QDialog(parent)
    , m_context(std::move(context))
    , m_model(new KeyTableModel(this))
    , m_pages(new QStackedWidget(this))
    , m_listOrEmpty(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_new(button(tr("&New Key…"), u"list-add"_s, u"newKeyButton"_s, this))
    , m_edit(button(tr("&Edit…"), u"document-edit"_s, u"editKeyButton"_s, this))
    , m_rotate(button(tr("&Rotate…"), u"view-refresh"_s, u"rotateKeyButton"_s, this))
    , m_toggle(button(tr("&Disable"), u"dialog-cancel"_s, u"toggleKeyButton"_s, this))
    , m_revoke(button(tr("Re&voke…"), u"edit-delete"_s, u"revokeKeyButton"_s, this))
    , m_confirmBar(new QWidget(this))
    , m_confirmText(new QLabel(m_confirmBar))
    , m_confirmButton(button(QString(), QString(), u"confirmKeyButton"_s, m_confirmBar))
    , m_problem(noteLabel(u"keysProblem"_s, Widgets::StatusColors::error, this))
    , m_busyText(new QLabel(this))
    , m_form(new KeyForm(this))
    , m_formTitle(new QLabel(this))
    , m_formProblem(noteLabel(u"keyFormProblem"_s, Widgets::StatusColors::error, this))
    , m_save(button(tr("&Save"), u"document-save"_s, u"saveKeyButton"_s, this))
    , m_tokenTitle(new QLabel(this))
    , m_token(new QLineEdit(this))
    , m_keychainNote(new QLabel(this))
    , m_setup(new QPlainTextEdit(this))
    , m_close(button(tr("Close"), u"window-close"_s, u"closeKeysButton"_s, this))
{
    setObjectName(u"keysDialog"_s);
    setWindowTitle(tr("Gateway Keys"));
    QFont bold = m_formTitle->font();
    bold.setBold(true);

    // The list: the table, or what keys are for when there is none.
    auto *intro
        = new QLabel(tr("Give each tool its own key: its calls carry the key's name in the usage log, and "
                        "it can be limited, budgeted, rotated or revoked without touching the others. "
                        "The gateway's own token stays the owner's key."),
                     this);
    intro->setObjectName(u"keysIntro"_s);
    intro->setWordWrap(true);
    m_table->setObjectName(u"keysTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    // What a key may use and its budgets take a line each: rows grow
    // rather than elide them, and those two columns share what is left.
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(KeyTableModel::MayUse, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(KeyTableModel::Budgets, QHeaderView::Stretch);
    m_table->setAccessibleName(tr("Gateway keys"));

    auto *empty = new QWidget(this);
    empty->setObjectName(u"keysEmptyState"_s);
    auto *emptyText
        = new QLabel(tr("No tool has a key of its own yet. Make one for each program that calls the "
                        "gateway — Claude Code, Codex, a script — to see its spend apart, cap its "
                        "rate or budget, and cut it off alone."),
                     empty);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    auto *emptyNew = button(tr("New Key…"), u"list-add"_s, u"emptyNewKeyButton"_s, empty);
    m_emptyNew = emptyNew;
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    // A readable measure, not the dialog's whole width.
    emptyText->setFixedWidth(emptyText->fontMetrics().averageCharWidth() * 70);
    // Centred by stretches, not an alignment: an aligned item gets no
    // height for its width, and the wrapped lines would be cut.
    auto *emptyRow = new QHBoxLayout;
    emptyRow->addStretch(1);
    emptyRow->addWidget(emptyText);
    emptyRow->addStretch(1);
    emptyLayout->addLayout(emptyRow);
    emptyLayout->addWidget(emptyNew, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(1);
    m_listOrEmpty->addWidget(m_table);
    m_listOrEmpty->addWidget(empty);

    m_toggle->setToolTip(tr("A disabled key's token is refused until it is enabled again"));
    m_rotate->setToolTip(tr("Give the key a new token; the current one is refused from then on"));
    m_revoke->setToolTip(
        tr("Remove the key and its budgets (Delete); its calls keep its name in the usage log"));
    m_new->setToolTip(tr("A key for one more tool (%1)")
                          .arg(QKeySequence(Qt::CTRL | Qt::Key_N).toString(QKeySequence::NativeText)));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_new);
    actions->addWidget(m_edit);
    actions->addWidget(m_rotate);
    actions->addWidget(m_toggle);
    actions->addWidget(m_revoke);
    actions->addStretch(1);
    m_busyText->setObjectName(u"keysBusy"_s);
    m_busyText->setForegroundRole(QPalette::PlaceholderText);
    actions->addWidget(m_busyText);

    m_confirmBar->setObjectName(u"keysConfirmation"_s);
    m_confirmText->setObjectName(u"keysConfirmationText"_s);
    m_confirmText->setWordWrap(true);
    auto *cancelConfirm = button(tr("Cancel"), QString(), u"cancelConfirmButton"_s, m_confirmBar);
    auto *confirmLayout = new QHBoxLayout(m_confirmBar);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    confirmLayout->addWidget(m_confirmText, 1);
    confirmLayout->addWidget(cancelConfirm);
    confirmLayout->addWidget(m_confirmButton);
    m_confirmBar->hide();

    auto *listPage = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(8);
    listLayout->addWidget(intro);
    listLayout->addWidget(m_listOrEmpty, 1);
    listLayout->addLayout(actions);
    listLayout->addWidget(m_confirmBar);
    listLayout->addWidget(m_problem);

    // The form, in place of the list while it is open.
    m_formTitle->setObjectName(u"keyFormTitle"_s);
    m_formTitle->setFont(bold);
    auto *cancelForm = button(tr("Cancel"), u"dialog-cancel"_s, u"cancelKeyButton"_s, this);
    auto *formButtons = new QHBoxLayout;
    formButtons->addStretch(1);
    formButtons->addWidget(cancelForm);
    formButtons->addWidget(m_save);
    auto *formPage = new QWidget(this);
    auto *formLayout = new QVBoxLayout(formPage);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->setSpacing(8);
    formLayout->addWidget(m_formTitle);
    formLayout->addWidget(m_form);
    formLayout->addWidget(m_formProblem);
    formLayout->addStretch(1);
    formLayout->addLayout(formButtons);

    // The token, once.
    m_tokenTitle->setObjectName(u"keyTokenTitle"_s);
    m_tokenTitle->setFont(bold);
    m_tokenTitle->setWordWrap(true);
    m_token->setObjectName(u"keyToken"_s);
    m_token->setReadOnly(true);
    m_token->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_token->setAccessibleName(tr("The key's token"));
    auto *copy = button(tr("&Copy"), u"edit-copy"_s, u"copyKeyTokenButton"_s, this);
    copy->setToolTip(tr("Copy the token"));
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(copy);
    m_keychainNote->setObjectName(u"keyKeychainNote"_s);
    m_keychainNote->setWordWrap(true);
    auto *setupLabel = new QLabel(tr("To use it, set these in the tool's environment:"), this);
    m_setup->setObjectName(u"keySetup"_s);
    m_setup->setReadOnly(true);
    m_setup->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_setup->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_setup->setAccessibleName(tr("Setup lines"));
    auto *copySetup = button(tr("Copy &Setup Lines"), u"edit-copy"_s, u"copyKeySetupButton"_s, this);
    auto *done = button(tr("&Done"), u"dialog-ok"_s, u"tokenDoneButton"_s, this);
    auto *tokenButtons = new QHBoxLayout;
    tokenButtons->addWidget(copySetup);
    tokenButtons->addStretch(1);
    tokenButtons->addWidget(done);
    auto *tokenPage = new QWidget(this);
    auto *tokenLayout = new QVBoxLayout(tokenPage);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    tokenLayout->setSpacing(8);
    tokenLayout->addWidget(m_tokenTitle);
    tokenLayout->addLayout(tokenRow);
    tokenLayout->addWidget(m_keychainNote);
    tokenLayout->addSpacing(8);
    tokenLayout->addWidget(setupLabel);
    // As tall as its lines (and a spare one), not the page.
    m_setup->setFixedHeight(m_setup->fontMetrics().lineSpacing() * 9 + 2 * m_setup->frameWidth()
                            + int(2 * m_setup->document()->documentMargin()));
    tokenLayout->addWidget(m_setup);
    tokenLayout->addLayout(tokenButtons);
    tokenLayout->addStretch(1);

    m_pages->addWidget(listPage);
    m_pages->addWidget(formPage);
    m_pages->addWidget(tokenPage);

    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(m_pages, 1);
    layout->addLayout(bottom);
    // Wide enough for the table's columns, within a small screen.
    const QRect screen = (parent ? parent->screen() : QGuiApplication::primaryScreen())->availableGeometry();
    resize(std::min(1040, screen.width() * 9 / 10), std::min(600, screen.height() * 85 / 100));

    m_form->setRoutes(m_context.routes);
    connect(m_form, &KeyForm::changed, this, &KeysDialog::updateSaveButton);
    connect(m_new, &QPushButton::clicked, this, &KeysDialog::startNew);
    connect(emptyNew, &QPushButton::clicked, this, &KeysDialog::startNew);
    connect(m_edit, &QPushButton::clicked, this, [this] { editKey(currentName()); });
    connect(m_rotate, &QPushButton::clicked, this, [this] { askToRotate(currentName()); });
    connect(m_revoke, &QPushButton::clicked, this, [this] { askToRevoke(currentName()); });
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        if (const KeyTableModel::Row *row = m_model->row(currentName()))
            setKeyEnabled(row->key.name, !row->key.enabled);
    });
    connect(m_confirmButton, &QPushButton::clicked, this, &KeysDialog::confirm);
    connect(cancelConfirm, &QPushButton::clicked, this, &KeysDialog::cancelConfirmation);
    connect(m_save, &QPushButton::clicked, this, &KeysDialog::save);
    connect(cancelForm, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(int(Page::List));
        updateButtons();
        m_table->setFocus();
    });
    connect(copy, &QPushButton::clicked, this, &KeysDialog::copyToken);
    connect(copySetup, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_setup->toPlainText());
        Q_EMIT statusMessage(tr("Setup lines copied"));
    });
    connect(done, &QPushButton::clicked, this, &KeysDialog::closeToken);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex &index) { editKey(index.data(KeyTableModel::NameRole).toString()); });
    m_table->installEventFilter(this);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &KeysDialog::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &KeysDialog::updateButtons);

    // Ctrl+N anywhere in the dialog; Delete on the list (not in a field).
    auto *newAction = new QAction(this);
    newAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(newAction, &QAction::triggered, this, [this] {
        if (m_pages->currentIndex() == int(Page::List))
            startNew();
    });
    addAction(newAction);
    auto *revokeAction = new QAction(this);
    revokeAction->setShortcut(QKeySequence::Delete);
    revokeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(revokeAction, &QAction::triggered, this, [this] { askToRevoke(currentName()); });
    m_table->addAction(revokeAction);

    // While the gateway runs its keyring polls the database: a key changed
    // by `switchyard-cli gateway-key` shows here too.
    if (m_context.keyring)
        connect(m_context.keyring, &Gateway::ToolKeyring::changed, this, &KeysDialog::readAgainQuietly);

    updateButtons();
    reload();
}

void KeysDialog::readAgainQuietly()
{
    if (!m_context.store || m_busy || m_loading)
        return;
    m_context.store->query<std::optional<QList<KeyTableModel::Row>>>(
        this,
        [](Usage::UsageDatabase *db) -> std::optional<QList<KeyTableModel::Row>> {
            if (!db)
                return std::nullopt;
            auto rows = readRows(*db);
            return rows ? std::optional(std::move(*rows)) : std::nullopt;
        },
        [this](std::optional<QList<KeyTableModel::Row>> rows) {
            // A change of the user's under way will show its own rows.
            if (rows && !m_busy)
                showRows(*rows);
        });
}

KeysDialog::~KeysDialog() = default;

bool KeysDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Enter on the table edits the key, and goes no further: the view lets
    // it on to the dialog, which would press the form's Save at once.
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            editKey(currentName());
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

KeysDialog::Page KeysDialog::page() const
{
    return Page(m_pages->currentIndex());
}

QString KeysDialog::currentName() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(KeyTableModel::NameRole).toString() : QString();
}

void KeysDialog::selectKey(const QString &name)
{
    const int row = m_model->indexOf(name);
    if (row < 0)
        return;
    m_table->setCurrentIndex(m_model->index(row, KeyTableModel::Name));
    m_table->selectRow(row);
}

void KeysDialog::reload()
{
    run(QString(), nullptr, [this](const Outcome &outcome) {
        m_loading = false;
        updateButtons();
        if (!outcome.error.isEmpty())
            setProblem(outcome.error);
        if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
            selectKey(m_model->rows().first().key.name);
        if (m_pages->currentIndex() == int(Page::List))
            (m_model->rowCount() > 0 ? static_cast<QWidget *>(m_table) : m_emptyNew)->setFocus();
        Q_EMIT loaded();
    });
}

void KeysDialog::run(const QString &busyText, Change change, std::function<void(const Outcome &)> done)
{
    if (!m_context.store) {
        setProblem(tr("The usage database is not available, so gateway keys cannot be read or kept."));
        return;
    }
    setBusy(true, busyText);
    const bool changes = bool(change);
    m_context.store->query<Outcome>(
        this,
        [change = std::move(change)](Usage::UsageDatabase *db) -> Outcome {
            if (!db)
                return {.error = tr("The usage database is not available, so gateway keys cannot be read or "
                                    "kept.")};
            Outcome outcome;
            if (change)
                outcome = change(*db);
            auto rows = readRows(*db);
            if (rows)
                outcome.rows = std::move(*rows);
            else if (outcome.error.isEmpty())
                outcome.error = rows.error();
            return outcome;
        },
        [this, changes, done = std::move(done)](Outcome outcome) {
            setBusy(false);
            showRows(outcome.rows);
            // The gateway lets the change in (or stops letting a key in) now,
            // not at its next poll.
            if (changes && m_context.keyring)
                m_context.keyring->refresh();
            done(outcome);
            if (changes)
                Q_EMIT changed();
        });
}

void KeysDialog::showRows(const QList<KeyTableModel::Row> &rows)
{
    const QString current = currentName();
    m_model->setRows(rows);
    m_listOrEmpty->setCurrentIndex(rows.isEmpty() ? 1 : 0);
    QStringList names;
    for (const KeyTableModel::Row &row : rows)
        names.append(row.key.name);
    m_form->setTakenNames(names);
    if (!current.isEmpty())
        selectKey(current);
    updateButtons();
}

void KeysDialog::startNew()
{
    if (m_busy)
        return;
    cancelConfirmation();
    setProblem({});
    m_form->startNew();
    m_formTitle->setText(tr("A new key"));
    showNote(m_formProblem, {});
    m_pages->setCurrentIndex(int(Page::Form));
    updateButtons();
    m_form->focusFirstField();
}

void KeysDialog::editKey(const QString &name)
{
    const KeyTableModel::Row *row = m_model->row(name);
    if (!row || m_busy)
        return;
    cancelConfirmation();
    setProblem({});
    QList<Usage::Budget> budgets;
    for (const Usage::BudgetStatus &status : row->budgets)
        budgets.append(status.budget);
    m_form->edit(row->key, budgets);
    m_formTitle->setText(tr("Key “%1”").arg(name));
    showNote(m_formProblem, {});
    m_pages->setCurrentIndex(int(Page::Form));
    updateButtons();
    m_form->focusFirstField();
}

void KeysDialog::save()
{
    if (m_busy || m_pages->currentIndex() != int(Page::Form))
        return;
    if (const QString why = m_form->problem(); !why.isEmpty()) {
        showNote(m_formProblem, why);
        return;
    }
    const ToolKey wanted = m_form->key();
    const QList<Usage::Budget> budgets = m_form->budgets();
    const bool isNew = m_form->isNew();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    run(
        tr("Saving…"),
        [wanted, budgets, isNew, now](Usage::UsageDatabase &db) -> Outcome {
            ToolKeyTable table(db);
            Outcome outcome;
            // The key and its budgets together: a budget without its key (or
            // a key without the budget the user set) is never left behind.
            auto transaction = Usage::SqliteTransaction::begin(db.connection());
            if (!transaction)
                return {.error = db.errorOf(transaction.error()).message};
            if (isNew) {
                auto token = table.create(wanted, now);
                if (!token)
                    outcome.error = token.error().message;
                else
                    outcome.token = *token;
            } else {
                auto found = table.find(wanted.name);
                if (!found)
                    outcome.error = found.error().message;
                else if (!*found)
                    outcome.error = tr("There is no key named “%1” any more.").arg(wanted.name);
                else {
                    // What the form edits, over what it does not (the digest,
                    // the state and the dates, perhaps changed by the CLI since).
                    ToolKey key = **found;
                    key.routes = wanted.routes;
                    key.models = wanted.models;
                    key.requestsPerMinute = wanted.requestsPerMinute;
                    key.tokensPerMinute = wanted.tokensPerMinute;
                    if (auto put = table.put(key); !put)
                        outcome.error = put.error().message;
                }
            }
            if (outcome.error.isEmpty()) {
                if (auto written = writeBudgets(db, wanted.name, budgets); !written)
                    outcome.error = written.error().message;
            }
            if (!outcome.error.isEmpty()) {
                outcome.token.clear(); // rolled back: that token was never a key's
                return outcome;
            }
            if (auto committed = transaction->commit(); !committed)
                return {.error = db.errorOf(committed.error()).message};
            return outcome;
        },
        [this, name = wanted.name, isNew](const Outcome &outcome) {
            if (!outcome.error.isEmpty()) {
                showNote(m_formProblem, tr("The key was not saved: %1").arg(outcome.error));
                return;
            }
            selectKey(name);
            if (isNew) {
                showToken(name, outcome.token);
                Q_EMIT statusMessage(tr("Key “%1” created").arg(name));
            } else {
                m_pages->setCurrentIndex(int(Page::List));
                m_table->setFocus();
                Q_EMIT statusMessage(tr("Key “%1” saved").arg(name));
            }
            updateButtons();
        });
}

void KeysDialog::setKeyEnabled(const QString &name, bool enabled)
{
    if (name.isEmpty() || m_busy)
        return;
    cancelConfirmation();
    setProblem({});
    run(
        enabled ? tr("Enabling…") : tr("Disabling…"),
        [name, enabled](Usage::UsageDatabase &db) -> Outcome {
            ToolKeyTable table(db);
            auto found = table.find(name);
            if (!found)
                return {.error = found.error().message};
            if (!*found)
                return {.error = tr("There is no key named “%1” any more.").arg(name)};
            ToolKey key = **found;
            key.enabled = enabled;
            if (auto put = table.put(key); !put)
                return {.error = put.error().message};
            return {};
        },
        [this, name, enabled](const Outcome &outcome) {
            if (!outcome.error.isEmpty()) {
                setProblem(outcome.error);
                return;
            }
            Q_EMIT statusMessage(enabled ? tr("Key “%1” enabled").arg(name)
                                         : tr("Key “%1” disabled: its token is refused").arg(name));
        });
}

void KeysDialog::askToRotate(const QString &name)
{
    if (name.isEmpty() || m_busy || m_pages->currentIndex() != int(Page::List))
        return;
    m_pending = Pending::Rotate;
    m_pendingName = name;
    m_confirmText->setText(
        tr("Give “%1” a new token? The current one is refused from then on, so the tool needs "
           "the new one.")
            .arg(name));
    m_confirmButton->setText(tr("Rotate Token"));
    m_confirmBar->show();
    m_confirmButton->setFocus();
}

void KeysDialog::askToRevoke(const QString &name)
{
    if (name.isEmpty() || m_busy || m_pages->currentIndex() != int(Page::List))
        return;
    m_pending = Pending::Revoke;
    m_pendingName = name;
    m_confirmText->setText(
        tr("Revoke “%1”? Its token is refused from then on and its budgets are removed; its "
           "calls keep its name in the usage log.")
            .arg(name));
    m_confirmButton->setText(tr("Revoke Key"));
    m_confirmBar->show();
    m_confirmButton->setFocus();
}

QString KeysDialog::confirmationText() const
{
    return m_confirmBar->isHidden() ? QString() : m_confirmText->text();
}

void KeysDialog::cancelConfirmation()
{
    const bool hadFocus = m_confirmBar->isAncestorOf(focusWidget());
    m_pending = Pending::None;
    m_pendingName.clear();
    m_confirmBar->hide();
    if (hadFocus)
        m_table->setFocus();
}

void KeysDialog::confirm()
{
    const Pending pending = m_pending;
    const QString name = m_pendingName;
    cancelConfirmation();
    if (m_busy || name.isEmpty())
        return;
    setProblem({});
    if (pending == Pending::Rotate) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        run(
            tr("Rotating…"),
            [name, now](Usage::UsageDatabase &db) -> Outcome {
                auto token = ToolKeyTable(db).rotate(name, now);
                if (!token)
                    return {.error = token.error().message};
                return {.token = *token};
            },
            [this, name](const Outcome &outcome) {
                if (!outcome.error.isEmpty()) {
                    setProblem(tr("“%1” was not rotated: %2").arg(name, outcome.error));
                    return;
                }
                showToken(name, outcome.token);
                Q_EMIT statusMessage(tr("“%1” has a new token; the old one is refused").arg(name));
            });
    } else if (pending == Pending::Revoke) {
        run(
            tr("Revoking…"),
            [name](Usage::UsageDatabase &db) -> Outcome {
                auto removed = ToolKeyTable(db).remove(name);
                if (!removed)
                    return {.error = removed.error().message};
                return {};
            },
            [this, name](const Outcome &outcome) {
                if (!outcome.error.isEmpty()) {
                    setProblem(tr("“%1” was not revoked: %2").arg(name, outcome.error));
                    return;
                }
                forgetInKeychain(name);
                Q_EMIT statusMessage(tr("Key “%1” revoked").arg(name));
                if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
                    selectKey(m_model->rows().first().key.name);
                (m_model->rowCount() > 0 ? static_cast<QWidget *>(m_table) : m_emptyNew)->setFocus();
            });
    }
}

QString KeysDialog::setupLines(const QString &origin, const QString &token)
{
    return u"# Claude Code\n"
           "export ANTHROPIC_BASE_URL=%1\n"
           "export ANTHROPIC_API_KEY=%2\n"
           "\n"
           "# OpenAI SDKs and Codex\n"
           "export OPENAI_BASE_URL=%1/v1\n"
           "export OPENAI_API_KEY=%2\n"_s.arg(origin, token);
}

void KeysDialog::showToken(const QString &name, const QString &token)
{
    m_tokenTitle->setText(
        tr("The token of “%1” — copy it now: Switchyard will not show it again.").arg(name));
    m_token->setText(token);
    m_token->setCursorPosition(0);
    m_setup->setPlainText(setupLines(m_context.origin, token));
    m_pages->setCurrentIndex(int(Page::Token));
    updateButtons();
    m_token->setFocus();
    m_token->selectAll();
    if (!m_context.keychain) {
        m_keychainNote->setText(tr("There is no keychain to keep it in: copy it now."));
        return;
    }
    m_keychainNote->setText(tr("Keeping it in the system keychain…"));
    Secrets::KeyJob *job = m_context.keychain->writeKey(ToolKey::keychainId(name), token);
    connect(job, &Secrets::KeyJob::finished, this, [this, name](const Secrets::KeyResult &result) {
        // The gateway checks the token's digest, not the keychain: a
        // keychain that did not take it costs only the copy kept there.
        m_keychainNote->setText(
            result.ok()
                ? tr("Also kept in the system keychain as “%1”.").arg(ToolKey::keychainId(name))
                : tr("The system keychain did not take it (%1). The token works all the same: copy it "
                     "now, it is not kept anywhere else.")
                      .arg(result.outcome.error().message));
        QPalette colours = palette();
        if (!result.ok())
            colours.setColor(QPalette::WindowText, Widgets::StatusColors::warning(palette()));
        m_keychainNote->setPalette(colours);
        Q_EMIT keychainAnswered();
    });
}

void KeysDialog::forgetInKeychain(const QString &name)
{
    if (!m_context.keychain)
        return;
    Secrets::KeyJob *job = m_context.keychain->removeKey(ToolKey::keychainId(name));
    connect(job, &Secrets::KeyJob::finished, this, [this, name](const Secrets::KeyResult &result) {
        if (!result.ok())
            setProblem(tr("“%1” is revoked, but its token could not be removed from the system keychain: %2")
                           .arg(name, result.outcome.error().message));
        Q_EMIT keychainAnswered();
    });
}

void KeysDialog::closeToken()
{
    m_token->clear();
    m_setup->clear();
    m_pages->setCurrentIndex(int(Page::List));
    updateButtons();
    m_table->setFocus();
}

QString KeysDialog::shownToken() const
{
    return m_pages->currentIndex() == int(Page::Token) ? m_token->text() : QString();
}

QString KeysDialog::setupText() const
{
    return m_setup->toPlainText();
}

QString KeysDialog::keychainNote() const
{
    return m_keychainNote->text();
}

void KeysDialog::copyToken()
{
    if (m_token->text().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_token->text());
    Q_EMIT statusMessage(tr("Token copied"));
}

QString KeysDialog::problemText() const
{
    return m_pages->currentIndex() == int(Page::Form) ? m_formProblem->text() : m_problem->text();
}

void KeysDialog::setProblem(const QString &text)
{
    showNote(m_problem, text);
}

void KeysDialog::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    m_busyText->setText(busy ? text : QString());
    updateButtons();
    updateSaveButton();
}

void KeysDialog::updateButtons()
{
    const KeyTableModel::Row *row = m_model->row(currentName());
    const bool onList = m_pages->currentIndex() == int(Page::List);
    const bool can = onList && !m_busy && !m_loading;
    m_new->setEnabled(can);
    for (QPushButton *push : {m_edit, m_rotate, m_toggle, m_revoke})
        push->setEnabled(can && row);
    // Without keys the empty state offers New itself; the rest has nothing to act on.
    for (QPushButton *push : {m_new, m_edit, m_rotate, m_toggle, m_revoke})
        push->setVisible(m_model->rowCount() > 0);
    m_toggle->setText(row && !row->key.enabled ? tr("En&able") : tr("&Disable"));
    m_toggle->setIcon(QIcon::fromTheme(row && !row->key.enabled ? u"dialog-ok-apply"_s : u"dialog-cancel"_s));
    m_confirmButton->setEnabled(!m_busy);
    // The form has Cancel and the token Done: one way back each.
    m_close->setVisible(onList);
    m_save->setDefault(m_pages->currentIndex() == int(Page::Form));
}

void KeysDialog::updateSaveButton()
{
    m_save->setEnabled(!m_busy && m_form->problem().isEmpty());
    if (m_form->problem().isEmpty())
        showNote(m_formProblem, {});
}

} // namespace Switchyard::GatewayUi
