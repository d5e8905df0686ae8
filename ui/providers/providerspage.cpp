#include "providers/providerspage.h"

#include "base/units.h"
#include "providers/modelspanel.h"
#include "providers/modellistcall.h"
#include "providers/providerdialog.h"
#include "providers/provideritemdelegate.h"
#include "providers/providerlistmodel.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"
#include "secrets/environmentkeys.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"
#include "settings/appsettings.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

// Where to get a key from when there is none: the variable, or the keychain.
QString keyHint(const Providers::ProviderEntry &entry)
{
    if (!entry.needsKey())
        return QObject::tr("No key needed for a local server; one stored here is sent if the server asks for it.");
    return QObject::tr("No key yet. Paste one above — it goes straight to the system keychain — or %1 before "
                       "starting Switchyard.")
        .arg(Secrets::EnvironmentKeys::setVariableHint(entry.config.id));
}

// Without a keychain, in plain words and with the fix: the system's own
// message ("Cannot spawn a message bus without a machine-id…") goes to the
// tooltip, for whoever debugs it.
QString noKeychainText(const Providers::ProviderEntry &entry)
{
    return QObject::tr(
               "No system keychain is running in this session, so keys cannot be saved here. Start one "
               "(GNOME Keyring or KWallet; a desktop session starts one) and reopen Switchyard, or %1 "
               "before starting it.")
        .arg(Secrets::EnvironmentKeys::setVariableHint(entry.config.id));
}

} // namespace

