// The executables' command lines, run as a user or a script would run them.

#include "base/buildinfo.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandLine_data();
    void commandLine();
};

void TestCli::commandLine_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern");
    QTest::addColumn<QString>("stderrPattern");
    QTest::addColumn<bool>("withDisplay");

    const QString cli = QStringLiteral(SWITCHYARD_CLI_PATH);
    const QString gui = QStringLiteral(SWITCHYARD_GUI_PATH);
    const QString version = QRegularExpression::escape(Switchyard::Base::BuildInfo::version());

    QTest::newRow("cli --version") << cli << QStringList{u"--version"_s} << 0
                                   << u"^switchyard-cli %1\nrevision .*Qt 6\\.\\d+"_s.arg(version) << u"^$"_s << false;
    QTest::newRow("cli version") << cli << QStringList{u"version"_s} << 0
                                 << u"^switchyard-cli %1\n"_s.arg(version) << u"^$"_s << false;
    QTest::newRow("cli --help") << cli << QStringList{u"--help"_s} << 0
                                << u"^usage: switchyard-cli .*Commands:"_s << u"^$"_s << false;
    QTest::newRow("cli without arguments") << cli << QStringList{} << 2 << u"^$"_s << u"^usage: switchyard-cli"_s << false;
    QTest::newRow("cli unknown command") << cli << QStringList{u"frobnicate"_s} << 2 << u"^$"_s
                                         << u"unknown command or option 'frobnicate'.*--help"_s << false;
    // The GUI answers --version and --help without a display.
    QTest::newRow("gui --version") << gui << QStringList{u"--version"_s} << 0
                                   << u"^switchyard %1\nrevision "_s.arg(version) << u"^$"_s << false;
    QTest::newRow("gui --help") << gui << QStringList{u"--help"_s} << 0
                                << u"Usage: .*switchyard.*--version"_s << u"^$"_s << false;
    QTest::newRow("gui bad option") << gui << QStringList{u"--no-such-option"_s} << 1 << u"^$"_s
                                    << u"Unknown option 'no-such-option'"_s << true;
}

void TestCli::commandLine()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    QFETCH(QString, stderrPattern);
    QFETCH(bool, withDisplay);

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    if (withDisplay)
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    else
        env.remove(u"QT_QPA_PLATFORM"_s);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    QVERIFY2(process.waitForFinished(30000), qPrintable(process.errorString()));

    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == exitCode,
             qPrintable(u"exit code %1, stderr: %2"_s.arg(process.exitCode()).arg(err)));
    const auto options = QRegularExpression::DotMatchesEverythingOption;
    QVERIFY2(QRegularExpression(stdoutPattern, options).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(QRegularExpression(stderrPattern, options).match(err).hasMatch(), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
