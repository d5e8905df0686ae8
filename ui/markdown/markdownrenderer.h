#pragma once

#include "markdown/codeblock.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QUrl>

class QTextDocument;
class QTextList;
class QTextTable;

namespace Switchyard::Markdown {

class CodeHighlighter;
struct RenderStyle;

/// Turns Markdown into QTextDocument content straight from md4c's callbacks,
/// with QTextCursor and explicit formats: no HTML is generated and nothing in
/// the text is ever interpreted as HTML. Raw HTML is parsed as text and shown
/// as written; images become a placeholder link that loads nothing; links
/// keep their target for the view to confirm.
///
/// It only appends: each call renders one piece of Markdown at the end of the
/// document, so a stream can render its finished chunks once and re-render
/// only the open tail. What must carry from one piece to the next is whether
/// the document ends in a collapsed empty block that the next block takes
/// over (at the start, and after a table), which render() takes and returns,
/// and the numbering of code blocks and images, which continues from the
/// lists it appends to. Tables are the only frames it makes: QTextDocument
/// rescans all its fragments whenever a frame is inserted or removed.
class MarkdownRenderer
{
    Q_DECLARE_TR_FUNCTIONS(Switchyard::Markdown::MarkdownRenderer)

public:
    /// Set on a code block's header and lines: its index in codeBlocks.
    static constexpr int CodeBlockIndex = QTextFormat::UserProperty + 0x4d44;

    /// The md4c dialect: GitHub's (tables, strikethrough, task lists,
    /// autolinks) without raw HTML, which is shown as text instead.
    [[nodiscard]] static unsigned parserFlags();

    MarkdownRenderer(QTextDocument *document, const RenderStyle &style, CodeHighlighter &highlighter,
                     QList<CodeBlock> &codeBlocks, QList<QUrl> &images);

    /// Renders markdown at the end of the document. fresh: the last block is
    /// an unused collapsed block to take over. Returns whether the document
    /// ends in one now. False if md4c failed (out of memory).
    bool render(QByteArrayView markdown, bool &fresh);

private:
    struct ListLevel {
        QTextListFormat format;
        QTextList *list = nullptr;
        bool tight = true;
    };

    // md4c's callbacks, kept out of this header with md4c.h.
    struct Callbacks;
    friend struct Callbacks;

    void onEnterBlock(int type, void *detail);
    void onLeaveBlock(int type);
    void onEnterSpan(int type, void *detail);
    void onLeaveSpan(int type);
    void onText(int type, QByteArrayView text);

    void startBlock(QTextBlockFormat block, const QTextCharFormat &chars);
    void startImplicitBlock();
    void insertText(const QString &text, const QTextCharFormat &format);
    void pushFormat(const QTextCharFormat &change);
    void popFormat();
    [[nodiscard]] int indentLevel() const;
    void enterTable(const void *detail);
    void enterCell(int type, const void *detail);
    void leaveTable();
    void insertCodeBlock();
    void insertImagePlaceholder();
    void takeBlockAfterTable(int lastPositionInTable);

    QTextDocument *m_document;
    const RenderStyle &m_style;
    CodeHighlighter &m_highlighter;
    QList<CodeBlock> &m_codeBlocks;
    QList<QUrl> &m_images;

    QTextCursor m_cursor;
    bool m_fresh = false;
    bool m_blockOpen = false;
    int m_quoteDepth = 0;
    QList<ListLevel> m_lists;
    bool m_pendingItem = false;
    int m_pendingMarker = 0; // QTextBlockFormat::MarkerType
    QList<QTextCharFormat> m_formats; // blocks' (quote, heading) and then spans' formats
    int m_openSpans = 0;              // how many of m_formats are spans'

    QTextTable *m_table = nullptr;
    int m_row = 0;
    int m_column = 0;

    bool m_inCode = false;
    QString m_codeLanguage;
    QString m_code;

    int m_imageDepth = 0;
    QString m_imageSource;
    QString m_imageAlt;
};

} // namespace Switchyard::Markdown
