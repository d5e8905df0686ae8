// The Usage page on the offscreen platform over a real usage database in a
// temporary data folder: totals that match the rows, filters, CSV export of
// exactly the filtered rows (and cancelling it), the banner for a database
// that cannot be used, the empty state, and calls recorded while it is shown.

#include "../support/damagedusagedatabase.h"
#include "base/units.h"
#include "usage/barlistchart.h"
#include "usage/budgetmeter.h"
#include "usage/budgetmonitor.h"
#include "usage/budgetsdialog.h"
#include "usage/csvexport.h"
#include "usage/databasebanner.h"
#include "usage/spendchart.h"
#include "usage/usagecsv.h"
#include "usage/usagedatabase.h"
#include "usage/usagefilterbar.h"
#include "usage/usagepage.h"
#include "usage/usagestore.h"
#include "usage/monthchart.h"
#include "usage/usagetablemodel.h"
#include "votes/votetable.h"
#include "widgets/modelcolors.h"
#include "widgets/statuscolors.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QBarSet>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Usage;
using UsageUi::UsageFilterBar;
using UsageUi::UsagePage;
using UsageUi::UsageTableModel;

Q_DECLARE_METATYPE(UsageFilterBar::Range)

namespace {

QDate today()
{
    return QDate::currentDate();
}

qint64 at(QDate day, int hour, int minute = 30)
{
    return QDateTime(day, QTime(hour, minute)).toMSecsSinceEpoch();
}

// Three weeks up to today: four models of three providers (one without a
// price), every source, three projects (one of them none), errors, estimated
// costs. Seeded, so a failure repeats.
QList<UsageRecord> sampleRecords(int count = 600, quint32 seed = 11)
{
    QRandomGenerator random(seed);
    const QStringList providers{u"openai"_s, u"anthropic"_s, u"local"_s, u"openai"_s};
    const QStringList models{u"gpt-4o-mini"_s, u"claude-sonnet-4"_s, u"llama3"_s, u"gpt-4o"_s};
    const QStringList projects{QString(), u"docs"_s, u"agent"_s};
    QList<UsageRecord> records;
    for (int i = 0; i < count; ++i) {
        const int m = random.bounded(4);
        UsageRecord r;
        r.timeMs = at(today().addDays(-random.bounded(21)), random.bounded(24), random.bounded(60));
        r.source = Source(random.bounded(4));
        r.project = projects.at(random.bounded(3));
        if (r.source == Source::Gateway)
            r.keyName = QStringList{u"owner"_s, u"claude-code"_s, u"codex"_s}.at(i % 3);
        r.provider = providers.at(m);
        r.model = models.at(m);
        r.tokensIn = random.bounded(50, 5000);
        r.tokensOut = random.bounded(1, 2000);
        if (m != 2) {
            r.costNanoUsd = random.bounded(1000, 5'000'000);
            r.costEstimated = random.bounded(6) == 0;
        }
        const int outcome = random.bounded(12);
        r.status = outcome == 0 ? Status::Error : outcome == 1 ? Status::Cancelled : Status::Ok;
        if (r.status == Status::Error) {
            r.errorClass = u"rate_limited"_s;
            r.httpStatus = 429;
        } else {
            r.ttftMs = 80.0 + random.bounded(1500.0);
            r.totalMs = *r.ttftMs + random.bounded(9000.0);
            r.tokensPerSecond = 10.0 + random.bounded(140.0);
        }
        records.append(r);
    }
    return records;
}

bool selects(const UsageFilter &filter, const UsageRecord &r)
{
    const QDate day = UsageDatabase::dayOf(r.timeMs);
    return (!filter.from.isValid() || day >= filter.from) && (!filter.to.isValid() || day <= filter.to)
        && filter.matches(r.provider, r.model, sourceName(r.source), r.project, r.keyName);
}

struct Sums {
    qint64 calls = 0, errors = 0, tokensIn = 0, tokensOut = 0, costNano = 0, unpriced = 0, estimated = 0;
};

QHash<QString, Sums> sumsByModel(const QList<UsageRecord> &records, const UsageFilter &filter)
{
    QHash<QString, Sums> sums;
    for (const UsageRecord &r : records) {
        if (!selects(filter, r))
            continue;
        Sums &s = sums[r.provider + u'/' + r.model];
        ++s.calls;
        s.errors += r.status == Status::Error || r.status == Status::Incomplete;
        s.tokensIn += r.tokensIn.value_or(0);
        s.tokensOut += r.tokensOut.value_or(0);
        s.costNano += r.costNanoUsd.value_or(0);
        s.unpriced += !r.costNanoUsd;
        s.estimated += r.costNanoUsd && r.costEstimated;
    }
    return sums;
}

qint64 countOf(const QList<UsageRecord> &records, const UsageFilter &filter)
{
    return std::ranges::count_if(records, [&](const UsageRecord &r) { return selects(filter, r); });
}

void write(const QString &path, const QList<UsageRecord> &records)
{
    auto db = UsageDatabase::open(path);
    QVERIFY2(db, db ? "" : qPrintable(db.error().message));
    QVERIFY(db->insert(records));
}

QByteArray hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QVariant tableValue(const UsageTableModel *model, const QString &key, int column, int role = UsageTableModel::SortRole)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->key(row) == key)
            return model->index(row, column).data(role);
    }
    return {};
}

} // namespace

