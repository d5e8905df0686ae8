// The Markdown renderer: Markdown in, a QTextDocument out, checked block by
// block — headings, lists, tables, code (with KSyntaxHighlighting's colours),
// links, and model output that must stay inert: raw HTML shown as text,
// images as placeholders that load nothing.

#include "documentoutline.h"
#include "markdown/fenceclosure.h"
#include "markdown/streamingdocument.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextList>
#include <QTextTable>

using namespace Qt::StringLiterals;
using Switchyard::Markdown::CodeBlock;
using Switchyard::Markdown::StreamingDocument;
using Switchyard::Markdown::closeOpenFence;

namespace {

struct Fragment {
    QString text;
    QTextCharFormat format;
};

QList<Fragment> fragments(QTextDocument *document)
{
    QList<Fragment> out;
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it)
            out.append({it.fragment().text(), it.fragment().charFormat()});
    }
    return out;
}

Fragment fragmentWith(QTextDocument *document, const QString &text)
{
    for (const Fragment &f : fragments(document)) {
        if (f.text.contains(text))
            return f;
    }
    return {};
}

} // namespace

class TestMarkdownRenderer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outline_data();
    void outline();
    void headingsAreLargerByLevel();
    void inlineFormats();
    void linksKeepTheirTarget_data();
    void linksKeepTheirTarget();
    void tableHasRowsColumnsAndHeader();
    void codeIsHighlighted_data();
    void codeIsHighlighted();
    void codeBlocksAreListedForCopying();
    void onlyTablesAreFrames();
    void htmlIsNeverInterpreted_data();
    void htmlIsNeverInterpreted();
    void imagesAreOnlyPlaceholders();
    void openFenceIsClosed_data();
    void openFenceIsClosed();
};

void TestMarkdownRenderer::outline_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("expected");

    QTest::newRow("paragraphs") << u"One\ntwo.\n\nThree."_s << u"p:One two. | p:Three."_s;
    QTest::newRow("headings") << u"# A\n## B\n###### F\nText"_s << u"h1:A | h2:B | h6:F | p:Text"_s;
    QTest::newRow("bullets") << u"- a\n- b\n  - c\n    - d\n- e"_s
                             << u"li(disc,1):a | li(disc,1):b | li(circle,2):c | li(square,3):d | "
                                "li(disc,1):e"_s;
    QTest::newRow("ordered") << u"3. three\n4. four"_s << u"li(decimal,1)#3.:three | li(decimal,1)#4.:four"_s;
    QTest::newRow("loose") << u"- a\n\n  more a\n- b"_s << u"li(disc,1):a | p:more a | li(disc,1):b"_s;
    QTest::newRow("tasks") << u"- [x] done\n- [ ] todo"_s << u"li(disc,1)[x]:done | li(disc,1)[ ]:todo"_s;
    QTest::newRow("quote") << u"> quoted\n> > deeper\n\nafter"_s << u">p:quoted | >>p:deeper | p:after"_s;
    QTest::newRow("rule") << u"above\n\n---\n\nbelow"_s << u"p:above | hr: | p:below"_s;
    QTest::newRow("table") << u"| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n\nafter"_s
                           << u"table 3x2[a|b][1|2][3|4] | p:after"_s;
    QTest::newRow("table first") << u"| a |\n|---|\n| 1 |"_s << u"table 2x1[a][1]"_s;
    QTest::newRow("code") << u"```cpp\nint x = 1;\n\nreturn x;\n```\nafter"_s
                          << u"code 0:int x = 1;\n\nreturn x; | p:after"_s;
    QTest::newRow("two codes") << u"```\na\n```\n```py\nb\n```"_s << u"code 0:a | code 1:b"_s;
    QTest::newRow("indented code") << u"    x = 1\n\n    y = 2\n\ntext"_s
                                   << u"code 0:x = 1\n\ny = 2 | p:text"_s;
    QTest::newRow("code in list") << u"1. Run:\n\n   ```sh\n   make\n   ```\n2. Done"_s
                                  << u"li(decimal,1)#1.:Run: | code 0:make | li(decimal,1)#2.:Done"_s;
    QTest::newRow("html is text") << u"<script>alert(1)</script>\n\nHi <b>there</b>"_s
                                  << u"p:<script>alert(1)</script> | p:Hi <b>there</b>"_s;
    QTest::newRow("html block is text") << u"<div>\n*x*\n</div>"_s << u"p:<div> x </div>"_s;
    QTest::newRow("entities") << u"a &amp; b &lt;c&gt; &#169; &#x1F600; &bogus;"_s
                              << u"p:a & b <c> \u00a9 \U0001F600 &bogus;"_s;
    QTest::newRow("image") << u"See ![a cat](https://example.com/cat.png)."_s
                           << u"p:See [image: a cat \u2014 click to load https://example.com/cat.png]."_s;
    QTest::newRow("hard break") << u"a  \nb"_s << u"p:a\u2028b"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestMarkdownRenderer::outline()
{
    QFETCH(QString, markdown);
    QFETCH(QString, expected);
    StreamingDocument doc;
    doc.setMarkdown(markdown);
    QCOMPARE(DocumentOutline::outline(doc.document()), expected);
}

