// The system keychain, for real: gnome-keyring's Secret Service on a private
// D-Bus session bus, reached through QtKeychain and libsecret exactly as on a
// desktop. Also the KeyResolver on top of it, which adds the environment.

#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "support/keyjobhelpers.h"
#include "support/privatekeyring.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Secrets;
using Switchyard::TestSupport::describeKeyResult;
using Switchyard::TestSupport::PrivateKeyring;

namespace {
const auto Canary = u"sk-test-SWITCHYARD-canary-0123456789"_s;
} // namespace

class TestKeychainKeyStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void writeReadOverwriteRemove();
    void providersDoNotCollide();
    void serviceNamesKeepEntriesApart();
    void removingAMissingKeySucceeds();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void entryIsInTheSecretService();
    void keyIsNotOnDiskInPlainText();
    void resolverSource_data();
    void resolverSource();
    void resolverWritesToTheKeychain();

private:
    PrivateKeyring m_keyring;
};

void TestKeychainKeyStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QVERIFY2(m_keyring.start(), qPrintable(m_keyring.errorString()));
}

void TestKeychainKeyStore::cleanupTestCase()
{
    m_keyring.stop();
}

void TestKeychainKeyStore::writeReadOverwriteRemove()
{
    KeychainKeyStore store;
    QCOMPARE(store.service(), u"Switchyard"_s);

    AWAIT_KEY_JOB(written, store.writeKey(u"openai"_s, u"sk-first-0123456789"_s));
    QVERIFY2(written->ok(), describeKeyResult(written).constData());
    QCOMPARE(written->operation, KeyOperation::Write);
    QCOMPARE(written->outcome->origin, KeyOrigin::keychain());
    QVERIFY(written->outcome->secret.isEmpty());

    AWAIT_KEY_JOB(read, store.readKey(u"openai"_s));
    QVERIFY2(read->ok(), describeKeyResult(read).constData());
    QCOMPARE(read->outcome->secret, u"sk-first-0123456789"_s);
    QCOMPARE(read->outcome->origin.description(), u"from the system keychain"_s);

    // Surrounding whitespace from a paste is not stored.
    AWAIT_KEY_JOB(overwritten, store.writeKey(u"openai"_s, u"sk-second-0123456789\n"_s));
    QVERIFY2(overwritten->ok(), describeKeyResult(overwritten).constData());
    AWAIT_KEY_JOB(reread, store.readKey(u"openai"_s));
    QVERIFY2(reread->ok(), describeKeyResult(reread).constData());
    QCOMPARE(reread->outcome->secret, u"sk-second-0123456789"_s);

    AWAIT_KEY_JOB(removed, store.removeKey(u"openai"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
    QCOMPARE(removed->operation, KeyOperation::Remove);

    AWAIT_KEY_JOB(gone, store.readKey(u"openai"_s));
    QVERIFY2(!gone->ok(), describeKeyResult(gone).constData());
    QCOMPARE(gone->outcome.error().kind, KeyError::Kind::NotFound);
    QCOMPARE(gone->outcome.error().message, u"the system keychain has no key for openai"_s);
}

void TestKeychainKeyStore::providersDoNotCollide()
{
    KeychainKeyStore store;
    // Started together: QtKeychain queues them, and each answer finds its job.
    KeyJob *writeOpenAi = store.writeKey(u"openai"_s, u"sk-openai-0123456789"_s);
    KeyJob *writeAnthropic = store.writeKey(u"anthropic"_s, u"sk-ant-0123456789"_s);
    AWAIT_KEY_JOB(openAiWritten, writeOpenAi);
    AWAIT_KEY_JOB(anthropicWritten, writeAnthropic);
    QVERIFY2(openAiWritten->ok() && anthropicWritten->ok(), describeKeyResult(anthropicWritten).constData());

    KeyJob *readOpenAi = store.readKey(u"openai"_s);
    KeyJob *readAnthropic = store.readKey(u"anthropic"_s);
    AWAIT_KEY_JOB(openAi, readOpenAi);
    AWAIT_KEY_JOB(anthropic, readAnthropic);
    QCOMPARE(openAi->providerId, u"openai"_s);
    QCOMPARE(openAi->outcome.value_or(ApiKey{}).secret, u"sk-openai-0123456789"_s);
    QCOMPARE(anthropic->providerId, u"anthropic"_s);
    QCOMPARE(anthropic->outcome.value_or(ApiKey{}).secret, u"sk-ant-0123456789"_s);

    AWAIT_KEY_JOB(removed, store.removeKey(u"openai"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
    AWAIT_KEY_JOB(stillThere, store.readKey(u"anthropic"_s));
    QCOMPARE(stillThere->outcome.value_or(ApiKey{}).secret, u"sk-ant-0123456789"_s);
    AWAIT_KEY_JOB(cleanup, store.removeKey(u"anthropic"_s));
    QVERIFY2(cleanup->ok(), describeKeyResult(cleanup).constData());
}

void TestKeychainKeyStore::serviceNamesKeepEntriesApart()
{
    KeychainKeyStore main;
    KeychainKeyStore other(u"Switchyard-profile-2"_s);
    AWAIT_KEY_JOB(written, other.writeKey(u"openai"_s, u"sk-profile2-0123456789"_s));
    QVERIFY2(written->ok(), describeKeyResult(written).constData());

    AWAIT_KEY_JOB(mainRead, main.readKey(u"openai"_s));
    QCOMPARE(mainRead->outcome.error_or(KeyError{}).kind, KeyError::Kind::NotFound);
    AWAIT_KEY_JOB(otherRead, other.readKey(u"openai"_s));
    QCOMPARE(otherRead->outcome.value_or(ApiKey{}).secret, u"sk-profile2-0123456789"_s);
    AWAIT_KEY_JOB(removed, other.removeKey(u"openai"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
}

void TestKeychainKeyStore::removingAMissingKeySucceeds()
{
    KeychainKeyStore store;
    AWAIT_KEY_JOB(removed, store.removeKey(u"never-stored"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
}

void TestKeychainKeyStore::badInputIsRefused_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty key") << u"mistral"_s << QString() << u"the key is empty"_s;
    QTest::newRow("whitespace key") << u"mistral"_s << u"  \n"_s << u"the key is empty"_s;
    QTest::newRow("Bearer prefix") << u"mistral"_s << u"Bearer sk-abc"_s
                                   << u"the key contains spaces or control characters; paste only the key"_s;
    QTest::newRow("bad provider id")
        << u"mis tral"_s << u"sk-abc-0123456789"_s
        << u"'mis tral' is not a provider id (letters, digits, '.', '_' and '-' only)"_s;
}

void TestKeychainKeyStore::badInputIsRefused()
{
    QFETCH(QString, providerId);
    QFETCH(QString, key);
    QFETCH(QString, message);

    KeychainKeyStore store;
    AWAIT_KEY_JOB(written, store.writeKey(providerId, key));
    QVERIFY2(!written->ok(), describeKeyResult(written).constData());
    QCOMPARE(written->outcome.error().kind, KeyError::Kind::InvalidArgument);
    QCOMPARE(written->outcome.error().message, message);

    AWAIT_KEY_JOB(read, store.readKey(providerId));
    QVERIFY2(!read->ok(), describeKeyResult(read).constData());
}

// The key is where the brief says it is: an item of the Secret Service's
// default collection, found by the attributes QtKeychain gives it.
void TestKeychainKeyStore::entryIsInTheSecretService()
{
    KeychainKeyStore store;
    AWAIT_KEY_JOB(written, store.writeKey(u"groq"_s, u"gsk-0123456789abcdef"_s));
    QVERIFY2(written->ok(), describeKeyResult(written).constData());

    QDBusMessage search
        = QDBusMessage::createMethodCall(u"org.freedesktop.secrets"_s, u"/org/freedesktop/secrets"_s,
                                         u"org.freedesktop.Secret.Service"_s, u"SearchItems"_s);
    const QMap<QString, QString> attributes{{u"server"_s, u"Switchyard"_s}, {u"user"_s, u"groq"_s}};
    search << QVariant::fromValue(attributes);
    const QDBusMessage reply = QDBusConnection::sessionBus().call(search, QDBus::Block, 10'000);
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));
    QCOMPARE(reply.arguments().size(), 2);
    const auto unlocked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(0));
    const auto locked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(1));
    QCOMPARE(unlocked.size(), 1);
    QVERIFY(locked.isEmpty());
    QVERIFY2(unlocked.constFirst().path().startsWith(u"/org/freedesktop/secrets/collection/login/"_s),
             qPrintable(unlocked.constFirst().path()));

    AWAIT_KEY_JOB(removed, store.removeKey(u"groq"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
}

// After storing a distinctive key, no file of the session — HOME, the XDG
// directories, the runtime directory, the daemons' logs, gnome-keyring's own
// keyring file included — holds it as UTF-8, UTF-16 or base64.
void TestKeychainKeyStore::keyIsNotOnDiskInPlainText()
{
    KeychainKeyStore store;
    AWAIT_KEY_JOB(written, store.writeKey(u"together"_s, Canary));
    QVERIFY2(written->ok(), describeKeyResult(written).constData());
    AWAIT_KEY_JOB(read, store.readKey(u"together"_s));
    QCOMPARE(read->outcome.value_or(ApiKey{}).secret, Canary);

    // gnome-keyring saves the collection when an item changes; without a
    // keyring file on disk this test would prove nothing.
    const QString keyringFile = m_keyring.keyringPath() + u"/login.keyring"_s;
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo(keyringFile).size() > 0,
                              qPrintable(keyringFile + u" was not written"_s), 10'000);
    const QStringList files = m_keyring.session().files();
    QVERIFY2(files.contains(QDir(m_keyring.session().rootPath()).relativeFilePath(keyringFile)),
             qPrintable(files.join(u", "_s)));

    const QStringList leaks = m_keyring.session().filesContaining(Canary);
    QVERIFY2(leaks.isEmpty(), qPrintable(u"the key is readable in: "_s + leaks.join(u", "_s)));

    AWAIT_KEY_JOB(removed, store.removeKey(u"together"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
}

void TestKeychainKeyStore::resolverSource_data()
{
    QTest::addColumn<QString>("inKeychain"); // empty: nothing stored
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("explicitVariable");
    QTest::addColumn<QString>("secret"); // expected; empty: an error
    QTest::addColumn<QString>("source"); // expected description, or the error message

    QTest::newRow("keychain only") << u"sk-chain-0123456789"_s << QStringList{} << QString()
                                   << u"sk-chain-0123456789"_s << u"from the system keychain"_s;
    QTest::newRow("environment beats keychain")
        << u"sk-chain-0123456789"_s << QStringList{u"OPENAI_API_KEY=sk-env-0123456789"_s} << QString()
        << u"sk-env-0123456789"_s << u"from OPENAI_API_KEY"_s;
    QTest::newRow("empty variable: keychain")
        << u"sk-chain-0123456789"_s << QStringList{u"OPENAI_API_KEY="_s} << QString()
        << u"sk-chain-0123456789"_s << u"from the system keychain"_s;
    QTest::newRow("environment only") << QString() << QStringList{u"OPENAI_API_KEY=sk-env-0123456789"_s}
                                      << QString() << u"sk-env-0123456789"_s << u"from OPENAI_API_KEY"_s;
    QTest::newRow("explicit variable")
        << u"sk-chain-0123456789"_s
        << QStringList{u"OPENAI_API_KEY=sk-env-0123456789"_s, u"WORK_KEY=sk-work-0123456789"_s}
        << u"WORK_KEY"_s << u"sk-work-0123456789"_s << u"from WORK_KEY"_s;
    QTest::newRow("unset explicit variable: no fallback to the keychain")
        << u"sk-chain-0123456789"_s << QStringList{} << u"WORK_KEY"_s << QString()
        << u"WORK_KEY, named as the key for openai, is not set"_s;
    QTest::newRow("nowhere")
        << QString() << QStringList{} << QString() << QString()
        << u"no API key for openai: the system keychain has none, and OPENAI_API_KEY is not set"_s;
}

void TestKeychainKeyStore::resolverSource()
{
    QFETCH(QString, inKeychain);
    QFETCH(QStringList, environment);
    QFETCH(QString, explicitVariable);
    QFETCH(QString, secret);
    QFETCH(QString, source);

    KeychainKeyStore keychain;
    QProcessEnvironment env;
    for (const QString &assignment : std::as_const(environment))
        env.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
    EnvironmentKeys environmentKeys(env);
    if (!explicitVariable.isEmpty())
        QVERIFY(environmentKeys.setExplicitVariable(u"openai"_s, explicitVariable));
    KeyResolver resolver(&keychain, &environmentKeys);

    if (!inKeychain.isEmpty()) {
        AWAIT_KEY_JOB(stored, keychain.writeKey(u"openai"_s, inKeychain));
        QVERIFY2(stored->ok(), describeKeyResult(stored).constData());
    }
    AWAIT_KEY_JOB(read, resolver.readKey(u"openai"_s));
    AWAIT_KEY_JOB(removed, keychain.removeKey(u"openai"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());

    if (secret.isEmpty()) {
        QVERIFY2(!read->ok(), describeKeyResult(read).constData());
        QCOMPARE(read->outcome.error().kind, KeyError::Kind::NotFound);
        QCOMPARE(read->outcome.error().message, source);
    } else {
        QVERIFY2(read->ok(), describeKeyResult(read).constData());
        QCOMPARE(read->outcome->secret, secret);
        QCOMPARE(read->outcome->origin.description(), source);
    }
}

void TestKeychainKeyStore::resolverWritesToTheKeychain()
{
    KeychainKeyStore keychain;
    EnvironmentKeys environmentKeys(QProcessEnvironment{});
    KeyResolver resolver(&keychain, &environmentKeys);

    AWAIT_KEY_JOB(written, resolver.writeKey(u"deepseek"_s, u"sk-ds-0123456789"_s));
    QVERIFY2(written->ok(), describeKeyResult(written).constData());
    QCOMPARE(written->operation, KeyOperation::Write);
    QCOMPARE(written->providerId, u"deepseek"_s);
    AWAIT_KEY_JOB(direct, keychain.readKey(u"deepseek"_s));
    QCOMPARE(direct->outcome.value_or(ApiKey{}).secret, u"sk-ds-0123456789"_s);

    AWAIT_KEY_JOB(removed, resolver.removeKey(u"deepseek"_s));
    QVERIFY2(removed->ok(), describeKeyResult(removed).constData());
    AWAIT_KEY_JOB(gone, keychain.readKey(u"deepseek"_s));
    QCOMPARE(gone->outcome.error_or(KeyError{}).kind, KeyError::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestKeychainKeyStore)
#include "tst_keychainkeystore.moc"
