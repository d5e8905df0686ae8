#include "base/units.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Base;

class TestUnits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duration_data();
    void duration();
    void usd_data();
    void usd();
};

void TestUnits::duration_data()
{
    QTest::addColumn<double>("milliseconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown") << -1.0 << u"–"_s;
    QTest::newRow("sub-millisecond") << 0.04 << u"<1 ms"_s;
    QTest::newRow("milliseconds") << 412.3 << u"412 ms"_s;
    QTest::newRow("rounds up to a second") << 999.7 << u"1.00 s"_s;
    QTest::newRow("seconds") << 1240.0 << u"1.24 s"_s;
    QTest::newRow("long") << 12'345.0 << u"12.3 s"_s;
}

void TestUnits::duration()
{
    QFETCH(double, milliseconds);
    QFETCH(QString, expected);
    QCOMPARE(Units::duration(milliseconds), expected);
}

void TestUnits::usd_data()
{
    QTest::addColumn<qint64>("nanoUsd");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << u"$0"_s;
    QTest::newRow("dollars") << qint64(1'240'000'000) << u"$1.2400"_s;
    QTest::newRow("hundreds") << qint64(123'456'000'000) << u"$123.46"_s;
    QTest::newRow("a tenth of a cent") << qint64(1'080'000) << u"$0.00108"_s;
    QTest::newRow("never an exponent") << qint64(61'000) << u"$0.000061"_s;
    QTest::newRow("a nano-dollar") << qint64(1) << u"$0.000000001"_s;
}

void TestUnits::usd()
{
    QFETCH(qint64, nanoUsd);
    QFETCH(QString, expected);
    QCOMPARE(Units::usd(nanoUsd), expected);
}

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
