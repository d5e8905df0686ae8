#include "shell/mainwindow.h"

#include "audit/auditpage.h"
#include "base/datadirectory.h"
#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "gateway/gatewaybutton.h"
#include "gateway/gatewaycontroller.h"
#include "gateway/keysdialog.h"
#include "providers/firstrundialog.h"
#include "providers/providerregistry.h"
#include "providers/providerspage.h"
#include "routing/routingpage.h"
#include "settings/appsettings.h"
#include "settings/settingsdialog.h"
#include "shell/aboutdialog.h"
#include "evaluate/evaluatepage.h"
#include "shell/appservices.h"
#include "shell/colorscheme.h"
#include "usage/budgetmeter.h"
#include "usage/usagepage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMetaEnum>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {
namespace {

QIcon themedIcon(const QString &themeName, const QString &fallback)
{
    // Bundled SVGs keep Windows, macOS and icon-less desktops complete.
    return QIcon::fromTheme(themeName, QIcon(fallback));
}

ColorScheme::Scheme schemeFor(Settings::AppSettings::Theme theme)
{
    switch (theme) {
    case Settings::AppSettings::Theme::Light:
        return ColorScheme::Scheme::Light;
    case Settings::AppSettings::Theme::Dark:
        return ColorScheme::Scheme::Dark;
    case Settings::AppSettings::Theme::System:
        break;
    }
    return ColorScheme::Scheme::System;
}

QString pageKey(MainWindow::Page page)
{
    return QString::fromLatin1(QMetaEnum::fromType<MainWindow::Page>().valueToKey(int(page)));
}

} // namespace

