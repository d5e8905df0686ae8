// StreamingDocument: where a growing answer is cut into chunks, that a
// streamed answer renders exactly as the same answer at once, that finished
// chunks are never rendered again, and that deltas are coalesced per frame.

#include "documentoutline.h"
#include "markdown/blockprobe.h"
#include "markdown/boundaryscanner.h"
#include "markdown/streamingdocument.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBlockUserData>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Switchyard::Markdown::BoundaryScanner;
using Switchyard::Markdown::CodeBlock;
using Switchyard::Markdown::StreamingDocument;
namespace BlockProbe = Switchyard::Markdown::BlockProbe;

namespace {

// Line numbers (0-based) of the given byte offsets in text.
QList<int> lineNumbers(const QByteArray &text, const QList<qsizetype> &offsets)
{
    QList<int> lines;
    for (qsizetype offset : offsets)
        lines.append(int(text.first(offset).count('\n')));
    return lines;
}

QList<qsizetype> lineOffsets(const QByteArray &text, const QList<int> &lines)
{
    QList<qsizetype> offsets;
    for (int line : lines) {
        qsizetype offset = 0;
        for (int i = 0; i < line; ++i)
            offset = text.indexOf('\n', offset) + 1;
        offsets.append(offset);
    }
    return offsets;
}

// A long answer of the kind models write, with the constructs that make
// cutting hard: fences with blank lines, loose and nested lists, code inside
// list items and quotes, tables, setext headings, reference links, emoji
// (surrogate pairs that deltas may split) and raw HTML.
QString longAnswer()
{
    return uR"md(# Building a cache in C++

Here is a **small** LRU cache, with a *few* notes on `std::list` and
`std::unordered_map`. See [cppreference](https://en.cppreference.com/w/) for the details.

## The code

```cpp
#include <list>
#include <unordered_map>

template <typename K, typename V>
class Lru {
public:
    explicit Lru(std::size_t capacity) : m_capacity(capacity) {}

    // Returns nullptr when the key is missing.
    V *find(const K &key)
    {
        auto it = m_index.find(key);
        if (it == m_index.end())
            return nullptr;
        m_items.splice(m_items.begin(), m_items, it->second);
        return &it->second->second;
    }

private:
    std::size_t m_capacity;
    std::list<std::pair<K, V>> m_items;
    std::unordered_map<K, typename decltype(m_items)::iterator> m_index;
};
```

Notes
-----

1. The list keeps the order of use.

2. The map finds an item in O(1):

   ```python
   cache = {}
   cache["a"] = 1

   print(cache)
   ```

3. Splicing moves a node without copying it.
   - no allocation
   - no invalidated iterators
     - even for other nodes

- [x] tested
- [ ] benchmarked

> **Tip:** keep the capacity small.
>
> ```sh
> ./bench --capacity 64
> ```

| Operation | Cost | Notes |
|:----------|-----:|:-----:|
| find      | O(1) | moves to front |
| insert    | O(1) | may evict |
| erase     | O(1) | &mdash; |

A reference link: [the paper][paper] and an image ![diagram](https://example.com/lru.png "LRU").

[paper]: https://example.com/lru.pdf

Emoji survive splitting: 🚀🎉 and 中文 text. <script>alert("x")</script> stays text.

---

    indented code
    
    still code

Last paragraph with a hard  
break and a ~~mistake~~ fix.
)md"_s;
}

QString listsAndFences()
{
    return uR"md(Intro

- a

- b
  ```
  in b

  still b
  ```
- c

Para after list

~~~~
```
not a fence end

~~~~

> quote line
>
> ```
> quoted code

After quote

```
unclosed fence

still in it
)md"_s;
}

// Streams text in random pieces of 1 to 8 characters, flushing after a
// random number of them, the way a fast model and a 16 ms frame would.
void stream(StreamingDocument &doc, const QString &text, quint32 seed)
{
    QRandomGenerator rng(seed);
    qsizetype pos = 0;
    while (pos < text.size()) {
        const int pieces = 1 + int(rng.bounded(3));
        for (int i = 0; i < pieces && pos < text.size(); ++i) {
            const qsizetype n = std::min<qsizetype>(1 + rng.bounded(8), text.size() - pos);
            doc.appendDelta(QStringView(text).sliced(pos, n));
            pos += n;
        }
        doc.flush();
    }
    doc.finish();
}

// Random documents from lines that start, continue and end Markdown
// containers in every combination: what a careless or truncated model might
// write. SWITCHYARD_RANDOM_DOCUMENTS=N tries N of them instead of 400.
QString randomDocument(quint32 seed)
{
    static const QStringList lines{
        u""_s,         u""_s,          u"Some text"_s, u"more *text* here"_s, u"- item"_s, u"* star item"_s,
        u"1. first"_s, u"2) second"_s, u"  - nested"_s, u"   continued"_s, u"> quote"_s, u">"_s,
        u"> ```"_s,    u"```"_s,       u"```py"_s,    u"~~~"_s,         u"    indented"_s, u"| a | b |"_s,
        u"|---|---|"_s, u"# Heading"_s, u"---"_s,     u"==="_s,         u"  ```"_s,   u"- ```"_s,
        u"- [ ] task"_s, u"<div>"_s,   u"\tx"_s,     u"  text"_s,      u"```` "_s,   u"> - in quote"_s,
        u"***"_s,      u"+ plus"_s,    u"10. ten"_s,  u"  1. nested"_s, u"> > deep"_s,
        u"[x]: https://e.com"_s,
        u"see [x]"_s,  u"**bold"_s,    u"_em_ `c`"_s, u"<!-- c -->"_s,  u"|x|"_s,     u"~~~ ~"_s,
    };
    QRandomGenerator rng(seed);
    QString text;
    const int count = 10 + int(rng.bounded(40));
    for (int i = 0; i < count; ++i)
        text += lines.at(int(rng.bounded(int(lines.size())))) + u'\n';
    return text;
}

class Marker final : public QTextBlockUserData
{
};

} // namespace

class TestStreamingDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scannerProposesCuts_data();
    void scannerProposesCuts();
    void scannerIgnoresHowTextArrives();
    void probeConfirmsCuts_data();
    void probeConfirmsCuts();
    void streamedEqualsAtOnce_data();
    void streamedEqualsAtOnce();
    void randomDocumentsStreamEqual_data();
    void randomDocumentsStreamEqual();
    void finishedBlocksAreNotRebuilt();
    void openCodeBlockHighlightsOnlyNewLines();
    void deltasAreCoalescedPerFrame();
    void styleChangeRendersAgain();
    void clearStartsOver();
};

void TestStreamingDocument::scannerProposesCuts_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QList<int>>("lines");

    QTest::newRow("paragraphs") << u"a\nb\n\nc\n\nd\n"_s << QList<int>{3, 5};
    QTest::newRow("no blank line") << u"a\n# b\nc\n"_s << QList<int>{};
    QTest::newRow("indented after blank") << u"a\n\n  b\n\n    c\n"_s << QList<int>{};
    QTest::newRow("incomplete line") << u"a\n\nb"_s << QList<int>{};
    QTest::newRow("leading blanks") << u"\n\na\n"_s << QList<int>{};
    QTest::newRow("loose list") << u"- a\n\n- b\n\n1. c\n\nText\n"_s << QList<int>{6};
    QTest::newRow("list after text") << u"Text\n\n- a\n- b\n\nMore\n"_s << QList<int>{2, 5};
    QTest::newRow("fence with blank") << u"```\ncode\n\nmore\n```\n\nafter\n"_s << QList<int>{6};
    QTest::newRow("longer fence") << u"~~~~\n```\n\nx\n~~~~\n\ny\n"_s << QList<int>{6};
    QTest::newRow("fence with info cannot close") << u"```\n\n```x\n\ny\n"_s << QList<int>{};
    QTest::newRow("fence in quote") << u"> ```\n> code\n\nafter\n"_s << QList<int>{3};
    QTest::newRow("fence on item line") << u"- ```\n  code\n\n  more\n  ```\n\nafter\n"_s << QList<int>{6};
    QTest::newRow("fence in item") << u"1. Step\n\n   ```sh\n   make\n\n   ```\n\nNext\n"_s << QList<int>{7};
    QTest::newRow("item ends fence") << u"- a\n\n  ```\n  x\n\nafter\n"_s << QList<int>{5};
    QTest::newRow("table") << u"| a |\n|---|\n| 1 |\n\n| 2 |\n"_s << QList<int>{4};
    QTest::newRow("rule then fence") << u"---\n\n```\nx\n"_s << QList<int>{2};
    QTest::newRow("crlf") << u"a\r\n\r\nb\r\n"_s << QList<int>{2};
}

