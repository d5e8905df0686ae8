#pragma once

#include "markdown/boundaryscanner.h"
#include "markdown/codeblock.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>

class QFont;
class QPalette;
class QTextDocument;

namespace Switchyard::Markdown {

class CodeHighlighter;
struct RenderStyle;

/// A model's answer as it streams: Markdown text arrives in deltas and is
/// shown as rich text in a QTextDocument (which a MarkdownView displays),
/// with a cost per delta that does not grow with the length of the answer.
///
/// How: the source is cut into chunks at places where md4c renders the parts
/// the same apart as together (see BoundaryScanner for the rule, and
/// BlockProbe for how md4c confirms each cut). A finished chunk is parsed
/// and laid out once and never touched again; only the open tail — the text
/// after the last cut, usually the paragraph, list, table or code block being
/// written — is removed and rendered again when more text arrives. The cuts
/// depend only on the text, never on how it arrived, so a streamed answer
/// ends up exactly as the same answer rendered at once.
///
/// Deltas are only buffered; the document changes at most once per frame
/// (every 16 ms while text arrives), or when the caller calls flush(), so a
/// fast stream costs one render per frame, not one per token.
///
/// The object owns its QTextDocument. Code blocks are listed with their
/// language and text for copying; image URLs are kept by index for the view's
/// "click to load" placeholders (the document itself never loads anything).
///
/// Limits: a reference-style link resolves only against a definition in its
/// own chunk or on the line just after it (models rarely write them); a text
/// without blank lines (one huge list or paragraph, or an unclosed code
/// fence) stays one open tail and is re-rendered whole, which is correct but
/// costs time in proportion to its size.
class StreamingDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamingDocument)

public:
    /// Counters for tests and benchmarks.
    struct Stats {
        qint64 renders = 0;         // flushes that changed the document
        qint64 parsedBytes = 0;     // Markdown handed to md4c to render: committed chunks and tails
        qint64 lastParsedBytes = 0; // the same, in the last render
        qint64 probedBytes = 0;     // Markdown md4c parsed to confirm cuts
        qint64 committedChunks = 0; // chunks rendered for good, each exactly once
        qint64 highlightedLines = 0; // code lines run through the highlighter (not taken from its cache)
    };

    explicit StreamingDocument(QObject *parent = nullptr);
    ~StreamingDocument() override;

    [[nodiscard]] QTextDocument *document() const { return m_document; }

    /// Buffers a piece of the answer; the document follows within a frame.
    void appendDelta(QStringView delta);
    /// Renders everything buffered now.
    void flush();
    /// The answer is complete: renders what is buffered, stops the timer.
    void finish();
    /// Replaces the whole text and renders it at once.
    void setMarkdown(const QString &markdown);
    /// Empties the document for a new answer.
    void clear();

    /// The palette and font to render with (the view passes its own). Renders
    /// everything again if either changed.
    void setStyle(const QPalette &palette, const QFont &font);

    /// How long deltas are gathered before the document changes; 16 ms by
    /// default. Zero renders on the next event loop pass.
    void setFrameInterval(std::chrono::milliseconds interval);

    /// The Markdown so far, including what is buffered.
    [[nodiscard]] QString markdown() const;
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] const QList<CodeBlock> &codeBlocks() const { return m_codeBlocks; }
    /// The source of the image placeholder with this index (its link is
    /// "switchyard-image:INDEX"); empty if there is none.
    [[nodiscard]] QUrl imageUrl(int index) const;

    /// Bytes (UTF-8) of source rendered for good, and of the open tail.
    [[nodiscard]] qsizetype committedBytes() const { return m_committed; }
    [[nodiscard]] qsizetype tailBytes() const { return m_source.size() - m_committed; }
    /// Where the open tail begins in the document: everything before it is
    /// final and will not change again.
    [[nodiscard]] int tailPosition() const { return m_tailPosition; }
    [[nodiscard]] const Stats &stats() const { return m_stats; }
    /// The formats in use, for the view's drawing around the text.
    [[nodiscard]] const RenderStyle &style() const { return *m_style; }

    /// QTextDocument asks its parent for a resource before it would read a
    /// local file or decode a data: URL itself. The answer is always empty
    /// data, so nothing in an answer can make the document load anything.
    Q_INVOKABLE QVariant loadResource(int type, const QUrl &name);

Q_SIGNALS:
    /// The document changed (after a flush that rendered something).
    void updated();
    void finished();

private:
    void applyStyle();
    void render();
    void rebuild();
    void removeTail();
    void commitChunk(qsizetype to);
    void renderTail();
    void renderChunk(qsizetype from, qsizetype to, bool &fresh);
    void resetDocument();

    QTextDocument *m_document = nullptr;
    std::unique_ptr<RenderStyle> m_style;
    std::unique_ptr<CodeHighlighter> m_highlighter;
    QTimer m_frameTimer;

    QString m_pending;           // deltas not rendered yet
    QByteArray m_source;         // UTF-8, everything rendered so far
    BoundaryScanner m_scanner;
    QList<qsizetype> m_cuts;     // where each committed chunk after the first begins
    qsizetype m_committed = 0;   // where the open tail begins in m_source
    int m_tailPosition = 0;      // where it begins in the document: a collapsed block
    qsizetype m_committedCodeBlocks = 0;
    qsizetype m_committedImages = 0;
    QList<CodeBlock> m_codeBlocks;
    QList<QUrl> m_images;
    bool m_finished = false;
    Stats m_stats;
};

} // namespace Switchyard::Markdown
