#include "support/privatekeyring.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QUuid>

#include <signal.h>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport {

namespace {
constexpr int StartTimeoutMs = 15'000;
const auto SecretService = u"org.freedesktop.secrets"_s;
const auto DefaultCollection = u"/org/freedesktop/secrets/aliases/default"_s;
} // namespace

PrivateKeyring::PrivateKeyring(const QByteArray &password)
    : m_password(password)
{
}

PrivateKeyring::~PrivateKeyring()
{
    stop();
}

QByteArray PrivateKeyring::defaultPassword()
{
    return QByteArrayLiteral("switchyard-test-keyring");
}

QString PrivateKeyring::keyringPath() const
{
    return m_session.dataPath() + u"/keyrings"_s;
}

bool PrivateKeyring::fail(const QString &message)
{
    QString log;
    QFile file(m_session.logPath() + u"/gnome-keyring.log"_s);
    if (file.open(QIODevice::ReadOnly))
        log = QString::fromUtf8(file.readAll().right(2000)).trimmed();
    m_error = log.isEmpty() ? message : message + u"; gnome-keyring-daemon said: "_s + log;
    stop();
    return false;
}

bool PrivateKeyring::start()
{
    m_error.clear();
    if (!m_session.start(PrivateSession::Bus::Running)) {
        m_error = m_session.errorString();
        return false;
    }
    m_daemon = std::make_unique<QProcess>();
    m_daemon->setProgram(u"gnome-keyring-daemon"_s);
    // --foreground keeps the daemon our child, so stop() can end it by its
    // pid; --unlock reads the login keyring's password from stdin and creates
    // that keyring if there is none yet, which makes it the default collection.
    m_daemon->setArguments({u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s});
    m_daemon->setProcessEnvironment(m_session.environment());
    m_daemon->setProcessChannelMode(QProcess::MergedChannels);
    m_daemon->setStandardOutputFile(m_session.logPath() + u"/gnome-keyring.log"_s);
    m_daemon->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_daemon->start();
    if (!m_daemon->waitForStarted(StartTimeoutMs))
        return fail(u"cannot start gnome-keyring-daemon: "_s + m_daemon->errorString());
    m_daemon->write(m_password);
    m_daemon->closeWriteChannel();
    m_daemon->waitForBytesWritten(StartTimeoutMs);
    return waitUntilReady();
}

bool PrivateKeyring::waitUntilReady()
{
    const QString connectionName = u"switchyard-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ready = false;
    QString lastState = u"no answer"_s;
    {
        QDBusConnection bus = QDBusConnection::connectToBus(m_session.busAddress(), connectionName);
        const QDeadlineTimer deadline(StartTimeoutMs);
        while (bus.isConnected() && !deadline.hasExpired() && m_daemon->state() == QProcess::Running) {
            if (bus.interface()->isServiceRegistered(SecretService)) {
                QDBusMessage get = QDBusMessage::createMethodCall(
                    SecretService, DefaultCollection, u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
                get << u"org.freedesktop.Secret.Collection"_s << u"Locked"_s;
                const QDBusMessage reply = bus.call(get, QDBus::Block, 2000);
                if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
                    const bool locked
                        = qvariant_cast<QDBusVariant>(reply.arguments().constFirst()).variant().toBool();
                    if (!locked) {
                        ready = true;
                        break;
                    }
                    lastState = u"the default collection is locked"_s;
                } else {
                    lastState = reply.errorMessage();
                }
            } else {
                lastState = SecretService + u" is not on the bus"_s;
            }
            QThread::msleep(50);
        }
        if (!bus.isConnected())
            lastState = u"cannot connect to the private bus: "_s + bus.lastError().message();
    }
    QDBusConnection::disconnectFromBus(connectionName);
    if (!ready) {
        if (m_daemon->state() != QProcess::Running)
            return fail(u"gnome-keyring-daemon exited with status %1"_s.arg(m_daemon->exitCode()));
        return fail(u"the Secret Service did not get ready (%1)"_s.arg(lastState));
    }
    return true;
}

void PrivateKeyring::stop()
{
    if (m_daemon) {
        m_daemon->terminate();
        if (!m_daemon->waitForFinished(5000)) {
            m_daemon->kill();
            m_daemon->waitForFinished(5000);
        }
        m_daemon.reset();
    }
    m_session.stop();
}

} // namespace Switchyard::TestSupport