void TestStreamingDocument::scannerProposesCuts()
{
    QFETCH(QString, markdown);
    QFETCH(QList<int>, lines);
    const QByteArray text = markdown.toUtf8();
    BoundaryScanner scanner;
    QList<qsizetype> candidates;
    scanner.scan(text, candidates);
    QCOMPARE(lineNumbers(text, candidates), lines);
}

void TestStreamingDocument::scannerIgnoresHowTextArrives()
{
    // Scanning the text as it grows finds the same cuts as scanning it whole.
    const QByteArray text = (longAnswer() + listsAndFences()).toUtf8();
    BoundaryScanner whole;
    QList<qsizetype> expected;
    whole.scan(text, expected);
    QVERIFY(expected.size() > 10);

    BoundaryScanner growing;
    QList<qsizetype> found;
    for (qsizetype end = 1; end <= text.size(); end += 5)
        growing.scan(QByteArrayView(text).first(end), found);
    growing.scan(text, found);
    QCOMPARE(found, expected);
}

void TestStreamingDocument::probeConfirmsCuts_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QList<int>>("candidates");
    QTest::addColumn<QList<int>>("confirmed");

    QTest::newRow("paragraphs") << u"a\n\nb\n\nc\n"_s << QList<int>{2, 4} << QList<int>{2, 4};
    QTest::newRow("list continues") << u"- a\n\n- b\n"_s << QList<int>{2} << QList<int>{};
    QTest::newRow("list ends") << u"- a\n\nb\n"_s << QList<int>{2} << QList<int>{2};
    QTest::newRow("open fence") << u"```cpp\ncode\n\nX\n"_s << QList<int>{3} << QList<int>{};
    QTest::newRow("closed fence") << u"```cpp\ncode\n```\n\nX\n"_s << QList<int>{4} << QList<int>{4};
    QTest::newRow("rule then fence") << u"---\n\n```\nx\n"_s << QList<int>{2} << QList<int>{2};
    QTest::newRow("item paragraph") << u"- a\n\n  b\n\nc\n"_s << QList<int>{2, 4} << QList<int>{4};
}

void TestStreamingDocument::probeConfirmsCuts()
{
    QFETCH(QString, markdown);
    QFETCH(QList<int>, candidates);
    QFETCH(QList<int>, confirmed);
    const QByteArray text = markdown.toUtf8();
    QCOMPARE(lineNumbers(text, BlockProbe::confirm(text, lineOffsets(text, candidates))), confirmed);
}

void TestStreamingDocument::streamedEqualsAtOnce_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 42u}) {
        QTest::addRow("long answer, seed %u", seed) << longAnswer() << seed;
        QTest::addRow("lists and fences, seed %u", seed) << listsAndFences() << seed;
    }
    QTest::newRow("setext after streamed paragraph") << u"Title\n\nSub\n---\n\ntext\n===\n"_s << 5u;
    QTest::newRow("table grows from a paragraph") << u"| a | b |\n|---|---|\n| 1 | 2 |\n\nend\n"_s << 6u;
}