class TestUsagePage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void barAxisIsRobustToOutliers_data();
    void barAxisIsRobustToOutliers();
    void initTestCase();
    void init();
    void cleanup();

    void tableMatchesTheRows();
    void filtersChangeWhatIsShown_data();
    void filtersChangeWhatIsShown();
    void filtersSurviveRestart();
    void unknownCostIsNotZero();
    void hoveringABarShowsItsValue();
    void spendColumns_data();
    void spendColumns();
    void csvExportWritesTheFilteredRows();
    void csvExportCancelLeavesNoFile();
    void emptyStateWithoutCalls();
    void unusableDatabaseShowsBanner_data();
    void unusableDatabaseShowsBanner();
    void recordedCallAppears();
    void modelColoursAreStableAndDistinct();
    void fitsASmallScreen();
    void winRatesInTheTable();
    void budgetsDialogKeepsBudgets();
    void budgetMeterLevels_data();
    void budgetMeterLevels();

private:
    std::unique_ptr<UsagePage> showPage(UsageStore &store);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestUsagePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_usagepage"_s);
}

void TestUsagePage::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = UsageDatabase::fileIn(m_dir->path());
}

void TestUsagePage::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<UsagePage> TestUsagePage::showPage(UsageStore &store)
{
    auto page = std::make_unique<UsagePage>(&store);
    page->resize(1200, 760);
    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    page->show();
    if (!refreshed.wait(5000))
        qWarning("the page did not refresh when shown");
    return page;
}

