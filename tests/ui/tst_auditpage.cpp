// The Audit page: entries read off the GUI thread and shown newest first,
// filtered by kind family, source and period (one row per filter); the empty
// state on a data folder with no log; Verify saying intact, or naming the
// entry that broke the chain.

#include "audit/auditlog.h"
#include "audit/auditpage.h"
#include "audit/audittablemodel.h"
#include "shell/translations.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using AuditUi::AuditPage;
using AuditUi::AuditTableModel;

namespace {

// Six entries: two calls from the gateway, a provider and a key from the
// app, a budget from the CLI — and one call 40 days old.
void fill(const QString &dir)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime at = now.addDays(-40);
    const auto write = [&](const QString &source, const QString &kind, const QJsonObject &data) {
        Audit::AuditLog log(dir, source);
        log.setClock([&at] { return at; });
        QVERIFY(log.append(kind, data));
        at = now.addSecs(-3600);
    };
    write(u"gateway"_s, u"call"_s, {{u"caller"_s, u"gateway"_s}, {u"model"_s, u"old"_s}});
    write(u"app"_s, u"provider.added"_s, {{u"provider"_s, u"mine"_s}});
    write(u"app"_s, u"key.set"_s, {{u"provider"_s, u"mine"_s}});
    write(u"cli"_s, u"budget.set"_s, {{u"scope"_s, u"total"_s}});
    write(u"gateway"_s, u"call"_s, {{u"caller"_s, u"gateway"_s}, {u"model"_s, u"gpt-4o-mini"_s}});
    write(u"app"_s, u"provider.removed"_s, {{u"provider"_s, u"mine"_s}});
}

bool refreshed(AuditPage &page)
{
    QSignalSpy spy(&page, &AuditPage::refreshed);
    page.refresh();
    return spy.wait(5000);
}

QStringList kinds(const AuditTableModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, AuditTableModel::Kind).data().toString());
    return out;
}

} // namespace

class TestAuditPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Shell::Translations::install(*QCoreApplication::instance()); } // "1 entry", "6 entries"
    void newestFirst();
    void filters_data();
    void filters();
    void emptyState();
    void verify_data();
    void verify();
};

void TestAuditPage::newestFirst()
{
    QTemporaryDir dir;
    fill(dir.path());
    AuditPage page(dir.path());
    QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.periodBox()->setCurrentIndex(page.periodBox()->findData(-1));
    QVERIFY(refreshed(page));
    QCOMPARE(page.model()->rowCount(), 6);
    QCOMPARE(page.model()->index(0, AuditTableModel::Seq).data().toString(), u"6"_s);
    QCOMPARE(page.model()->index(0, AuditTableModel::Kind).data().toString(), u"provider.removed"_s);
    QCOMPARE(page.model()->index(1, AuditTableModel::Details).data().toString(), u"model=gpt-4o-mini, caller=gateway"_s);
    QVERIFY(page.model()->index(1, AuditTableModel::Details).data(Qt::ToolTipRole).toString().contains(u"gpt-4o-mini"_s));
    QCOMPARE(page.findChild<QLabel *>(u"entryCount"_s)->text(), u"6 entries"_s);
}

void TestAuditPage::filters_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("days"); // -1: all time
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("last 30 days") << QString() << QString() << 30
                                  << QStringList{u"provider.removed"_s, u"call"_s, u"budget.set"_s, u"key.set"_s,
                                                 u"provider.added"_s};
    QTest::newRow("providers, a family") << u"provider"_s << QString() << -1
                                         << QStringList{u"provider.removed"_s, u"provider.added"_s};
    QTest::newRow("calls, all time") << u"call"_s << QString() << -1 << QStringList{u"call"_s, u"call"_s};
    QTest::newRow("the CLI") << QString() << u"cli"_s << -1 << QStringList{u"budget.set"_s};
    QTest::newRow("gateway calls this week") << u"call"_s << u"gateway"_s << 7 << QStringList{u"call"_s};
    QTest::newRow("keys from the gateway: none") << u"key"_s << u"gateway"_s << -1 << QStringList{};
}

void TestAuditPage::filters()
{
    QFETCH(QString, kind);
    QFETCH(QString, source);
    QFETCH(int, days);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    fill(dir.path());
    AuditPage page(dir.path());
    QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(refreshed(page));
    page.kindBox()->setCurrentIndex(page.kindBox()->findData(kind));
    page.sourceBox()->setCurrentIndex(page.sourceBox()->findData(source));
    page.periodBox()->setCurrentIndex(page.periodBox()->findData(days));
    QCOMPARE(kinds(page.model()), expected);
    if (expected.size() < 6)
        QCOMPARE(page.findChild<QLabel *>(u"entryCount"_s)->text(), u"%1 of 6 entries"_s.arg(expected.size()));
}

void TestAuditPage::emptyState()
{
    QTemporaryDir dir;
    AuditPage page(dir.path());
    QVERIFY(refreshed(page));
    auto *states = page.findChild<QStackedWidget *>();
    QCOMPARE(states->currentWidget()->objectName(), u"emptyState"_s);
    QCOMPARE(page.model()->rowCount(), 0);
}

void TestAuditPage::verify_data()
{
    QTest::addColumn<bool>("tamper");
    QTest::addColumn<QString>("banner"); // a part of it
    QTest::newRow("intact") << false << u"Intact: all 6 entries"_s;
    QTest::newRow("an entry edited") << true << u"Broken at entry 3 (line 3)"_s;
}

void TestAuditPage::verify()
{
    QFETCH(bool, tamper);
    QFETCH(QString, banner);
    QTemporaryDir dir;
    fill(dir.path());
    if (tamper) {
        QFile file(Audit::AuditLog::fileIn(dir.path()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        file.close();
        bytes.replace("\"kind\":\"key.set\"", "\"kind\":\"key.removed\"");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }
    AuditPage page(dir.path());
    QSignalSpy verified(&page, &AuditPage::verified);
    page.verify();
    QVERIFY(verified.wait(5000));
    QCOMPARE(verified.first().first().value<Audit::AuditVerification>().intact, !tamper);
    auto *label = page.findChild<QLabel *>(u"verifyBanner"_s);
    QVERIFY2(label->text().contains(banner), qPrintable(label->text()));
    QVERIFY(!label->isHidden());
}

QTEST_MAIN(TestAuditPage)
#include "tst_auditpage.moc"
