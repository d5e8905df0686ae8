// No system keychain: the session bus is dead (its socket refuses
// connections), or it is up but nobody provides the Secret Service. Every
// keychain call must fail at once with a message that says so and names the
// variable to set instead; the resolver must still find keys in the
// environment; and no key may end up in a file.

#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "support/keyjobhelpers.h"
#include "support/privatesession.h"

#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Secrets;
using Switchyard::TestSupport::describeKeyResult;
using Switchyard::TestSupport::PrivateSession;

Q_DECLARE_METATYPE(KeyOperation)

namespace {
const auto Canary = u"sk-test-SWITCHYARD-canary-0123456789"_s;
} // namespace

class TestKeychainUnavailable final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void everyCallFailsClearly_data();
    void everyCallFailsClearly();
    void resolverFallsBackToTheEnvironment();
    void resolverExplainsWhatToDo_data();
    void resolverExplainsWhatToDo();
    void noFileIsWritten();
    // Last: it replaces the dead bus with a live one for the rest of the run.
    void busWithoutSecretService();

private:
    void checkNoFileHoldsTheKey();

    PrivateSession m_session;
};

void TestKeychainUnavailable::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_session.start(PrivateSession::Bus::Dead), qPrintable(m_session.errorString()));
}

void TestKeychainUnavailable::cleanupTestCase()
{
    m_session.stop();
}

void TestKeychainUnavailable::everyCallFailsClearly_data()
{
    QTest::addColumn<KeyOperation>("operation");
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("instead");

    const std::pair<const char *, KeyOperation> operations[]{
        {"read", KeyOperation::Read}, {"write", KeyOperation::Write}, {"remove", KeyOperation::Remove}};
    for (const auto &[name, operation] : operations) {
        QTest::addRow("%s openai", name) << operation << u"openai"_s << u"set OPENAI_API_KEY instead"_s;
        QTest::addRow("%s gemini", name)
            << operation << u"gemini"_s << u"set GEMINI_API_KEY or GOOGLE_API_KEY instead"_s;
        QTest::addRow("%s unknown provider", name)
            << operation << u"local-llama"_s << u"give the key in an environment variable instead"_s;
    }
}

void TestKeychainUnavailable::everyCallFailsClearly()
{
    QFETCH(KeyOperation, operation);
    QFETCH(QString, providerId);
    QFETCH(QString, instead);

    KeychainKeyStore store;
    KeyJob *job = nullptr;
    switch (operation) {
    case KeyOperation::Read:
        job = store.readKey(providerId);
        break;
    case KeyOperation::Write:
        job = store.writeKey(providerId, Canary);
        break;
    case KeyOperation::Remove:
        job = store.removeKey(providerId);
        break;
    }
    AWAIT_KEY_JOB(result, job);
    QVERIFY2(!result->ok(), describeKeyResult(result).constData());
    QCOMPARE(result->operation, operation);
    QCOMPARE(result->outcome.error().kind, KeyError::Kind::NoKeychain);
    const QString message = result->outcome.error().message;
    // "no system keychain is available: Could not connect: Connection refused; set OPENAI_API_KEY instead"
    QVERIFY2(message.startsWith(u"no system keychain is available: "_s), qPrintable(message));
    QVERIFY2(message.endsWith(u"; "_s + instead), qPrintable(message));
    QVERIFY2(!message.contains(Canary), qPrintable(message));
    checkNoFileHoldsTheKey();
}

void TestKeychainUnavailable::resolverFallsBackToTheEnvironment()
{
    KeychainKeyStore keychain;
    QProcessEnvironment env;
    env.insert(u"OPENAI_API_KEY"_s, Canary);
    EnvironmentKeys environmentKeys(env);
    KeyResolver resolver(&keychain, &environmentKeys);

    AWAIT_KEY_JOB(read, resolver.readKey(u"openai"_s));
    QVERIFY2(read->ok(), describeKeyResult(read).constData());
    QCOMPARE(read->outcome->secret, Canary);
    QCOMPARE(read->outcome->origin.description(), u"from OPENAI_API_KEY"_s);
}

void TestKeychainUnavailable::resolverExplainsWhatToDo_data()
{
    QTest::addColumn<KeyOperation>("operation");
    QTest::newRow("read") << KeyOperation::Read;
    QTest::newRow("write") << KeyOperation::Write;
    QTest::newRow("remove") << KeyOperation::Remove;
}

void TestKeychainUnavailable::resolverExplainsWhatToDo()
{
    QFETCH(KeyOperation, operation);

    KeychainKeyStore keychain;
    EnvironmentKeys environmentKeys(QProcessEnvironment{});
    KeyResolver resolver(&keychain, &environmentKeys);
    KeyJob *job = operation == KeyOperation::Read ? resolver.readKey(u"anthropic"_s)
        : operation == KeyOperation::Write        ? resolver.writeKey(u"anthropic"_s, Canary)
                                                  : resolver.removeKey(u"anthropic"_s);
    AWAIT_KEY_JOB(result, job);
    QVERIFY2(!result->ok(), describeKeyResult(result).constData());
    QCOMPARE(result->outcome.error().kind, KeyError::Kind::NoKeychain);
    static const QRegularExpression expected(
        u"^no system keychain is available: .+; set ANTHROPIC_API_KEY instead$"_s);
    QVERIFY2(expected.match(result->outcome.error().message).hasMatch(),
             describeKeyResult(result).constData());
    checkNoFileHoldsTheKey();
}

// QtKeychain's insecure fallback would have written a QSettings file under
// XDG_CONFIG_HOME (Switchyard.conf); nothing at all may appear in the session.
void TestKeychainUnavailable::noFileIsWritten()
{
    KeychainKeyStore store;
    AWAIT_KEY_JOB(written, store.writeKey(u"openai"_s, Canary));
    QCOMPARE(written->outcome.error_or(KeyError{}).kind, KeyError::Kind::NoKeychain);
    AWAIT_KEY_JOB(read, store.readKey(u"openai"_s));
    QCOMPARE(read->outcome.error_or(KeyError{}).kind, KeyError::Kind::NoKeychain);

    QCOMPARE(m_session.files(), QStringList{});
    QVERIFY(!QFile::exists(QSettings(u"Switchyard"_s).fileName()));
}

void TestKeychainUnavailable::busWithoutSecretService()
{
    m_session.stop();
    QVERIFY2(m_session.start(PrivateSession::Bus::Running), qPrintable(m_session.errorString()));

    KeychainKeyStore store;
    AWAIT_KEY_JOB(written, store.writeKey(u"xai"_s, Canary));
    QVERIFY2(!written->ok(), describeKeyResult(written).constData());
    QCOMPARE(written->outcome.error().kind, KeyError::Kind::NoKeychain);
    QVERIFY2(written->outcome.error().message.endsWith(u"; set XAI_API_KEY instead"_s),
             describeKeyResult(written).constData());
    AWAIT_KEY_JOB(read, store.readKey(u"xai"_s));
    QCOMPARE(read->outcome.error_or(KeyError{}).kind, KeyError::Kind::NoKeychain);
    checkNoFileHoldsTheKey();
}

void TestKeychainUnavailable::checkNoFileHoldsTheKey()
{
    const QStringList leaks = m_session.filesContaining(Canary);
    QVERIFY2(leaks.isEmpty(), qPrintable(u"the key is readable in: "_s + leaks.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestKeychainUnavailable)
#include "tst_keychainunavailable.moc"