void TestUsagePage::tableMatchesTheRows()
{
    const auto records = sampleRecords();
    write(m_path, records);
    UsageStore store(m_path);
    auto page = showPage(store);
    QAbstractItemModelTester modelTester(page->modelTable(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester projectTester(page->projectTable(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);

    const UsageFilter filter = page->filterBar()->filter(today());
    QCOMPARE(filter.from, today().addDays(-29)); // the default range: the last 30 days
    const auto expected = sumsByModel(records, filter);
    UsageTableModel *table = page->modelTable();
    QCOMPARE(table->rowCount(), expected.size());
    qint64 calls = 0;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const Sums &s = it.value();
        calls += s.calls;
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::Calls).toLongLong(), s.calls);
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::TokensIn).toLongLong(), s.tokensIn);
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::TokensOut).toLongLong(), s.tokensOut);
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::ErrorRate).toDouble(), double(s.errors) / s.calls);
        if (s.unpriced == s.calls) {
            QCOMPARE(tableValue(table, it.key(), UsageTableModel::Spend).toDouble(), -1.0);
            continue;
        }
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::Spend).toDouble(), double(s.costNano) / 1e9);
        QCOMPARE(tableValue(table, it.key(), UsageTableModel::AverageCost).toDouble(),
                 double(s.costNano) / 1e9 / double(s.calls - s.unpriced));
        const QString shown = tableValue(table, it.key(), UsageTableModel::Spend, Qt::DisplayRole).toString();
        QCOMPARE(shown.startsWith(u"≈"_s), s.estimated > 0);
    }
    QCOMPARE(page->findChild<QLabel *>(u"totalCalls"_s)->text(), QLocale().toString(calls));
    QCOMPARE(page->report().total.calls, calls);

    // The view sorts by spend, the most expensive model first.
    auto *view = page->findChild<QAbstractItemView *>(u"modelTable"_s);
    QVERIFY(view);
    const double first = view->model()->index(0, UsageTableModel::Spend).data(UsageTableModel::SortRole).toDouble();
    for (int row = 1; row < view->model()->rowCount(); ++row)
        QVERIFY(view->model()->index(row, UsageTableModel::Spend).data(UsageTableModel::SortRole).toDouble() <= first);

    // Projects add up to the same calls, "(no project)" included.
    qint64 projectCalls = 0;
    for (int row = 0; row < page->projectTable()->rowCount(); ++row)
        projectCalls += page->projectTable()->group(row).calls;
    QCOMPARE(projectCalls, calls);
    QCOMPARE(tableValue(page->projectTable(), QString(), UsageTableModel::Name, Qt::DisplayRole).toString(),
             u"(no project)"_s);

    // So do the gateway keys, the app's and the CLI's calls under "(no key)".
    QAbstractItemModelTester keyTester(page->keyTable(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QMap<QString, qint64> byKey;
    for (const UsageRecord &r : records)
        byKey[r.keyName] += selects(filter, r) ? 1 : 0;
    QCOMPARE(page->keyTable()->rowCount(), byKey.size());
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
        QCOMPARE(tableValue(page->keyTable(), it.key(), UsageTableModel::Calls).toLongLong(), it.value());
    QCOMPARE(tableValue(page->keyTable(), QString(), UsageTableModel::Name, Qt::DisplayRole).toString(),
             u"(no key)"_s);
    QCOMPARE(tableValue(page->keyTable(), u"owner"_s, UsageTableModel::Name, Qt::DisplayRole).toString(),
             u"owner (gateway token)"_s);
    auto *tabs = page->findChild<QTabWidget *>(u"usageTabs"_s);
    QVERIFY(tabs->isTabVisible(tabs->count() - 1));
    QVERIFY(page->findChild<QComboBox *>(u"keyFilter"_s)->isVisible());
}

void TestUsagePage::filtersChangeWhatIsShown_data()
{
    QTest::addColumn<QString>("combo");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<UsageFilterBar::Range>("range");

    const auto last30 = UsageFilterBar::Range::Last30Days;
    QTest::newRow("provider") << u"providerFilter"_s << QVariant(u"openai"_s) << last30;
    QTest::newRow("model") << u"modelFilter"_s << QVariant(u"anthropic/claude-sonnet-4"_s) << last30;
    QTest::newRow("source") << u"sourceFilter"_s << QVariant(u"cli"_s) << last30;
    QTest::newRow("project") << u"projectFilter"_s << QVariant(u"docs"_s) << last30;
    QTest::newRow("no project") << u"projectFilter"_s << QVariant(QString()) << last30;
    QTest::newRow("a gateway key") << u"keyFilter"_s << QVariant(u"claude-code"_s) << last30;
    QTest::newRow("the owner's key") << u"keyFilter"_s << QVariant(u"owner"_s) << last30;
    QTest::newRow("no key") << u"keyFilter"_s << QVariant(QString()) << last30;
    QTest::newRow("today") << QString() << QVariant() << UsageFilterBar::Range::Today;
    QTest::newRow("7 days") << QString() << QVariant() << UsageFilterBar::Range::Last7Days;
    QTest::newRow("this month") << QString() << QVariant() << UsageFilterBar::Range::ThisMonth;
    QTest::newRow("custom") << QString() << QVariant() << UsageFilterBar::Range::Custom;
}

void TestUsagePage::filtersChangeWhatIsShown()
{
    QFETCH(QString, combo);
    QFETCH(QVariant, value);
    QFETCH(UsageFilterBar::Range, range);

    const auto records = sampleRecords();
    write(m_path, records);
    UsageStore store(m_path);
    auto page = showPage(store);
    const qint64 all = page->report().total.calls;
    QCOMPARE(all, qint64(records.size()));

    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    if (!combo.isEmpty()) {
        auto *box = page->findChild<QComboBox *>(combo);
        QVERIFY(box);
        const int index = box->findData(value);
        QVERIFY2(index > 0, qPrintable(value.toString()));
        box->setCurrentIndex(index);
    } else if (range == UsageFilterBar::Range::Custom) {
        page->filterBar()->setCustomRange(today().addDays(-12), today().addDays(-5));
    } else {
        page->filterBar()->setRange(range);
    }
    QVERIFY(refreshed.wait(5000));

    const UsageFilter filter = page->filterBar()->filter(today());
    QCOMPARE(page->report().filter, filter);
    const qint64 expected = countOf(records, filter);
    if (!combo.isEmpty())
        QVERIFY(expected < all);
    QCOMPARE(page->report().total.calls, expected);
    qint64 inTable = 0;
    for (int row = 0; row < page->modelTable()->rowCount(); ++row)
        inTable += page->modelTable()->group(row).calls;
    QCOMPARE(inTable, expected);
    QCOMPARE(page->findChild<QLabel *>(u"totalCalls"_s)->text(), QLocale().toString(expected));
    if (expected == 0)
        QCOMPARE(page->findChild<QStackedWidget *>()->currentWidget()->objectName(), u"noMatchState"_s);
}

void TestUsagePage::filtersSurviveRestart()
{
    write(m_path, sampleRecords(50));
    UsageStore store(m_path);
    UsageFilter before;
    {
        auto page = showPage(store);
        QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
        auto *box = page->findChild<QComboBox *>(u"projectFilter"_s);
        box->setCurrentIndex(box->findData(u"agent"_s));
        page->filterBar()->setCustomRange(today().addDays(-9), today().addDays(-2));
        page->findChild<QAbstractButton *>(u"stackByProvider"_s)->click();
        QVERIFY(refreshed.wait(5000));
        before = page->filterBar()->filter(today());
    }
    // Selected even before the log's choices are read.
    UsageFilterBar bar;
    QCOMPARE(bar.filter(today()), before);
    QCOMPARE(bar.range(), UsageFilterBar::Range::Custom);
    QCOMPARE(before.projects, QStringList{u"agent"_s});
    auto page = showPage(store);
    QVERIFY(page->findChild<QAbstractButton *>(u"stackByProvider"_s)->isChecked());
    QCOMPARE(page->filterBar()->filter(today()), before);
}

void TestUsagePage::unknownCostIsNotZero()
{
    const QDate day = today();
    write(m_path, {
                      {.timeMs = at(day, 1), .provider = u"local"_s, .model = u"llama3"_s, .tokensIn = 10},
                      {.timeMs = at(day, 2), .provider = u"openai"_s, .model = u"gpt-4o"_s, .tokensIn = 10,
                       .costNanoUsd = 2'500'000, .costEstimated = true},
                      {.timeMs = at(day, 3), .provider = u"mixed"_s, .model = u"m"_s, .costNanoUsd = 40'000'000},
                      {.timeMs = at(day, 4), .provider = u"mixed"_s, .model = u"m"_s},
                  });
    UsageStore store(m_path);
    auto page = showPage(store);
    UsageTableModel *table = page->modelTable();
    const auto shown = [table](const QString &key, int role = Qt::DisplayRole) {
        return tableValue(table, key, UsageTableModel::Spend, role).toString();
    };
    QCOMPARE(shown(u"local/llama3"_s), u"1 unpriced"_s);
    QVERIFY(!shown(u"local/llama3"_s, Qt::ToolTipRole).isEmpty());
    QCOMPARE(tableValue(table, u"local/llama3"_s, UsageTableModel::AverageCost, Qt::DisplayRole).toString(),
             u"–"_s);
    QCOMPARE(shown(u"openai/gpt-4o"_s), u"≈ $0.0025"_s);
    QVERIFY(shown(u"openai/gpt-4o"_s, Qt::ToolTipRole).contains(u"estimated"_s));
    QCOMPARE(shown(u"mixed/m"_s), u"$0.0400 + 1 unpriced"_s);
    QVERIFY(shown(u"mixed/m"_s, Qt::ToolTipRole).contains(u"1 call"_s));
    // The total mixes all three: estimated, and not everything is priced.
    QCOMPARE(page->findChild<QLabel *>(u"totalSpend"_s)->text(), u"≈ $0.0425 + 2 unpriced"_s);
    // ...with the way to price them beside it.
    QVERIFY(page->findChild<QWidget *>(u"setPrice"_s)->isVisible());
}

void TestUsagePage::hoveringABarShowsItsValue()
{
    const QDate day = today();
    write(m_path, {{.timeMs = at(day, 9), .provider = u"openai"_s, .model = u"gpt-4o"_s, .costNanoUsd = 1'230'000'000},
                   {.timeMs = at(day, 10), .provider = u"openai"_s, .model = u"gpt-4o"_s, .costNanoUsd = 10'000'000,
                    .ttftMs = 400, .totalMs = 2000, .tokensPerSecond = 50}});
    UsageStore store(m_path);
    auto page = showPage(store);
    auto *chart = page->findChild<UsageUi::SpendChart *>(u"spendChart"_s);
    QVERIFY(chart);
    const auto series = chart->chart()->series();
    QCOMPARE(series.size(), 1);
    auto *stacked = qobject_cast<QStackedBarSeries *>(series.first());
    QVERIFY(stacked);
    QCOMPARE(stacked->count(), 1);
    QBarSet *set = stacked->barSets().first();
    QCOMPARE(set->label(), u"openai/gpt-4o"_s);
    QCOMPARE(set->color(), Widgets::ModelColors::of(u"openai/gpt-4o"_s, chart->palette()));
    const int lastColumn = int(set->count()) - 1; // today
    QCOMPARE(set->at(lastColumn), 1.24);
    Q_EMIT set->hovered(true, lastColumn);
    QVERIFY2(chart->hoverText().contains(u"$1.2400"_s), qPrintable(chart->hoverText()));
    QVERIFY(chart->hoverText().contains(u"2 calls"_s));

    auto *ttft = page->findChild<UsageUi::BarListChart *>(u"ttftChart"_s);
    QCOMPARE(ttft->bars().size(), 1);
    QVERIFY(ttft->bars().first().toolTip.contains(u"0.40 s"_s) || ttft->bars().first().toolTip.contains(u"0.39 s"_s)
            || ttft->bars().first().toolTip.contains(u"0.41 s"_s));
}

void TestUsagePage::spendColumns_data()
{
    QTest::addColumn<int>("days");
    QTest::addColumn<int>("models");
    QTest::addColumn<int>("period");
    QTest::addColumn<int>("columns");
    QTest::addColumn<int>("series");

    using Period = UsageUi::SpendChart::Columns::Period;
    QTest::newRow("a week by day") << 7 << 3 << int(Period::Day) << 7 << 3;
    QTest::newRow("45 days by day") << 45 << 8 << int(Period::Day) << 45 << 8;
    QTest::newRow("90 days by week") << 90 << 2 << int(Period::Week) << -1 << 2;
    QTest::newRow("a year by month") << 365 << 1 << int(Period::Month) << -1 << 1;
    QTest::newRow("twelve models: seven and Other") << 10 << 12 << int(Period::Day) << 10 << 8;
}

void TestUsagePage::spendColumns()
{
    QFETCH(int, days);
    QFETCH(int, models);
    QFETCH(int, period);
    QFETCH(int, columns);
    QFETCH(int, series);

    const QDate to(2026, 3, 31), from = to.addDays(-(days - 1));
    QList<UsageGroup> groups;
    qint64 total = 0;
    for (int m = 0; m < models; ++m) {
        for (QDate d = from; d <= to; d = d.addDays(3)) {
            UsageGroup g{.day = d, .provider = u"p"_s, .model = u"m%1"_s.arg(m), .calls = 1,
                         .costNanoUsd = (m + 1) * 1000};
            total += g.costNanoUsd;
            groups.append(g);
        }
    }
    using UsageUi::SpendChart;
    const auto shown = SpendChart::columns(groups, from, to, SpendChart::StackBy::Model);
    QCOMPARE(int(shown.period), period);
    if (columns >= 0)
        QCOMPARE(shown.starts.size(), columns);
    QVERIFY(shown.starts.first() <= from);
    QCOMPARE(shown.keys.size(), series);
    if (models > series)
        QCOMPARE(shown.keys.last(), QString()); // Other
    else
        QCOMPARE(shown.keys.first(), u"p/m%1"_s.arg(models - 1)); // the most expensive first
    qint64 drawn = 0;
    for (const auto &row : shown.cells) {
        for (const UsageGroup &cell : row)
            drawn += cell.costNanoUsd;
    }
    QCOMPARE(drawn, total); // nothing lost to bucketing or to Other
}

void TestUsagePage::csvExportWritesTheFilteredRows()
{
    auto records = sampleRecords();
    write(m_path, records);
    UsageStore store(m_path);
    auto page = showPage(store);
    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    auto *box = page->findChild<QComboBox *>(u"providerFilter"_s);
    box->setCurrentIndex(box->findData(u"openai"_s));
    QVERIFY(refreshed.wait(5000));
    page->filterBar()->setRange(UsageFilterBar::Range::Last7Days);
    QVERIFY(refreshed.wait(5000));

    const UsageFilter filter = page->filterBar()->filter(today());
    QByteArray expected = UsageCsv::header();
    std::ranges::stable_sort(records, {}, &UsageRecord::timeMs); // the file is oldest first
    qint64 rows = 0;
    for (const UsageRecord &r : std::as_const(records)) {
        if (selects(filter, r)) {
            expected += UsageCsv::row(r);
            ++rows;
        }
    }
    QVERIFY(rows > 0 && rows < records.size());

    const QString path = m_dir->filePath(u"export.csv"_s);
    QSignalSpy finished(page->csvExport(), &UsageUi::CsvExport::finished);
    QVERIFY(page->exportCsv(path));
    QVERIFY(!page->exportCsv(path)); // one at a time
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).toLongLong(), rows);
    QCOMPARE(finished.first().at(2).toString(), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), expected);
    QVERIFY(page->findChild<QLabel *>(u"exportStatus"_s)->text().contains(QLocale().toString(rows)));
}

