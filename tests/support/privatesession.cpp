#include "support/privatesession.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLibrary>
#include <QProcess>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport {

namespace {

constexpr int StartTimeoutMs = 10'000;

// Variables QtKeychain and GLib read to guess the desktop (and with it, say,
// KWallet rather than the Secret Service). Unset, so that a test behaves the
// same on a KDE desktop, in a GNOME session and in CI.
constexpr std::array DesktopVariables{
    "XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP",      "DESKTOP_SESSION",      "KDE_FULL_SESSION",
    "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID", "GNOME_KEYRING_CONTROL"};

// A bus that can do nothing but route messages: no <servicedir>, so no daemon
// is ever started on demand (the system's session.conf would start the real
// gnome-keyring-daemon with whatever environment the bus has).
constexpr auto BusConfig = R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)"_L1;

QString readTail(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = file.readAll();
    return QString::fromUtf8(all.right(2000)).trimmed();
}

} // namespace

PrivateSession::PrivateSession() = default;

PrivateSession::~PrivateSession()
{
    stop();
}

QString PrivateSession::rootPath() const
{
    return m_root ? m_root->path() : QString();
}

QString PrivateSession::homePath() const
{
    return rootPath() + u"/home"_s;
}

QString PrivateSession::dataPath() const
{
    return homePath() + u"/.local/share"_s;
}

QString PrivateSession::configPath() const
{
    return homePath() + u"/.config"_s;
}

QString PrivateSession::cachePath() const
{
    return homePath() + u"/.cache"_s;
}

QString PrivateSession::statePath() const
{
    return homePath() + u"/.local/state"_s;
}

QString PrivateSession::runtimePath() const
{
    return rootPath() + u"/runtime"_s;
}

QString PrivateSession::logPath() const
{
    return rootPath() + u"/logs"_s;
}

bool PrivateSession::fail(const QString &message)
{
    m_error = message;
    stop();
    return false;
}

bool PrivateSession::start(Bus bus)
{
    if (m_started) {
        m_error = u"the session is already running"_s;
        return false;
    }
    m_error.clear();
    m_root = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/switchyard-session-XXXXXX"_s);
    if (!m_root->isValid())
        return fail(u"cannot make a temporary directory: "_s + m_root->errorString());
    for (const QString &dir :
         {dataPath(), configPath(), cachePath(), statePath(), runtimePath(), logPath()}) {
        if (!QDir().mkpath(dir))
            return fail(u"cannot make "_s + dir);
    }
    // XDG_RUNTIME_DIR must be private to its user, or daemons refuse it.
    QFile::setPermissions(runtimePath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    const bool ready = bus == Bus::Running ? startDaemon() : makeDeadSocket();
    if (!ready)
        return false;
    m_started = true;
    applyEnvironment();
    if (bus == Bus::Running)
        pinGlibConnection();
    return true;
}

bool PrivateSession::startDaemon()
{
    const QString socket = runtimePath() + u"/bus"_s;
    const QString configFile = rootPath() + u"/bus.conf"_s;
    QFile config(configFile);
    if (!config.open(QIODevice::WriteOnly) || config.write(QString(BusConfig).arg(socket).toUtf8()) < 0)
        return fail(u"cannot write "_s + configFile);
    config.close();

    m_daemon = std::make_unique<QProcess>();
    m_daemon->setProgram(u"dbus-daemon"_s);
    m_daemon->setArguments({u"--config-file="_s + configFile, u"--nofork"_s, u"--print-address"_s});
    m_daemon->setProcessEnvironment(environment());
    m_daemon->setStandardErrorFile(logPath() + u"/dbus-daemon.log"_s);
    // The daemon goes with this process even if the test crashes or ctest
    // kills it on timeout.
    m_daemon->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_daemon->start();
    if (!m_daemon->waitForStarted(StartTimeoutMs))
        return fail(u"cannot start dbus-daemon: "_s + m_daemon->errorString());

    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!m_daemon->canReadLine() && !deadline.hasExpired() && m_daemon->state() == QProcess::Running)
        m_daemon->waitForReadyRead(100);
    if (!m_daemon->canReadLine())
        return fail(u"dbus-daemon did not print its address; its log says: "_s
                    + readTail(logPath() + u"/dbus-daemon.log"_s));
    m_busAddress = QString::fromUtf8(m_daemon->readLine()).trimmed();
    return true;
}

bool PrivateSession::makeDeadSocket()
{
    // A socket that was bound and then abandoned without listen(): the file
    // is there, and connecting to it is refused, as after a crashed bus.
    const QByteArray path = QFile::encodeName(runtimePath() + u"/bus"_s);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (static_cast<size_t>(path.size()) >= sizeof(address.sun_path))
        return fail(u"the socket path is too long: "_s + QString::fromLocal8Bit(path));
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return fail(u"socket() failed"_s);
    const int bound = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address));
    ::close(fd);
    if (bound != 0)
        return fail(u"cannot bind "_s + QString::fromLocal8Bit(path));
    m_busAddress = u"unix:path="_s + QString::fromLocal8Bit(path);
    return true;
}