ProvidersPage::ProvidersPage(const ProvidersContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    Q_ASSERT(m_context.registry && m_context.keys && m_context.network);
    m_listModel = new ProviderListModel(m_context.registry, this);
    connect(m_listModel, &ProviderListModel::statusChanged, this, [this](const QString &id) {
        if (id == m_currentId)
            updateDetails();
    });

    auto *intro = new QLabel(tr("Where Switchyard sends prompts. Keys are kept in the system keychain, or read "
                                "from environment variables such as OPENAI_API_KEY — never written to a file."),
                             this);
    intro->setObjectName(u"intro"_s);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    m_list = new QListView(this);
    m_list->setObjectName(u"providerList"_s);
    m_list->setModel(m_listModel);
    m_list->setItemDelegate(new ProviderItemDelegate(m_list));
    m_list->setAccessibleName(tr("Providers"));
    m_list->setUniformItemSizes(true);
    m_list->setMinimumWidth(240);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    selectProvider(m_listModel->idAt(current.row()));
            });
    connect(m_context.registry, &Providers::ProviderRegistry::changed, this, [this] {
        // The list was reset: select the same provider again (keeping a key
        // being typed), or the first if it is gone.
        if (!m_context.registry->entry(m_currentId)) {
            selectProvider(m_listModel->idAt(0));
            return;
        }
        m_list->setCurrentIndex(m_listModel->index(m_listModel->rowOf(m_currentId)));
        updateDetails();
    });

    auto *add = new QPushButton(QIcon::fromTheme(u"list-add"_s), tr("Add Provider…"), this);
    add->setObjectName(u"addProvider"_s);
    connect(add, &QPushButton::clicked, this, &ProvidersPage::addProvider);
    auto *testAllButton = new QPushButton(QIcon::fromTheme(u"network-connect"_s), tr("Test All"), this);
    testAllButton->setObjectName(u"testAll"_s);
    testAllButton->setToolTip(tr("Test the connection of every enabled provider that has what it needs"));
    connect(testAllButton, &QPushButton::clicked, this, &ProvidersPage::testAll);
    auto *findLocal = new QPushButton(QIcon::fromTheme(u"edit-find"_s), tr("Find Local Servers…"), this);
    findLocal->setObjectName(u"findLocalServers"_s);
    findLocal->setToolTip(tr("Look for Ollama, LM Studio and a llama.cpp server on this computer"));
    connect(findLocal, &QPushButton::clicked, this, &ProvidersPage::localServerSearchRequested);

    auto *listSide = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(testAllButton);
    listButtons->addStretch(1);
    listLayout->addLayout(listButtons);
    listLayout->addWidget(findLocal, 0, Qt::AlignLeft);

    auto *details = new QWidget(this);
    details->setObjectName(u"providerDetails"_s);
    buildDetails(details);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"providersSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(listSide);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 700});

    auto *providersTab = new QWidget(this);
    auto *providersLayout = new QVBoxLayout(providersTab);
    providersLayout->setContentsMargins(0, 8, 0, 0);
    providersLayout->addWidget(splitter);

    m_models = new ModelsPanel(m_context, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"providersTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(providersTab, tr("&Providers"));
    m_tabs->addTab(m_models, tr("&Models and Prices"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);
    layout->addWidget(intro);
    layout->addWidget(m_tabs, 1);

    selectProvider(m_listModel->idAt(0));
}

ProvidersPage::~ProvidersPage() = default;

void ProvidersPage::buildDetails(QWidget *details)
{
    m_title = new QLabel(details);
    m_title->setObjectName(u"providerTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(details);
    m_subtitle->setObjectName(u"providerSubtitle"_s);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);

    m_enabled = new QCheckBox(tr("&Enabled — offered in the Compare pickers"), details);
    m_enabled->setObjectName(u"providerEnabled"_s);
    connect(m_enabled, &QCheckBox::clicked, this, [this](bool on) {
        if (const auto saved = m_context.registry->setEnabled(m_currentId, on); !saved)
            showDetailsMessage(saved.error());
    });
    m_edit = new QPushButton(QIcon::fromTheme(u"document-edit"_s), tr("Edit…"), details);
    m_edit->setObjectName(u"editProvider"_s);
    connect(m_edit, &QPushButton::clicked, this, [this] { editProvider(m_currentId); });
    m_remove = new QPushButton(QIcon::fromTheme(u"edit-delete"_s), tr("Remove…"), details);
    m_remove->setObjectName(u"removeProvider"_s);

    // Asks once, in place, instead of a modal box.
    m_confirm = new QFrame(details);
    m_confirm->setObjectName(u"confirmRemove"_s);
    m_confirm->setFrameShape(QFrame::StyledPanel);
    m_confirmText = new QLabel(m_confirm);
    m_confirmText->setWordWrap(true);
    auto *confirmYes = new QPushButton(tr("Remove"), m_confirm);
    confirmYes->setObjectName(u"confirmRemoveYes"_s);
    auto *confirmNo = new QPushButton(tr("Keep"), m_confirm);
    auto *confirmLayout = new QHBoxLayout(m_confirm);
    confirmLayout->addWidget(m_confirmText, 1);
    confirmLayout->addWidget(confirmYes);
    confirmLayout->addWidget(confirmNo);
    m_confirm->hide();
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const auto entry = m_context.registry->entry(m_currentId);
        if (!entry)
            return;
        m_confirmText->setText(tr("Remove %1, its stars, and its key in the system keychain?")
                                   .arg(entry->config.displayName));
        m_confirm->show();
    });
    connect(confirmNo, &QPushButton::clicked, m_confirm, &QWidget::hide);
    connect(confirmYes, &QPushButton::clicked, this, [this] {
        m_confirm->hide();
        const QString id = m_currentId;
        if (const auto removed = m_context.registry->remove(id); !removed) {
            showDetailsMessage(removed.error());
            return;
        }
        Secrets::KeyJob *job = m_context.keys->removeKey(id);
        connect(job, &Secrets::KeyJob::finished, this, [this, id](const Secrets::KeyResult &result) {
            if (!result.ok() && result.outcome.error().kind != Secrets::KeyError::Kind::ReadOnly)
                showDetailsMessage(tr("Removed %1, but its key could not be removed: %2")
                                       .arg(id, result.outcome.error().message));
        });
    });

    m_keyEdit = new QLineEdit(details);
    m_keyEdit->setObjectName(u"keyEdit"_s);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setAccessibleName(tr("API key"));
    m_keyEdit->setClearButtonEnabled(true);
    m_saveKey = new QPushButton(tr("Save Key"), details);
    m_saveKey->setObjectName(u"saveKey"_s);
    m_saveKey->setToolTip(tr("Store the key in the system keychain"));
    m_saveKey->setEnabled(false);
    connect(m_keyEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_saveKey->setEnabled(!text.trimmed().isEmpty());
    });
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProvidersPage::saveKey);
    connect(m_saveKey, &QPushButton::clicked, this, &ProvidersPage::saveKey);
    m_removeKey = new QPushButton(tr("Remove Key"), details);
    m_removeKey->setObjectName(u"removeKey"_s);
    m_removeKey->setToolTip(tr("Delete the key from the system keychain"));
    connect(m_removeKey, &QPushButton::clicked, this, &ProvidersPage::removeKey);
    m_keyStatus = new QLabel(details);
    m_keyStatus->setObjectName(u"keyStatus"_s);
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_test = new QPushButton(QIcon::fromTheme(u"network-connect"_s), tr("&Test Connection"), details);
    m_test->setObjectName(u"testConnection"_s);
    m_test->setToolTip(tr("Ask the provider for its model list with this key"));
    connect(m_test, &QPushButton::clicked, this, [this] { testConnection(m_currentId); });
    m_testResult = new QLabel(details);
    m_testResult->setObjectName(u"testResult"_s);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont tabular = m_testResult->font();
    tabular.setFeature(QFont::Tag("tnum"), 1);
    m_testResult->setFont(tabular);
    m_modelsPreview = new QLabel(details);
    m_modelsPreview->setObjectName(u"modelsPreview"_s);
    m_modelsPreview->setWordWrap(true);
    m_modelsPreview->setForegroundRole(QPalette::PlaceholderText);
    m_showModels = new QPushButton(tr("Show Models and Prices"), details);
    m_showModels->setObjectName(u"showModels"_s);
    connect(m_showModels, &QPushButton::clicked, this, [this] { showModelsTab(m_currentId); });

    m_message = new QLabel(details);
    m_message->setObjectName(u"detailsMessage"_s);
    m_message->setWordWrap(true);
    m_message->hide();

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_edit);
    titleRow->addWidget(m_remove);

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_saveKey);
    keyRow->addWidget(m_removeKey);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_showModels);
    testRow->addStretch(1);

    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(16, 4, 8, 8);
    layout->setSpacing(8);
    layout->addLayout(titleRow);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_enabled);
    layout->addWidget(m_confirm);
    layout->addWidget(m_message);
    layout->addSpacing(8);
    layout->addWidget(sectionTitle(tr("Key"), details));
    layout->addLayout(keyRow);
    layout->addWidget(m_keyStatus);
    layout->addSpacing(8);
    layout->addWidget(sectionTitle(tr("Connection"), details));
    layout->addLayout(testRow);
    layout->addWidget(m_testResult);
    layout->addWidget(m_modelsPreview);
    layout->addStretch(1);
}

void ProvidersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Keys are looked up when the page is first seen, not at start-up: each
    // keychain read is a D-Bus round trip the Compare page does not need.
    if (!m_keysRead)
        refreshKeys();
}

ProviderStatus ProvidersPage::status(const QString &id) const
{
    return m_listModel->status(id);
}

void ProvidersPage::setStatus(const QString &id, const ProviderStatus &status)
{
    m_listModel->setStatus(id, status); // the details follow through statusChanged
}

void ProvidersPage::selectProvider(const QString &id)
{
    const int row = m_listModel->rowOf(id);
    if (row < 0)
        return;
    if (m_list->currentIndex().row() != row)
        m_list->setCurrentIndex(m_listModel->index(row)); // comes back here
    if (id == m_currentId)
        return;
    m_currentId = id;
    m_confirm->hide();
    m_message->hide();
    m_keyEdit->clear();
    updateDetails();
}

void ProvidersPage::showDetailsMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ProvidersPage::updateDetails()
{
    const auto entry = m_context.registry->entry(m_currentId);
    if (!entry)
        return;
    const ProviderStatus status = m_listModel->status(m_currentId);
    m_title->setText(entry->config.displayName);
    QString subtitle = tr("%1 API · %2").arg(Providers::ProviderPresets::kindDisplayName(entry->config.kind),
                                            entry->config.baseUrl.toString());
    if (!entry->config.extraHeaders.isEmpty())
        subtitle += u"\n"_s + tr("Headers: %1").arg(Providers::ProviderRegistry::headersText(entry->config.extraHeaders)
                                                       .replace(u'\n', u", "_s));
    if (!entry->preset)
        subtitle += u"\n"_s + tr("Added by you, as “%1”").arg(entry->config.id);
    m_subtitle->setText(subtitle);
    m_enabled->setChecked(entry->enabled);
    m_remove->setVisible(!entry->preset);
    m_remove->setToolTip(tr("Remove %1 and its key").arg(entry->config.displayName));

    // The key: never shown, only where it is and its last four characters.
    switch (status.key) {
    case ProviderStatus::Key::Unknown:
        m_keyEdit->setPlaceholderText(tr("Looking…"));
        m_keyStatus->setText(tr("Looking for the key…"));
        m_removeKey->setEnabled(false);
        break;
    case ProviderStatus::Key::Found:
        if (status.keyOrigin.source == Secrets::KeyOrigin::Source::Environment) {
            m_keyEdit->setPlaceholderText(tr("from %1").arg(status.keyOrigin.variable));
            m_keyStatus->setText(tr("%1 %2, set in the environment Switchyard was started from. It is used as it "
                                    "is and not copied anywhere; a key saved here waits until %3 is unset.")
                                     .arg(status.maskedKey, status.keyOrigin.description(), status.keyOrigin.variable));
            m_removeKey->setEnabled(false);
        } else {
            m_keyEdit->setPlaceholderText(tr("%1 — paste a new key to replace it").arg(status.maskedKey));
            m_keyStatus->setText(tr("%1, in the system keychain.").arg(status.maskedKey));
            m_removeKey->setEnabled(true);
        }
        break;
    case ProviderStatus::Key::Missing:
        m_keyEdit->setPlaceholderText(entry->needsKey() ? tr("Paste the API key") : tr("Optional API key"));
        m_keyStatus->setText(keyHint(*entry));
        m_removeKey->setEnabled(false);
        break;
    case ProviderStatus::Key::Unavailable:
        m_keyEdit->setPlaceholderText(status.noKeychain ? tr("No keychain to save a key in")
                                                        : tr("Paste the API key"));
        m_keyStatus->setText(status.noKeychain ? noKeychainText(*entry) : status.keyProblem);
        m_keyStatus->setToolTip(status.noKeychain ? status.keyProblem : QString());
        m_removeKey->setEnabled(false);
        break;
    }
    // A key typed where it cannot be kept would be lost: the field waits for a keychain.
    m_keyEdit->setEnabled(!(status.key == ProviderStatus::Key::Unavailable && status.noKeychain));
    if (status.key != ProviderStatus::Key::Unavailable)
        m_keyStatus->setToolTip({});

    const QString seconds = Base::Units::duration(double(status.elapsedMs));
    switch (status.test) {
    case ProviderStatus::Test::NotRun:
        m_testResult->setText(entry->enabled ? tr("Not tested yet in this session.")
                                             : tr("Disabled: enable it to offer its models in Compare."));
        break;
    case ProviderStatus::Test::Running:
        m_testResult->setText(tr("Asking %1 for its models…").arg(entry->config.displayName));
        break;
    case ProviderStatus::Test::Passed:
        m_testResult->setText(tr("✓ Connected: %1, listed in %2.").arg(ProviderStatus::models(status.modelCount), seconds));
        break;
    case ProviderStatus::Test::Failed:
        // The list says what kind of failure; here the provider's whole story.
        m_testResult->setText(tr("✗ %1 (%2)").arg(status.error->message, seconds));
        break;
    }
    m_test->setEnabled(status.test != ProviderStatus::Test::Running);

    if (entry->modelsListedAt.isValid()) {
        const QStringList shown = entry->models.mid(0, 8);
        m_modelsPreview->setText(
            tr("Listed %1: %2%3")
                .arg(QLocale().toString(entry->modelsListedAt.toLocalTime(), QLocale::ShortFormat),
                     shown.join(u", "_s),
                     entry->models.size() > shown.size()
                         ? tr(" and %n more", nullptr, int(entry->models.size() - shown.size()))
                         : QString()));
    } else {
        m_modelsPreview->setText(tr("Its models have not been listed yet; Test Connection lists them."));
    }
    m_showModels->setEnabled(entry->enabled);
}

