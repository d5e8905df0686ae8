#include "routing/yamleditor.h"

#include "markdown/syntaxrepository.h"
#include "widgets/darkpalette.h"
#include "widgets/statuscolors.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QFontDatabase>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {

YamlEditor::YamlEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_pause(new QTimer(this))
{
    setObjectName(u"yamlEditor"_s);
    setAccessibleName(tr("Config as YAML"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // A long line (a description, a list of tags) wraps inside the pane
    // rather than running off its right edge behind a scroll bar; the line
    // numbers and error marks stay those of the file's lines.
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTabChangesFocus(false);
    setUndoRedoEnabled(false);
    setTabStopDistance(fontMetrics().horizontalAdvance(u"  "_s));

    m_highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    m_highlighter->setDefinition(Markdown::syntaxRepository().definitionForName(u"YAML"_s));
    m_dark = !Widgets::isDarkPalette(palette()); // so that applyTheme() sets it
    applyTheme();

    m_pause->setSingleShot(true);
    m_pause->setInterval(PauseMs);
    connect(m_pause, &QTimer::timeout, this, [this] { Q_EMIT textTyped(currentText()); });
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_showing)
            m_pause->start();
    });
}

YamlEditor::~YamlEditor() = default;

void YamlEditor::showText(const QByteArray &text)
{
    m_pause->stop();
    const QString shown = QString::fromUtf8(text);
    if (shown == toPlainText())
        return;
    const int line = textCursor().blockNumber();
    const int column = textCursor().positionInBlock();
    const int scroll = verticalScrollBar()->value();
    m_showing = true;
    setPlainText(shown);
    m_showing = false;
    goTo(line + 1, column + 1);
    verticalScrollBar()->setValue(scroll);
}

void YamlEditor::flush()
{
    if (!m_pause->isActive())
        return;
    m_pause->stop();
    Q_EMIT textTyped(currentText());
}

void YamlEditor::goTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
    setTextCursor(cursor);
    centerCursor();
}

void YamlEditor::setProblems(const Routing::ConfigErrors &problems)
{
    m_problems = problems;
    QList<QTextEdit::ExtraSelection> marks;
    for (const Routing::ConfigError &problem : problems) {
        if (!problem.position.isKnown())
            continue;
        const QTextBlock block = document()->findBlockByNumber(problem.position.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(problem.isError() ? Widgets::StatusColors::error(palette())
                                                        : Widgets::StatusColors::warning(palette()));
        mark.format.setToolTip(problem.message);
        // From the column to the end of the word (or of the line when that is all there is).
        const QString text = block.text();
        int from = std::clamp(problem.position.column - 1, 0, int(text.size()));
        int to = from;
        while (to < text.size() && !text.at(to).isSpace())
            ++to;
        if (to == from) {
            from = 0;
            to = int(text.size());
        }
        mark.cursor = QTextCursor(block);
        mark.cursor.setPosition(block.position() + from);
        mark.cursor.setPosition(block.position() + std::max(to, from + 1), QTextCursor::KeepAnchor);
        marks.append(mark);
    }
    setExtraSelections(marks);
}

void YamlEditor::keyPressEvent(QKeyEvent *event)
{
    // One history for both sides of the page: the text's own is off.
    if (event->matches(QKeySequence::Undo)) {
        flush();
        Q_EMIT undoRequested();
        return;
    }
    if (event->matches(QKeySequence::Redo)) {
        flush();
        Q_EMIT redoRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void YamlEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        applyTheme();
        setProblems(m_problems);
    }
}

void YamlEditor::applyTheme()
{
    const bool dark = Widgets::isDarkPalette(palette());
    if (dark == m_dark)
        return;
    m_dark = dark;
    m_highlighter->setTheme(Markdown::syntaxRepository().defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme : KSyntaxHighlighting::Repository::LightTheme));
    m_highlighter->rehighlight();
}

} // namespace Switchyard::RoutingUi