void TestUsagePage::csvExportCancelLeavesNoFile()
{
    write(m_path, sampleRecords(2000));
    UsageStore store(m_path);
    auto page = showPage(store);

    // Hold the store's thread so the export is certainly still queued when
    // cancelled; it must then stop at its first row and remove its file.
    auto gate = std::make_shared<QSemaphore>();
    store.query<int>(page.get(), [gate](UsageDatabase *) { gate->acquire(); return 0; }, [](int) {});
    const QString path = m_dir->filePath(u"cancelled.csv"_s);
    QSignalSpy finished(page->csvExport(), &UsageUi::CsvExport::finished);
    QVERIFY(page->exportCsv(path));
    QVERIFY(page->findChild<QWidget *>(u"exportProgress"_s)->isVisible());
    page->findChild<QPushButton *>(u"cancelExport"_s)->click();
    gate->release();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(3).toBool(), true);
    QVERIFY(!QFile::exists(path));
    QVERIFY(page->findChild<QLabel *>(u"exportStatus"_s)->text().contains(u"cancelled"_s));
    QVERIFY(!page->findChild<QWidget *>(u"exportProgress"_s)->isVisible());
}

void TestUsagePage::emptyStateWithoutCalls()
{
    UsageStore store(m_path);
    auto page = showPage(store);
    QCOMPARE(page->findChild<QStackedWidget *>()->currentWidget()->objectName(), u"emptyState"_s);
    QVERIFY(page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"Calls you make in Compare"_s));
    QSignalSpy asked(page.get(), &UsagePage::startComparisonRequested);
    page->findChild<QPushButton *>(u"startComparison"_s)->click();
    QCOMPARE(asked.count(), 1);
    QVERIFY(!page->findChild<QAction *>(u"exportCsvAction"_s)->isEnabled());
    // Without gateway keys in the log, no key filter to fill the bar.
    QVERIFY(!page->findChild<QComboBox *>(u"keyFilter"_s)->isVisible());
}