void ProvidersPage::refreshKeys()
{
    m_keysRead = true;
    for (const Providers::ProviderEntry &entry : m_context.registry->entries())
        readKey(entry.config.id);
}

void ProvidersPage::readKey(const QString &id)
{
    Secrets::KeyJob *job = m_context.keys->readKey(id);
    connect(job, &Secrets::KeyJob::finished, this, [this, id](const Secrets::KeyResult &result) {
        ProviderStatus status = m_listModel->status(id);
        status.maskedKey.clear();
        status.keyProblem.clear();
        status.noKeychain = false;
        if (result.ok()) {
            status.key = ProviderStatus::Key::Found;
            status.maskedKey = result.outcome->masked(); // the key itself goes no further
            status.keyOrigin = result.outcome->origin;
        } else if (result.outcome.error().kind == Secrets::KeyError::Kind::NotFound) {
            status.key = ProviderStatus::Key::Missing;
        } else {
            status.key = ProviderStatus::Key::Unavailable;
            status.keyProblem = result.outcome.error().message;
            status.noKeychain = result.outcome.error().kind == Secrets::KeyError::Kind::NoKeychain;
        }
        setStatus(id, status);
    });
}

void ProvidersPage::saveKey()
{
    const QString id = m_currentId;
    const QString key = m_keyEdit->text();
    if (id.isEmpty() || key.trimmed().isEmpty())
        return;
    m_saveKey->setEnabled(false);
    m_keyStatus->setText(tr("Saving to the system keychain…"));
    Secrets::KeyJob *job = m_context.keys->writeKey(id, key);
    connect(job, &Secrets::KeyJob::finished, this, [this, id](const Secrets::KeyResult &result) {
        if (!result.ok()) {
            if (id == m_currentId) {
                m_keyStatus->setText(tr("Not saved: %1").arg(result.outcome.error().message));
                m_saveKey->setEnabled(!m_keyEdit->text().trimmed().isEmpty());
            }
            return;
        }
        if (id == m_currentId)
            m_keyEdit->clear(); // from now on only its last four characters are shown
        // A key for a provider that was off says the user wants to use it.
        if (const auto entry = m_context.registry->entry(id); entry && !entry->enabled)
            (void)m_context.registry->setEnabled(id, true);
        ProviderStatus status = m_listModel->status(id);
        status.test = ProviderStatus::Test::NotRun; // a new key: the old result says nothing
        status.error.reset();
        setStatus(id, status);
        readKey(id);
    });
}