MainWindow::MainWindow(const QString &dataDir, QWidget *parent)
    : QMainWindow(parent)
    , m_services(new AppServices(Base::DataDirectory::resolve(dataDir).value_or(QString()), this))
    , m_stack(new QStackedWidget(this))
    , m_pageGroup(new QActionGroup(this))
{
    setWindowTitle(u"Switchyard"_s);
    setWindowIcon(AboutDialog::applicationIcon());
    setCentralWidget(m_stack);

    auto *rail = new QToolBar(tr("Navigation"), this);
    rail->setObjectName(u"navigationRail"_s);
    rail->setMovable(false);
    rail->setFloatable(false);
    rail->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    rail->setIconSize(QSize(24, 24));
    rail->toggleViewAction()->setEnabled(false);
    addToolBar(Qt::LeftToolBarArea, rail);

    addPage(Page::Compare, new CompareUi::ComparePage(m_services->compareContext(), this), tr("Compare"),
            u"view-split-left-right"_s, u":/icons/compare.svg"_s);
    auto *routing = new RoutingUi::RoutingPage(m_services->routingContext(), this);
    connect(routing, &RoutingUi::RoutingPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    addPage(Page::Routing, routing, tr("Routing"), u"code-fork"_s, u":/icons/routing.svg"_s);
    auto *usage = new UsageUi::UsagePage(m_services->usage(), m_services->budgets(), this);
    connect(usage, &UsageUi::UsagePage::startComparisonRequested, this, [this] { showPage(Page::Compare); });
    addPage(Page::Usage, usage, tr("Usage"), u"office-chart-bar"_s, u":/icons/usage.svg"_s);
    auto *providers = new ProvidersUi::ProvidersPage(m_services->providersContext(), this);
    connect(usage, &UsageUi::UsagePage::setPriceRequested, this,
            [this, providers](const QString &providerId) {
                showPage(Page::Providers);
                providers->showModelsTab(providerId);
            });
    connect(providers, &ProvidersUi::ProvidersPage::localServerSearchRequested, this, [this] { runFirstRun(); });
    addPage(Page::Providers, providers, tr("Providers"), u"network-server"_s, u":/icons/providers.svg"_s);
    addPage(Page::Evaluate,
            new EvaluateUi::EvaluatePage({.router = m_services->router(), .usage = m_services->usage()}, this),
            tr("Evaluate"), u"view-task"_s, u":/icons/evaluate.svg"_s);
    addPage(Page::Audit, new AuditUi::AuditPage(m_services->dataDir(), this), tr("Audit"), u"view-history"_s,
            u":/icons/audit.svg"_s);
    rail->addActions(m_pageActions);
    // Equal-width rail buttons, however long their labels.
    for (QAction *action : std::as_const(m_pageActions)) {
        QWidget *button = rail->widgetForAction(action);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setMinimumWidth(76);
    }

    connect(m_pageGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        showPage(Page(m_pageActions.indexOf(action)));
    });

    // Always in sight: what today and this month cost, against the budget.
    auto *meter = new UsageUi::BudgetMeter(m_services->usage(), m_services->budgets(), this);
    connect(meter, &UsageUi::BudgetMeter::clicked, this, [this] { showPage(Page::Usage); });
    statusBar()->addPermanentWidget(meter);
    statusBar()->setSizeGripEnabled(false);

    // The slim bar along the top: the local gateway's switch and state.
    auto *top = new QToolBar(tr("Gateway"), this);
    top->setObjectName(u"mainToolBar"_s);
    top->setMovable(false);
    top->setFloatable(false);
    top->setIconSize(QSize(16, 16));
    top->toggleViewAction()->setEnabled(false);
    auto *spacer = new QWidget(top);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    top->addWidget(spacer);
    m_gatewayButton = new GatewayUi::GatewayButton(m_services->gateway(), top);
    top->addWidget(m_gatewayButton);
    connect(m_gatewayButton, &GatewayUi::GatewayButton::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_gatewayButton, &GatewayUi::GatewayButton::keysRequested, this, &MainWindow::showKeys);
    addToolBar(Qt::TopToolBarArea, top);

    createMenus();
    restoreSettings();
    // Back on if it was on when the app last closed (asynchronous: the
    // window shows at once, the button says "starting" meanwhile).
    m_services->gateway()->restore();

    // The theme follows the setting at once; System leaves the platform's.
    Settings::AppSettings *settings = m_services->settings();
    if (settings->theme() != Settings::AppSettings::Theme::System)
        ColorScheme::apply(schemeFor(settings->theme()));
    connect(settings, &Settings::AppSettings::themeChanged, this,
            [](Settings::AppSettings::Theme theme) { ColorScheme::apply(schemeFor(theme)); });
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(Page page, QWidget *widget, const QString &label, const QString &themeIcon,
                         const QString &fallbackIcon)
{
    Q_ASSERT(int(page) == m_stack->count());
    const QString key = pageKey(page);
    widget->setObjectName(key.toLower() + u"Page"_s);
    m_stack->addWidget(widget);

    auto *action = new QAction(themedIcon(themeIcon, fallbackIcon), label, m_pageGroup);
    action->setObjectName(key.toLower() + u"Action"_s);
    action->setCheckable(true);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(page))));
    action->setToolTip(u"%1 (%2)"_s.arg(label, action->shortcut().toString(QKeySequence::NativeText)));
    m_pageActions.append(action);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    fileMenu->insertAction(quit, m_gatewayButton->toggleAction());
    // The panel from the keyboard too: toolbar buttons take no focus.
    auto *gatewayDetails = new QAction(tr("Gateway &Details…"), fileMenu);
    gatewayDetails->setObjectName(u"gatewayDetailsAction"_s);
    connect(gatewayDetails, &QAction::triggered, m_gatewayButton, &QToolButton::showMenu);
    fileMenu->insertAction(quit, gatewayDetails);
    auto *gatewayKeys = new QAction(tr("Gateway &Keys…"), fileMenu);
    gatewayKeys->setObjectName(u"gatewayKeysAction"_s);
    connect(gatewayKeys, &QAction::triggered, this, &MainWindow::showKeys);
    fileMenu->insertAction(quit, gatewayKeys);
    fileMenu->insertSeparator(quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addActions(m_pageActions);
    viewMenu->addSeparator();
    QAction *fullScreen = viewMenu->addAction(tr("&Full Screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? windowState() | Qt::WindowFullScreen : windowState() & ~Qt::WindowFullScreen);
    });

    QMenu *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    QAction *providers = settingsMenu->addAction(pageAction(Page::Providers)->icon(), tr("&Providers…"));
    providers->setObjectName(u"providersSettingsAction"_s);
    connect(providers, &QAction::triggered, this, [this] { showPage(Page::Providers); });
    QAction *configure = settingsMenu->addAction(QIcon::fromTheme(u"configure"_s), tr("&Configure Switchyard…"));
    configure->setObjectName(u"configureAction"_s);
    configure->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    configure->setMenuRole(QAction::PreferencesRole);
    connect(configure, &QAction::triggered, this, &MainWindow::showSettings);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(windowIcon(), tr("&About Switchyard"));
    about->setObjectName(u"aboutAction"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_stack->currentIndex());
}

