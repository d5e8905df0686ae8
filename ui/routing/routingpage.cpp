#include "routing/routingpage.h"

#include "audit/auditlog.h"
#include "base/datafiles.h"
#include "providers/availablemodels.h"
#include "providers/providerregistry.h"
#include "routing/configformat.h"
#include "routing/configlibrary.h"
#include "routing/configreader.h"
#include "routing/configwriter.h"
#include "routing/litellmformat.h"
#include "routing/portkeyformat.h"
#include "routing/routecard.h"
#include "routing/routingdocument.h"
#include "routing/ruleeditor.h"
#include "routing/ruleitemdelegate.h"
#include "routing/rulelistmodel.h"
#include "routing/simulationpanel.h"
#include "routing/starterconfig.h"
#include "routing/testcasespanel.h"
#include "routing/tryitpanel.h"
#include "routing/yamleditor.h"
#include "widgets/statuscolors.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

QToolButton *toolButton(QAction *action, QWidget *parent, bool text = true)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(text ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
    button->setAutoRaise(true);
    return button;
}

QString problemText(const Routing::ConfigError &problem)
{
    return problem.position.isKnown()
        ? RoutingPage::tr("Line %1, column %2: %3").arg(problem.position.line).arg(problem.position.column)
              .arg(problem.message)
        : problem.message;
}

} // namespace

RoutingPage::RoutingPage(RoutingContext context, QWidget *parent)
    : QWidget(parent)
    , m_context(std::move(context))
    , m_document(new RoutingDocument(this))
    , m_library(new ConfigLibrary(m_context.dataDir, m_context.settings, this))
    , m_rules(new RuleListModel(m_document, this))
{
    m_undo = new QAction(QIcon::fromTheme(u"edit-undo"_s), tr("&Undo"), this);
    m_undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_redo = new QAction(QIcon::fromTheme(u"edit-redo"_s), tr("&Redo"), this);
    m_redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_undo);
    addAction(m_redo);
    connect(m_undo, &QAction::triggered, m_document, &RoutingDocument::undo);
    connect(m_redo, &QAction::triggered, m_document, &RoutingDocument::redo);
    const auto updateUndo = [this] {
        QUndoStack *stack = m_document->undoStack();
        m_undo->setEnabled(m_document->canUndo());
        m_redo->setEnabled(m_document->canRedo());
        const QString undoText = m_document->hasBadText() ? tr("the typing with errors") : stack->undoText();
        m_undo->setToolTip(undoText.isEmpty() ? tr("Undo (Ctrl+Z)") : tr("Undo %1 (Ctrl+Z)").arg(undoText));
        m_redo->setToolTip(stack->redoText().isEmpty() ? tr("Redo (Ctrl+Shift+Z)")
                                                       : tr("Redo %1 (Ctrl+Shift+Z)").arg(stack->redoText()));
    };
    connect(m_document, &RoutingDocument::undoStateChanged, this, updateUndo);
    updateUndo();

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"routingTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createRulesTab(), QIcon::fromTheme(u"view-list-details"_s), tr("Rules"));
    m_tabs->addTab(createRoutesTab(), QIcon::fromTheme(u"code-fork"_s), tr("Routes"));
    m_tests = new TestCasesPanel(m_document, m_context.catalog, this);
    m_tabs->addTab(m_tests, QIcon::fromTheme(u"checkmark"_s), tr("Test Cases"));
    m_tryIt = new TryItPanel(m_document, m_context.router, this);
    m_tabs->addTab(m_tryIt, QIcon::fromTheme(u"document-send"_s), tr("Try It"));
    m_simulation = new SimulationPanel(m_document, m_context.usage, m_context.catalog, this);
    m_tabs->addTab(m_simulation, QIcon::fromTheme(u"office-chart-bar"_s), tr("Simulation"));
    if (const auto audit = m_context.audit) {
        connect(m_document, &RoutingDocument::saved, this, [audit](const QString &path, QJsonObject changes) {
            changes.insert(u"file"_s, QFileInfo(path).fileName());
            audit->record(u"routing.saved"_s, changes);
        });
    }

    m_visualBanner = new QLabel(this);
    m_visualBanner->setObjectName(u"visualBanner"_s);
    m_visualBanner->setWordWrap(true);
    m_visualBanner->setContentsMargins(8, 6, 8, 6);
    m_visualBanner->setText(tr("The YAML has an error: the editor shows the last good config and waits until "
                               "the YAML reads again (or undo)."));
    m_visualBanner->hide();

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    leftLayout->addWidget(m_visualBanner);
    leftLayout->addWidget(m_tabs, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"routingSplitter"_s);
    // Explicit minimums, so that the page never forces the window wider than
    // the other pages do; the rows below squeeze rather than widen it.
    left->setMinimumWidth(360);
    QWidget *yamlSide = createYamlSide();
    yamlSide->setMinimumWidth(240);
    m_splitter->addWidget(left);
    m_splitter->addWidget(yamlSide);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(createToolbar());
    layout->addWidget(m_splitter, 1);

    connect(m_document, &RoutingDocument::changed, this, &RoutingPage::refresh);
    connect(m_document, &RoutingDocument::problemsChanged, this, &RoutingPage::showProblems);
    connect(m_document, &RoutingDocument::modifiedChanged, this, &RoutingPage::showState);
    connect(m_document, &RoutingDocument::pathChanged, this, &RoutingPage::showLibrary);
    connect(m_library, &ConfigLibrary::filesChanged, this, &RoutingPage::showLibrary);
    connect(m_library, &ConfigLibrary::activeChanged, this, &RoutingPage::showLibrary);

    restoreSettings();
}

