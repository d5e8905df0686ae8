#include "markdown/reasoningsection.h"

#include "markdown/markdownview.h"
#include "markdown/streamingdocument.h"

#include <QBoxLayout>
#include <QEvent>
#include <QLocale>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {

ReasoningSection::ReasoningSection(QWidget *parent)
    : QWidget(parent)
    , m_header(new QToolButton(this))
    , m_view(new MarkdownView(this))
{
    m_header->setObjectName(u"reasoningHeader"_s);
    m_header->setCheckable(true);
    m_header->setAutoRaise(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setArrowType(Qt::RightArrow);
    m_header->setToolTip(tr("Show or hide the model's reasoning"));

    // Reasoning is secondary: dimmer than the answer, and of bounded height
    // so that an open section never pushes the answer out of sight.
    dimText();
    m_view->setMaximumHeight(240);
    m_view->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_header, 0, Qt::AlignLeft);
    layout->addWidget(m_view);

    connect(m_header, &QToolButton::toggled, this, [this](bool expanded) {
        m_header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
        m_view->setVisible(expanded);
        Q_EMIT expandedChanged(expanded);
    });
    updateTitle();
}

ReasoningSection::~ReasoningSection() = default;

StreamingDocument *ReasoningSection::streamingDocument() const
{
    return m_view->streamingDocument();
}

void ReasoningSection::appendDelta(QStringView delta)
{
    if (!m_clock.isValid())
        m_clock.start();
    streamingDocument()->appendDelta(delta);
}

void ReasoningSection::finish()
{
    streamingDocument()->finish();
    if (m_elapsedMs < 0)
        m_elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    updateTitle();
}

void ReasoningSection::clear()
{
    streamingDocument()->clear();
    m_clock.invalidate();
    m_elapsedMs = -1;
    setExpanded(false);
    updateTitle();
}

bool ReasoningSection::isExpanded() const
{
    return m_header->isChecked();
}

void ReasoningSection::setExpanded(bool expanded)
{
    m_header->setChecked(expanded);
}

QString ReasoningSection::title() const
{
    return m_header->text();
}

void ReasoningSection::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        dimText();
}

void ReasoningSection::dimText()
{
    QPalette dim = palette();
    dim.setColor(QPalette::Text, dim.color(QPalette::PlaceholderText));
    m_view->setPalette(dim);
}

void ReasoningSection::updateTitle()
{
    if (m_elapsedMs < 0) {
        m_header->setText(tr("Thinking…"));
        return;
    }
    const double seconds = double(m_elapsedMs) / 1000.0;
    if (seconds < 1)
        m_header->setText(tr("Thought for less than a second"));
    else
        m_header->setText(tr("Thought for %1 s").arg(QLocale().toString(seconds, 'f', seconds < 10 ? 1 : 0)));
}

} // namespace Switchyard::Markdown
