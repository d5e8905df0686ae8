#include "usage/usagepage.h"

#include "base/units.h"
#include "providers/providerpresets.h"
#include "usage/barlistchart.h"
#include "usage/budgetmonitor.h"
#include "usage/budgetsdialog.h"
#include "usage/csvexport.h"
#include "usage/databasebanner.h"
#include "usage/monthchart.h"
#include "usage/usagefilterbar.h"
#include "usage/usageformat.h"
#include "usage/usagestore.h"
#include "usage/usagetablemodel.h"
#include "widgets/modelcolors.h"

#include <QAction>
#include <QBoxLayout>
#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

constexpr auto SettingsGroup = "UsagePage"_L1;
// Latency charts show the most used models; more bars would not be legible.
constexpr qsizetype MaxLatencyBars = 10;
constexpr qsizetype MaxGroupBars = 12;

enum SummaryField { SpendField, CallsField, TokensInField, TokensOutField, AverageField, ErrorsField };

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    label->setAlignment(Qt::AlignHCenter);
    return label;
}

// Object names are how tests and the screenshot tool find the parts.
template<typename Widget>
Widget *named(Widget *widget, const QString &name)
{
    widget->setObjectName(name);
    return widget;
}

QString dayText(QDate day)
{
    return QLocale().toString(day, QLocale::ShortFormat);
}

} // namespace

