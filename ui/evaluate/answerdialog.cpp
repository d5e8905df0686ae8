#include "evaluate/answerdialog.h"

#include "base/units.h"
#include "markdown/markdownview.h"
#include "markdown/streamingdocument.h"
#include "widgets/statuscolors.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QTabBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::EvaluateUi {

using Eval::CaseResult;

AnswerDialog::AnswerDialog(const QList<CaseResult> &results, QWidget *parent)
    : QDialog(parent), m_results(results), m_repeats(new QTabBar(this)), m_figures(new QLabel(this)),
      m_assertions(new QLabel(this)), m_answer(new Markdown::MarkdownView(this))
{
    const CaseResult first = results.value(0);
    setWindowTitle(tr("%1 — %2").arg(first.caseKey.left(60).simplified(), first.target));
    setObjectName(u"evalAnswerDialog"_s);
    auto *layout = new QVBoxLayout(this);
    auto *prompt = new QLabel(this);
    prompt->setObjectName(u"evalAnswerPrompt"_s);
    prompt->setTextFormat(Qt::PlainText); // the prompt is the user's, but may hold anything
    prompt->setWordWrap(true);
    prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    prompt->setText(tr("Prompt: %1").arg(first.prompt));
    layout->addWidget(prompt);
    for (const CaseResult &r : results)
        m_repeats->addTab(tr("Repeat %1").arg(r.repeat + 1));
    m_repeats->setExpanding(false);
    m_repeats->setVisible(results.size() > 1);
    layout->addWidget(m_repeats);
    m_figures->setObjectName(u"evalAnswerFigures"_s);
    layout->addWidget(m_figures);
    m_assertions->setObjectName(u"evalAnswerAssertions"_s);
    m_assertions->setTextFormat(Qt::RichText);
    m_assertions->setWordWrap(true);
    m_assertions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_assertions);
    m_answer->setObjectName(u"evalAnswerView"_s);
    m_answer->setAccessibleName(tr("Answer"));
    layout->addWidget(m_answer, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_repeats, &QTabBar::currentChanged, this, &AnswerDialog::showRepeat);
    resize(760, 620);
    showRepeat(0);
}

void AnswerDialog::showRepeat(int index)
{
    if (index < 0 || index >= m_results.size())
        return;
    const CaseResult &r = m_results.at(index);
    QStringList figures{CaseResult::statusName(r.status)};
    if (r.score)
        figures.append(tr("score %1").arg(*r.score, 0, 'f', 2));
    const QString cost = Base::Units::usd(r.costNanoUsd);
    figures.append(r.costNanoUsd && r.costEstimated ? u"≈"_s + cost : cost);
    if (r.latencyMs)
        figures.append(Base::Units::duration(*r.latencyMs));
    if (r.tokensOut)
        figures.append(tr("%1 tokens out").arg(*r.tokensOut));
    if (!r.answeredBy.isEmpty() && r.answeredBy != r.target)
        figures.append(tr("answered by %1").arg(r.answeredBy));
    m_figures->setText(figures.join(u" · "_s));

    // Reasons quote the answer: escaped, never read as markup.
    const QString errorColor = Widgets::StatusColors::error(palette()).name();
    QStringList lines;
    if (!r.error.isEmpty())
        lines.append(u"<span style=\"color:%1\">%2</span>"_s.arg(errorColor, r.error.toHtmlEscaped()));
    for (const Eval::AssertionOutcome &a : r.assertions) {
        const QString mark = a.error ? u"!"_s : a.passed ? u"✓"_s : u"✗"_s;
        QString line = u"%1 <b>%2</b>"_s.arg(mark, a.type.toHtmlEscaped());
        if (a.score)
            line += u" %1"_s.arg(*a.score, 0, 'f', 2);
        if (!a.reason.isEmpty())
            line += u" — "_s + a.reason.toHtmlEscaped();
        lines.append(a.passed ? line : u"<span style=\"color:%1\">%2</span>"_s.arg(errorColor, line));
    }
    m_assertions->setText(lines.isEmpty() ? tr("No assertions: any answer passes.") : lines.join(u"<br>"_s));
    m_answer->streamingDocument()->setMarkdown(r.answer);
}

} // namespace Switchyard::EvaluateUi
