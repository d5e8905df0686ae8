#include "markdown/markdownview.h"

#include "markdown/linkprompt.h"
#include "markdown/markdownrenderer.h"
#include "markdown/renderstyle.h"
#include "markdown/streamingdocument.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QPainter>
#include <QPaintEvent>
#include <QScrollBar>
#include <QStyle>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {
namespace {

// "switchyard-copy:3" → 3; -1 if the URL is not of that scheme.
int indexFor(const QUrl &url, QStringView scheme)
{
    if (url.scheme() != scheme)
        return -1;
    bool ok = false;
    const int index = url.path().toInt(&ok);
    return ok ? index : -1;
}

} // namespace

MarkdownView::MarkdownView(QWidget *parent)
    : QTextBrowser(parent)
    , m_stream(new StreamingDocument(this))
    , m_prompt(new LinkPrompt(this))
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    // Links are ours to handle: QTextBrowser must neither follow them nor
    // hand them to the desktop.
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setDocument(m_stream->document());
    m_stream->setStyle(palette(), font());

    connect(this, &QTextBrowser::anchorClicked, this, &MarkdownView::activate);
    connect(m_prompt, &LinkPrompt::openRequested, this, [this](const QUrl &url) {
        if (isOpenable(url)) // checked again: nothing else may reach the desktop
            m_opener(url);
    });
    connect(m_prompt, &LinkPrompt::closed, this, [this] {
        placePrompt();
        setFocus();
    });

    // Follow the answer as it grows, unless the user scrolled up to read:
    // once per event loop pass, however often the range changed during it.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this,
            [this, bar](int value) { m_followTail = value >= bar->maximum() - 2; });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar] {
        if (!m_followTail || m_followPending)
            return;
        m_followPending = true;
        QMetaObject::invokeMethod(
            this,
            [this, bar] {
                m_followPending = false;
                if (m_followTail)
                    bar->setValue(bar->maximum());
            },
            Qt::QueuedConnection);
    });
}

MarkdownView::~MarkdownView() = default;

void MarkdownView::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

bool MarkdownView::isOpenable(const QUrl &url)
{
    const QString scheme = url.scheme();
    if (scheme == u"http" || scheme == u"https")
        return !url.host().isEmpty();
    return scheme == u"mailto" && !url.path().isEmpty();
}

QVariant MarkdownView::loadResource(int, const QUrl &)
{
    return {};
}

void MarkdownView::activate(const QUrl &url)
{
    if (const int code = indexFor(url, u"switchyard-copy"); code >= 0) {
        copyCode(code);
        return;
    }
    if (const int image = indexFor(url, u"switchyard-image"); image >= 0) {
        const QUrl source = m_stream->imageUrl(image);
        Q_EMIT imageActivated(source);
        if (isOpenable(source)) {
            showPrompt(tr("Open this image in your web browser? It is loaded from %1.")
                           .arg(source.host(QUrl::FullyEncoded)),
                       source, true);
        } else {
            const QString refusal = tr("Switchyard loads images only from http and https addresses:");
            showPrompt(refusal, source, false);
        }
        return;
    }
    Q_EMIT linkActivated(url);
    // The host as the network sees it (punycode), so a look-alike name
    // cannot pass for the one it imitates.
    const QString host = url.host(QUrl::FullyEncoded);
    if (url.scheme() == u"mailto" && isOpenable(url))
        showPrompt(tr("Write an email to this address?"), url, true);
    else if (isOpenable(url))
        showPrompt(tr("Open this link in your web browser? It goes to %1.").arg(host), url, true);
    else if (url.scheme().isEmpty())
        showPrompt(tr("This link has no web address, so Switchyard does not open it:"), url, false);
    else
        showPrompt(tr("Switchyard opens only http, https and mailto links, not “%1:” ones:")
                       .arg(url.scheme()),
                   url, false);
}

void MarkdownView::copyCode(int index)
{
    const QList<CodeBlock> &blocks = m_stream->codeBlocks();
    if (index < 0 || index >= blocks.size())
        return;
    QApplication::clipboard()->setText(blocks.at(index).text);
    QToolTip::showText(QCursor::pos(), tr("Copied"), this);
    Q_EMIT codeCopied(index);
}

void MarkdownView::showPrompt(const QString &question, const QUrl &url, bool openable)
{
    m_prompt->ask(question, url, openable);
    placePrompt();
}