void TestUsagePage::unusableDatabaseShowsBanner_data()
{
    QTest::addColumn<bool>("newer");
    QTest::addColumn<bool>("middle");
    QTest::newRow("garbage") << false << false;
    QTest::newRow("from a newer Switchyard") << true << false;
    // Opens without complaint; the store's check before its first write finds it.
    QTest::newRow("damaged in the middle") << false << true;
}

void TestUsagePage::unusableDatabaseShowsBanner()
{
    QFETCH(bool, newer);
    QFETCH(bool, middle);
    if (newer) {
        auto db = UsageDatabase::open(m_path);
        QVERIFY(db);
        QVERIFY(db->insert(sampleRecords(5)));
        QVERIFY(db->connection().exec("PRAGMA user_version = 9999"));
    } else if (middle) {
        QVERIFY(Switchyard::TestSupport::writeDamagedUsageDatabase(m_path));
    } else {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, '\x5a'));
    }
    const QByteArray before = hashOf(m_path);

    UsageStore store(m_path);
    auto page = showPage(store);
    auto *banner = page->banner();
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(m_path), qPrintable(banner->text()));
    if (newer)
        QVERIFY(banner->text().contains(u"newer"_s));
    auto *button = banner->findChild<QPushButton *>(u"setAsideButton"_s);
    QVERIFY(button->isVisible());
    QCOMPARE(hashOf(m_path), before); // refused, untouched
    {
        // The status bar does not claim $0 spent for a log it cannot read.
        UsageUi::BudgetMeter meter(&store, nullptr);
        QSignalSpy updated(&meter, &UsageUi::BudgetMeter::updated);
        QVERIFY(updated.wait(5000));
        QVERIFY2(meter.text().contains(u"cannot be read"_s), qPrintable(meter.text()));
    }

    // Emitted on the store's thread: it may come before wait() would start.
    QSignalSpy moved(&store, &UsageStore::setAsideDone);
    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    button->click();
    QTRY_COMPARE_WITH_TIMEOUT(moved.count(), 1, 5000);
    const QString newPath = moved.first().at(0).toString();
    QVERIFY(!newPath.isEmpty());
    QCOMPARE(hashOf(newPath), before); // the old file is kept whole next to the new one
    QCOMPARE(QFileInfo(newPath).absolutePath(), QFileInfo(m_path).absolutePath());
    QVERIFY(QFile::exists(m_path));
    QVERIFY(hashOf(m_path) != before);
    QTRY_VERIFY(banner->text().contains(QDir::toNativeSeparators(newPath)));
    QVERIFY(!button->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, 5000);
    QCOMPARE(page->findChild<QStackedWidget *>()->currentWidget()->objectName(), u"emptyState"_s);
    QVERIFY(page->findChild<QLabel *>(u"emptyText"_s)->text().contains(u"Calls you make in Compare"_s));
}

