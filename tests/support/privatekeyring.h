#pragma once

#include "support/privatesession.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QProcess;

namespace Switchyard::TestSupport {

/// A real Secret Service for tests: gnome-keyring-daemon (secrets component
/// only) on a PrivateSession's bus, with a fresh "login" keyring made and
/// unlocked with a known password, so that libsecret and QtKeychain work as on
/// a desktop without touching the user's keyring or prompting anybody. start()
/// returns once the default collection answers on the bus and is unlocked.
///
/// The password must not be empty. With nothing on stdin, gnome-keyring 48
/// makes no login keyring at all, and every write then fails with "Object does
/// not exist at path .../collection/login" (the CI idiom `echo "" |` works only
/// because it sends a newline, which becomes the password). With a password,
/// keyringPath() holds login.keyring in gnome-keyring's encrypted binary format
/// (attribute names readable, their values hashed, secrets encrypted) and
/// user.keystore, so a test may scan every file of the session for a leaked
/// key. Needs gnome-keyring and dbus-daemon (Debian packages gnome-keyring,
/// dbus). Linux only.
class PrivateKeyring final
{
    Q_DISABLE_COPY_MOVE(PrivateKeyring)

public:
    explicit PrivateKeyring(const QByteArray &password = defaultPassword());
    ~PrivateKeyring();

    [[nodiscard]] static QByteArray defaultPassword();

    /// False on failure, with errorString() saying why.
    [[nodiscard]] bool start();
    void stop();
    [[nodiscard]] QString errorString() const { return m_error; }

    [[nodiscard]] const PrivateSession &session() const { return m_session; }
    /// Where gnome-keyring keeps its keyring files: $XDG_DATA_HOME/keyrings.
    [[nodiscard]] QString keyringPath() const;

private:
    [[nodiscard]] bool fail(const QString &message);
    [[nodiscard]] bool waitUntilReady();

    PrivateSession m_session;
    std::unique_ptr<QProcess> m_daemon;
    QByteArray m_password;
    QString m_error;
};

} // namespace Switchyard::TestSupport