RoutingPage::~RoutingPage()
{
    saveSettings();
    // The views and panels go first, while the document and the models they
    // show are whole; then nothing of this half-destroyed page may hear from those.
    delete m_splitter;
    disconnect(m_document, nullptr, this, nullptr);
    disconnect(m_rules, nullptr, this, nullptr);
    disconnect(m_library, nullptr, this, nullptr);
}

QWidget *RoutingPage::createToolbar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(u"routingToolbar"_s);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(8, 6, 8, 6);
    row->setSpacing(4);

    m_configBox = new QComboBox(bar);
    m_configBox->setObjectName(u"configBox"_s);
    m_configBox->setAccessibleName(tr("Routing config"));
    m_configBox->setMinimumContentsLength(16);
    m_configBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_configBox, &QComboBox::activated, this, [this](int index) {
        const QString fileName = m_configBox->itemData(index).toString();
        if (fileName == currentFileName())
            return;
        if (!maybeSave() || !openConfig(fileName))
            showLibrary();
    });

    m_activeBadge = new QLabel(bar);
    m_activeBadge->setObjectName(u"activeBadge"_s);
    m_activeBadge->setText(tr("Active"));
    m_activeBadge->setToolTip(tr("The gateway and Compare's “auto” route with this config."));
    m_activeBadge->setContentsMargins(8, 2, 8, 2);
    m_activeBadge->setAutoFillBackground(true);
    m_activeBadge->setBackgroundRole(QPalette::Highlight);
    m_activeBadge->setForegroundRole(QPalette::HighlightedText);

    bar->setMinimumWidth(400);
    m_stateLabel = new QLabel(bar);
    m_stateLabel->setObjectName(u"stateLabel"_s);
    m_stateLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *newAction = new QAction(QIcon::fromTheme(u"document-new"_s), tr("&New…"), this);
    newAction->setToolTip(tr("A new routing config"));
    connect(newAction, &QAction::triggered, this, [this] {
        if (!maybeSave())
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New Routing Config"), tr("Name:"), QLineEdit::Normal,
                                                   ConfigLibrary::displayName(m_library->freeFileName(tr("routing"))),
                                                   &ok);
        if (ok)
            newConfig(name);
    });
    auto *open = new QAction(QIcon::fromTheme(u"document-open"_s), tr("&Open…"), this);
    open->setToolTip(tr("Import a routing config from a YAML or JSON file"));
    connect(open, &QAction::triggered, this, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Routing Config"), QString(),
                                                          tr("Routing configs (*.yaml *.yml *.json);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    auto *saveAction = new QAction(QIcon::fromTheme(u"document-save"_s), tr("&Save"), this);
    saveAction->setObjectName(u"saveRoutingAction"_s);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    saveAction->setToolTip(tr("Save (%1)").arg(saveAction->shortcut().toString(QKeySequence::NativeText)));
    connect(saveAction, &QAction::triggered, this, [this] { save(); });
    addAction(saveAction);
    auto *saveAsAction = new QAction(QIcon::fromTheme(u"document-save-as"_s), tr("Save &As…"), this);
    connect(saveAsAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Save Routing Config As"), tr("Name:"), QLineEdit::Normal,
            ConfigLibrary::displayName(m_library->freeFileName(ConfigLibrary::displayName(currentFileName()))), &ok);
        if (ok)
            saveAs(name);
    });
    auto *renameAction = new QAction(QIcon::fromTheme(u"edit-rename"_s), tr("Re&name…"), this);
    connect(renameAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename Routing Config"), tr("Name:"), QLineEdit::Normal,
                                                   ConfigLibrary::displayName(currentFileName()), &ok);
        if (ok)
            rename(name);
    });
    auto *deleteAction = new QAction(QIcon::fromTheme(u"edit-delete"_s), tr("&Delete"), this);
    connect(deleteAction, &QAction::triggered, this, [this] {
        const QString name = ConfigLibrary::displayName(currentFileName());
        if (QMessageBox::question(this, tr("Delete Routing Config"),
                                  tr("Move the config “%1” to the trash?").arg(name))
            == QMessageBox::Yes)
            removeCurrent();
    });
    m_makeActive = new QAction(QIcon::fromTheme(u"emblem-default"_s), tr("Make &Active"), this);
    m_makeActive->setObjectName(u"makeActiveAction"_s);
    m_makeActive->setToolTip(tr("Route the gateway's and Compare's “auto” calls with this config"));
    connect(m_makeActive, &QAction::triggered, this, &RoutingPage::makeActive);

    auto *more = new QToolButton(bar);
    more->setIcon(QIcon::fromTheme(u"application-menu"_s, QIcon::fromTheme(u"overflow-menu"_s)));
    more->setText(tr("More"));
    more->setToolTip(tr("Save As, Rename, Delete"));
    more->setPopupMode(QToolButton::InstantPopup);
    more->setAutoRaise(true);
    more->addActions({saveAsAction, renameAction, deleteAction});

    row->addWidget(new QLabel(tr("Config:"), bar));
    row->addWidget(m_configBox);
    row->addWidget(m_activeBadge);
    m_makeActiveButton = toolButton(m_makeActive, bar);
    row->addWidget(m_makeActiveButton);
    row->addWidget(m_stateLabel);
    row->addStretch(1);
    row->addWidget(toolButton(newAction, bar));
    row->addWidget(toolButton(open, bar));
    row->addWidget(toolButton(saveAction, bar));
    row->addWidget(more);
    row->addSpacing(8);
    row->addWidget(toolButton(m_undo, bar, false));
    row->addWidget(toolButton(m_redo, bar, false));
    return bar;
}

