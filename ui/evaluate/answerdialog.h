#pragma once

#include "eval/caseresult.h"

#include <QDialog>

class QLabel;
class QTabBar;

namespace Switchyard::Markdown {
class MarkdownView;
}

namespace Switchyard::EvaluateUi {

/// One cell of the matrix opened: the prompt, and per repeat the answer
/// rendered as Compare renders answers (a MarkdownView: links and images only
/// after the user confirms), with what each assertion said of it.
class AnswerDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnswerDialog)

public:
    /// results: the cell's answers, one per repeat.
    AnswerDialog(const QList<Eval::CaseResult> &results, QWidget *parent = nullptr);

    [[nodiscard]] Markdown::MarkdownView *answerView() const { return m_answer; }
    void showRepeat(int index);

private:
    QList<Eval::CaseResult> m_results;
    QTabBar *m_repeats = nullptr;
    QLabel *m_figures = nullptr;
    QLabel *m_assertions = nullptr;
    Markdown::MarkdownView *m_answer = nullptr;
};

} // namespace Switchyard::EvaluateUi
