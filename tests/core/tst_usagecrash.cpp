// Killing the process while calls are being recorded: the database opens
// cleanly afterwards, passes SQLite's integrity check, holds every call the
// store had reported committed, and its roll-ups agree with its rows.

#include "usage/usagedatabase.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;

class TestUsageCrash final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWhileRecording();
};

void TestUsageCrash::killedWhileRecording()
{
    QTemporaryDir dir;
    const QString path = UsageDatabase::fileIn(dir.path());
    qint64 before = 0; // calls already in the file from earlier rounds
    QRandomGenerator random(QRandomGenerator::global()->generate());
    for (int round = 0; round < 5; ++round) {
        QProcess writer;
        writer.start(QStringLiteral(SWITCHYARD_USAGE_WRITER_PATH), {path});
        QVERIFY(writer.waitForStarted());
        // Let it get going, then kill it at a moment nobody chose.
        const qint64 wanted = 500 + random.bounded(3000);
        qint64 committed = 0;
        QByteArray pending;
        while (committed < wanted) {
            QVERIFY2(writer.waitForReadyRead(10'000), writer.readAllStandardError().constData());
            pending += writer.readAllStandardOutput();
            qsizetype end;
            while ((end = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(end);
                pending.remove(0, end + 1);
                if (line.startsWith("committed "))
                    committed = line.mid(10).toLongLong();
            }
        }
        QTest::qWait(random.bounded(30));
        pending += writer.readAllStandardOutput(); // commits reported up to the kill
        for (const QByteArray &line : pending.split('\n')) {
            if (line.startsWith("committed "))
                committed = std::max(committed, line.mid(10).toLongLong());
        }
        ::kill(pid_t(writer.processId()), SIGKILL);
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

        auto db = UsageDatabase::open(path);
        // QVERIFY2 builds its message even when the check passes.
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        auto &sql = db->connection();
        auto check = sql.prepare("PRAGMA integrity_check");
        QVERIFY(check && *check->step());
        QCOMPARE(check->text(0), u"ok"_s);
        const qint64 rows = *sql.scalar("SELECT count(*) FROM calls");
        QVERIFY2(rows >= before + committed, qPrintable(u"round %1: %2 rows, %3 reported committed"_s.arg(round).arg(rows).arg(before + committed)));
        // Each round numbers its calls from 0: the first `committed` of this
        // round must all be there.
        auto stmt = sql.prepare("SELECT count(DISTINCT tokens_out) FROM calls WHERE id > ? AND tokens_out < ?");
        QVERIFY(stmt);
        stmt->bind(1, before);
        stmt->bind(2, committed);
        QVERIFY(*stmt->step());
        QCOMPARE(stmt->int64(0), committed);
        // The roll-ups were committed with the rows, never apart from them.
        QCOMPARE(db->summarize({}, {})->value(0).calls, rows);
        before = *sql.scalar("SELECT max(id) FROM calls");
    }
}

QTEST_GUILESS_MAIN(TestUsageCrash)
#include "tst_usagecrash.moc"