void TestUsagePage::recordedCallAppears()
{
    write(m_path, sampleRecords(40));
    UsageStore store(m_path);
    auto page = showPage(store);
    QVERIFY(tableValue(page->modelTable(), u"mistral/mistral-small"_s, UsageTableModel::Calls).isNull());

    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    QElapsedTimer timer;
    timer.start();
    // A burst of calls is shown by one refresh, not one each.
    for (int i = 0; i < 20; ++i)
        store.record({.timeMs = QDateTime::currentMSecsSinceEpoch(), .provider = u"mistral"_s,
                      .model = u"mistral-small"_s, .tokensIn = 10, .tokensOut = 5, .costNanoUsd = 1000});
    QVERIFY(refreshed.wait(5000));
    QVERIFY(timer.elapsed() >= UsagePage::RefreshDelayMs / 2);
    QTRY_COMPARE(tableValue(page->modelTable(), u"mistral/mistral-small"_s, UsageTableModel::Calls).toLongLong(), 20);
    QVERIFY(refreshed.count() <= 2);

    // Hidden, the page does not read; shown again, it catches up.
    page->hide();
    refreshed.clear();
    store.record({.timeMs = QDateTime::currentMSecsSinceEpoch(), .provider = u"mistral"_s,
                  .model = u"mistral-small"_s, .costNanoUsd = 1000});
    QTest::qWait(UsagePage::RefreshDelayMs + 300);
    QCOMPARE(refreshed.count(), 0);
    page->show();
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(tableValue(page->modelTable(), u"mistral/mistral-small"_s, UsageTableModel::Calls).toLongLong(), 21);
}

void TestUsagePage::modelColoursAreStableAndDistinct()
{
    const QPalette palette = QApplication::palette();
    QSet<QRgb> seen;
    for (int i = 0; i < Widgets::ModelColors::hueCount(); ++i) {
        const QString name = u"stable-test/model-%1"_s.arg(i);
        const QColor color = Widgets::ModelColors::of(name, palette);
        QCOMPARE(Widgets::ModelColors::of(name, palette), color);
        seen.insert(color.rgb());
    }
    // Names asked for one after another spread over the hues (other tests
    // took some first, so not every one of these is new), and are kept.
    QVERIFY(seen.size() >= Widgets::ModelColors::hueCount() / 2);
    QVERIFY(QSettings().value(u"ModelColors/assigned"_s).toMap().contains(u"stable-test/model-0"_s));
    QVERIFY(Widgets::ModelColors::other(palette) != QColor());
}