QWidget *RoutingPage::createRulesTab()
{
    auto *tab = new QWidget(this);
    m_ruleView = new QListView(tab);
    m_ruleView->setObjectName(u"ruleView"_s);
    m_ruleView->setAccessibleName(tr("Rules, first match wins"));
    m_ruleView->setModel(m_rules);
    m_ruleView->setItemDelegate(new RuleItemDelegate(m_ruleView));
    m_ruleView->setDragDropMode(QAbstractItemView::InternalMove);
    m_ruleView->setDefaultDropAction(Qt::MoveAction);
    m_ruleView->setDragEnabled(true);
    m_ruleView->setAcceptDrops(true);
    m_ruleView->setDropIndicatorShown(true);
    m_ruleView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ruleView->setAlternatingRowColors(true);
    connect(m_ruleView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selectedRule = current.isValid() ? current.row() : -1;
                refresh();
            });
    // The model resets when rules are added or removed; keep the selection in place.
    connect(m_rules, &QAbstractItemModel::modelReset, this, [this] { selectRule(m_selectedRule); });

    auto *addAction = new QAction(QIcon::fromTheme(u"list-add"_s), tr("Add Rule"), this);
    connect(addAction, &QAction::triggered, this, &RoutingPage::addRule);
    auto *removeAction = new QAction(QIcon::fromTheme(u"list-remove"_s), tr("Remove Rule"), this);
    connect(removeAction, &QAction::triggered, this, &RoutingPage::removeRule);
    auto *up = new QAction(QIcon::fromTheme(u"go-up"_s), tr("Move Up"), this);
    connect(up, &QAction::triggered, this, [this] {
        if (m_selectedRule > 0) {
            const int row = m_selectedRule;
            m_rules->moveRows({}, row, 1, {}, row - 1);
            selectRule(row - 1);
        }
    });
    auto *down = new QAction(QIcon::fromTheme(u"go-down"_s), tr("Move Down"), this);
    connect(down, &QAction::triggered, this, [this] {
        if (m_selectedRule >= 0 && m_selectedRule + 1 < m_rules->rowCount()) {
            const int row = m_selectedRule;
            m_rules->moveRows({}, row, 1, {}, row + 2);
            selectRule(row + 1);
        }
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(toolButton(addAction, tab));
    buttons->addWidget(toolButton(removeAction, tab));
    buttons->addWidget(toolButton(up, tab, false));
    buttons->addWidget(toolButton(down, tab, false));
    buttons->addStretch();

    m_defaultRoute = new QComboBox(tab);
    m_defaultRoute->setObjectName(u"defaultRoute"_s);
    m_defaultRoute->setToolTip(tr("Where a request goes when no rule matches"));
    connect(m_defaultRoute, &QComboBox::activated, this, [this] {
        Routing::RoutingConfig config = m_document->config();
        config.defaultRoute = m_defaultRoute->currentText();
        m_document->edit(config, tr("Change default route"));
    });
    buttons->addWidget(new QLabel(tr("Otherwise:"), tab));
    buttons->addWidget(m_defaultRoute);

    m_ruleEditor = new RuleEditor(tab);
    connect(m_ruleEditor, &RuleEditor::edited, this,
            [this](const Routing::Rule &rule) { editRule(m_selectedRule, rule); });

    auto *intro = new QLabel(tr("The first rule that matches a request picks its route. Drag rules to reorder."),
                             tab);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    // With no rules, a disabled form would fill half the page and say
    // nothing: what happens without rules, and how to add one, instead.
    m_noRules = new QLabel(tab);
    m_noRules->setObjectName(u"noRules"_s);
    m_noRules->setWordWrap(true);
    m_noRules->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_noRules->hide();

    auto *form = new QWidget(tab);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 8, 0, 0);
    formLayout->addWidget(m_ruleEditor);
    formLayout->addWidget(m_noRules);
    formLayout->addStretch();
    auto *split = new QSplitter(Qt::Vertical, tab);
    auto *listSide = new QWidget(tab);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(intro);
    listLayout->addWidget(m_ruleView, 1);
    listLayout->addLayout(buttons);
    split->addWidget(listSide);
    split->addWidget(form);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(split);
    return tab;
}