UsagePage::UsagePage(Usage::UsageStore *store, Usage::BudgetMonitor *budgets, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_budgets(budgets)
    , m_refreshTimer(new QTimer(this))
    , m_filters(new UsageFilterBar(this))
    , m_banner(new DatabaseBanner(this))
    , m_states(new QStackedWidget(this))
    , m_models(new UsageTableModel(UsageTableModel::Rows::Models, this))
    , m_projects(new UsageTableModel(UsageTableModel::Rows::Projects, this))
    , m_keys(new UsageTableModel(UsageTableModel::Rows::Keys, this))
    , m_export(new CsvExport(store, this))
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
        else
            m_stale = true;
    });

    auto *refreshAction = new QAction(QIcon::fromTheme(u"view-refresh"_s), tr("Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    refreshAction->setToolTip(tr("Read the usage log again (%1)").arg(refreshAction->shortcut().toString(QKeySequence::NativeText)));
    connect(refreshAction, &QAction::triggered, this, &UsagePage::refresh);
    m_exportAction = new QAction(QIcon::fromTheme(u"document-export"_s), tr("Export CSV…"), this);
    m_exportAction->setObjectName(u"exportCsvAction"_s);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_exportAction->setToolTip(tr("Write the calls these filters select to a CSV file, one row per call (%1)")
                                   .arg(m_exportAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_exportAction, &QAction::triggered, this, &UsagePage::chooseExportFile);
    auto *budgetsAction = new QAction(QIcon::fromTheme(u"wallet-open"_s), tr("Budgets…"), this);
    budgetsAction->setObjectName(u"budgetsAction"_s);
    budgetsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    budgetsAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    budgetsAction->setToolTip(tr("A monthly limit and limits per provider: warn at 80%, block or switch route at "
                                 "100% (%1)")
                                  .arg(budgetsAction->shortcut().toString(QKeySequence::NativeText)));
    connect(budgetsAction, &QAction::triggered, this, &UsagePage::editBudgets);
    addActions({refreshAction, m_exportAction, budgetsAction});

    auto *bar = new QToolBar(this);
    bar->setObjectName(u"usageToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(budgetsAction);
    bar->addAction(m_exportAction);
    bar->addAction(refreshAction);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_filters, 1);
    top->addWidget(bar);

    m_content = new QWidget(this);
    m_tabs = new QTabWidget(m_content);
    m_tabs->setObjectName(u"usageTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createSpendTab(), tr("Spend"));
    m_tabs->addTab(createSpeedTab(), tr("Latency and Speed"));
    m_tabs->addTab(createGroupTab(m_projectChart, m_projects, u"project"_s), tr("Projects"));
    // Shown once the log has calls that came through a gateway key.
    m_keysTab = createGroupTab(m_keyChart, m_keys, u"key"_s);
    m_tabs->addTab(m_keysTab, tr("Keys"));
    m_tabs->setTabVisible(m_tabs->indexOf(m_keysTab), false);
    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(8);
    contentLayout->addWidget(createSummary());
    contentLayout->addWidget(m_tabs, 1);

    m_noMatch = createNoMatchState();
    m_empty = createEmptyState();
    m_states->addWidget(m_content);
    m_states->addWidget(m_noMatch);
    m_states->addWidget(m_empty);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(8);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_states, 1);
    layout->addWidget(createExportRow());

    connect(m_filters, &UsageFilterBar::changed, this, &UsagePage::refresh);
    connect(m_banner, &DatabaseBanner::setAsideRequested, this, [this] {
        m_banner->showMoving();
        m_store->setAsideAndStartNew();
    });
    // The store's signals come from its own thread: queued to this one.
    connect(m_store, &Usage::UsageStore::recorded, this, &UsagePage::scheduleRefresh);
    connect(m_store, &Usage::UsageStore::failed, this,
            [this](const Usage::UsageError &error) { m_banner->showProblem(error); });
    connect(m_store, &Usage::UsageStore::setAsideDone, this, &UsagePage::setAsideDone);
    connect(m_export, &CsvExport::progress, this, [this](qint64 written, qint64 total) {
        m_exportProgress->setRange(0, int(std::max<qint64>(total, 1)));
        m_exportProgress->setValue(int(std::min(written, total)));
        m_exportProgress->setFormat(tr("%1 of %2 calls").arg(UsageFormat::count(written), UsageFormat::count(total)));
    });
    connect(m_export, &CsvExport::finished, this, &UsagePage::exportFinished);

    if (const auto problem = m_store->problem())
        m_banner->showProblem(*problem);
    m_states->setCurrentWidget(m_empty);
    m_content->setEnabled(false);
    restoreSettings();
}

UsagePage::~UsagePage()
{
    saveSettings();
}

QWidget *UsagePage::createSummary()
{
    auto *strip = new QWidget(this);
    auto *layout = new QHBoxLayout(strip);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12); // "$1.24 + 6 unpriced" is long: the strip must still fit an 800 px screen
    const QStringList captions{tr("Spend"),      tr("Calls"),        tr("Tokens in"),
                               tr("Tokens out"), tr("Avg per call"), tr("Errors")};
    const QStringList names{u"totalSpend"_s,     u"totalCalls"_s,   u"totalTokensIn"_s,
                            u"totalTokensOut"_s, u"averageCost"_s, u"errorRate"_s};
    for (qsizetype i = 0; i < captions.size(); ++i) {
        auto *caption = new QLabel(captions.at(i), strip);
        caption->setForegroundRole(QPalette::PlaceholderText);
        auto *value = new QLabel(u"–"_s, strip);
        value->setObjectName(names.at(i));
        QFont font = value->font();
        font.setPointSizeF(font.pointSizeF() * 1.35);
        font.setWeight(QFont::DemiBold);
        font.setFeature(QFont::Tag("tnum"), 1);
        value->setFont(font);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *column = new QVBoxLayout;
        column->setSpacing(0);
        column->addWidget(caption);
        column->addWidget(value);
        if (i == SpendField) {
            // Unpriced calls are a price away from counting: the way there
            // sits under the amount that leaves them out.
            m_setPrice = new QPushButton(tr("Set price…"), strip);
            m_setPrice->setObjectName(u"setPrice"_s);
            m_setPrice->setFlat(true);
            m_setPrice->setToolTip(
                tr("Give the unpriced models a price on the Providers page, so their calls count"));
            m_setPrice->hide();
            connect(m_setPrice, &QPushButton::clicked, this, [this] {
                for (const Usage::UsageGroup &g : std::as_const(m_report.byModel)) {
                    if (g.unpricedCalls > 0) {
                        Q_EMIT setPriceRequested(g.provider);
                        return;
                    }
                }
                Q_EMIT setPriceRequested({});
            });
            column->addWidget(m_setPrice, 0, Qt::AlignLeft);
        }
        layout->addLayout(column, 0);
        m_summaryValues.append(value);
    }
    layout->addStretch(1);
    return strip;
}

QTableView *UsagePage::createTable(UsageTableModel *model, const QString &name)
{
    auto *proxy = new QSortFilterProxyModel(model);
    proxy->setSourceModel(model);
    proxy->setSortRole(UsageTableModel::SortRole);
    auto *view = new QTableView(this);
    view->setObjectName(name);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(UsageTableModel::Spend, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(UsageTableModel::Name, QHeaderView::Stretch);
    view->horizontalHeader()->setMinimumSectionSize(72);
    return view;
}

QWidget *UsagePage::createSpendTab()
{
    auto *tab = new QWidget(this);
    m_spendChart = named(new SpendChart(tab), u"spendChart"_s);
    m_monthChart = named(new MonthChart(tab), u"monthChart"_s);
    m_byModel = named(new QToolButton(tab), u"stackByModel"_s);
    m_byModel->setText(tr("By Model"));
    m_byProvider = named(new QToolButton(tab), u"stackByProvider"_s);
    m_byProvider->setText(tr("By Provider"));
    auto *group = new QButtonGroup(tab);
    for (QToolButton *button : {m_byModel, m_byProvider}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        group->addButton(button);
    }
    m_byModel->setChecked(true);
    m_byModel->setToolTip(tr("Stack each period's spend by model"));
    m_byProvider->setToolTip(tr("Stack each period's spend by provider"));
    connect(group, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool checked) {
        if (!checked)
            return;
        m_stackBy = m_byProvider->isChecked() ? SpendChart::StackBy::Provider : SpendChart::StackBy::Model;
        showSpend();
    });
    auto *toggle = new QHBoxLayout;
    toggle->setSpacing(4);
    toggle->addWidget(new QLabel(tr("Stack spend:"), tab));
    toggle->addWidget(m_byModel);
    toggle->addWidget(m_byProvider);
    toggle->addStretch(1);

    auto *charts = named(new QSplitter(Qt::Horizontal, tab), u"spendCharts"_s);
    charts->setChildrenCollapsible(false);
    charts->addWidget(m_spendChart);
    charts->addWidget(m_monthChart);
    charts->setStretchFactor(0, 2);
    charts->setStretchFactor(1, 1);

    m_spendSplitter = named(new QSplitter(Qt::Vertical, tab), u"spendSplitter"_s);
    m_spendSplitter->setChildrenCollapsible(false);
    m_spendSplitter->addWidget(charts);
    m_spendSplitter->addWidget(createTable(m_models, u"modelTable"_s));
    m_spendSplitter->setStretchFactor(0, 3);
    m_spendSplitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(toggle);
    layout->addWidget(m_spendSplitter, 1);
    return tab;
}

QWidget *UsagePage::createSpeedTab()
{
    auto *tab = new QWidget(this);
    m_ttftChart = named(new BarListChart(tab), u"ttftChart"_s);
    m_totalChart = named(new BarListChart(tab), u"totalTimeChart"_s);
    m_speedChart = named(new BarListChart(tab), u"speedChart"_s);
    auto *note = new QLabel(tr("Each bar is the median call (p50); its faint part reaches the 95th percentile "
                               "(p95): one call in twenty took longer.\n\nTotal time and speed count complete "
                               "answers only, so a cut-off stream does not look fast. Time to first token "
                               "counts every call that got a token.\n\nHover over a bar for its figures."),
                            tab);
    note->setWordWrap(true);
    note->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    note->setForegroundRole(QPalette::PlaceholderText);
    note->setContentsMargins(8, 8, 8, 8);

    auto *layout = new QGridLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_ttftChart, 0, 0);
    layout->addWidget(m_totalChart, 0, 1);
    layout->addWidget(m_speedChart, 1, 0);
    layout->addWidget(note, 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    return tab;
}

QWidget *UsagePage::createGroupTab(BarListChart *&chart, UsageTableModel *model, const QString &name)
{
    auto *splitter = named(new QSplitter(Qt::Vertical, this), name + u"Splitter"_s);
    splitter->setChildrenCollapsible(false);
    chart = named(new BarListChart(splitter), name + u"Chart"_s);
    splitter->addWidget(chart);
    splitter->addWidget(createTable(model, name + u"Table"_s));
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(splitter);
    return tab;
}

QWidget *UsagePage::createEmptyState()
{
    auto *state = new QWidget(this);
    state->setObjectName(u"emptyState"_s);
    auto *icon = new QLabel(state);
    icon->setPixmap(QIcon::fromTheme(u"office-chart-bar"_s, QIcon(u":/icons/usage.svg"_s)).pixmap(64, 64));
    icon->setAlignment(Qt::AlignHCenter);
    m_emptyTitle = heading(tr("No calls yet"), state);
    m_emptyText = new QLabel(tr("Calls you make in Compare, the CLI or the gateway show up here: what they "
                                "cost, how fast they were, per model, provider and project."),
                             state);
    m_emptyText->setObjectName(u"emptyText"_s);
    m_emptyText->setWordWrap(true);
    m_emptyText->setAlignment(Qt::AlignHCenter);
    m_emptyAction = new QPushButton(tr("Start a Comparison"), state);
    m_emptyAction->setObjectName(u"startComparison"_s);
    connect(m_emptyAction, &QPushButton::clicked, this, &UsagePage::startComparisonRequested);

    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(icon);
    column->addWidget(m_emptyTitle);
    column->addWidget(m_emptyText);
    column->addWidget(m_emptyAction, 0, Qt::AlignHCenter);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addLayout(column, 4);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(state);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
    return state;
}

QWidget *UsagePage::createNoMatchState()
{
    auto *state = new QWidget(this);
    state->setObjectName(u"noMatchState"_s);
    m_noMatchText = new QLabel(state);
    m_noMatchText->setWordWrap(true);
    m_noMatchText->setAlignment(Qt::AlignHCenter);
    auto *clear = new QPushButton(tr("Show All of the Last 30 Days"), state);
    clear->setObjectName(u"resetFilters"_s);
    connect(clear, &QPushButton::clicked, this, [this] { m_filters->reset(); });
    auto *layout = new QVBoxLayout(state);
    layout->addStretch(2);
    layout->addWidget(heading(tr("No calls match"), state));
    layout->addWidget(m_noMatchText);
    layout->addWidget(clear, 0, Qt::AlignHCenter);
    layout->addStretch(3);
    return state;
}

QWidget *UsagePage::createExportRow()
{
    m_exportRow = new QWidget(this);
    m_exportRow->setObjectName(u"exportRow"_s);
    m_exportProgress = new QProgressBar(m_exportRow);
    m_exportProgress->setObjectName(u"exportProgress"_s);
    m_exportProgress->setTextVisible(true);
    m_exportCancel = new QPushButton(tr("Cancel"), m_exportRow);
    m_exportCancel->setObjectName(u"cancelExport"_s);
    m_exportCancel->setToolTip(tr("Stop the export; no file is left behind"));
    connect(m_exportCancel, &QPushButton::clicked, m_export, &CsvExport::cancel);
    m_exportStatus = new QLabel(m_exportRow);
    m_exportStatus->setObjectName(u"exportStatus"_s);
    m_exportStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exportStatus->setWordWrap(true);
    auto *layout = new QHBoxLayout(m_exportRow);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_exportStatus, 1);
    layout->addWidget(m_exportProgress, 1);
    layout->addWidget(m_exportCancel);
    m_exportRow->setVisible(false);
    return m_exportRow;
}