void ProvidersPage::removeKey()
{
    const QString id = m_currentId;
    m_removeKey->setEnabled(false);
    Secrets::KeyJob *job = m_context.keys->removeKey(id);
    connect(job, &Secrets::KeyJob::finished, this, [this, id](const Secrets::KeyResult &result) {
        if (!result.ok() && id == m_currentId)
            m_keyStatus->setText(tr("Not removed: %1").arg(result.outcome.error().message));
        readKey(id);
    });
}

void ProvidersPage::testConnection(const QString &id)
{
    if (!m_context.registry->entry(id) || m_calls.value(id))
        return;
    ProviderStatus running = m_listModel->status(id);
    running.test = ProviderStatus::Test::Running;
    running.error.reset();
    setStatus(id, running);
    Secrets::KeyJob *job = m_context.keys->readKey(id);
    connect(job, &Secrets::KeyJob::finished, this, [this, id](const Secrets::KeyResult &result) {
        const auto entry = m_context.registry->entry(id);
        if (!entry)
            return;
        if (!result.ok() && entry->needsKey()) {
            ProviderStatus status = m_listModel->status(id);
            status.test = ProviderStatus::Test::NotRun;
            status.key = result.outcome.error().kind == Secrets::KeyError::Kind::NotFound
                ? ProviderStatus::Key::Missing
                : ProviderStatus::Key::Unavailable;
            status.keyProblem = result.outcome.error().message;
            status.noKeychain = result.outcome.error().kind == Secrets::KeyError::Kind::NoKeychain;
            setStatus(id, status);
            if (id == m_currentId)
                m_testResult->setText(tr("Not tested: %1 needs a key. %2").arg(entry->config.displayName,
                                                                               keyHint(*entry)));
            return;
        }
        startListing(id, result.ok() ? result.outcome->secret : QString());
    });
}