void TestStreamingDocument::streamedEqualsAtOnce()
{
    QFETCH(QString, markdown);
    QFETCH(quint32, seed);

    StreamingDocument atOnce;
    atOnce.setMarkdown(markdown);

    StreamingDocument streamed;
    stream(streamed, markdown, seed);

    QCOMPARE(streamed.markdown(), markdown);
    QCOMPARE(streamed.document()->toPlainText(), atOnce.document()->toPlainText());
    QCOMPARE(DocumentOutline::outline(streamed.document()), DocumentOutline::outline(atOnce.document()));
    QCOMPARE(DocumentOutline::fingerprint(streamed.document()),
             DocumentOutline::fingerprint(atOnce.document()));
    QCOMPARE(streamed.codeBlocks(), atOnce.codeBlocks());
    QVERIFY(streamed.stats().committedChunks > 0);
}

void TestStreamingDocument::randomDocumentsStreamEqual_data()
{
    QTest::addColumn<quint32>("seed");
    const int wanted = qEnvironmentVariableIntValue("SWITCHYARD_RANDOM_DOCUMENTS");
    const quint32 seeds = wanted > 0 ? quint32(wanted) : 400;
    for (quint32 seed = 1; seed <= seeds; ++seed)
        QTest::addRow("%u", seed) << seed;
}

void TestStreamingDocument::randomDocumentsStreamEqual()
{
    QFETCH(quint32, seed);
    const QString markdown = randomDocument(seed);
    StreamingDocument atOnce;
    atOnce.setMarkdown(markdown);
    StreamingDocument streamed;
    stream(streamed, markdown, seed);
    QCOMPARE(DocumentOutline::fingerprint(streamed.document()),
             DocumentOutline::fingerprint(atOnce.document()));
    QCOMPARE(streamed.codeBlocks(), atOnce.codeBlocks());
}

void TestStreamingDocument::finishedBlocksAreNotRebuilt()
{
    // Two hundred paragraphs, lists and code blocks: about 40 KB.
    QString text;
    for (int i = 0; i < 200; ++i) {
        switch (i % 4) {
        case 0:
            text += u"Paragraph %1 says something about caches, and then a bit more, so that it wraps "
                    "at least once in a narrow pane.\n\n"_s.arg(i);
            break;
        case 1:
            text += u"- item %1\n- another item\n  - nested\n\n"_s.arg(i);
            break;
        case 2:
            text += u"```cpp\nint f%1() { return %1; }\n```\n\n"_s.arg(i);
            break;
        default:
            text += u"## Heading %1\n\n"_s.arg(i);
            break;
        }
    }

    StreamingDocument doc;
    QList<Marker *> markers;
    qsizetype maxTail = 0;
    qint64 maxParsed = 0;
    QRandomGenerator rng(9);
    for (qsizetype pos = 0; pos < text.size();) {
        const qsizetype n = std::min<qsizetype>(1 + rng.bounded(8), text.size() - pos);
        const qsizetype committedBefore = doc.committedBytes();
        doc.appendDelta(QStringView(text).sliced(pos, n));
        pos += n;
        doc.flush();

        // What was parsed is the newly finished chunks and the open tail,
        // never anything finished before.
        const qint64 parsed = doc.stats().lastParsedBytes;
        QCOMPARE(parsed, qint64(doc.committedBytes() - committedBefore + doc.tailBytes()));
        maxParsed = std::max(maxParsed, parsed);
        maxTail = std::max(maxTail, doc.tailBytes());

        // Mark every block as soon as it lies in the finished part. A block
        // that were removed and rendered again would lose its marker.
        if (doc.committedBytes() > committedBefore) {
            for (QTextBlock b = doc.document()->begin(); b.isValid(); b = b.next()) {
                if (b.position() + b.length() - 1 < doc.tailPosition() && !b.userData()) {
                    auto *marker = new Marker;
                    b.setUserData(marker);
                    markers.append(marker);
                }
            }
        }
    }
    doc.finish();

    QVERIFY(markers.size() > 300);
    int found = 0;
    for (QTextBlock b = doc.document()->begin(); b.isValid(); b = b.next()) {
        if (auto *marker = static_cast<Marker *>(b.userData()); marker && markers.contains(marker))
            ++found;
    }
    QCOMPARE(found, markers.size());

    // The work per flush is bounded by a chunk, not by the answer.
    QVERIFY2(maxTail < 200, qPrintable(QString::number(maxTail)));
    QVERIFY2(maxParsed < 400, qPrintable(QString::number(maxParsed)));
    QCOMPARE(doc.stats().committedChunks, 199);
    QVERIFY(doc.stats().parsedBytes < text.toUtf8().size() * 40);
}

