// MarkdownView on the offscreen platform: a click on a link, an image
// placeholder or a code block's Copy link does exactly what it should and no
// more — links and images open only after the user has seen the full URL and
// confirmed, only for http, https and mailto; nothing is ever loaded. Also:
// the view follows the stream, re-renders when the palette changes, and the
// reasoning section folds.

#include "markdown/linkprompt.h"
#include "markdown/markdownview.h"
#include "markdown/reasoningsection.h"
#include "markdown/renderstyle.h"
#include "markdown/streamingdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>

#include <cmath>

using namespace Qt::StringLiterals;
using Switchyard::Markdown::LinkPrompt;
using Switchyard::Markdown::MarkdownView;
using Switchyard::Markdown::ReasoningSection;

namespace {

// Where in the viewport the text first appears: the middle of its first
// character, in viewport coordinates.
QPoint pointOf(MarkdownView &view, const QString &text)
{
    QTextDocument *doc = view.document();
    const QTextCursor found = doc->find(text);
    if (found.isNull())
        return {-1, -1};
    QTextCursor cursor(doc);
    cursor.setPosition(found.selectionStart() + 1);
    const QRect rect = view.cursorRect(cursor);
    return QPoint(rect.left(), rect.center().y());
}

void click(MarkdownView &view, const QString &text)
{
    const QPoint point = pointOf(view, text);
    QVERIFY2(point.x() >= 0, qPrintable(text));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, point);
}

// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Opened {
    QList<QUrl> urls;
    MarkdownView::UrlOpener opener()
    {
        return [this](const QUrl &url) {
            urls.append(url);
            return true;
        };
    }
};

QPushButton *button(MarkdownView &view, const char *name)
{
    return view.linkPrompt()->findChild<QPushButton *>(QString::fromLatin1(name));
}

} // namespace

class TestMarkdownView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void linkOpensOnlyAfterConfirmation_data();
    void linkOpensOnlyAfterConfirmation();
    void cancelOpensNothing();
    void imagePlaceholderAsksBeforeLoading();
    void copyLinkCopiesItsCodeBlock();
    void loadsNoResources_data();
    void loadsNoResources();
    void followsTheStreamUnlessScrolledUp();
    void paletteChangeRendersAgain();
    void codeBoxIsPaintedBehindCode();
    void reasoningFolds();
};

void TestMarkdownView::initTestCase()
{
    QApplication::setEffectEnabled(Qt::UI_General, false);
}

void TestMarkdownView::linkOpensOnlyAfterConfirmation_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("openable");

    QTest::newRow("https") << u"https://example.com/a?b=c#d"_s << true;
    QTest::newRow("http") << u"http://example.com/"_s << true;
    QTest::newRow("mailto") << u"mailto:someone@example.com"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("data") << u"data:text/html,hi"_s << false;
    QTest::newRow("relative") << u"docs/setup.md"_s << false;
    QTest::newRow("ftp") << u"ftp://example.com/x"_s << false;
    QTest::newRow("custom handler") << u"steam://run/1"_s << false;
    QTest::newRow("look-alike host") << u"https://ex\u0430mple.com/"_s << true; // Cyrillic а, shown encoded
}

void TestMarkdownView::linkOpensOnlyAfterConfirmation()
{
    QFETCH(QString, target);
    QFETCH(bool, openable);

    MarkdownView view;
    Opened opened;
    view.setUrlOpener(opened.opener());
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.streamingDocument()->setMarkdown(u"Read [the guide](%1) first."_s.arg(target));
    QSignalSpy activated(&view, &MarkdownView::linkActivated);
    const int fullHeight = view.viewport()->height();

    click(view, u"the guide"_s);
    QCOMPARE(activated.count(), 1);
    const QUrl url = activated.first().first().toUrl();
    QCOMPARE(url, QUrl(target));
    QVERIFY(opened.urls.isEmpty()); // nothing opens on the click itself

    LinkPrompt *prompt = view.linkPrompt();
    QVERIFY(prompt->isVisible());
    QVERIFY2(prompt->text().contains(QString::fromUtf8(url.toEncoded())), qPrintable(prompt->text()));
    // A look-alike character shows as what it is (punycode), never as the letter it mimics.
    QVERIFY(!prompt->text().contains(QChar(0x0430)));
    QCOMPARE(button(view, "linkPromptOpen")->isVisible(), openable);
    QCOMPARE(MarkdownView::isOpenable(url), openable);
    // The prompt never covers the text: the viewport shrinks to make room.
    QVERIFY(view.viewport()->geometry().bottom() < prompt->geometry().top());

    if (openable) {
        QTest::mouseClick(button(view, "linkPromptOpen"), Qt::LeftButton);
        QCOMPARE(opened.urls, QList<QUrl>{url});
    } else {
        QTest::mouseClick(button(view, "linkPromptCancel"), Qt::LeftButton);
        QVERIFY(opened.urls.isEmpty());
    }
    QVERIFY(!prompt->isVisible());
    QCOMPARE(view.viewport()->height(), fullHeight);
}