void ProvidersPage::startListing(const QString &id, const QString &key)
{
    const auto entry = m_context.registry->entry(id);
    auto *call = new Providers::ModelListCall(m_context.network, entry->config, key, this);
    if (m_context.settings)
        call->setTimeoutMs(m_context.settings->modelListTimeoutMs());
    m_calls.insert(id, call);
    connect(call, &Providers::ModelListCall::finished, this, [this, id, call] {
        m_calls.remove(id);
        call->deleteLater();
        ProviderStatus status = m_listModel->status(id);
        status.elapsedMs = call->elapsedMs();
        status.error = call->error();
        status.modelCount = int(call->modelIds().size());
        status.test = call->error() ? ProviderStatus::Test::Failed : ProviderStatus::Test::Passed;
        setStatus(id, status);
        if (!call->error()) {
            if (const auto kept = m_context.registry->setModels(id, call->modelIds()); !kept)
                showDetailsMessage(tr("Could not keep the model list: %1").arg(kept.error()));
        }
    });
    call->start();
}

void ProvidersPage::testAll()
{
    for (const Providers::ProviderEntry &entry : m_context.registry->entries()) {
        const ProviderStatus status = m_listModel->status(entry.config.id);
        if (entry.enabled && (!entry.needsKey() || status.key == ProviderStatus::Key::Found))
            testConnection(entry.config.id);
    }
}

ProviderDialog *ProvidersPage::addProvider()
{
    auto *dialog = new ProviderDialog(*m_context.registry, std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyDialog(dialog); });
    dialog->open();
    return dialog;
}

ProviderDialog *ProvidersPage::editProvider(const QString &id)
{
    const auto entry = m_context.registry->entry(id);
    if (!entry)
        return nullptr;
    auto *dialog = new ProviderDialog(*m_context.registry, entry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyDialog(dialog); });
    dialog->open();
    return dialog;
}

void ProvidersPage::applyDialog(ProviderDialog *dialog)
{
    const Providers::ProviderConfig config = dialog->config();
    const bool adding = dialog->isAdding() && dialog->presetId().isEmpty();
    const auto done = adding ? m_context.registry->add(config) : m_context.registry->update(config);
    if (!done) {
        showDetailsMessage(tr("Not saved: %1").arg(done.error().message));
        return;
    }
    if (!dialog->presetId().isEmpty())
        (void)m_context.registry->setEnabled(config.id, true);
    selectProvider(config.id);
    // Moved to another address: what was known about the old one is stale.
    ProviderStatus status = m_listModel->status(config.id);
    status.test = ProviderStatus::Test::NotRun;
    status.error.reset();
    setStatus(config.id, status);
    readKey(config.id);
    // Whether the address (and key) work is the first thing one wants to
    // know about a provider just added: it is tested at once.
    if (dialog->isAdding())
        testConnection(config.id);
}

void ProvidersPage::showModelsTab(const QString &providerId)
{
    m_models->showProvider(providerId);
    m_tabs->setCurrentWidget(m_models);
}

} // namespace Switchyard::ProvidersUi
