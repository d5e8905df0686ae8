// The audit log's chain: entries written and read back, every kind of
// tampering named at its first broken entry (one row each), a writer that
// stopped between the log and its head, a torn last line, and writers in
// other processes appending at the same time as this one (this executable
// started again as a writer) without breaking the chain.

#include "audit/auditlog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Audit;

namespace {

constexpr int EntriesWritten = 5;

QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

void writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

QByteArray joinLines(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + '\n';
    return out;
}

void fill(const QString &dir, int n)
{
    AuditLog log(dir, u"cli"_s);
    QDateTime t = QDateTime::fromString(u"2026-12-01T10:00:00.000Z"_s, Qt::ISODateWithMs);
    log.setClock([&t] { return t = t.addMSecs(1500); });
    for (int i = 1; i <= n; ++i)
        QVERIFY(log.append(u"budget.set"_s, {{u"scope"_s, u"p%1"_s.arg(i)}, {u"limit_nano_usd"_s, i * 1000}}));
}

// Child mode: append count entries as fast as possible, then exit.
int runWriter(const QString &dir, const QString &source, int count)
{
    AuditLog log(dir, source);
    for (int i = 0; i < count; ++i) {
        if (!log.append(u"call"_s, {{u"n"_s, i}})) {
            std::fprintf(stderr, "append failed\n");
            return 1;
        }
    }
    return 0;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writtenAndRead();
    void emptyIsIntact();
    void tampering_data();
    void tampering();
    void headOneBehind();
    void tornLastLine();
    void writersInOtherProcesses();
    void fileIsPrivate();
    void summary_data();
    void summary();
};

void TestAuditLog::writtenAndRead()
{
    QTemporaryDir dir;
    fill(dir.path(), EntriesWritten);
    const auto entries = AuditLog::read(dir.path());
    QVERIFY(entries);
    QCOMPARE(entries->size(), EntriesWritten);
    QString prev = AuditEntry::FirstPrev;
    for (int i = 0; i < EntriesWritten; ++i) {
        const AuditEntry &e = entries->at(i);
        QCOMPARE(e.seq, i + 1);
        QCOMPARE(e.source, u"cli"_s);
        QCOMPARE(e.kind, u"budget.set"_s);
        QCOMPARE(e.prev, prev);
        QCOMPARE(e.hash, e.computeHash());
        prev = e.hash;
    }
    QCOMPARE(auditTime(entries->first().time), u"2026-12-01T10:00:01.500Z"_s);
    const QList<QByteArray> lines = readLines(AuditLog::fileIn(dir.path()));
    QVERIFY(lines.first().startsWith(R"({"data":{"limit_nano_usd":1000,"scope":"p1"},"hash":")"));
    const AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY2(v.intact, qPrintable(v.problem));
    QCOMPARE(v.entries, EntriesWritten);
    QCOMPARE(v.lastSeq, EntriesWritten);
    QCOMPARE(v.lastHash, prev);
}

void TestAuditLog::emptyIsIntact()
{
    QTemporaryDir dir;
    const AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY(v.intact);
    QCOMPARE(v.entries, 0);
}

void TestAuditLog::tampering_data()
{
    QTest::addColumn<QString>("tamper");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QString>("problem"); // a part of it
    QTest::newRow("edit a field") << u"edit"_s << 3LL << 3LL << u"was changed"_s;
    QTest::newRow("edit and hash again") << u"edit-rehash"_s << 4LL << 4LL << u"does not follow"_s;
    QTest::newRow("edit the last and hash again") << u"edit-rehash-last"_s << 5LL << 5LL << u"not the one its head records"_s;
    QTest::newRow("reformat a line") << u"reformat"_s << 2LL << 2LL << u"was changed"_s;
    QTest::newRow("delete the first") << u"delete-first"_s << 1LL << 2LL << u"where entry 1 should be"_s;
    QTest::newRow("delete one inside") << u"delete-3"_s << 3LL << 4LL << u"where entry 3 should be"_s;
    QTest::newRow("reorder") << u"swap-2-3"_s << 2LL << 3LL << u"where entry 2 should be"_s;
    QTest::newRow("truncate the last") << u"truncate-1"_s << 0LL << 5LL << u"cut from the end"_s;
    QTest::newRow("truncate two") << u"truncate-2"_s << 0LL << 4LL << u"cut from the end"_s;
    QTest::newRow("truncate everything") << u"truncate-all"_s << 0LL << 1LL << u"cut from the end"_s;
    QTest::newRow("log deleted") << u"delete-log"_s << 0LL << 1LL << u"the log is missing"_s;
    QTest::newRow("cut mid-line") << u"cut-mid-line"_s << 5LL << 5LL << u"cut short"_s;
    QTest::newRow("garbage line") << u"garbage"_s << 3LL << 3LL << u"does not read"_s;
    QTest::newRow("blank line") << u"blank"_s << 3LL << 3LL << u"does not read"_s;
    QTest::newRow("head deleted") << u"delete-head"_s << 0LL << 5LL << u"head file (audit.head) is missing"_s;
    QTest::newRow("head edited") << u"edit-head"_s << 0LL << 6LL << u"cut from the end"_s;
}

void TestAuditLog::tampering()
{
    QFETCH(QString, tamper);
    QFETCH(qint64, line);
    QFETCH(qint64, seq);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    fill(dir.path(), EntriesWritten);
    const QString path = AuditLog::fileIn(dir.path());
    const QString head = AuditLog::headFileIn(dir.path());
    QList<QByteArray> lines = readLines(path);
    QCOMPARE(lines.size(), EntriesWritten);
    const auto rehashed = [](const QByteArray &l) {
        AuditEntry e = *AuditEntry::fromLine(l);
        e.data[u"scope"_s] = u"someone else"_s;
        e.hash = e.computeHash();
        return e.toLine();
    };
    if (tamper == u"edit")
        lines[2].replace("\"p3\"", "\"p9\"");
    else if (tamper == u"edit-rehash")
        lines[2] = rehashed(lines[2]);
    else if (tamper == u"edit-rehash-last")
        lines[4] = rehashed(lines[4]);
    else if (tamper == u"reformat")
        lines[1].replace("\"kind\":", "\"kind\": ");
    else if (tamper == u"delete-first")
        lines.removeFirst();
    else if (tamper == u"delete-3")
        lines.removeAt(2);
    else if (tamper == u"swap-2-3")
        lines.swapItemsAt(1, 2);
    else if (tamper == u"truncate-1")
        lines.removeLast();
    else if (tamper == u"truncate-2")
        lines = lines.first(3);
    else if (tamper == u"truncate-all")
        lines.clear();
    else if (tamper == u"garbage")
        lines.insert(2, "{\"oops\":");
    else if (tamper == u"blank")
        lines.insert(2, QByteArray());
    if (tamper == u"cut-mid-line") {
        writeRaw(path, joinLines(lines).chopped(20));
    } else if (tamper == u"delete-log") {
        QVERIFY(QFile::remove(path));
    } else if (tamper == u"delete-head") {
        QVERIFY(QFile::remove(head));
    } else if (tamper == u"edit-head") {
        writeRaw(head, R"({"hash":"0000000000000000000000000000000000000000000000000000000000000000","seq":9})");
    } else {
        writeRaw(path, joinLines(lines));
    }
    const AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY(!v.intact);
    QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
    QCOMPARE(v.brokenLine, line);
    QCOMPARE(v.brokenSeq, seq);
}

void TestAuditLog::headOneBehind()
{
    // A writer stopped after its line and before its head: intact, and the
    // next append carries on from that line.
    QTemporaryDir dir;
    fill(dir.path(), 2);
    const QString head = AuditLog::headFileIn(dir.path());
    QFile file(head);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray headAfterTwo = file.readAll();
    file.close();
    fill(dir.path(), 1);
    writeRaw(head, headAfterTwo);
    AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY2(v.intact, qPrintable(v.problem));
    QCOMPARE(v.lastSeq, 3);
    QVERIFY(AuditLog(dir.path(), u"app"_s).append(u"key.set"_s, {{u"provider"_s, u"openai"_s}}));
    v = AuditLog::verify(dir.path());
    QVERIFY2(v.intact, qPrintable(v.problem));
    QCOMPARE(v.lastSeq, 4);
}

void TestAuditLog::tornLastLine()
{
    // Half a line (a crash mid-write) stays a broken line of its own; what
    // comes after it is chained to the last whole entry, and verify names it.
    QTemporaryDir dir;
    fill(dir.path(), 2);
    const QString path = AuditLog::fileIn(dir.path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("{\"data\":{},\"ha");
    file.close();
    QVERIFY(AuditLog(dir.path(), u"app"_s).append(u"key.removed"_s, {{u"provider"_s, u"groq"_s}}));
    const QList<QByteArray> lines = readLines(path);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(AuditEntry::fromLine(lines[3])->seq, 3);
    const AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY(!v.intact);
    QCOMPARE(v.brokenLine, 3);
}

void TestAuditLog::writersInOtherProcesses()
{
    QTemporaryDir dir;
    constexpr int PerWriter = 150;
    QList<QProcess *> writers;
    for (const QString &source : {u"gateway"_s, u"cli"_s}) {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"SWITCHYARD_AUDIT_WRITER"_s, u"%1|%2|%3"_s.arg(dir.path(), source).arg(PerWriter));
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(), {});
        writers.append(p);
    }
    QCOMPARE(runWriter(dir.path(), u"app"_s, PerWriter), 0);
    for (QProcess *p : std::as_const(writers)) {
        if (p->state() != QProcess::NotRunning) {
            QSignalSpy done(p, &QProcess::finished);
            QVERIFY(done.wait(60'000));
        }
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
    }
    const AuditVerification v = AuditLog::verify(dir.path());
    QVERIFY2(v.intact, qPrintable(v.problem));
    QCOMPARE(v.entries, 3 * PerWriter);
    const auto entries = AuditLog::read(dir.path());
    QSet<QString> sources;
    for (const AuditEntry &e : *entries)
        sources.insert(e.source);
    QCOMPARE(sources, (QSet<QString>{u"app"_s, u"cli"_s, u"gateway"_s}));
}

void TestAuditLog::fileIsPrivate()
{
    QTemporaryDir dir;
    fill(dir.path(), 1);
    const auto perms = QFile::permissions(AuditLog::fileIn(dir.path()));
    QVERIFY(!(perms & (QFileDevice::ReadGroup | QFileDevice::ReadOther)));
}

void TestAuditLog::summary_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a call: subject first, money in dollars")
        << QJsonObject{{u"caller"_s, u"compare"_s}, {u"provider"_s, u"openai"_s}, {u"model"_s, u"gpt-4o"_s},
                       {u"status"_s, u"ok"_s}, {u"cost_nano_usd"_s, 4'210'000}, {u"started"_s, u"2026-12-01"_s}}
        << u"provider=openai, model=gpt-4o, status=ok, cost=$0.00421, caller=compare, started=2026-12-01"_s;
    QTest::newRow("a budget") << QJsonObject{{u"scope"_s, u"total"_s}, {u"limit_nano_usd"_s, qint64(50'000'000'000)},
                                             {u"action"_s, u"block"_s}}
                              << u"scope=total, limit=$50.0000, action=block"_s;
    QTest::newRow("lists and flags") << QJsonObject{{u"header_names"_s, QJsonArray{u"X-A"_s, u"X-B"_s}},
                                                    {u"enabled"_s, false}, {u"provider"_s, u"mine"_s}}
                                     << u"provider=mine, enabled=false, header_names=X-A+X-B"_s;
    QTest::newRow("nothing") << QJsonObject{} << QString();
}

void TestAuditLog::summary()
{
    QFETCH(QJsonObject, data);
    QFETCH(QString, expected);
    QCOMPARE(AuditEntry{.data = data}.summary(), expected);
}

int main(int argc, char **argv)
{
    // Started again by writersInOtherProcesses: one more writer.
    if (const QByteArray spec = qgetenv("SWITCHYARD_AUDIT_WRITER"); !spec.isEmpty()) {
        QCoreApplication app(argc, argv);
        const QStringList parts = QString::fromLocal8Bit(spec).split(u'|');
        return runWriter(parts.value(0), parts.value(1), parts.value(2).toInt());
    }
    QCoreApplication app(argc, argv);
    TestAuditLog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_auditlog.moc"