void TestMarkdownView::cancelOpensNothing()
{
    MarkdownView view;
    Opened opened;
    view.setUrlOpener(opened.opener());
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.streamingDocument()->setMarkdown(u"[a](https://example.com/a)"_s);

    click(view, u"a"_s);
    QVERIFY(view.linkPrompt()->isVisible());
    QTest::keyClick(view.linkPrompt(), Qt::Key_Escape);
    QVERIFY(!view.linkPrompt()->isVisible());

    click(view, u"a"_s);
    QTest::mouseClick(button(view, "linkPromptCopy"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), u"https://example.com/a"_s);
    QVERIFY(opened.urls.isEmpty());
}

void TestMarkdownView::imagePlaceholderAsksBeforeLoading()
{
    MarkdownView view;
    Opened opened;
    view.setUrlOpener(opened.opener());
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.streamingDocument()->setMarkdown(
        u"![chart](https://img.example.com/c.png)\n\n![x](file:///etc/hostname)"_s);
    QSignalSpy images(&view, &MarkdownView::imageActivated);
    QSignalSpy links(&view, &MarkdownView::linkActivated);

    click(view, u"[image: chart"_s);
    QCOMPARE(images.count(), 1);
    QCOMPARE(images.first().first().toUrl(), QUrl(u"https://img.example.com/c.png"_s));
    QCOMPARE(links.count(), 0);
    QVERIFY(view.linkPrompt()->text().contains(u"img.example.com"_s));
    QVERIFY(opened.urls.isEmpty());
    QTest::mouseClick(button(view, "linkPromptOpen"), Qt::LeftButton);
    QCOMPARE(opened.urls, QList<QUrl>{QUrl(u"https://img.example.com/c.png"_s)});

    click(view, u"[image: x"_s);
    QCOMPARE(images.count(), 2);
    QVERIFY(!button(view, "linkPromptOpen")->isVisible()); // a local file is never opened
}

void TestMarkdownView::copyLinkCopiesItsCodeBlock()
{
    MarkdownView view;
    view.resize(600, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.streamingDocument()->setMarkdown(
        u"```cpp\nint first();\n```\n\ntext\n\n```python\nprint(\"second\")\nprint(2)\n```\n"_s);
    QSignalSpy copied(&view, &MarkdownView::codeCopied);

    // The second "Copy" in the document belongs to the second block.
    QTextCursor second = view.document()->find(u"Copy"_s);
    second = view.document()->find(u"Copy"_s, second);
    QVERIFY(!second.isNull());
    QTextCursor at(view.document());
    at.setPosition(second.selectionStart() + 1);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.cursorRect(at).center());

    QCOMPARE(copied.count(), 1);
    QCOMPARE(copied.first().first().toInt(), 1);
    QCOMPARE(QApplication::clipboard()->text(), u"print(\"second\")\nprint(2)"_s);
    QVERIFY(!view.linkPrompt()->isVisible());
}

void TestMarkdownView::loadsNoResources_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::newRow("https") << QUrl(u"https://example.com/a.png"_s);
    QTest::newRow("file") << QUrl::fromLocalFile(QCoreApplication::applicationFilePath());
    QTest::newRow("data") << QUrl(u"data:image/png;base64,iVBORw0KGgo="_s);
    QTest::newRow("relative") << QUrl(u"a.png"_s);
}

void TestMarkdownView::loadsNoResources()
{
    QFETCH(QUrl, url);
    MarkdownView view;
    QVERIFY(view.loadResource(QTextDocument::ImageResource, url).isNull());
    // The document, asked directly, reads nothing either (not even a local file).
    const QVariant resource = view.document()->resource(QTextDocument::ImageResource, url);
    QVERIFY(resource.toByteArray().isEmpty());
}

