#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QTextCharFormat>

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/State>

namespace Switchyard::Markdown {

/// Highlights the lines of one code block at a time with KSyntaxHighlighting,
/// as runs of character formats the renderer inserts the text with, so no
/// text is formatted twice. The language comes from a fence's info string
/// ("cpp", "c++", "py", "sh", "rust", ...). The open block at the end of a
/// stream is rendered again on every flush; lines that have not changed keep
/// their runs from the last time, so a long code block costs only its new
/// lines.
class CodeHighlighter final : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    struct Run {
        int start = 0;
        int length = 0;
        QTextCharFormat format;
    };

    CodeHighlighter();

    /// Syntax colours for a dark or a light background.
    void setDark(bool dark);

    /// Starts a code block. Returns false when the language is unknown (the
    /// block is then shown as plain code). blockId names the block across
    /// renders so that its lines can be reused.
    bool begin(QStringView language, qsizetype blockId);

    /// The formats of the next line of the block (without its newline);
    /// ranges not covered keep the plain code format.
    [[nodiscard]] const QList<Run> &highlightNext(QStringView line);

    /// For tests: lines highlighted, not taken from the cache.
    [[nodiscard]] qint64 linesHighlighted() const { return m_linesHighlighted; }

    /// The definition for a fence's info string; invalid if none fits.
    [[nodiscard]] KSyntaxHighlighting::Definition definitionFor(QStringView language);

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    struct Line {
        QString text;
        KSyntaxHighlighting::State before;
        KSyntaxHighlighting::State after;
        QList<Run> runs;
    };

    [[nodiscard]] QTextCharFormat charFormat(const KSyntaxHighlighting::Format &format);

    bool m_dark = false;
    bool m_active = false;
    qsizetype m_blockId = -1;
    int m_line = 0;
    KSyntaxHighlighting::State m_state;
    QList<Line> m_lines;
    QList<Run> *m_target = nullptr;
    QHash<int, QTextCharFormat> m_formats; // by Format::id(), for the current theme
    // By info string: the open block asks on every flush, and a lookup by file
    // name walks every definition's patterns.
    QHash<QString, KSyntaxHighlighting::Definition> m_definitions;
    QList<Run> m_none;
    qint64 m_linesHighlighted = 0;
};

} // namespace Switchyard::Markdown
