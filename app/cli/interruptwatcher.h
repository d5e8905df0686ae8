#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGINT (Ctrl+C) into a Qt signal, so a command can stop its work
/// cleanly and still report what it has. A second Ctrl+C while the first is
/// being handled ends the process the usual way. One per process.
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    QSocketNotifier *m_notifier = nullptr;
};