QWidget *RoutingPage::createRoutesTab()
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"routesScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_routesHolder = new QWidget(scroll);
    m_routesLayout = new QVBoxLayout(m_routesHolder);
    m_routesLayout->setContentsMargins(8, 8, 8, 8);
    m_routesLayout->setSpacing(8);
    auto *add = new QPushButton(QIcon::fromTheme(u"list-add"_s), tr("Add Route"), m_routesHolder);
    add->setObjectName(u"addRoute"_s);
    connect(add, &QPushButton::clicked, this, &RoutingPage::addRoute);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch();
    m_routesLayout->addLayout(addRow);
    m_routesLayout->addStretch();
    scroll->setWidget(m_routesHolder);
    return scroll;
}

QWidget *RoutingPage::createYamlSide()
{
    auto *side = new QWidget(this);
    m_yaml = new YamlEditor(side);
    connect(m_yaml, &YamlEditor::textTyped, m_document, &RoutingDocument::setText);
    connect(m_yaml, &YamlEditor::undoRequested, m_document, &RoutingDocument::undo);
    connect(m_yaml, &YamlEditor::redoRequested, m_document, &RoutingDocument::redo);

    m_problemBanner = new QLabel(side);
    m_problemBanner->setObjectName(u"problemBanner"_s);
    m_problemBanner->setWordWrap(true);
    m_problemBanner->hide();
    m_problems = new QListWidget(side);
    m_problems->setObjectName(u"problemList"_s);
    m_problems->setAccessibleName(tr("Problems in the config"));
    m_problems->hide();
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        m_yaml->goTo(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
        m_yaml->setFocus();
    });
    connect(m_problems, &QListWidget::itemClicked, m_problems, &QListWidget::itemActivated);

    auto *title = new QLabel(tr("YAML"), side);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 8, 8, 8);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(m_yaml, 1);
    layout->addWidget(m_problemBanner);
    layout->addWidget(m_problems);
    return side;
}

QString RoutingPage::currentFileName() const
{
    return m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).fileName();
}