void TestMarkdownRenderer::headingsAreLargerByLevel()
{
    StreamingDocument doc;
    doc.setMarkdown(u"# One\n\n## Two\n\n### Three\n\nBody"_s);
    const qreal body = doc.document()->defaultFont().pointSizeF();
    QVERIFY(body > 0);
    qreal previous = 1000;
    for (const QString &text : {u"One"_s, u"Two"_s, u"Three"_s}) {
        const QTextCharFormat format = fragmentWith(doc.document(), text).format;
        const qreal size = format.fontPointSize();
        QVERIFY2(size > body && size < previous, qPrintable(u"%1: %2 pt"_s.arg(text).arg(size)));
        QCOMPARE(format.fontWeight(), int(QFont::Bold));
        previous = size;
    }
    QVERIFY(!fragmentWith(doc.document(), u"Body"_s).format.hasProperty(QTextFormat::FontPointSize));
}

void TestMarkdownRenderer::inlineFormats()
{
    StreamingDocument doc;
    doc.setMarkdown(u"*em* **strong** ~~gone~~ `code` ***both***"_s);
    QVERIFY(fragmentWith(doc.document(), u"em"_s).format.fontItalic());
    QCOMPARE(fragmentWith(doc.document(), u"strong"_s).format.fontWeight(), int(QFont::Bold));
    QVERIFY(fragmentWith(doc.document(), u"gone"_s).format.fontStrikeOut());
    const QTextCharFormat code = fragmentWith(doc.document(), u"code"_s).format;
    QVERIFY(code.fontFixedPitch());
    QVERIFY(code.background().style() != Qt::NoBrush);
    const QTextCharFormat both = fragmentWith(doc.document(), u"both"_s).format;
    QVERIFY(both.fontItalic());
    QCOMPARE(both.fontWeight(), int(QFont::Bold));
}

void TestMarkdownRenderer::linksKeepTheirTarget_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("href");

    QTest::newRow("inline") << u"[Qt](https://www.qt.io/ \"title\")"_s << u"Qt"_s << u"https://www.qt.io/"_s;
    QTest::newRow("angle autolink") << u"<https://example.com/a?b=c>"_s << u"https://example.com/a?b=c"_s
                                    << u"https://example.com/a?b=c"_s;
    QTest::newRow("bare url") << u"see https://example.com/x now"_s << u"https://example.com/x"_s
                              << u"https://example.com/x"_s;
    QTest::newRow("www") << u"see www.example.com now"_s << u"www.example.com"_s
                         << u"http://www.example.com"_s; // md4c's choice of scheme
    QTest::newRow("email") << u"mail me@example.com"_s << u"me@example.com"_s << u"mailto:me@example.com"_s;
    QTest::newRow("javascript kept, refused on click")
        << u"[click](javascript:alert(1))"_s << u"click"_s << u"javascript:alert(1)"_s;
    QTest::newRow("entity in target") << u"[a](https://e.com/?a=1&amp;b=2)"_s << u"a"_s
                                      << u"https://e.com/?a=1&b=2"_s;
}

void TestMarkdownRenderer::linksKeepTheirTarget()
{
    QFETCH(QString, markdown);
    QFETCH(QString, text);
    QFETCH(QString, href);
    StreamingDocument doc;
    doc.setMarkdown(markdown);
    const QTextCharFormat format = fragmentWith(doc.document(), text).format;
    QVERIFY(format.isAnchor());
    QCOMPARE(format.anchorHref(), href);
    QCOMPARE(format.toolTip(), href); // the whole target shows on hover
    QVERIFY(format.fontUnderline());
}

