#include "routing/testcasespanel.h"

#include "routing/routingdocument.h"
#include "routing/routingfacts.h"
#include "routing/ruleeditor.h"
#include "widgets/statuscolors.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

QToolButton *button(QAction *action, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return b;
}

} // namespace

TestCasesPanel::TestCasesPanel(RoutingDocument *document, const Catalog::PriceCatalog *catalog, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_catalog(catalog)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_summary(new QLabel(this))
{
    m_table->setObjectName(u"testCaseTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Prompt"), tr("Tags"), tr("Expected route"), tr("Result")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(PromptColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(TagsColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ExpectColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ResultColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(NameColumn, 160);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    connect(m_table, &QTableWidget::cellChanged, this, &TestCasesPanel::commitCell);

    m_run = new QAction(QIcon::fromTheme(u"media-playback-start"_s), tr("&Run All"), this);
    m_run->setObjectName(u"runTestsAction"_s);
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_run->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_run->setToolTip(tr("Decide every test case with this config (%1)")
                          .arg(m_run->shortcut().toString(QKeySequence::NativeText)));
    connect(m_run, &QAction::triggered, this, &TestCasesPanel::runAll);
    addAction(m_run);

    auto *add = new QAction(QIcon::fromTheme(u"list-add"_s), tr("&Add"), this);
    add->setToolTip(tr("Add a test case"));
    connect(add, &QAction::triggered, this, [this] {
        Routing::RoutingConfig config = m_document->config();
        const Routing::Route *route = config.fallbackRoute();
        config.tests.append({.name = tr("new test %1").arg(config.tests.size() + 1),
                             .prompt = tr("Hello!"),
                             .expectRoute = route ? route->name : QString()});
        m_document->edit(config, tr("Add test case"));
        m_table->setCurrentCell(m_table->rowCount() - 1, PromptColumn);
        m_table->editItem(m_table->currentItem());
    });
    auto *remove = new QAction(QIcon::fromTheme(u"list-remove"_s), tr("Re&move"), this);
    remove->setToolTip(tr("Remove the selected test case"));
    connect(remove, &QAction::triggered, this, [this] {
        const int row = m_table->currentRow();
        Routing::RoutingConfig config = m_document->config();
        if (row < 0 || row >= config.tests.size())
            return;
        const QString name = config.tests.at(row).name;
        config.tests.removeAt(row);
        m_document->edit(config, tr("Remove test case “%1”").arg(name));
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(button(m_run, this));
    bar->addWidget(button(add, this));
    bar->addWidget(button(remove, this));
    bar->addSpacing(8);
    bar->addWidget(m_summary, 1);
    m_summary->setObjectName(u"testSummary"_s);

    auto *intro = new QLabel(tr("Sample requests and the route each must reach. They are saved in the config "
                                "file, so a change to the rules cannot silently break them."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(intro);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_document, &RoutingDocument::changed, this, [this] {
        showTests();
        if (m_hasRun)
            runAll();
    });
    showTests();
}

TestCasesPanel::~TestCasesPanel() = default;

void TestCasesPanel::showTests()
{
    m_showing = true;
    const QList<Routing::TestCase> &tests = m_document->config().tests;
    m_table->setRowCount(int(tests.size()));
    for (int row = 0; row < tests.size(); ++row) {
        const Routing::TestCase &test = tests.at(row);
        const QStringList texts{test.name, test.prompt, joinList(test.tags), test.expectRoute};
        for (int column = 0; column < ResultColumn; ++column) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            if (item->text() != texts.at(column))
                item->setText(texts.at(column));
        }
        if (!m_table->item(row, ResultColumn)) {
            auto *result = new QTableWidgetItem;
            result->setFlags(result->flags() & ~Qt::ItemIsEditable);
            m_table->setItem(row, ResultColumn, result);
        }
        QString tip = test.prompt;
        if (test.tokens)
            tip += u"\n"_s + tr("Prompt size: %1 tokens").arg(*test.tokens);
        if (!test.expectRule.isEmpty())
            tip += u"\n"_s + tr("Expected rule: %1").arg(test.expectRule);
        m_table->item(row, PromptColumn)->setToolTip(tip);
    }
    m_showing = false;
    if (!m_hasRun) {
        m_summary->setText(tests.isEmpty() ? tr("No test cases yet: add one.")
                                           : tr("%n test case(s), not run yet.", nullptr, int(tests.size())));
    }
}

void TestCasesPanel::commitCell(int row, int column)
{
    if (m_showing)
        return;
    Routing::RoutingConfig config = m_document->config();
    if (row < 0 || row >= config.tests.size() || column >= ResultColumn)
        return;
    Routing::TestCase &test = config.tests[row];
    const QString text = m_table->item(row, column)->text().trimmed();
    switch (column) {
    case NameColumn:
        test.name = text;
        break;
    case PromptColumn:
        test.prompt = text;
        break;
    case TagsColumn:
        test.tags = splitList(text);
        break;
    case ExpectColumn:
        test.expectRoute = text;
        break;
    default:
        return;
    }
    m_document->edit(config, tr("Edit test case “%1”").arg(test.name));
}

void TestCasesPanel::runAll()
{
    m_hasRun = true;
    const Routing::RoutingConfig &config = m_document->config();
    Routing::RoutingFacts facts;
    if (m_catalog)
        facts.addCatalog(*m_catalog, config);
    m_outcomes = Routing::ConfigTests::runAll(Routing::Decider(config, std::move(facts)));
    showOutcomes();
}

void TestCasesPanel::showOutcomes()
{
    m_showing = true;
    int passed = 0;
    const QColor bad = Widgets::StatusColors::error(palette());
    for (int row = 0; row < m_outcomes.size() && row < m_table->rowCount(); ++row) {
        const Routing::TestOutcome &outcome = m_outcomes.at(row);
        QTableWidgetItem *item = m_table->item(row, ResultColumn);
        passed += outcome.passed;
        const QString reached = outcome.rule.isEmpty() || outcome.rule == "default"_L1
            ? tr("default → %1").arg(outcome.route)
            : tr("“%1” → %2").arg(outcome.rule, outcome.route);
        item->setText(outcome.passed ? u"✓ "_s + reached : u"✗ "_s + outcome.message);
        item->setToolTip(outcome.message);
        item->setData(Qt::ForegroundRole, outcome.passed ? QVariant() : QVariant(bad));
        item->setData(Qt::UserRole, outcome.passed);
    }
    m_showing = false;
    const int failed = int(m_outcomes.size()) - passed;
    m_summary->setText(failed == 0 ? tr("All %n test case(s) pass.", nullptr, passed)
                                   : tr("%1 of %2 failed.").arg(failed).arg(m_outcomes.size()));
    Q_EMIT ran(passed, failed);
}

} // namespace Switchyard::RoutingUi