bool RoutingPage::openConfig(const QString &fileName)
{
    auto opened = m_document->open(m_library->pathOf(fileName));
    if (!opened) {
        tell(tr("Cannot open %1: %2").arg(ConfigLibrary::displayName(fileName), problemText(opened.error().first())));
        return false;
    }
    m_selectedRule = m_document->config().rules.isEmpty() ? -1 : 0;
    refresh();
    selectRule(m_selectedRule);
    showProblems();
    showLibrary();
    offerOtherConfigs();
    return true;
}

// Models of the providers the user has set up — enabled, and listed at least
// once (so they answered) — one per provider first; none: the starter's own.
QStringList RoutingPage::starterTargets() const
{
    if (!m_context.registry)
        return {};
    QStringList setUp;
    for (const Providers::ProviderEntry &entry : m_context.registry->entries()) {
        if (entry.enabled && entry.modelsListedAt.isValid() && !entry.models.isEmpty())
            setUp.append(entry.config.id);
    }
    if (setUp.isEmpty())
        return {};
    constexpr int Targets = 2;
    return Providers::AvailableModels::starters(
        Providers::AvailableModels::list(*m_context.registry, m_context.catalog), setUp, Targets);
}

bool RoutingPage::newConfig(const QString &name)
{
    auto fileName = m_library->fileNameFor(name);
    if (!fileName) {
        tell(fileName.error());
        return false;
    }
    const QString path = m_library->pathOf(*fileName);
    if (auto written = Base::DataFiles::writeAtomically(path, Routing::starterConfig(starterTargets()));
        !written) {
        tell(written.error());
        return false;
    }
    if (m_context.audit)
        m_context.audit->record(u"routing.created"_s, {{u"file"_s, *fileName}, {u"from"_s, u"starter"_s}});
    m_library->rescan();
    return openConfig(*fileName);
}