void TestMarkdownRenderer::tableHasRowsColumnsAndHeader()
{
    StreamingDocument doc;
    doc.setMarkdown(u"| Name | Cost | Note |\n|:--|--:|:-:|\n| a | 1 | x |\n| b | 22 | y |\n| c | 333 |\n"_s);
    QTextTable *table = nullptr;
    for (auto it = doc.document()->rootFrame()->begin(); !it.atEnd(); ++it) {
        if (auto *t = qobject_cast<QTextTable *>(it.currentFrame()))
            table = t;
    }
    QVERIFY(table);
    QCOMPARE(table->rows(), 4);
    QCOMPARE(table->columns(), 3);
    QCOMPARE(table->format().headerRowCount(), 1);
    const QTextTableCell header = table->cellAt(0, 1);
    QCOMPARE(header.firstCursorPosition().block().text(), u"Cost"_s);
    QCOMPARE(fragmentWith(doc.document(), u"Cost"_s).format.fontWeight(), int(QFont::Bold));
    QVERIFY(header.format().background().style() != Qt::NoBrush);
    QCOMPARE(table->cellAt(2, 1).firstCursorPosition().block().blockFormat().alignment(), Qt::AlignRight);
    QCOMPARE(table->cellAt(2, 2).firstCursorPosition().block().blockFormat().alignment(), Qt::AlignHCenter);
    QCOMPARE(table->cellAt(3, 2).firstCursorPosition().block().text(), QString()); // a short row
}

void TestMarkdownRenderer::codeIsHighlighted_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("coloured");

    QTest::newRow("cpp") << u"cpp"_s << u"int main() { return 0; } // done"_s << true;
    QTest::newRow("c++") << u"c++"_s << u"int main() { return 0; }"_s << true;
    QTest::newRow("python") << u"python"_s << u"def f(x):\n    return \"s\""_s << true;
    QTest::newRow("py") << u"py"_s << u"import os"_s << true;
    QTest::newRow("rust") << u"rust"_s << u"fn main() { let x = 1; }"_s << true;
    QTest::newRow("sh") << u"sh"_s << u"echo \"$HOME\" # home"_s << true;
    QTest::newRow("json") << u"json"_s << u"{\"a\": 1}"_s << true;
    QTest::newRow("unknown") << u"nosuchlanguage"_s << u"int main() {}"_s << false;
    QTest::newRow("none") << QString() << u"int main() {}"_s << false;
}

void TestMarkdownRenderer::codeIsHighlighted()
{
    QFETCH(QString, language);
    QFETCH(QString, code);
    QFETCH(bool, coloured);
    StreamingDocument doc;
    doc.setMarkdown(u"```"_s + language + u"\n"_s + code + u"\n```\n"_s);
    QCOMPARE(doc.codeBlocks().size(), 1);
    QCOMPARE(doc.codeBlocks().first().text, code);

    int colouredFragments = 0;
    for (QTextBlock b = doc.document()->begin(); b.isValid(); b = b.next()) {
        if (!b.blockFormat().hasProperty(Switchyard::Markdown::MarkdownRenderer::CodeBlockIndex)
            || b.blockFormat().alignment() == Qt::AlignRight) // the header with the Copy link
            continue;
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            QVERIFY(f.fontFixedPitch());
            if (f.foreground().style() != Qt::NoBrush)
                ++colouredFragments;
        }
    }
    QCOMPARE(colouredFragments > 0, coloured);
}

void TestMarkdownRenderer::codeBlocksAreListedForCopying()
{
    StreamingDocument doc;
    doc.setMarkdown(u"```cpp\nint a;\n\nint b;\n```\n\ntext\n\n"
                    "~~~python extra words\nx = 1\n~~~\n\n    indented\n"_s);
    const QList<CodeBlock> expected{{u"cpp"_s, u"int a;\n\nint b;"_s},
                                    {u"python"_s, u"x = 1"_s},
                                    {QString(), u"indented"_s}};
    QCOMPARE(doc.codeBlocks(), expected);
    // Each block's header carries a Copy link naming its index.
    for (int i = 0; i < 3; ++i) {
        bool found = false;
        for (const Fragment &f : fragments(doc.document()))
            found = found || (f.format.anchorHref() == u"switchyard-copy:%1"_s.arg(i) && f.text == u"Copy"_s);
        QVERIFY2(found, qPrintable(QString::number(i)));
    }
}

void TestMarkdownRenderer::onlyTablesAreFrames()
{
    // QTextDocument rescans every fragment when a frame comes or goes; an
    // open code block at the end of a stream must not cost that per flush.
    StreamingDocument doc;
    doc.setMarkdown(u"```cpp\nint a;\n```\n\n> quote\n\n| a |\n|---|\n| 1 |\n"_s);
    const QList<QTextFrame *> frames = doc.document()->rootFrame()->childFrames();
    QCOMPARE(frames.size(), 1);
    QVERIFY(qobject_cast<QTextTable *>(frames.first()));
}

