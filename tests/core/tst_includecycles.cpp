// The folders of core/ are subsystems that sit on one another: the graph of
// folders made by the `#include "folder/..."` lines of every file under core/
// must have no cycle, so that each subsystem can be read, tested and changed
// knowing only those below it. One row per folder: it fails when the folder
// is part of a cycle, naming the cycle and an include for each of its steps.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QQueue>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

class FolderGraph
{
public:
    /// Every folder directly under root, with the folders its files include.
    static FolderGraph read(const QString &root)
    {
        FolderGraph graph;
        const QDir rootDir(root);
        graph.m_folders = rootDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        static const QRegularExpression include(uR"(^\s*#\s*include\s*"([^"/]+)/[^"]*")"_s,
                                                QRegularExpression::MultilineOption);
        for (const QString &folder : std::as_const(graph.m_folders)) {
            QStringList files;
            QDirIterator it(rootDir.filePath(folder), QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
            files.sort(); // the same include named each run
            for (const QString &path : std::as_const(files)) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    qFatal("cannot read %s", qPrintable(path));
                const QString text = QString::fromUtf8(file.readAll());
                for (const QRegularExpressionMatch &m : include.globalMatch(text)) {
                    const QString to = m.captured(1);
                    if (to == folder || !graph.m_folders.contains(to))
                        continue;
                    QMap<QString, QString> &edges = graph.m_edges[folder];
                    if (!edges.contains(to))
                        edges.insert(to, rootDir.relativeFilePath(path) + u" includes \""_s
                                             + m.captured(0).section(u'"', 1, 1) + u'"');
                }
            }
        }
        return graph;
    }

    [[nodiscard]] const QStringList &folders() const { return m_folders; }

    /// The folders folder reaches and is reached from (its strongly connected
    /// component), sorted; just itself when it is on no cycle.
    [[nodiscard]] QStringList component(const QString &folder) const
    {
        const QSet<QString> ahead = reachable(folder, false);
        QStringList both;
        for (const QString &f : reachable(folder, true)) {
            if (ahead.contains(f))
                both.append(f);
        }
        both.sort();
        return both;
    }

    /// The shortest cycle through folder, one step a line ("a → b: why"); empty without one.
    [[nodiscard]] QStringList shortestCycle(const QString &folder) const
    {
        QHash<QString, QString> cameFrom;
        QQueue<QString> queue;
        queue.enqueue(folder);
        while (!queue.isEmpty()) {
            const QString at = queue.dequeue();
            for (auto [to, why] : m_edges.value(at).asKeyValueRange()) {
                if (to == folder) {
                    QStringList steps{step(at, to)};
                    for (QString f = at; f != folder; f = cameFrom.value(f))
                        steps.prepend(step(cameFrom.value(f), f));
                    return steps;
                }
                if (!cameFrom.contains(to)) {
                    cameFrom.insert(to, at);
                    queue.enqueue(to);
                }
            }
        }
        return {};
    }

private:
    [[nodiscard]] QString step(const QString &from, const QString &to) const
    {
        return u"%1 → %2: %3"_s.arg(from, to, m_edges.value(from).value(to));
    }

    [[nodiscard]] QSet<QString> reachable(const QString &from, bool backwards) const
    {
        QSet<QString> seen{from};
        QQueue<QString> queue;
        queue.enqueue(from);
        while (!queue.isEmpty()) {
            const QString at = queue.dequeue();
            for (const QString &f : std::as_const(m_folders)) {
                const bool edge = backwards ? m_edges.value(f).contains(at) : m_edges.value(at).contains(f);
                if (edge && !seen.contains(f)) {
                    seen.insert(f);
                    queue.enqueue(f);
                }
            }
        }
        return seen;
    }

    QStringList m_folders;
    QMap<QString, QMap<QString, QString>> m_edges; // from → to → an include that makes the step
};

QString coreDir()
{
    return QStringLiteral(SWITCHYARD_CORE_DIR);
}

void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

class TestIncludeCycles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsACycle();
    void noCycleThrough_data();
    void noCycleThrough();
};

void TestIncludeCycles::findsACycle()
{
    // The check itself, on a made-up tree: a → b → c → a, and d apart.
    QTemporaryDir dir;
    write(dir.filePath(u"a/x.h"_s),
          "#pragma once\n#include \"b/y.h\"\n#include \"a/z.h\"\n#include <QString>\n");
    write(dir.filePath(u"b/y.h"_s), "#pragma once\n#include \"c/deep/w.h\"\n#include \"nowhere/v.h\"\n");
    write(dir.filePath(u"c/deep/w.h"_s), "#pragma once\n// #include \"d/u.h\" is not an include\n");
    write(dir.filePath(u"c/w.cpp"_s), "  #  include \"a/x.h\"\n");
    write(dir.filePath(u"d/u.h"_s), "#pragma once\n#include \"a/x.h\"\n");
    const FolderGraph graph = FolderGraph::read(dir.path());
    QCOMPARE(graph.folders(), (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    QCOMPARE(graph.component(u"b"_s), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(graph.component(u"d"_s), QStringList{u"d"_s});
    QCOMPARE(graph.shortestCycle(u"a"_s),
             (QStringList{u"a → b: a/x.h includes \"b/y.h\""_s, u"b → c: b/y.h includes \"c/deep/w.h\""_s,
                          u"c → a: c/w.cpp includes \"a/x.h\""_s}));
    QVERIFY(graph.shortestCycle(u"d"_s).isEmpty());
}

void TestIncludeCycles::noCycleThrough_data()
{
    QTest::addColumn<QString>("folder");
    const FolderGraph graph = FolderGraph::read(coreDir());
    QVERIFY(graph.folders().size() > 5);
    for (const QString &folder : graph.folders())
        QTest::newRow(qPrintable(folder)) << folder;
}

void TestIncludeCycles::noCycleThrough()
{
    QFETCH(QString, folder);
    const FolderGraph graph = FolderGraph::read(coreDir());
    const QStringList component = graph.component(folder);
    QVERIFY2(component.size() == 1,
             qPrintable(u"core/%1 is on an include cycle among core/%2:\n  %3"_s.arg(
                 folder, component.join(u", core/"_s), graph.shortestCycle(folder).join(u"\n  "_s))));
}

QTEST_GUILESS_MAIN(TestIncludeCycles)
#include "tst_includecycles.moc"
