// The gateway's token: the environment's if set, else the keychain's, else a
// new random one kept in the keychain so that clients set up once keep working.

#include "support/memorykeystore.h"

#include "gateway/gatewaytoken.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::GatewayToken;

class TestGatewayToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { qunsetenv(GatewayToken::environmentVariable.data()); }
    void generated();
    void firstStartKeepsANewToken();
    void environmentWins();
    void renewReplaces();
    void noKeychain();

private:
    static std::pair<std::expected<QString, QString>, QString> obtain(GatewayToken &token, bool renew = false);
};

std::pair<std::expected<QString, QString>, QString> TestGatewayToken::obtain(GatewayToken &token, bool renew)
{
    std::pair<std::expected<QString, QString>, QString> out{std::unexpected(u"no answer"_s), QString()};
    QSignalSpy ready(&token, &GatewayToken::ready);
    connect(&token, &GatewayToken::ready, &token, [&out](const std::expected<QString, QString> &value, const QString &origin) {
        out = {value, origin};
    });
    renew ? token.renew() : token.start();
    if (!ready.wait(5000))
        qWarning("no answer");
    token.disconnect(&token);
    return out;
}

void TestGatewayToken::generated()
{
    const QString a = GatewayToken::generate();
    const QString b = GatewayToken::generate();
    QVERIFY(a != b);
    QVERIFY2(QRegularExpression(u"^sy-[A-Za-z0-9_-]{43}$"_s).match(a).hasMatch(), qPrintable(a));
}

void TestGatewayToken::firstStartKeepsANewToken()
{
    TestSupport::MemoryKeyStore keys;
    GatewayToken token(&keys);
    const auto [first, origin] = obtain(token);
    QVERIFY(first);
    QCOMPARE(origin, u"new"_s);
    QCOMPARE(keys.keys.value(QString(GatewayToken::keychainId)), *first);
    const auto [second, secondOrigin] = obtain(token);
    QCOMPARE(*second, *first);
    QCOMPARE(secondOrigin, u"keychain"_s);
}

void TestGatewayToken::environmentWins()
{
    TestSupport::MemoryKeyStore keys;
    keys.keys.insert(QString(GatewayToken::keychainId), u"sy-kept"_s);
    qputenv(GatewayToken::environmentVariable.data(), " sy-from-env \n");
    GatewayToken token(&keys);
    const auto [value, origin] = obtain(token);
    QCOMPARE(*value, u"sy-from-env"_s);
    QCOMPARE(origin, u"environment"_s);
}

void TestGatewayToken::renewReplaces()
{
    TestSupport::MemoryKeyStore keys;
    keys.keys.insert(QString(GatewayToken::keychainId), u"sy-old"_s);
    GatewayToken token(&keys);
    const auto [value, origin] = obtain(token, true);
    QVERIFY(*value != u"sy-old"_s);
    QCOMPARE(keys.keys.value(QString(GatewayToken::keychainId)), *value);
}

void TestGatewayToken::noKeychain()
{
    GatewayToken token(nullptr);
    const auto [value, origin] = obtain(token);
    QVERIFY(!value);
    QVERIFY2(value.error().contains(u"SWITCHYARD_GATEWAY_TOKEN"_s), qPrintable(value.error()));
}

QTEST_GUILESS_MAIN(TestGatewayToken)
#include "tst_gatewaytoken.moc"