void UsagePage::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void UsagePage::refresh()
{
    if (m_querying) {
        m_refreshAgain = true;
        return;
    }
    m_querying = true;
    m_stale = false;
    const QDate today = QDate::currentDate();
    const Usage::UsageFilter filter = m_filters->filter(today);
    m_store->query<UsageReport>(
        this, [filter, today](Usage::UsageDatabase *db) { return UsageReport::load(db, filter, today); },
        [this](UsageReport report) {
            m_querying = false;
            if (std::exchange(m_refreshAgain, false)) {
                refresh(); // the filters changed while this was read
                return;
            }
            display(std::move(report));
        });
}

void UsagePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded || m_stale)
        refresh();
}

void UsagePage::display(UsageReport report)
{
    m_report = std::move(report);
    m_loaded = true;
    if (m_report.error) {
        // The store's own word is the more precise one when it has it.
        m_banner->showProblem(m_store->problem().value_or(*m_report.error));
        m_emptyTitle->setText(tr("The usage log cannot be read"));
        m_emptyText->setText(tr("Nothing can be shown until the usage database is usable again; the bar above "
                                "says why."));
        m_emptyAction->hide();
        m_states->setCurrentWidget(m_empty);
        m_exportAction->setEnabled(false);
        Q_EMIT refreshed();
        return;
    }
    m_filters->setChoices(m_report.choices);
    const bool any = m_report.total.calls > 0;
    m_exportAction->setEnabled(any && !m_export->isRunning());
    if (!m_report.hasCalls()) {
        m_emptyTitle->setText(tr("No calls yet"));
        m_emptyText->setText(tr("Calls you make in Compare, the CLI or the gateway show up here: what they cost, "
                                "how fast they were, per model, provider and project."));
        m_emptyAction->show();
        m_states->setCurrentWidget(m_empty);
    } else if (!any) {
        m_noMatchText->setText(tr("The usage log has no calls from %1 to %2 with these filters.")
                                   .arg(dayText(m_report.filter.from), dayText(m_report.filter.to)));
        m_states->setCurrentWidget(m_noMatch);
    } else {
        m_states->setCurrentWidget(m_content);
    }
    m_content->setEnabled(true);
    showSummary();
    showSpend();
    showSpeed();
    showGroups(m_projectChart, m_projects, m_report.byProject, tr("Spend by project"));
    const bool keys = !m_report.choices.keys.isEmpty();
    m_tabs->setTabVisible(m_tabs->indexOf(m_keysTab), keys);
    showGroups(m_keyChart, m_keys, keys ? m_report.byKey : QList<Usage::UsageGroup>(), tr("Spend by gateway key"));
    Q_EMIT refreshed();
}