void MainWindow::showPage(Page page)
{
    const int index = int(page);
    if (index < 0 || index >= m_stack->count())
        return;
    m_pageActions.at(index)->setChecked(true);
    if (m_stack->currentIndex() == index)
        return;
    m_stack->setCurrentIndex(index);
    Q_EMIT currentPageChanged(page);
}

QWidget *MainWindow::pageWidget(Page page) const
{
    return m_stack->widget(int(page));
}

QAction *MainWindow::pageAction(Page page) const
{
    return m_pageActions.value(int(page));
}

ProvidersUi::FirstRunDialog *MainWindow::offerFirstRun()
{
    if (!m_services->registry()->isFirstRun())
        return nullptr;
    return runFirstRun();
}

ProvidersUi::FirstRunDialog *MainWindow::runFirstRun(const QList<Providers::ProviderConfig> &localServers)
{
    if (m_firstRun)
        m_firstRun->close();
    ProvidersUi::ProvidersContext context = m_services->providersContext();
    context.localServers = localServers;
    m_firstRun = new ProvidersUi::FirstRunDialog(context, this);
    m_firstRun->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_firstRun, &ProvidersUi::FirstRunDialog::comparisonRequested, this, &MainWindow::startComparison);
    connect(m_firstRun, &ProvidersUi::FirstRunDialog::providersRequested, this,
            [this] { showPage(Page::Providers); });
    connect(m_firstRun, &ProvidersUi::FirstRunDialog::endpointRequested, this, [this] {
        showPage(Page::Providers);
        if (auto *providers = findChild<ProvidersUi::ProvidersPage *>())
            providers->addProvider();
    });
    m_firstRun->open();
    return m_firstRun;
}

void MainWindow::startComparison(const QStringList &models)
{
    showPage(Page::Compare);
    auto *page = qobject_cast<CompareUi::ComparePage *>(pageWidget(Page::Compare));
    if (!page || models.isEmpty())
        return;
    page->newComparison(); // the comparison on screen stays in the history
    while (page->panes().size() < models.size() && page->addPane())
        ;
    for (qsizetype i = 0; i < models.size() && i < page->panes().size(); ++i)
        page->panes().at(i)->setModelLabel(models.at(i));
    page->setFocus();
}

SettingsUi::SettingsDialog *MainWindow::showSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsUi::SettingsDialog(m_services->settings(), m_services->dataDir(), this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
    return m_settingsDialog;
}

GatewayUi::KeysDialog *MainWindow::showKeys()
{
    if (!m_keysDialog) {
        m_keysDialog = new GatewayUi::KeysDialog(m_services->gateway()->keysContext(), this);
        m_keysDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_keysDialog, &GatewayUi::KeysDialog::statusMessage, this,
                [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    }
    m_keysDialog->show();
    m_keysDialog->raise();
    m_keysDialog->activateWindow();
    return m_keysDialog;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved routing changes are asked about before they are lost.
    if (auto *routing = qobject_cast<RoutingUi::RoutingPage *>(pageWidget(Page::Routing)); routing && !routing->maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    if (!restoreGeometry(settings.value(u"geometry"_s).toByteArray())) {
        // First start: a comfortable size that fits a 1280×800 screen.
        const QSize available = screen() ? screen()->availableSize() : QSize(1280, 800);
        resize(available.boundedTo(QSize(1200, 760)));
    }
    QMainWindow::restoreState(settings.value(u"state"_s).toByteArray());

    bool known = false;
    const int page = QMetaEnum::fromType<Page>().keyToValue(
        settings.value(u"page"_s).toString().toLatin1().constData(), &known);
    showPage(known ? Page(page) : Page::Compare);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(u"MainWindow"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, QMainWindow::saveState());
    settings.setValue(u"page"_s, pageKey(currentPage()));
}

AboutDialog *MainWindow::showAbout()
{
    if (!m_aboutDialog) {
        m_aboutDialog = new AboutDialog(this);
        m_aboutDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_aboutDialog->show();
    m_aboutDialog->raise();
    m_aboutDialog->activateWindow();
    return m_aboutDialog;
}

} // namespace Switchyard::Shell
