// AppSettings: every preference survives a restart, bad values are refused,
// and the proxy setting routes requests — but never those to this computer.

#include "settings/appsettings.h"
#include "support/fixtureprovider.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using Switchyard::Settings::AppSettings;

class TestAppSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaults();
    void survivesRestart();
    void refusesBadValues_data();
    void refusesBadValues();
    void manualProxyCarriesRequests();
    void loopbackBypassesTheProxy();
};

void TestAppSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_appsettings"_s);
}

void TestAppSettings::init()
{
    QSettings().clear();
}

void TestAppSettings::defaults()
{
    AppSettings settings;
    QCOMPARE(settings.theme(), AppSettings::Theme::System);
    QCOMPARE(settings.defaultParameters(), Switchyard::Compare::Parameters{});
    QCOMPARE(settings.callTimeouts().firstByteMs, Switchyard::Providers::CallTimeouts{}.firstByteMs);
    QCOMPARE(settings.proxy().mode, AppSettings::Proxy::Mode::System);
}

void TestAppSettings::survivesRestart()
{
    {
        AppSettings settings;
        QSignalSpy theme(&settings, &AppSettings::themeChanged);
        QSignalSpy proxy(&settings, &AppSettings::proxyChanged);
        QSignalSpy changed(&settings, &AppSettings::changed);
        settings.setTheme(AppSettings::Theme::Dark);
        settings.setTheme(AppSettings::Theme::Dark); // no change, no signal
        settings.setDefaultParameters({.systemPrompt = u"Be brief."_s, .temperature = 0.2, .maxTokens = 512,
                                       .reasoningEffort = u"low"_s});
        QVERIFY(settings.setCallTimeouts({.firstByteMs = 5000, .stallMs = 7000, .totalMs = 90'000,
                                          .maxEventBytes = 1 << 20, .maxAnswerBytes = 8 << 20}));
        // One event larger than the whole answer, or an event under 64 KiB: refused.
        QVERIFY(!settings.setCallTimeouts({.maxEventBytes = 16 << 20, .maxAnswerBytes = 8 << 20}));
        QVERIFY(!settings.setCallTimeouts({.maxEventBytes = 1024}));
        QVERIFY(settings.setModelListTimeoutMs(4000));
        QVERIFY(settings.setProxy({.mode = AppSettings::Proxy::Mode::Manual, .socks = true,
                                   .host = u" proxy.example "_s, .port = 1080}));
        QCOMPARE(theme.count(), 1);
        QCOMPARE(proxy.count(), 1);
        QCOMPARE(changed.count(), 5);
    }
    AppSettings settings;
    QCOMPARE(settings.theme(), AppSettings::Theme::Dark);
    QCOMPARE(settings.defaultParameters().systemPrompt, u"Be brief."_s);
    QCOMPARE(settings.defaultParameters().temperature, 0.2);
    QCOMPARE(settings.defaultParameters().maxTokens, 512);
    QCOMPARE(settings.defaultParameters().reasoningEffort, u"low"_s);
    QCOMPARE(settings.callTimeouts().firstByteMs, 5000);
    QCOMPARE(settings.callTimeouts().stallMs, 7000);
    QCOMPARE(settings.callTimeouts().totalMs, 90'000);
    QCOMPARE(settings.callTimeouts().maxEventBytes, qint64(1) << 20);
    QCOMPARE(settings.callTimeouts().maxAnswerBytes, qint64(8) << 20);
    QCOMPARE(settings.modelListTimeoutMs(), 4000);
    QCOMPARE(settings.proxy().host, u"proxy.example"_s);
    QCOMPARE(settings.proxy().port, 1080);
    QVERIFY(settings.proxy().socks);
}

void TestAppSettings::refusesBadValues_data()
{
    QTest::addColumn<int>("firstByteMs");
    QTest::addColumn<QString>("proxyHost");
    QTest::addColumn<int>("proxyPort");
    QTest::newRow("timeout too short") << 10 << u"p.example"_s << 8080;
    QTest::newRow("timeout too long") << 7'200'000 << u"p.example"_s << 8080;
    QTest::newRow("proxy without host") << 5000 << u"  "_s << 8080;
    QTest::newRow("proxy without port") << 5000 << u"p.example"_s << 0;
}

void TestAppSettings::refusesBadValues()
{
    QFETCH(int, firstByteMs);
    QFETCH(QString, proxyHost);
    QFETCH(int, proxyPort);
    AppSettings settings;
    const bool timeoutOk = firstByteMs >= AppSettings::MinTimeoutMs && firstByteMs <= AppSettings::MaxTimeoutMs;
    QCOMPARE(settings.setCallTimeouts({.firstByteMs = firstByteMs, .stallMs = 5000, .totalMs = 60'000}).has_value(),
             timeoutOk);
    QCOMPARE(settings.setModelListTimeoutMs(firstByteMs).has_value(), timeoutOk);
    const bool proxyOk = !proxyHost.trimmed().isEmpty() && proxyPort > 0;
    QCOMPARE(settings.setProxy({.mode = AppSettings::Proxy::Mode::Manual, .socks = false, .host = proxyHost,
                                .port = quint16(proxyPort)})
                 .has_value(),
             proxyOk);
    if (!proxyOk)
        QCOMPARE(settings.proxy().mode, AppSettings::Proxy::Mode::System);
}

void TestAppSettings::manualProxyCarriesRequests()
{
    // The fixture plays an HTTP proxy: a request through it arrives with the
    // whole URL in its request line.
    FixtureProvider proxy;
    QVERIFY(proxy.listen());
    proxy.enqueue({.contentType = "text/plain", .chunks = {"via proxy"}});
    AppSettings settings;
    QVERIFY(settings.setProxy({.mode = AppSettings::Proxy::Mode::Manual, .socks = false, .host = u"127.0.0.1"_s,
                               .port = proxy.port()}));
    QNetworkAccessManager network;
    settings.applyProxy(&network);
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(u"http://models.example.invalid/v1/models"_s)));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(reply->readAll(), "via proxy"_ba);
    QCOMPARE(proxy.requests().size(), 1);
    QCOMPARE(proxy.requests().first().path, "http://models.example.invalid/v1/models"_ba);
    reply->deleteLater();
}

void TestAppSettings::loopbackBypassesTheProxy()
{
    FixtureProvider server;
    QVERIFY(server.listen());
    server.enqueue({.contentType = "text/plain", .chunks = {"direct"}});
    AppSettings settings;
    // A proxy nobody answers on: a request that went there would fail.
    QVERIFY(settings.setProxy({.mode = AppSettings::Proxy::Mode::Manual, .socks = false, .host = u"127.0.0.1"_s,
                               .port = FixtureProvider::unusedPort()}));
    QNetworkAccessManager network;
    settings.applyProxy(&network);
    for (const QString &host : {u"127.0.0.1"_s, u"localhost"_s}) {
        QNetworkReply *reply = network.get(QNetworkRequest(QUrl(u"http://%1:%2/v1/models"_s.arg(host).arg(server.port()))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(host + u": "_s + reply->errorString()));
        reply->deleteLater();
    }
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().first().path, "/v1/models"_ba);
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
