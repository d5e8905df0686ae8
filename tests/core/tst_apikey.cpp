// What a key looks like on its way in and out: how it is masked for display
// and logs, how pasted input is cleaned up, which provider ids are accepted.

#include "secrets/apikey.h"
#include "secrets/redaction.h"
#include "secrets/keystore.h"
#include "support/keyjobhelpers.h"

#include <QDebug>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Secrets;
using Switchyard::TestSupport::errorMessage;

Q_DECLARE_METATYPE(KeyOrigin)

class TestApiKey final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mask_data();
    void mask();
    void debugShowsOnlyTheMaskedKey();
    void redacted_data();
    void redacted();
    void originDescription_data();
    void originDescription();
    void normalizeKey_data();
    void normalizeKey();
    void providerIds_data();
    void providerIds();
};

void TestApiKey::mask_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");

    QTest::newRow("openai project key") << u"sk-proj-AbCdEfGhIjKlMnOpQrSt9z8y"_s << u"****9z8y"_s;
    QTest::newRow("anthropic key") << u"sk-ant-api03-0123456789abcdefWXYZ"_s << u"****WXYZ"_s;
    QTest::newRow("twelve characters: last four shown") << u"abcdefgh1234"_s << u"****1234"_s;
    QTest::newRow("eleven characters: fully masked") << u"abcdefg1234"_s << u"****"_s;
    QTest::newRow("four characters: fully masked") << u"abcd"_s << u"****"_s;
    QTest::newRow("one character") << u"x"_s << u"****"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestApiKey::mask()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);
    QCOMPARE(ApiKey::mask(secret), masked);
    QCOMPARE((ApiKey{.secret = secret, .origin = KeyOrigin::keychain()}.masked()), masked);
}

void TestApiKey::debugShowsOnlyTheMaskedKey()
{
    const QString secret = u"sk-test-SWITCHYARD-canary-0123456789"_s;
    QString printed;
    QDebug(&printed) << ApiKey{.secret = secret, .origin = KeyOrigin::environment(u"OPENAI_API_KEY"_s)};
    QVERIFY2(!printed.contains(u"canary"_s), qPrintable(printed));
    QVERIFY2(printed.contains(u"****6789"_s), qPrintable(printed));
    QVERIFY2(printed.contains(u"from OPENAI_API_KEY"_s), qPrintable(printed));
}

void TestApiKey::originDescription_data()
{
    QTest::addColumn<KeyOrigin>("origin");
    QTest::addColumn<QString>("description");

    QTest::newRow("keychain") << KeyOrigin::keychain() << u"from the system keychain"_s;
    QTest::newRow("OPENAI_API_KEY") << KeyOrigin::environment(u"OPENAI_API_KEY"_s)
                                    << u"from OPENAI_API_KEY"_s;
    QTest::newRow("explicit variable")
        << KeyOrigin::environment(u"WORK_OPENAI_KEY"_s) << u"from WORK_OPENAI_KEY"_s;
}

void TestApiKey::originDescription()
{
    QFETCH(KeyOrigin, origin);
    QFETCH(QString, description);
    QCOMPARE(origin.description(), description);
}

void TestApiKey::normalizeKey_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("stored"); // empty: rejected with InvalidArgument

    QTest::newRow("plain") << u"sk-abc123"_s << u"sk-abc123"_s;
    QTest::newRow("pasted with a newline") << u"sk-abc123\n"_s << u"sk-abc123"_s;
    QTest::newRow("surrounding spaces and tabs") << u" \tsk-abc123  "_s << u"sk-abc123"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("only whitespace") << u" \n "_s << QString();
    QTest::newRow("Bearer prefix") << u"Bearer sk-abc123"_s << QString();
    QTest::newRow("two lines") << u"sk-abc123\nsk-def456"_s << QString();
    QTest::newRow("control character") << u"sk-abc\u0007123"_s << QString();
}

void TestApiKey::normalizeKey()
{
    QFETCH(QString, input);
    QFETCH(QString, stored);
    const auto normalized = KeyStore::normalizeKey(input);
    if (stored.isEmpty()) {
        QVERIFY(!normalized);
        QCOMPARE(normalized.error().kind, KeyError::Kind::InvalidArgument);
        QVERIFY(!normalized.error().message.isEmpty());
    } else {
        QVERIFY2(normalized, errorMessage(normalized).constData());
        QCOMPARE(*normalized, stored);
    }
}

void TestApiKey::providerIds_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<bool>("valid");

    QTest::newRow("openai") << u"openai"_s << true;
    QTest::newRow("with dot, dash, underscore") << u"x-ai.beta_2"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << u"open ai"_s << false;
    QTest::newRow("slash") << u"openai/../x"_s << false;
    QTest::newRow("non-ASCII") << u"öpenai"_s << false;
    QTest::newRow("too long") << QString(65, u'a') << false;
}

void TestApiKey::providerIds()
{
    QFETCH(QString, providerId);
    QFETCH(bool, valid);
    QCOMPARE(KeyStore::isValidProviderId(providerId), valid);
}

void TestApiKey::redacted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    const QString none;
    QTest::newRow("nothing secret") << u"Model not found: gpt-9 (sk-learn is a library)"_s << none
                                    << u"Model not found: gpt-9 (sk-learn is a library)"_s;
    QTest::newRow("the key in use, any shape") << u"key my-own-server-secret-0123456789wxyz refused"_s
                                               << u"my-own-server-secret-0123456789wxyz"_s << u"key ****wxyz refused"_s;
    QTest::newRow("a short key is not searched for") << u"the value none is fine"_s << u"none"_s
                                                     << u"the value none is fine"_s;
    QTest::newRow("OpenAI") << u"Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrSt1234."_s << none
                            << u"Incorrect API key provided: ****1234."_s;
    QTest::newRow("Anthropic") << u"bad x-api-key sk-ant-api03-AbCdEfGhIjKlMnOp-QrSt_uvwx"_s << none
                               << u"bad x-api-key ****uvwx"_s;
    QTest::newRow("Google") << u"API key not valid: AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv"_s << none
                            << u"API key not valid: ****StUv"_s;
    QTest::newRow("Bearer, any case") << u"header authorization: bearer abc.DEF_ghi-123= was refused"_s << none
                                      << u"header authorization: bearer ****123= was refused"_s;
    QTest::newRow("JWT") << u"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired"_s << none
                         << u"token ****dXJl expired"_s;
    QTest::newRow("several") << u"sk-AbCdEfGhIjKlMnOpQrSt and sk-ZyXwVuTsRqPoNmLkJiHg"_s << none
                             << u"****QrSt and ****JiHg"_s;
}

void TestApiKey::redacted()
{
    QFETCH(QString, text);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    QCOMPARE(Switchyard::Secrets::redacted(text, key), expected);
}

QTEST_GUILESS_MAIN(TestApiKey)
#include "tst_apikey.moc"