void TestUsagePage::barAxisIsRobustToOutliers_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QList<double>>("uppers");
    QTest::addColumn<double>("axis");
    QTest::newRow("no outlier: the longest p95")
        << QList<double>{100, 120, 90} << QList<double>{140, 130, 95} << 140.0;
    // A reasoning model five times slower is data, not an outlier.
    QTest::newRow("slow but real") << QList<double>{0.4, 0.5, 2.6, 0.6} << QList<double>{0.6, 0.7, 4.5, 0.9}
                                   << 4.5;
    // 40,000 tok/s from a sub-millisecond fixture answer is.
    QTest::newRow("a stray 40,000 tok/s")
        << QList<double>{110, 40'000, 85, 190} << QList<double>{-1, -1, -1, -1} << 190.0;
    QTest::newRow("two bars: nothing to call typical")
        << QList<double>{1, 500} << QList<double>{-1, -1} << 500.0;
}

void TestUsagePage::barAxisIsRobustToOutliers()
{
    QFETCH(QList<double>, values);
    QFETCH(QList<double>, uppers);
    QFETCH(double, axis);
    QList<UsageUi::BarListChart::Bar> bars;
    for (qsizetype i = 0; i < values.size(); ++i)
        bars.append({.label = u"m%1"_s.arg(i),
                     .color = Qt::blue,
                     .value = values.at(i),
                     .upper = uppers.at(i),
                     .toolTip = {}});
    QCOMPARE(UsageUi::BarListChart::axisMaximum(bars), axis);
}

void TestUsagePage::fitsASmallScreen()
{
    write(m_path, sampleRecords(200));
    UsageStore store(m_path);
    auto page = showPage(store);
    // Room for the rail, the menu and the status bar on an 800×600 screen.
    const QSize least = page->minimumSizeHint();
    QVERIFY2(least.width() <= 700 && least.height() <= 480,
             qPrintable(u"%1×%2"_s.arg(least.width()).arg(least.height())));
}

void TestUsagePage::winRatesInTheTable()
{
    const QDate day = today();
    write(m_path, {{.timeMs = at(day, 9), .provider = u"openai"_s, .model = u"gpt-4o"_s, .costNanoUsd = 1000},
                   {.timeMs = at(day, 9), .provider = u"anthropic"_s, .model = u"claude-sonnet-4"_s,
                    .costNanoUsd = 1000}});
    {
        auto db = UsageDatabase::open(m_path);
        QVERIFY(db);
        const QStringList both{u"openai/gpt-4o"_s, u"anthropic/claude-sonnet-4"_s};
        const QDateTime when(day, QTime(9, 40));
        Switchyard::Votes::VoteTable votes(*db);
        QVERIFY(votes.record({.when = when, .prompt = u"a"_s, .models = both, .winner = both.at(0)}));
        QVERIFY(votes.record({.when = when, .prompt = u"b"_s, .models = both, .winner = both.at(0)}));
        QVERIFY(votes.record({.when = when, .prompt = u"c"_s, .models = both, .winner = QString()}));
    }
    UsageStore store(m_path);
    auto page = showPage(store);
    UsageTableModel *table = page->modelTable();
    // Two wins and a tie of three: (2 + 0.5) / 3.
    QCOMPARE(tableValue(table, u"openai/gpt-4o"_s, UsageTableModel::WinRate).toDouble(), 2.5 / 3);
    QCOMPARE(tableValue(table, u"openai/gpt-4o"_s, UsageTableModel::WinRate, Qt::DisplayRole).toString(), u"83% (3)"_s);
    QCOMPARE(tableValue(table, u"anthropic/claude-sonnet-4"_s, UsageTableModel::WinRate).toDouble(), 0.5 / 3);
}