void TestMarkdownRenderer::htmlIsNeverInterpreted_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("shown");

    QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"<script>alert(1)</script>"_s;
    QTest::newRow("img onerror") << u"<img src=x onerror=alert(1)>"_s << u"<img src=x onerror=alert(1)>"_s;
    QTest::newRow("anchor") << u"<a href=\"javascript:alert(1)\">click</a>"_s
                            << u"<a href=\"javascript:alert(1)\">click</a>"_s;
    QTest::newRow("style block") << u"<style>\nbody { display: none }\n</style>"_s
                                 << u"<style> body { display: none } </style>"_s;
    QTest::newRow("comment") << u"<!-- hidden -->visible"_s << u"<!-- hidden -->visible"_s;
    QTest::newRow("entity stays text") << u"&lt;b&gt;bold?&lt;/b&gt;"_s << u"<b>bold?</b>"_s;
}

void TestMarkdownRenderer::htmlIsNeverInterpreted()
{
    QFETCH(QString, markdown);
    QFETCH(QString, shown);
    StreamingDocument doc;
    doc.setMarkdown(markdown);
    QCOMPARE(doc.document()->toPlainText(), shown);
    for (const Fragment &f : fragments(doc.document())) {
        QVERIFY(!f.format.isAnchor());
        QVERIFY(!f.format.isImageFormat());
        QCOMPARE(f.format.fontWeight(), int(QFont::Normal));
    }
}

void TestMarkdownRenderer::imagesAreOnlyPlaceholders()
{
    StreamingDocument doc;
    doc.setMarkdown(u"![a *cat*](https://example.com/cat.png) and ![](http://tracker.example/p.gif)"_s);
    const QString text = doc.document()->toPlainText();
    QCOMPARE(text, u"[image: a cat \u2014 click to load https://example.com/cat.png] and "
                   "[image \u2014 click to load http://tracker.example/p.gif]"_s);
    QCOMPARE(doc.imageUrl(0), QUrl(u"https://example.com/cat.png"_s));
    QCOMPARE(doc.imageUrl(1), QUrl(u"http://tracker.example/p.gif"_s));
    QCOMPARE(doc.imageUrl(2), QUrl());

    const QTextCharFormat placeholder = fragmentWith(doc.document(), u"a cat"_s).format;
    QVERIFY(placeholder.isAnchor());
    QCOMPARE(placeholder.anchorHref(), u"switchyard-image:0"_s);
    for (const Fragment &f : fragments(doc.document()))
        QVERIFY(!f.format.isImageFormat());
    // Laying the document out asks for no resource.
    doc.document()->setTextWidth(400);
    QVERIFY(doc.document()->size().height() > 0);
    QVERIFY(doc.document()->resource(QTextDocument::ImageResource, doc.imageUrl(0)).toByteArray().isEmpty());
}

void TestMarkdownRenderer::openFenceIsClosed_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("closed");

    QTest::newRow("closed") << u"```py\nx\n```\n"_s << u"```py\nx\n```\n"_s;
    QTest::newRow("cut inside") << u"Here:\n```py\nprint(1"_s << u"Here:\n```py\nprint(1\n```\n"_s;
    QTest::newRow("longer fence") << u"````\n```\nstill code"_s << u"````\n```\nstill code\n````\n"_s;
    QTest::newRow("tildes") << u"~~~\ncode\n```"_s << u"~~~\ncode\n```\n~~~\n"_s;
    QTest::newRow("indented up to three") << u"   ```\ncode\n"_s << u"   ```\ncode\n```\n"_s;
    QTest::newRow("four spaces is code, not a fence") << u"    ```\nx"_s << u"    ```\nx"_s;
    QTest::newRow("an info string does not close") << u"```\na\n``` b\n"_s << u"```\na\n``` b\n```\n"_s;
    QTest::newRow("backtick in info: not a fence") << u"``` a`b\ntext"_s << u"``` a`b\ntext"_s;
    QTest::newRow("two blocks, second open") << u"```\na\n```\n\n```\nb"_s << u"```\na\n```\n\n```\nb\n```\n"_s;
    QTest::newRow("no code") << u"plain"_s << u"plain"_s;
}

void TestMarkdownRenderer::openFenceIsClosed()
{
    QFETCH(QString, answer);
    QFETCH(QString, closed);
    QCOMPARE(closeOpenFence(answer), closed);
    // What follows stays out of the code block.
    StreamingDocument doc;
    doc.setMarkdown(closeOpenFence(answer) + u"\n\n**Next prompt**\n"_s); // as the pane joins them
    QVERIFY2(DocumentOutline::outline(doc.document()).endsWith(u"p:Next prompt"_s), qPrintable(DocumentOutline::outline(doc.document())));
}

QTEST_MAIN(TestMarkdownRenderer)
#include "tst_markdownrenderer.moc"
