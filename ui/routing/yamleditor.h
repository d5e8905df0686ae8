#pragma once

#include "routing/configerror.h"

#include <QPlainTextEdit>

class QTimer;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace Switchyard::RoutingUi {

/// The YAML side of the Routing page: a plain-text editor highlighted by
/// KSyntaxHighlighting (the process's one repository; a dark theme on a dark
/// base) that reports what was typed once typing pauses, and marks problems
/// with a wavy underline at their line and column. Its own undo is off:
/// Ctrl+Z and Ctrl+Shift+Z are asked of the page, whose history spans both
/// the visual and the YAML side.
class YamlEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YamlEditor)

public:
    /// How long typing must pause before the text is read.
    static constexpr int PauseMs = 300;

    explicit YamlEditor(QWidget *parent = nullptr);
    ~YamlEditor() override;

    /// Shows text without reporting it as typed; the cursor keeps its line.
    void showText(const QByteArray &text);
    [[nodiscard]] QByteArray currentText() const { return toPlainText().toUtf8(); }
    /// Reports typed text now rather than after the pause (before undo, save).
    void flush();
    void setProblems(const Routing::ConfigErrors &problems);
    /// Puts the cursor at a 1-based line and column and shows it.
    void goTo(int line, int column);

Q_SIGNALS:
    /// Typing paused: this is the text now.
    void textTyped(const QByteArray &text);
    void undoRequested();
    void redoRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QTimer *m_pause = nullptr;
    bool m_showing = false;
    bool m_dark = false;
    Routing::ConfigErrors m_problems;
};

} // namespace Switchyard::RoutingUi
