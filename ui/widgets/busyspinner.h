#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace Switchyard::Widgets {

/// A small turning arc that says "working" where a number cannot yet (a
/// Compare pane waiting for its first token). It turns only while shown and
/// started, at a modest frame rate, in the palette's highlight colour.
class BusySpinner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BusySpinner)

public:
    explicit BusySpinner(QWidget *parent = nullptr);
    ~BusySpinner() override;

    void start();
    void stop();
    [[nodiscard]] bool isSpinning() const { return m_timer.isActive(); }

    [[nodiscard]] QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace Switchyard::Widgets