void TestStreamingDocument::openCodeBlockHighlightsOnlyNewLines()
{
    QString code = u"```cpp\n"_s;
    for (int i = 0; i < 200; ++i)
        code += u"int value%1 = compute(%1); // line %1\n"_s.arg(i);
    code += u"```\n"_s;

    StreamingDocument doc;
    int flushes = 0;
    for (qsizetype pos = 0; pos < code.size(); pos += 4) {
        doc.appendDelta(QStringView(code).sliced(pos, std::min<qsizetype>(4, code.size() - pos)));
        doc.flush();
        ++flushes;
    }
    doc.finish();
    QCOMPARE(doc.codeBlocks().size(), 1);
    QCOMPARE(doc.codeBlocks().first().text.count(u'\n'), 199);
    // Each flush highlights the line being written, not the whole block.
    QVERIFY2(doc.stats().highlightedLines <= flushes + 201,
             qPrintable(u"%1 lines over %2 flushes"_s.arg(doc.stats().highlightedLines).arg(flushes)));
}

void TestStreamingDocument::deltasAreCoalescedPerFrame()
{
    StreamingDocument doc;
    doc.setFrameInterval(16ms);
    QSignalSpy updated(&doc, &StreamingDocument::updated);
    for (int i = 0; i < 100; ++i)
        doc.appendDelta(u"word "_s);
    QCOMPARE(doc.stats().renders, 0);
    QVERIFY(doc.document()->toPlainText().isEmpty());
    QTRY_COMPARE(doc.stats().renders, 1);
    QCOMPARE(updated.count(), 1);
    QCOMPARE(doc.document()->toPlainText(), QString(u"word "_s.repeated(100)).trimmed());

    // flush() does not wait for the frame.
    doc.appendDelta(u"\n\nmore"_s);
    doc.flush();
    QCOMPARE(doc.stats().renders, 2);
    QVERIFY(doc.document()->toPlainText().endsWith(u"more"_s));
}

void TestStreamingDocument::styleChangeRendersAgain()
{
    StreamingDocument doc;
    stream(doc, longAnswer(), 7);
    const QString text = doc.document()->toPlainText();
    const QList<CodeBlock> blocks = doc.codeBlocks();
    const QStringList light = DocumentOutline::fingerprint(doc.document());

    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x14, 0x16, 0x18));
    dark.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    QFont font = doc.document()->defaultFont();
    font.setPointSizeF(font.pointSizeF() + 2);
    doc.setStyle(dark, font);

    QCOMPARE(doc.document()->toPlainText(), text);
    QCOMPARE(doc.codeBlocks(), blocks);
    QVERIFY(DocumentOutline::fingerprint(doc.document()) != light);

    // The same as rendering with that style from the start.
    StreamingDocument fresh;
    fresh.setStyle(dark, font);
    fresh.setMarkdown(longAnswer());
    QCOMPARE(DocumentOutline::fingerprint(doc.document()), DocumentOutline::fingerprint(fresh.document()));
}

void TestStreamingDocument::clearStartsOver()
{
    StreamingDocument doc;
    doc.setMarkdown(longAnswer());
    QVERIFY(!doc.codeBlocks().isEmpty());
    doc.clear();
    QVERIFY(doc.document()->toPlainText().isEmpty());
    QVERIFY(doc.codeBlocks().isEmpty());
    QVERIFY(doc.markdown().isEmpty());
    stream(doc, u"# Again\n\ntext"_s, 3);
    QCOMPARE(DocumentOutline::outline(doc.document()), u"h1:Again | p:text"_s);
    QVERIFY(doc.isFinished());
    doc.appendDelta(u" more"_s); // a finished answer that grows is not finished
    QVERIFY(!doc.isFinished());
}

QTEST_MAIN(TestStreamingDocument)
#include "tst_streamingdocument.moc"