QHash<QString, QString> PrivateSession::variables() const
{
    QHash<QString, QString> vars{
        {u"HOME"_s, homePath()},
        {u"XDG_DATA_HOME"_s, dataPath()},
        {u"XDG_CONFIG_HOME"_s, configPath()},
        {u"XDG_CACHE_HOME"_s, cachePath()},
        {u"XDG_STATE_HOME"_s, statePath()},
        {u"XDG_RUNTIME_DIR"_s, runtimePath()},
        {u"DBUS_SESSION_BUS_ADDRESS"_s, m_busAddress},
    };
    for (const char *name : DesktopVariables)
        vars.insert(QString::fromLatin1(name), QString());
    return vars;
}

QProcessEnvironment PrivateSession::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QHash<QString, QString> vars = variables();
    for (auto it = vars.cbegin(); it != vars.cend(); ++it) {
        if (it.value().isEmpty())
            env.remove(it.key());
        else
            env.insert(it.key(), it.value());
    }
    return env;
}

void PrivateSession::applyEnvironment()
{
    const QHash<QString, QString> vars = variables();
    for (auto it = vars.cbegin(); it != vars.cend(); ++it) {
        const QByteArray name = it.key().toLatin1();
        if (!m_savedEnvironment.contains(name))
            m_savedEnvironment.insert(name,
                                      qEnvironmentVariableIsSet(name.constData())
                                          ? std::optional<QByteArray>(qgetenv(name.constData()))
                                          : std::nullopt);
        if (it.value().isEmpty())
            qunsetenv(name.constData());
        else
            qputenv(name.constData(), QFile::encodeName(it.value()));
    }
}

void PrivateSession::restoreEnvironment()
{
    for (auto it = m_savedEnvironment.cbegin(); it != m_savedEnvironment.cend(); ++it) {
        if (it.value())
            qputenv(it.key().constData(), *it.value());
        else
            qunsetenv(it.key().constData());
    }
    m_savedEnvironment.clear();
}

// GLib is not a build dependency, so its two functions are looked up at run
// time, the way QtKeychain itself finds libsecret.
namespace {
using GBusGetSync = void *(*)(int busType, void *cancellable, void **error);
using GSetExitOnClose = void (*)(void *connection, int exitOnClose);
using GObjectUnref = void (*)(void *object);
constexpr int GBusTypeSession = 2;

QLibrary &gio()
{
    static QLibrary library(u"gio-2.0"_s, 0);
    return library;
}
} // namespace

void PrivateSession::pinGlibConnection()
{
    auto getSync = reinterpret_cast<GBusGetSync>(gio().resolve("g_bus_get_sync"));
    auto setExitOnClose
        = reinterpret_cast<GSetExitOnClose>(gio().resolve("g_dbus_connection_set_exit_on_close"));
    if (!getSync || !setExitOnClose) {
        qWarning("PrivateSession: libgio-2.0 not found; stopping the bus may end this process");
        return;
    }
    m_glibConnection = getSync(GBusTypeSession, nullptr, nullptr);
    if (m_glibConnection)
        setExitOnClose(m_glibConnection, 0);
    else
        qWarning("PrivateSession: GLib cannot connect to the private bus");
}

void PrivateSession::releaseGlibConnection()
{
    if (!m_glibConnection)
        return;
    if (auto unref = reinterpret_cast<GObjectUnref>(gio().resolve("g_object_unref")))
        unref(m_glibConnection);
    m_glibConnection = nullptr;
}

void PrivateSession::stop()
{
    releaseGlibConnection();
    if (m_daemon) {
        m_daemon->terminate();
        if (!m_daemon->waitForFinished(5000)) {
            m_daemon->kill();
            m_daemon->waitForFinished(5000);
        }
        m_daemon.reset();
    }
    restoreEnvironment();
    m_busAddress.clear();
    m_root.reset();
    m_started = false;
}

QStringList PrivateSession::files() const
{
    QStringList found;
    if (!m_root)
        return found;
    const QDir root(rootPath());
    QDirIterator it(rootPath(), QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        if (info.isFile())
            found.append(root.relativeFilePath(info.filePath()));
    }
    found.sort();
    return found;
}

QStringList PrivateSession::filesContaining(const QString &needle) const
{
    const QByteArray utf8 = needle.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()), needle.size() * 2);
    const QByteArray base64 = utf8.toBase64();
    QStringList matches;
    for (const QString &relative : files()) {
        QFile file(rootPath() + u'/' + relative);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        if (bytes.contains(utf8) || bytes.contains(utf16) || bytes.contains(base64))
            matches.append(relative);
    }
    return matches;
}

} // namespace Switchyard::TestSupport