void UsagePage::showSummary()
{
    const Usage::UsageGroup &t = m_report.total;
    const QStringList values{UsageFormat::spend(t),         UsageFormat::count(t.calls),
                             UsageFormat::count(t.tokensIn), UsageFormat::count(t.tokensOut),
                             UsageFormat::averageCost(t),   UsageFormat::percent(t.errorRate())};
    for (qsizetype i = 0; i < values.size(); ++i)
        m_summaryValues.at(i)->setText(values.at(i));
    const QString why = UsageFormat::spendToolTip(t);
    m_summaryValues.at(SpendField)->setToolTip(why);
    m_summaryValues.at(AverageField)->setToolTip(why);
    m_setPrice->setVisible(t.unpricedCalls > 0);
    m_summaryValues.at(ErrorsField)->setToolTip(
        tr("%1 of %2 calls failed or were cut off").arg(UsageFormat::count(t.errors), UsageFormat::count(t.calls)));
}

void UsagePage::showSpend()
{
    m_spendChart->setData(m_stackBy == SpendChart::StackBy::Model ? m_report.byDayModel : m_report.byDayProvider,
                          m_report.filter.from, m_report.filter.to, m_stackBy);
    const auto budget = m_report.totalBudget();
    m_monthChart->setData(m_report.monthByDay, m_report.today,
                          budget ? std::optional(budget->budget.limitNanoUsd) : std::nullopt);
    m_models->setGroups(m_report.byModel);
    m_models->setWinRates(m_report.winRates);
}

