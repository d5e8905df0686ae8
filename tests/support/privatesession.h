#pragma once

#include <QByteArray>
#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

class QProcess;

namespace Switchyard::TestSupport {

/// A throwaway login session for tests that touch per-user state: a temporary
/// directory holding HOME, the XDG directories and a private D-Bus session bus.
/// start() points this process's environment at them (and stop() restores
/// it), so nothing the test does reaches the real user's files, keyring or
/// session bus; environment() gives child processes the same view.
///
/// The bus is either a running dbus-daemon with no activatable services (so
/// nothing starts behind the test's back), or Bus::Dead: an address whose
/// socket exists but has no listener, as after a crashed session.
///
/// GLib's shared session-bus connection (libsecret uses it) raises SIGTERM in
/// its owner when the bus goes away; start() opens that connection on the
/// private bus and switches this off, so stop() may come at any time. GLib
/// keeps one such connection per process, so use one running session per test
/// executable. Needs dbus-daemon (Debian package dbus). Linux only.
class PrivateSession final
{
    Q_DISABLE_COPY_MOVE(PrivateSession)

public:
    enum class Bus { Running, Dead };

    PrivateSession();
    ~PrivateSession();

    /// False on failure, with errorString() saying why.
    [[nodiscard]] bool start(Bus bus = Bus::Running);
    void stop();
    [[nodiscard]] bool isRunning() const { return m_started; }
    [[nodiscard]] QString errorString() const { return m_error; }

    [[nodiscard]] QString rootPath() const;
    [[nodiscard]] QString homePath() const;
    [[nodiscard]] QString dataPath() const;
    [[nodiscard]] QString configPath() const;
    [[nodiscard]] QString cachePath() const;
    [[nodiscard]] QString statePath() const;
    [[nodiscard]] QString runtimePath() const;
    /// Where daemons started for the session write their output.
    [[nodiscard]] QString logPath() const;
    [[nodiscard]] QString busAddress() const { return m_busAddress; }

    /// This process's environment with the session's variables in place.
    [[nodiscard]] QProcessEnvironment environment() const;
    /// The variables start() sets in this process; empty values are unset.
    [[nodiscard]] QHash<QString, QString> variables() const;

    /// Regular files under rootPath(), as paths relative to it.
    [[nodiscard]] QStringList files() const;
    /// The files() whose bytes contain `needle` as UTF-8, UTF-16 or base64.
    [[nodiscard]] QStringList filesContaining(const QString &needle) const;

private:
    [[nodiscard]] bool fail(const QString &message);
    [[nodiscard]] bool startDaemon();
    [[nodiscard]] bool makeDeadSocket();
    void applyEnvironment();
    void restoreEnvironment();
    void pinGlibConnection();
    void releaseGlibConnection();

    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<QProcess> m_daemon;
    QString m_busAddress;
    QString m_error;
    QHash<QByteArray, std::optional<QByteArray>> m_savedEnvironment;
    void *m_glibConnection = nullptr;
    bool m_started = false;
};

} // namespace Switchyard::TestSupport
