#include "widgets/elidedlabel.h"

#include <QResizeEvent>

using namespace Qt::StringLiterals;

namespace Switchyard::Widgets {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(false);
    setTextFormat(Qt::PlainText);
    // Any width the layout has left: the text adapts, not the row.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    // Marks it for the screenshot tool's layout check: elided on purpose.
    setProperty("elidesText", true);
}

ElidedLabel::~ElidedLabel() = default;

void ElidedLabel::setFullText(const QString &text)
{
    m_fullText = text;
    relayText();
}

void ElidedLabel::setDetail(const QString &detail)
{
    m_detail = detail;
    relayText();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {fontMetrics().horizontalAdvance(u"…"_s), QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        relayText();
}

void ElidedLabel::relayText()
{
    const int room = contentsRect().width();
    setText(fontMetrics().elidedText(m_fullText, Qt::ElideRight, std::max(room, 0)));
    QString tip = m_detail;
    if (isElided())
        tip = m_detail.isEmpty() ? m_fullText : m_fullText + u"\n\n"_s + m_detail;
    setToolTip(tip);
}

} // namespace Switchyard::Widgets