void TestUsagePage::budgetsDialogKeepsBudgets()
{
    write(m_path, sampleRecords(100));
    UsageStore store(m_path);
    Usage::BudgetMonitor monitor(&store);
    auto page = std::make_unique<UsagePage>(&store, &monitor);
    QSignalSpy refreshed(page.get(), &UsagePage::refreshed);
    page->show();
    QVERIFY(refreshed.wait(5000));
    auto *month = page->findChild<UsageUi::MonthChart *>(u"monthChart"_s);
    QCOMPARE(month->chart()->series().size(), 1); // no budget line yet

    auto *dialog = page->editBudgets();
    QSignalSpy loaded(dialog, &UsageUi::BudgetsDialog::loaded);
    QVERIFY(loaded.wait(5000));
    QVERIFY(dialog->budgets().isEmpty());
    QPushButton *save = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    dialog->findChild<QCheckBox *>(u"totalBudget"_s)->setChecked(true);
    dialog->findChild<QDoubleSpinBox *>(u"limit:total"_s)->setValue(12.5);
    dialog->addProviderLimit(u"openai"_s);
    dialog->findChild<QDoubleSpinBox *>(u"limit:openai"_s)->setValue(4);
    auto *action = dialog->findChild<QComboBox *>(u"action:openai"_s);
    action->setCurrentIndex(action->findData(int(Budget::Action::Reroute)));
    // A switch needs a route to switch to.
    QVERIFY(!dialog->problem().isEmpty());
    QVERIFY(!save->isEnabled());
    dialog->findChild<QLineEdit *>(u"route:openai"_s)->setText(u"cheap"_s);
    QVERIFY(save->isEnabled());

    const QList<Budget> expected{{.scope = QString(), .limitNanoUsd = 12'500'000'000},
                                 {.scope = u"openai"_s, .limitNanoUsd = 4'000'000'000,
                                  .action = Budget::Action::Reroute, .rerouteTo = u"cheap"_s}};
    QCOMPARE(dialog->budgets(), expected);
    QSignalSpy saved(dialog, &UsageUi::BudgetsDialog::saved);
    QSignalSpy monitored(&monitor, &Usage::BudgetMonitor::changed);
    refreshed.clear();
    save->click();
    QVERIFY(saved.wait(5000));
    QTRY_VERIFY(monitored.count() > 0);
    QCOMPARE(monitor.statuses().size(), 2);
    QTRY_VERIFY(refreshed.count() > 0);
    QVERIFY(page->report().totalBudget());
    QCOMPARE(page->report().totalBudget()->budget.limitNanoUsd, 12'500'000'000);
    QCOMPARE(month->chart()->series().size(), 2); // spend and the budget line
    QVERIFY(month->chart()->title().contains(u"$12.50"_s));

    // Opened again, it shows what is stored; taking both away removes them.
    dialog = page->editBudgets();
    QSignalSpy loadedAgain(dialog, &UsageUi::BudgetsDialog::loaded);
    QVERIFY(loadedAgain.wait(5000));
    QCOMPARE(dialog->budgets(), expected);
    dialog->findChild<QCheckBox *>(u"totalBudget"_s)->setChecked(false);
    dialog->findChild<QToolButton *>()->click(); // openai's Remove
    QVERIFY(dialog->budgets().isEmpty());
    QSignalSpy savedAgain(dialog, &UsageUi::BudgetsDialog::saved);
    dialog->save();
    QVERIFY(savedAgain.wait(5000));
    auto stored = std::make_shared<QList<Budget>>();
    QSignalSpy read(page.get(), &QObject::objectNameChanged);
    store.query<QList<Budget>>(
        page.get(), [](UsageDatabase *db) { return db->budgets().value_or(QList<Budget>{{}}); },
        [stored, &page](QList<Budget> budgets) {
            *stored = budgets;
            page->setObjectName(u"read"_s);
        });
    QVERIFY(read.wait(5000));
    QVERIFY(stored->isEmpty());
}

void TestUsagePage::budgetMeterLevels_data()
{
    QTest::addColumn<qint64>("spentNano");
    QTest::addColumn<int>("level");

    QTest::newRow("half") << qint64(5'000'000'000) << int(BudgetStatus::Level::Ok);
    QTest::newRow("85%") << qint64(8'500'000'000) << int(BudgetStatus::Level::Warning);
    QTest::newRow("over") << qint64(12'000'000'000) << int(BudgetStatus::Level::Reached);
}

void TestUsagePage::budgetMeterLevels()
{
    QFETCH(qint64, spentNano);
    QFETCH(int, level);

    write(m_path, {{.timeMs = QDateTime::currentMSecsSinceEpoch() - 1000, .provider = u"openai"_s,
                    .model = u"gpt-4o"_s, .costNanoUsd = spentNano}});
    {
        auto db = UsageDatabase::open(m_path);
        QVERIFY(db->setBudget({.scope = QString(), .limitNanoUsd = 10'000'000'000}));
    }
    UsageStore store(m_path);
    Usage::BudgetMonitor monitor(&store);
    QSignalSpy monitored(&monitor, &Usage::BudgetMonitor::changed);
    UsageUi::BudgetMeter meter(&store, &monitor);
    QSignalSpy updated(&meter, &UsageUi::BudgetMeter::updated);
    meter.show();
    QVERIFY(monitored.count() > 0 || monitored.wait(5000));
    QVERIFY(updated.count() > 0 || updated.wait(5000));

    QCOMPARE(int(meter.level()), level);
    QVERIFY(meter.showsMeter());
    const QString spent = Base::Units::usd(spentNano);
    QVERIFY2(meter.text().contains(spent + u" of $10"_s), qPrintable(meter.text()));
    QVERIFY(meter.text().startsWith(u"Today "_s + spent));
    auto *bar = meter.findChild<QProgressBar *>(u"budgetMeterBar"_s);
    QCOMPARE(bar->value(), int(std::min<qint64>(1000, spentNano / 10'000'000)));
    const QColor expected = level == int(BudgetStatus::Level::Reached) ? Widgets::StatusColors::error(meter.palette())
        : level == int(BudgetStatus::Level::Warning) ? Widgets::StatusColors::warning(meter.palette())
                                                     : meter.palette().color(QPalette::Highlight);
    QCOMPARE(bar->palette().color(QPalette::Highlight), expected);
    if (level == int(BudgetStatus::Level::Reached))
        QVERIFY(meter.toolTip().contains(u"blocked"_s));

    QSignalSpy clicked(&meter, &UsageUi::BudgetMeter::clicked);
    QTest::mouseClick(&meter, Qt::LeftButton);
    QCOMPARE(clicked.count(), 1);
}

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
