#include "widgets/busyspinner.h"

#include <QPainter>

namespace Switchyard::Widgets {

namespace {
constexpr int FrameMs = 50;  // 20 frames a second: smooth enough, cheap
constexpr int TurnMs = 1000; // one turn a second
} // namespace

BusySpinner::BusySpinner(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_timer.setInterval(FrameMs);
    connect(&m_timer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    hide();
}

BusySpinner::~BusySpinner() = default;

void BusySpinner::start()
{
    m_clock.start();
    m_timer.start();
    show();
}

void BusySpinner::stop()
{
    m_timer.stop();
    hide();
}

QSize BusySpinner::sizeHint() const
{
    const int side = fontMetrics().height();
    return {side, side};
}

void BusySpinner::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int side = std::min(width(), height()) - 4;
    const QRectF box((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    QPen track(palette().color(QPalette::Mid), 2);
    painter.setPen(track);
    painter.drawEllipse(box);
    QPen arc(palette().color(QPalette::Highlight), 2);
    arc.setCapStyle(Qt::RoundCap);
    painter.setPen(arc);
    const qint64 ms = m_clock.isValid() ? m_clock.elapsed() : 0;
    const int start = int(-360.0 * double(ms % TurnMs) / TurnMs * 16);
    painter.drawArc(box, start, 100 * 16);
}

} // namespace Switchyard::Widgets