void TestMarkdownView::followsTheStreamUnlessScrolledUp()
{
    MarkdownView view;
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *doc = view.streamingDocument();
    QScrollBar *bar = view.verticalScrollBar();
    for (int i = 0; i < 40; ++i) {
        doc->appendDelta(u"Paragraph %1 with a few words in it.\n\n"_s.arg(i));
        doc->flush();
        QCoreApplication::processEvents();
    }
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());

    bar->setValue(bar->maximum() / 2);
    const int reading = bar->value();
    for (int i = 0; i < 10; ++i) {
        doc->appendDelta(u"More %1.\n\n"_s.arg(i));
        doc->flush();
        QCoreApplication::processEvents();
    }
    QCOMPARE(bar->value(), reading);

    bar->setValue(bar->maximum());
    doc->appendDelta(u"Last.\n\n"_s.repeated(5));
    doc->flush();
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestMarkdownView::paletteChangeRendersAgain()
{
    MarkdownView view;
    view.streamingDocument()->setMarkdown(u"```cpp\nint x = 1; // note\n```\n"_s);
    auto keywordColour = [&view] {
        for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                if (it.fragment().text() == u"int")
                    return it.fragment().charFormat().foreground().color();
            }
        }
        return QColor();
    };
    const QColor light = keywordColour();
    QVERIFY(light.isValid());

    QPalette dark = view.palette();
    dark.setColor(QPalette::Base, QColor(0x14, 0x16, 0x18));
    dark.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    view.setPalette(dark);
    const QColor darkColour = keywordColour();
    QVERIFY(darkColour.isValid());
    QVERIFY(darkColour != light);
    // The dark theme's colours are made for a dark background: they stand
    // out from it more than the light theme's would.
    const QColor base = dark.color(QPalette::Base);
    QVERIFY2(contrast(darkColour, base) > 3.0 && contrast(darkColour, base) > contrast(light, base),
             qPrintable(darkColour.name() + u' ' + light.name()));
}

void TestMarkdownView::codeBoxIsPaintedBehindCode()
{
    MarkdownView view;
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.streamingDocument()->setMarkdown(u"Before.\n\n```\ncode line\n```\n\nAfter."_s);
    QCoreApplication::processEvents();

    const QTextBlock line = view.document()->find(u"code line"_s).block();
    const QRectF rect = view.document()->documentLayout()->blockBoundingRect(line);
    const qreal textLeft = rect.left() + line.layout()->lineAt(0).x();
    const QImage image = view.viewport()->grab().toImage();
    const qreal ratio = image.devicePixelRatio();
    auto colourAt = [&](qreal x, qreal y) {
        return image.pixelColor(QPointF(x * ratio, y * ratio).toPoint());
    };

    const auto &style = view.streamingDocument()->style();
    // Inside the box, left of the text: the code background.
    QCOMPARE(colourAt(textLeft - style.codePadding / 2, rect.center().y()).rgb(), style.codeBackground.rgb());
    // Beside "Before.": the view's own base colour.
    const QTextBlock before = view.document()->find(u"Before."_s).block();
    const QRectF beforeRect = view.document()->documentLayout()->blockBoundingRect(before);
    QCOMPARE(colourAt(view.viewport()->width() - 10, beforeRect.center().y()).rgb(),
             view.palette().color(QPalette::Base).rgb());
}

void TestMarkdownView::reasoningFolds()
{
    ReasoningSection section;
    section.resize(400, 300);
    section.show();
    QVERIFY(QTest::qWaitForWindowExposed(&section));
    QVERIFY(!section.isExpanded());
    QVERIFY(!section.view()->isVisible());
    QCOMPARE(section.title(), u"Thinking…"_s);

    section.appendDelta(u"First I consider **the cache**.\n\n"_s);
    section.streamingDocument()->flush();
    QVERIFY(section.view()->document()->toPlainText().contains(u"the cache"_s));

    QSignalSpy expanded(&section, &ReasoningSection::expandedChanged);
    QTest::mouseClick(section.findChild<QToolButton *>(u"reasoningHeader"_s), Qt::LeftButton);
    QCOMPARE(expanded.count(), 1);
    QVERIFY(section.isExpanded());
    QVERIFY(section.view()->isVisible());

    section.finish();
    QVERIFY2(section.title().startsWith(u"Thought for"_s), qPrintable(section.title()));
    QVERIFY(section.streamingDocument()->isFinished());

    section.clear();
    QVERIFY(!section.isExpanded());
    QCOMPARE(section.title(), u"Thinking…"_s);
    QVERIFY(section.view()->document()->toPlainText().isEmpty());
}

QTEST_MAIN(TestMarkdownView)
#include "tst_markdownview.moc"
