// Where the data folder is: --data-dir, then $SWITCHYARD_DATA_DIR, then the
// platform's app-data folder; made private on creation; clear errors.

#include "base/datadirectory.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Base;

class TestDataDirectory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void precedence_data();
    void precedence();
    void createdPrivate();
    void unusableFolder();
};

void TestDataDirectory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"tst_datadirectory"_s);
}

void TestDataDirectory::precedence_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("expected"); // "option", "environment" or "standard"

    QTest::newRow("option wins") << u"opt"_s << u"env"_s << u"option"_s;
    QTest::newRow("environment next") << QString() << u"env"_s << u"environment"_s;
    QTest::newRow("app data last") << QString() << QString() << u"standard"_s;
}

void TestDataDirectory::precedence()
{
    QFETCH(QString, option);
    QFETCH(QString, environment);
    QFETCH(QString, expected);
    QTemporaryDir scratch;
    const QString optionDir = option.isEmpty() ? QString() : scratch.filePath(option);
    const QString envDir = environment.isEmpty() ? QString() : scratch.filePath(environment);
    if (envDir.isEmpty())
        qunsetenv("SWITCHYARD_DATA_DIR");
    else
        qputenv("SWITCHYARD_DATA_DIR", envDir.toLocal8Bit());

    const auto dir = DataDirectory::resolve(optionDir);
    qunsetenv("SWITCHYARD_DATA_DIR");
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error()));
    const QString want = expected == "option"_L1 ? optionDir
        : expected == "environment"_L1          ? envDir
                                                : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCOMPARE(*dir, QFileInfo(want).absoluteFilePath());
    QVERIFY(QFileInfo(*dir).isDir());
}

void TestDataDirectory::createdPrivate()
{
    QTemporaryDir scratch;
    const auto dir = DataDirectory::resolve(scratch.filePath(u"a/b/c"_s));
    QVERIFY(dir);
    QCOMPARE(QFileInfo(*dir).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
}

void TestDataDirectory::unusableFolder()
{
    QTemporaryDir scratch;
    QFile file(scratch.filePath(u"plain-file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const auto dir = DataDirectory::resolve(scratch.filePath(u"plain-file/inside"_s));
    QVERIFY(!dir);
    QVERIFY2(dir.error().contains(u"plain-file/inside"_s), qPrintable(dir.error()));
}

QTEST_GUILESS_MAIN(TestDataDirectory)
#include "tst_datadirectory.moc"
