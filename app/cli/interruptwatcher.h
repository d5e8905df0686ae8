#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGINT (Ctrl+C), SIGTERM (a service manager's stop, a logout) and
/// SIGHUP (the terminal closed) into a Qt signal, so that a command stops its
/// work cleanly however it is asked to — answers under way cancelled and
/// logged, pending usage rows written — and still reports what it has. A
/// second signal while the first is being handled ends the process the usual
/// way. One per process.
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

    /// "SIGINT", "SIGTERM" or "SIGHUP".
    [[nodiscard]] static const char *nameOf(int signal);

Q_SIGNALS:
    void interrupted(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};