void UsagePage::showSpeed()
{
    QList<Usage::UsageGroup> models = m_report.byModel;
    std::ranges::stable_sort(models, std::ranges::greater{}, &Usage::UsageGroup::calls);
    QList<BarListChart::Bar> ttft, total, speed;
    for (const Usage::UsageGroup &g : std::as_const(models)) {
        if (!g.latencies)
            continue;
        const QString key = g.modelKey();
        const QColor color = Widgets::ModelColors::of(key, palette());
        auto latencyBar = [&](const Usage::Histogram &h, const QString &what) {
            const double p50 = h.quantile(0.5), p95 = h.quantile(0.95);
            return BarListChart::Bar{
                .label = key,
                .color = color,
                .value = p50 / 1000.0,
                .upper = p95 / 1000.0,
                .toolTip = tr("%1\n%2: median %3, p95 %4\n%5")
                               .arg(key, what, Base::Units::seconds(p50), Base::Units::seconds(p95),
                                    UsageFormat::calls(qint64(h.count())))};
        };
        if (!g.latencies->ttftMs.isEmpty() && ttft.size() < MaxLatencyBars)
            ttft.append(latencyBar(g.latencies->ttftMs, tr("time to first token")));
        if (!g.latencies->totalMs.isEmpty() && total.size() < MaxLatencyBars)
            total.append(latencyBar(g.latencies->totalMs, tr("total time")));
        const Usage::Histogram &rate = g.latencies->tokensPerSecond;
        if (!rate.isEmpty() && speed.size() < MaxLatencyBars)
            speed.append({.label = key,
                          .color = color,
                          .value = rate.quantile(0.5),
                          .toolTip = tr("%1\nmedian %2; one answer in twenty slower than %3\n%4 complete")
                                         .arg(key, Base::Units::tokensPerSecond(rate.quantile(0.5)),
                                              Base::Units::tokensPerSecond(rate.quantile(0.05)),
                                              UsageFormat::calls(qint64(rate.count())))});
    }
    m_ttftChart->setBars(tr("Time to first token"), ttft, QString(), u" s"_s);
    m_totalChart->setBars(tr("Total time"), total, QString(), u" s"_s);
    m_speedChart->setBars(tr("Output speed (median)"), speed, QString(), u" tok/s"_s);
}