// The prompt sits at the bottom beside the vertical scroll bar, and the
// viewport shrinks by its height so that no text hides behind it.
void MarkdownView::placePrompt()
{
    if (!m_prompt->isVisible()) {
        setViewportMargins(0, 0, 0, 0);
        return;
    }
    QRect area = contentsRect();
    if (const QScrollBar *bar = verticalScrollBar(); bar->isVisible())
        area.setWidth(area.width() - bar->width());
    area = QStyle::visualRect(layoutDirection(), contentsRect(), area);
    const int forWidth = m_prompt->heightForWidth(area.width());
    const int height = forWidth > 0 ? forWidth : m_prompt->sizeHint().height();
    m_prompt->setGeometry(area.left(), area.bottom() + 1 - height, area.width(), height);
    setViewportMargins(0, 0, 0, height);
}

void MarkdownView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    switch (event->type()) {
    case QEvent::PaletteChange:
    case QEvent::FontChange:
    case QEvent::StyleChange:
        // Syntax colours and code backgrounds come from the palette.
        m_stream->setStyle(palette(), font());
        break;
    default:
        break;
    }
}

void MarkdownView::paintEvent(QPaintEvent *event)
{
    paintCodeBoxes(event->rect()); // under the text
    QTextBrowser::paintEvent(event);
    paintQuoteBars(event->rect());
}

// The block at viewport height y, or the one before it: a box or bar that
// began above the visible area must not seem to begin at its top edge.
QTextBlock MarkdownView::firstBlockAt(int y) const
{
    const QTextBlock block = cursorForPosition(QPoint(0, y)).block();
    return block.previous().isValid() ? block.previous() : block;
}

// Code blocks are plain blocks inset on all sides (see RenderStyle); their
// box is painted here, once per paint and only where visible.
void MarkdownView::paintCodeBoxes(const QRect &area)
{
    const RenderStyle &style = m_stream->style();
    QAbstractTextDocumentLayout *layout = document()->documentLayout();
    const QPointF scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(style.codeBorder, 1));
    painter.setBrush(style.codeBackground);

    int current = -1;
    QRectF box;
    auto paintBox = [&] {
        if (current >= 0)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    };
    for (QTextBlock block = firstBlockAt(area.top()); block.isValid(); block = block.next()) {
        const QVariant property = block.blockFormat().property(MarkdownRenderer::CodeBlockIndex);
        const int index = property.isValid() ? property.toInt() : -1;
        // The lines' extent: a layout's bounding rect starts at its position,
        // before the block's left margin, and so is off by that margin.
        QRectF rect = layout->blockBoundingRect(block).translated(-scroll);
        if (const QTextLayout *lines = block.layout(); lines && lines->lineCount() > 0) {
            rect.setLeft(rect.left() + lines->lineAt(0).x());
            rect.setWidth(lines->lineAt(0).width());
        }
        rect.adjust(-style.codePadding, -style.codePadding, style.codePadding, style.codePadding);
        if (index != current) {
            paintBox();
            current = index;
            box = rect;
        } else if (index >= 0) {
            box |= rect;
        }
        // One block past the area, so that a box going on below has no
        // bottom edge in sight.
        if (rect.top() > area.bottom())
            break;
    }
    paintBox();
}

// QTextDocument has no left border for a block, so block quotes get their
// bar here: one per level, beside the visible blocks that are quoted.
void MarkdownView::paintQuoteBars(const QRect &area)
{
    QTextDocument *doc = document();
    QAbstractTextDocumentLayout *layout = doc->documentLayout();
    const QPointF scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    const qreal indent = doc->indentWidth();
    const qreal left = doc->documentMargin();
    QPainter painter(viewport());
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::PlaceholderText));
    for (QTextBlock block = firstBlockAt(area.top()); block.isValid(); block = block.next()) {
        const QRectF rect = layout->blockBoundingRect(block).translated(-scroll);
        if (rect.top() > area.bottom())
            break;
        const int level = block.blockFormat().intProperty(QTextFormat::BlockQuoteLevel);
        if (level <= 0)
            continue;
        // Down to the next block when it is quoted too, so the bar has no gaps.
        qreal bottom = rect.bottom();
        const QTextBlock next = block.next();
        if (next.isValid() && next.blockFormat().intProperty(QTextFormat::BlockQuoteLevel) > 0)
            bottom = layout->blockBoundingRect(next).top() - scroll.y();
        for (int i = 0; i < level; ++i) {
            const qreal x = left - scroll.x() + i * indent + indent * 0.2;
            painter.drawRect(QRectF(x, rect.top(), 3, bottom - rect.top()));
        }
    }
}

void MarkdownView::resizeEvent(QResizeEvent *event)
{
    QTextBrowser::resizeEvent(event);
    placePrompt();
}

} // namespace Switchyard::Markdown