bool RoutingPage::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        tell(tr("Cannot import %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    QByteArray text = file.readAll();
    // A LiteLLM or Portkey config is imported: read into a Switchyard config
    // and written as YAML, with what did not carry over said.
    const Routing::ConfigFormat format = Routing::detectConfigFormat(text);
    QStringList notes;
    if (format != Routing::ConfigFormat::Switchyard) {
        const auto imported = format == Routing::ConfigFormat::LiteLlm ? Routing::LiteLlmFormat::importConfig(text)
                                                                       : Routing::PortkeyFormat::importConfig(text);
        if (!imported) {
            QStringList lines;
            for (const Routing::ConfigError &error : imported.error())
                lines.append(problemText(error));
            tell(tr("Cannot import %1 as a %2 config:\n%3")
                     .arg(QFileInfo(path).fileName(),
                          format == Routing::ConfigFormat::LiteLlm ? u"LiteLLM"_s : u"Portkey"_s, lines.join(u'\n')));
            return false;
        }
        text = Routing::ConfigWriter::toYaml(imported->config);
        notes = imported->notes;
    } else {
        const auto read = Routing::ConfigReader::read(text);
        if (!read) {
            QStringList lines;
            for (const Routing::ConfigError &error : read.error())
                lines.append(problemText(error));
            tell(tr("Cannot import %1:\n%2").arg(QFileInfo(path).fileName(), lines.join(u'\n')));
            return false;
        }
        // YAML keeps its text (and comments); JSON becomes YAML, the library's format.
        if (text.trimmed().startsWith('{') || text.isEmpty())
            text = Routing::ConfigWriter::toYaml(read->config);
    }
    const QString fileName = m_library->freeFileName(QFileInfo(path).completeBaseName());
    if (auto written = Base::DataFiles::writeAtomically(m_library->pathOf(fileName), text); !written) {
        tell(written.error());
        return false;
    }
    if (m_context.audit) {
        const QString from = format == Routing::ConfigFormat::LiteLlm  ? u"litellm"_s
                             : format == Routing::ConfigFormat::Portkey ? u"portkey"_s
                                                                        : u"switchyard"_s;
        m_context.audit->record(u"routing.created"_s, {{u"file"_s, fileName}, {u"from"_s, from}});
    }
    m_library->rescan();
    const bool opened = openConfig(fileName);
    if (opened && !notes.isEmpty())
        tell(tr("Imported %1. %2").arg(QFileInfo(path).fileName(), notes.join(u' ')));
    return opened;
}

bool RoutingPage::save()
{
    m_yaml->flush();
    if (auto saved = m_document->save(); !saved) {
        tell(saved.error());
        return false;
    }
    m_library->rescan();
    offerOtherConfigs();
    tell(tr("Saved %1.").arg(ConfigLibrary::displayName(currentFileName())));
    return true;
}

bool RoutingPage::saveAs(const QString &name)
{
    m_yaml->flush();
    auto fileName = m_library->fileNameFor(name);
    if (!fileName) {
        tell(fileName.error());
        return false;
    }
    if (auto saved = m_document->save(m_library->pathOf(*fileName)); !saved) {
        tell(saved.error());
        return false;
    }
    m_library->rescan();
    offerOtherConfigs();
    return true;
}

bool RoutingPage::rename(const QString &name)
{
    const QString current = currentFileName();
    auto fileName = m_library->fileNameFor(name);
    if (!fileName) {
        tell(fileName.error());
        return false;
    }
    if (auto renamed = m_library->rename(current, *fileName); !renamed) {
        tell(renamed.error());
        return false;
    }
    if (m_context.audit)
        m_context.audit->record(u"routing.renamed"_s, {{u"file"_s, *fileName}, {u"was"_s, current}});
    m_document->setPath(m_library->pathOf(*fileName));
    offerOtherConfigs();
    return true;
}

bool RoutingPage::removeCurrent()
{
    const QString current = currentFileName();
    if (current.isEmpty())
        return false;
    if (auto removed = m_library->remove(current); !removed) {
        tell(removed.error());
        return false;
    }
    if (m_context.audit)
        m_context.audit->record(u"routing.deleted"_s, {{u"file"_s, current}});
    // The changes went with the file; open another config or start one.
    m_document->undoStack()->clear();
    const QStringList files = m_library->files();
    if (!files.isEmpty())
        return openConfig(files.first());
    return newConfig(tr("routing"));
}

void RoutingPage::makeActive()
{
    if (!currentFileName().isEmpty())
        m_library->setActive(currentFileName());
}

bool RoutingPage::maybeSave()
{
    m_yaml->flush();
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved Changes"),
        tr("The routing config “%1” has changes that are not saved.").arg(ConfigLibrary::displayName(currentFileName())),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void RoutingPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void RoutingPage::selectRule(int row)
{
    if (row < 0 || row >= m_rules->rowCount()) {
        m_selectedRule = -1;
        m_ruleView->selectionModel()->clearCurrentIndex();
        refresh();
        return;
    }
    m_ruleView->setCurrentIndex(m_rules->index(row));
}

void RoutingPage::refresh()
{
    const Routing::RoutingConfig &config = m_document->config();
    if (!m_document->hasBadText())
        m_yaml->showText(m_document->text());

    QStringList routes;
    for (const Routing::Route &route : config.routes)
        routes.append(route.name);
    if (m_selectedRule >= config.rules.size())
        m_selectedRule = int(config.rules.size()) - 1;
    if (m_selectedRule >= 0) {
        m_ruleEditor->setRule(config.rules.at(m_selectedRule), routes);
    } else {
        m_ruleEditor->setEnabled(false);
    }
    m_ruleEditor->setVisible(!config.rules.isEmpty());
    m_noRules->setVisible(config.rules.isEmpty());
    const Routing::Route *fallbackRoute = config.fallbackRoute();
    m_noRules->setText(fallbackRoute
                           ? tr("No rules yet: every request goes to the route “%1” (Otherwise, below the "
                                "list). Add a rule (+) to send some requests elsewhere — by the model "
                                "asked for, a tag, the prompt's length or an image.")
                                 .arg(fallbackRoute->name)
                           : tr("No rules and no route yet: add a route on the Routes tab, then rules "
                                "(+) that pick it."));
    {
        const QSignalBlocker block(m_defaultRoute);
        m_defaultRoute->clear();
        m_defaultRoute->addItems(routes);
        const Routing::Route *fallback = config.fallbackRoute();
        m_defaultRoute->setCurrentText(fallback ? fallback->name : QString());
    }
    showRouteCards();
    showState();
}

void RoutingPage::showRouteCards()
{
    const QList<Routing::Route> &routes = m_document->config().routes;
    while (m_cards.size() > routes.size())
        delete m_cards.takeLast();
    while (m_cards.size() < routes.size()) {
        auto *card = new RouteCard(m_routesHolder);
        // Before the Add button and the stretch.
        m_routesLayout->insertWidget(int(m_cards.size()), card);
        connect(card, &RouteCard::edited, this, [this, card](const Routing::Route &route) {
            editRoute(int(m_cards.indexOf(card)), route);
        });
        connect(card, &RouteCard::duplicateRequested, this,
                [this, card] { duplicateRoute(int(m_cards.indexOf(card))); });
        connect(card, &RouteCard::removeRequested, this, [this, card] { removeRoute(int(m_cards.indexOf(card))); });
        m_cards.append(card);
    }
    for (qsizetype i = 0; i < routes.size(); ++i)
        m_cards.at(i)->setRoute(routes.at(i));
}

void RoutingPage::showProblems()
{
    const Routing::ConfigErrors &problems = m_document->problems();
    m_yaml->setProblems(problems);
    m_problems->clear();
    int errors = 0;
    for (const Routing::ConfigError &problem : problems) {
        auto *item = new QListWidgetItem(
            QIcon::fromTheme(problem.isError() ? u"data-error"_s : u"data-warning"_s), problemText(problem),
            m_problems);
        item->setData(Qt::UserRole, problem.position.line);
        item->setData(Qt::UserRole + 1, problem.position.column);
        item->setForeground(problem.isError() ? Widgets::StatusColors::error(palette())
                                              : Widgets::StatusColors::warning(palette()));
        errors += problem.isError();
    }
    m_problems->setVisible(!problems.isEmpty());
    const bool bad = m_document->hasBadText();
    if (errors > 0) {
        m_problemBanner->setText(bad ? tr("%n error(s) in the YAML; the visual editor keeps the last good config.",
                                          nullptr, errors)
                                     : tr("%n error(s) in the config; it cannot be saved until they are fixed.",
                                          nullptr, errors));
        QPalette p = m_problemBanner->palette();
        p.setColor(QPalette::WindowText, Widgets::StatusColors::error(palette()));
        m_problemBanner->setPalette(p);
    }
    m_problemBanner->setVisible(errors > 0);
    m_visualBanner->setVisible(bad);
    if (bad) {
        QPalette p = m_visualBanner->palette();
        p.setColor(QPalette::WindowText, Widgets::StatusColors::warning(palette()));
        m_visualBanner->setPalette(p);
    }
    // As tall as its problems, up to five lines: the YAML keeps the room.
    const int rows = int(std::min<qsizetype>(problems.size(), 5));
    m_problems->setFixedHeight(rows * m_problems->sizeHintForRow(0) + 2 * m_problems->frameWidth() + 2);
    // Editing the last good config while the text has errors would throw the typed text away.
    for (int tab : {int(Tab::Rules), int(Tab::Routes), int(Tab::Tests)})
        m_tabs->widget(tab)->setEnabled(!bad);
    showState();
}

void RoutingPage::showLibrary()
{
    const QSignalBlocker block(m_configBox);
    m_configBox->clear();
    const QString active = m_library->active();
    const QString current = currentFileName();
    QStringList files = m_library->files();
    if (!current.isEmpty() && !files.contains(current))
        files.append(current); // not saved yet
    for (const QString &file : std::as_const(files)) {
        const QString name = ConfigLibrary::displayName(file);
        m_configBox->addItem(file == active ? QIcon::fromTheme(u"emblem-default"_s) : QIcon(),
                             file == active ? tr("%1 (active)").arg(name) : name, file);
    }
    m_configBox->setCurrentIndex(m_configBox->findData(current));
    showState();
}

void RoutingPage::showState()
{
    const bool active = !currentFileName().isEmpty() && currentFileName() == m_library->active();
    m_activeBadge->setVisible(active);
    m_makeActiveButton->setVisible(!active);
    QString state;
    if (m_document->hasErrors())
        state = tr("has errors");
    else if (m_document->isModified())
        state = tr("● not saved");
    m_stateLabel->setText(state);
}

void RoutingPage::editRule(int row, const Routing::Rule &rule)
{
    Routing::RoutingConfig config = m_document->config();
    if (row < 0 || row >= config.rules.size())
        return;
    config.rules[row] = rule;
    m_document->edit(config, tr("Edit rule “%1”").arg(rule.name));
}

void RoutingPage::editRoute(int index, const Routing::Route &route)
{
    Routing::RoutingConfig config = m_document->config();
    if (index < 0 || index >= config.routes.size())
        return;
    config.renameRoute(index, route.name);
    config.routes[index] = route;
    m_document->edit(config, tr("Edit route “%1”").arg(route.name));
}

void RoutingPage::addRule()
{
    Routing::RoutingConfig config = m_document->config();
    const Routing::Route *route = config.fallbackRoute();
    QString name = tr("new rule");
    for (int n = 2; std::ranges::any_of(config.rules, [&name](const auto &r) { return r.name == name; }); ++n)
        name = tr("new rule %1").arg(n);
    Routing::Rule rule{.name = name, .when = {}, .route = route ? route->name : QString(), .position = {}};
    rule.when.tags = {tr("example")};
    const int row = m_selectedRule >= 0 ? m_selectedRule + 1 : int(config.rules.size());
    config.rules.insert(row, rule);
    m_document->edit(config, tr("Add rule"));
    selectRule(row);
    m_ruleEditor->nameField()->setFocus();
    m_ruleEditor->nameField()->selectAll();
}

void RoutingPage::removeRule()
{
    Routing::RoutingConfig config = m_document->config();
    if (m_selectedRule < 0 || m_selectedRule >= config.rules.size())
        return;
    const QString name = config.rules.at(m_selectedRule).name;
    config.rules.removeAt(m_selectedRule);
    m_document->edit(config, tr("Remove rule “%1”").arg(name));
}

void RoutingPage::addRoute()
{
    Routing::RoutingConfig config = m_document->config();
    QString name = u"route"_s;
    for (int n = 2; config.route(name); ++n)
        name = u"route-%1"_s.arg(n);
    config.routes.append({.name = name,
                          .description = {},
                          .strategy = Routing::Strategy::Fallback,
                          .targets = {{.provider = u"openai"_s, .model = u"gpt-4o-mini"_s}},
                          .constraints = {},
                          .retry = std::nullopt,
                          .position = {}});
    m_document->edit(config, tr("Add route"));
    if (!m_cards.isEmpty())
        m_cards.last()->nameField()->setFocus();
}

void RoutingPage::duplicateRoute(int index)
{
    Routing::RoutingConfig config = m_document->config();
    if (index < 0 || index >= config.routes.size())
        return;
    Routing::Route copy = config.routes.at(index);
    QString name = copy.name + u"-copy"_s;
    for (int n = 2; config.route(name); ++n)
        name = u"%1-copy-%2"_s.arg(copy.name).arg(n);
    copy.name = name;
    config.routes.insert(index + 1, copy);
    m_document->edit(config, tr("Duplicate route “%1”").arg(config.routes.at(index).name));
}

void RoutingPage::removeRoute(int index)
{
    Routing::RoutingConfig config = m_document->config();
    if (index < 0 || index >= config.routes.size())
        return;
    const QString name = config.routes.at(index).name;
    config.routes.removeAt(index);
    // Rules that named it now name nothing: validation marks them, undo brings it back.
    m_document->edit(config, tr("Remove route “%1”").arg(name));
    tell(tr("Removed route %1. Undo (Ctrl+Z) brings it back.").arg(name));
}

void RoutingPage::offerOtherConfigs()
{
    QStringList names;
    for (const QString &file : m_library->files()) {
        if (file != currentFileName())
            names.append(ConfigLibrary::displayName(file));
    }
    ConfigLibrary *library = m_library;
    m_simulation->setOtherConfigs(names, [library](const QString &name) -> std::expected<Routing::RoutingConfig, QString> {
        auto read = Routing::ConfigReader::readFile(library->pathOf(name + u".yaml"_s));
        if (!read)
            return std::unexpected(read.error().first().toString());
        return read->config;
    });
}

void RoutingPage::tell(const QString &message)
{
    m_stateLabel->setText(message);
    m_stateLabel->setToolTip(message);
    Q_EMIT statusMessage(message);
}

void RoutingPage::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(u"RoutingPage"_s);
    settings.setValue(u"config"_s, currentFileName());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"tab"_s, m_tabs->currentIndex());
}

void RoutingPage::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(u"RoutingPage"_s);
    if (!m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray()))
        m_splitter->setSizes({640, 420});
    m_tabs->setCurrentIndex(settings.value(u"tab"_s, 0).toInt());

    // The config open last time, else the active one, else the first; a first
    // start gets a small one to begin from.
    const QStringList files = m_library->files();
    QString open = settings.value(u"config"_s).toString();
    if (!files.contains(open))
        open = files.contains(m_library->active()) ? m_library->active() : files.value(0);
    if (open.isEmpty() || !openConfig(open)) {
        if (files.isEmpty()) {
            newConfig(tr("routing"));
        } else {
            // Unreadable: show the starter, unsaved, rather than an empty page.
            (void)m_document->reset(Routing::starterConfig(starterTargets()));
            refresh();
        }
    }
}

} // namespace Switchyard::RoutingUi