void UsagePage::showGroups(BarListChart *chart, UsageTableModel *model, const QList<Usage::UsageGroup> &groups,
                           const QString &title)
{
    model->setGroups(groups);
    QList<BarListChart::Bar> bars;
    const QColor color = palette().color(QPalette::Highlight);
    for (int row = 0; row < model->rowCount() && bars.size() < MaxGroupBars; ++row) {
        const Usage::UsageGroup &g = model->group(row);
        const QString name = model->data(model->index(row, UsageTableModel::Name)).toString();
        QString tip = u"%1\n%2 · %3"_s.arg(name, UsageFormat::spend(g), UsageFormat::calls(g.calls));
        if (const QString why = UsageFormat::spendToolTip(g); !why.isEmpty())
            tip += u'\n' + why;
        bars.append({.label = name, .color = color, .value = UsageFormat::spendUsd(g), .toolTip = tip});
    }
    chart->setBars(title, bars, u"$"_s, QString());
}

BudgetsDialog *UsagePage::editBudgets()
{
    if (auto *open = findChild<BudgetsDialog *>(); open && open->isVisible()) {
        open->raise();
        return open;
    }
    // Providers the log has seen, and every preset, so a limit can be set
    // before the first call to a provider.
    QStringList providers = m_report.choices.providers;
    for (const Providers::ProviderConfig &preset : Providers::ProviderPresets::all()) {
        if (!providers.contains(preset.id))
            providers.append(preset.id);
    }
    auto *dialog = new BudgetsDialog(m_store, providers, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BudgetsDialog::saved, this, [this] {
        if (m_budgets)
            m_budgets->refresh();
        refresh();
    });
    dialog->open();
    return dialog;
}

void UsagePage::chooseExportFile()
{
    if (m_export->isRunning() || !m_loaded)
        return;
    QSettings settings;
    settings.beginGroup(SettingsGroup);
    QString folder = settings.value(u"exportFolder"_s).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const auto &f = m_report.filter;
    const QString name = f.from == f.to ? u"switchyard-usage-%1.csv"_s.arg(f.from.toString(Qt::ISODate))
                                        : u"switchyard-usage-%1-to-%2.csv"_s.arg(f.from.toString(Qt::ISODate),
                                                                                f.to.toString(Qt::ISODate));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Usage as CSV"), QDir(folder).filePath(name),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    settings.setValue(u"exportFolder"_s, QFileInfo(path).absolutePath());
    exportCsv(path);
}

bool UsagePage::exportCsv(const QString &path)
{
    if (m_export->isRunning())
        return false;
    m_exportAction->setEnabled(false);
    m_exportStatus->setText(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path)));
    m_exportProgress->show();
    m_exportCancel->show();
    m_exportRow->show();
    m_export->start(path, m_report.filter, m_report.total.calls);
    return true;
}

void UsagePage::exportFinished(qint64 rows, const QString &path, const QString &error, bool cancelled)
{
    m_exportProgress->hide();
    m_exportCancel->hide();
    m_exportAction->setEnabled(m_report.total.calls > 0);
    if (cancelled)
        m_exportStatus->setText(tr("Export cancelled; no file was written."));
    else if (!error.isEmpty())
        m_exportStatus->setText(tr("Export failed: %1").arg(error));
    else
        m_exportStatus->setText(
            tr("Exported %1 to %2.").arg(UsageFormat::calls(rows), QDir::toNativeSeparators(path)));
}

void UsagePage::setAsideDone(const QString &newPath, const QString &error)
{
    if (newPath.isEmpty()) {
        m_banner->showMoveFailed(error);
        return;
    }
    if (!error.isEmpty()) // moved, but the new file could not be made either
        m_banner->showProblem({Usage::UsageError::Kind::Io, error});
    else
        m_banner->showMovedAside(QDir::toNativeSeparators(newPath));
    refresh();
}

void UsagePage::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(SettingsGroup);
    settings.setValue(u"stackBy"_s, m_stackBy == SpendChart::StackBy::Provider ? u"provider"_s : u"model"_s);
    settings.setValue(u"tab"_s, m_tabs->currentIndex());
    settings.setValue(u"spendSplitter"_s, m_spendSplitter->saveState());
}

void UsagePage::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(SettingsGroup);
    if (settings.value(u"stackBy"_s).toString() == u"provider")
        m_byProvider->setChecked(true);
    m_tabs->setCurrentIndex(settings.value(u"tab"_s, 0).toInt());
    m_spendSplitter->restoreState(settings.value(u"spendSplitter"_s).toByteArray());
}

} // namespace Switchyard::UsageUi
