#include "markdown/streamingdocument.h"

#include "markdown/blockprobe.h"
#include "markdown/codehighlighter.h"
#include "markdown/markdownrenderer.h"
#include "markdown/renderstyle.h"

#include <QGuiApplication>
#include <QTextCursor>
#include <QTextDocument>

using namespace std::chrono_literals;

namespace Switchyard::Markdown {

StreamingDocument::StreamingDocument(QObject *parent)
    : QObject(parent)
    , m_document(new QTextDocument(this))
    , m_style(std::make_unique<RenderStyle>(
          RenderStyle::from(QGuiApplication::palette(), QGuiApplication::font())))
    , m_highlighter(std::make_unique<CodeHighlighter>())
{
    // An answer is never edited; an undo stack would only grow with it.
    m_document->setUndoRedoEnabled(false);
    applyStyle();

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setInterval(16ms);
    connect(&m_frameTimer, &QTimer::timeout, this, &StreamingDocument::flush);
    resetDocument();
}

StreamingDocument::~StreamingDocument() = default;

void StreamingDocument::appendDelta(QStringView delta)
{
    if (delta.isEmpty())
        return;
    m_finished = false;
    m_pending += delta;
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void StreamingDocument::flush()
{
    m_frameTimer.stop();
    if (m_pending.isEmpty())
        return;
    QString text = std::exchange(m_pending, QString());
    // A surrogate pair split between two deltas waits for its second half.
    if (text.back().isHighSurrogate()) {
        m_pending = text.back();
        text.chop(1);
        if (text.isEmpty())
            return;
    }
    m_source += text.toUtf8();
    render();
}

void StreamingDocument::finish()
{
    if (!m_pending.isEmpty() && m_pending.back().isHighSurrogate())
        m_pending.back() = QChar::ReplacementCharacter; // its other half will not come
    flush();
    m_finished = true;
    Q_EMIT finished();
}

void StreamingDocument::setMarkdown(const QString &markdown)
{
    clear();
    m_pending = markdown;
    flush();
}

void StreamingDocument::clear()
{
    m_frameTimer.stop();
    m_pending.clear();
    m_source.clear();
    m_scanner.reset();
    m_cuts.clear();
    m_committed = 0;
    m_finished = false;
    m_stats = {};
    resetDocument();
    Q_EMIT updated();
}

void StreamingDocument::setStyle(const QPalette &palette, const QFont &font)
{
    if (palette == m_style->palette && font == m_style->font)
        return;
    *m_style = RenderStyle::from(palette, font);
    applyStyle();
    rebuild();
}

void StreamingDocument::applyStyle()
{
    m_highlighter->setDark(m_style->dark);
    m_document->setDefaultFont(m_style->font);
    m_document->setIndentWidth(m_style->indentWidth);
    QTextOption option = m_document->defaultTextOption();
    option.setTabStopDistance(m_style->tabWidth);
    m_document->setDefaultTextOption(option);
}

void StreamingDocument::setFrameInterval(std::chrono::milliseconds interval)
{
    m_frameTimer.setInterval(interval);
}

QString StreamingDocument::markdown() const
{
    return QString::fromUtf8(m_source) + m_pending;
}

QUrl StreamingDocument::imageUrl(int index) const
{
    return m_images.value(index);
}

QVariant StreamingDocument::loadResource(int, const QUrl &)
{
    return QByteArray(""); // empty, not null: a null answer would send QTextDocument to the file system
}

void StreamingDocument::resetDocument()
{
    m_document->clear();
    QTextCursor cursor(m_document);
    cursor.setBlockFormat(m_style->collapsed);
    cursor.setBlockCharFormat(QTextCharFormat());
    m_tailPosition = 0;
    m_codeBlocks.clear();
    m_images.clear();
    m_committedCodeBlocks = 0;
    m_committedImages = 0;
}

void StreamingDocument::render()
{
    QList<qsizetype> candidates;
    m_scanner.scan(m_source, candidates);
    QList<qsizetype> cuts;
    if (!candidates.isEmpty()) {
        // md4c has the last word on each cut the scanner proposes.
        const QByteArrayView open =
            QByteArrayView(m_source).sliced(m_committed, m_scanner.scannedUpTo() - m_committed);
        QList<qsizetype> relative;
        relative.reserve(candidates.size());
        for (qsizetype candidate : std::as_const(candidates)) {
            if (candidate > m_committed)
                relative.append(candidate - m_committed);
        }
        for (qsizetype cut : BlockProbe::confirm(open, relative, &m_stats.probedBytes))
            cuts.append(m_committed + cut);
    }

    const qint64 parsedBefore = m_stats.parsedBytes;
    // One edit block: the layout hears of one change per flush, from the
    // start of the tail to the end.
    QTextCursor edit(m_document);
    edit.beginEditBlock();
    removeTail();
    for (qsizetype cut : std::as_const(cuts)) {
        commitChunk(cut);
        m_cuts.append(cut);
        ++m_stats.committedChunks;
    }
    renderTail();
    edit.endEditBlock();

    m_stats.lastParsedBytes = m_stats.parsedBytes - parsedBefore;
    ++m_stats.renders;
    m_stats.highlightedLines = m_highlighter->linesHighlighted();
    Q_EMIT updated();
}

void StreamingDocument::rebuild()
{
    resetDocument();
    m_committed = 0;
    QTextCursor edit(m_document);
    edit.beginEditBlock();
    for (qsizetype cut : std::as_const(m_cuts))
        commitChunk(cut);
    renderTail();
    edit.endEditBlock();
    Q_EMIT updated();
}

void StreamingDocument::removeTail()
{
    // The tail starts in the collapsed block at m_tailPosition, after the
    // separator of the last finished block, so removing it never touches a
    // finished block (QTextDocument would drop an empty block whose separator
    // is removed, and with it an empty finished block such as a rule).
    if (m_document->characterCount() - 1 > m_tailPosition) {
        QTextCursor tail(m_document);
        tail.setPosition(m_tailPosition);
        tail.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        tail.removeSelectedText();
    }
    // The tail may have taken the collapsed block over; give it back.
    QTextCursor last(m_document);
    last.movePosition(QTextCursor::End);
    last.setBlockFormat(m_style->collapsed);
    last.setBlockCharFormat(QTextCharFormat());
    m_codeBlocks.resize(m_committedCodeBlocks);
    m_images.resize(m_committedImages);
}

void StreamingDocument::commitChunk(qsizetype to)
{
    bool fresh = true;
    renderChunk(m_committed, to, fresh);
    if (!fresh) {
        // Every chunk ends in a collapsed block for the next one to start in
        // (a table or code block leaves one anyway). A render at once takes
        // the same cuts, so it has the same blocks.
        QTextCursor end(m_document);
        end.movePosition(QTextCursor::End);
        end.insertBlock(m_style->collapsed, QTextCharFormat());
    }
    m_committed = to;
    m_tailPosition = m_document->characterCount() - 1;
    m_committedCodeBlocks = m_codeBlocks.size();
    m_committedImages = m_images.size();
}

void StreamingDocument::renderTail()
{
    if (m_committed == m_source.size())
        return;
    bool fresh = true;
    renderChunk(m_committed, m_source.size(), fresh);
}

void StreamingDocument::renderChunk(qsizetype from, qsizetype to, bool &fresh)
{
    MarkdownRenderer renderer(m_document, *m_style, *m_highlighter, m_codeBlocks, m_images);
    renderer.render(QByteArrayView(m_source).sliced(from, to - from), fresh);
    m_stats.parsedBytes += to - from;
}

} // namespace Switchyard::Markdown
