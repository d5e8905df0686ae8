// The local gateway's toolbar switch on the offscreen platform, with real
// HTTP on 127.0.0.1: switched on it answers /health and an authorised chat
// completion routed by the active config to a fixture provider, the request
// counter follows, Copy puts the URL and the token on the clipboard,
// switching off closes the port, a port already taken is a visible error,
// and the choice survives a restart; the panel's settings: allowed origins
// applied at once, the token renewed, another address with a warning.

#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"

#include "gateway/gatewaybutton.h"
#include "gateway/gatewaycontroller.h"
#include "gateway/gatewayhost.h"
#include "gateway/gatewaypanel.h"
#include "routing/router.h"
#include "settings/appsettings.h"
#include "shell/appservices.h"
#include "shell/mainwindow.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::GatewayHost;
using GatewayUi::GatewayButton;
using GatewayUi::GatewayController;

namespace {

const QByteArray token = "sy-toggle-test-token-0123456789";

const QList<QByteArray> answer = {
    R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]})"
    "\n\n",
    R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]})"
    "\n\n",
    R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})"
    "\n\n",
    "data: [DONE]\n\n"};

const QByteArray teamConfig = "version: 1\n"
                              "routes:\n"
                              "  main:\n"
                              "    targets: [one/model-a]\n";
const QByteArray otherConfig = "version: 1\n"
                               "routes:\n"
                               "  cheap:\n"
                               "    targets: [one/model-b]\n";

QByteArray chatBody(const QString &model)
{
    const QJsonObject body{
        {u"model"_s, model},
        {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"hello"_s}}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

bool waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(15000);
}

// Whether something accepts connections on the port: an event loop wait, as
// the gateway answers on this thread.
bool accepts(quint16 port)
{
    QTcpSocket socket;
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress::LocalHost, port);
    for (int i = 0; i < 100 && connected.isEmpty() && failed.isEmpty(); ++i)
        QTest::qWait(50);
    return !connected.isEmpty();
}

} // namespace

class TestGatewayToggle final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void answersOverHttp_data();
    void answersOverHttp();
    void chatLandsInUsageLogAsGateway();
    void copyPutsUrlAndTokenOnClipboard();
    void tokenMaskedUntilRevealed();
    void toggleOffClosesPort();
    void stopWithRequestUnderWay();
    void portTakenShowsErrorAndStaysOff();
    void activeConfigChangeReachesRunningGateway();
    void stateSurvivesRestart();
    void originsApplyAtOnceAndSurviveRestart();
    void renewTokenFromPanel();
    void environmentTokenCannotBeRenewed();
    void otherAddressWarnsAndIsKept();
    void everyAddressWarnsAndIsKept();
    void mainWindowToolbarHasToggle();

private:
    void makeController(Secrets::KeyStore *tokenStore = nullptr);
    bool switchOn();
    QNetworkReply *request(const QByteArray &method, const QString &path, bool authorised,
                           const QByteArray &body = {});

    QTemporaryDir m_data;
    quint16 m_port = 0;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<QNetworkAccessManager> m_network; // the router's
    std::unique_ptr<QNetworkAccessManager> m_client;  // the OpenAI client's
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Settings::AppSettings> m_settings;
    TestSupport::MemoryKeyStore m_keychain; // outlives the controller that may hold it
    std::unique_ptr<GatewayController> m_controller;
    std::unique_ptr<GatewayButton> m_button;
};

void TestGatewayToggle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchyardTest"_s);
    QCoreApplication::setApplicationName(u"tst_gatewaytoggle"_s);
    // No keychain in the test: the token comes from the environment.
    qputenv("SWITCHYARD_GATEWAY_TOKEN", token);
    QVERIFY(m_data.isValid());
    QVERIFY(QDir(m_data.path()).mkpath(u"routing"_s));
    for (const auto &[name, text] : {std::pair{u"team.yaml"_s, teamConfig}, std::pair{u"other.yaml"_s, otherConfig}}) {
        QFile file(m_data.filePath(u"routing/"_s + name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
}

void TestGatewayToggle::init()
{
    QSettings().clear();
    m_keychain.keys.clear();
    m_port = FixtureProvider::unusedPort();
    m_one = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    m_one->enqueue({.chunks = answer});
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<QNetworkAccessManager>();
    QFile::remove(m_data.filePath(u"usage.sqlite3"_s));
    m_usage = std::make_unique<Usage::UsageStore>(m_data.filePath(u"usage.sqlite3"_s));
    m_settings = std::make_unique<Settings::AppSettings>();
    m_settings->setActiveRoutingConfig(u"team.yaml"_s);
    m_settings->setGatewayPort(m_port);
    makeController();
}

void TestGatewayToggle::makeController(Secrets::KeyStore *tokenStore)
{
    m_button.reset();
    m_controller.reset();
    Routing::Router::Services services;
    services.network = m_network.get();
    services.usage = m_usage.get();
    services.provider = FixtureProvider::openAiProviders({{u"one"_s, m_one.get()}});
    m_controller = std::make_unique<GatewayController>(GatewayController::Context{
        .dataDir = m_data.path(), .router = services, .tokenStore = tokenStore, .settings = m_settings.get()});
    m_button = std::make_unique<GatewayButton>(m_controller.get());
    m_button->resize(m_button->sizeHint());
    m_button->show();
}

void TestGatewayToggle::cleanup()
{
    m_button.reset();
    m_controller.reset();
    m_settings.reset();
    m_usage.reset();
    m_client.reset();
    m_network.reset();
    m_one.reset();
}

bool TestGatewayToggle::switchOn()
{
    // Through the real button: a click on its main part triggers the action.
    QTest::mouseClick(m_button.get(), Qt::LeftButton, {}, QPoint(8, m_button->height() / 2));
    if (!m_button->toggleAction()->isChecked())
        return false;
    GatewayHost *host = m_controller->host();
    for (int i = 0; i < 200 && host->state() == GatewayHost::State::Starting; ++i)
        QTest::qWait(25);
    return host->isRunning();
}

QNetworkReply *TestGatewayToggle::request(const QByteArray &method, const QString &path, bool authorised,
                                          const QByteArray &body)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (authorised)
        request.setRawHeader("Authorization", "Bearer " + token);
    return m_client->sendCustomRequest(request, method, body);
}

void TestGatewayToggle::answersOverHttp_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("authorised");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contains");

    QTest::newRow("health") << QByteArray("GET") << u"/health"_s << false << QByteArray() << 200 << QByteArray("ok");
    QTest::newRow("chat by route") << QByteArray("POST") << u"/v1/chat/completions"_s << true << chatBody(u"main"_s)
                                   << 200 << QByteArray("Hello");
    QTest::newRow("chat by provider/model") << QByteArray("POST") << u"/v1/chat/completions"_s << true
                                            << chatBody(u"one/model-a"_s) << 200 << QByteArray("Hello");
    QTest::newRow("chat without token") << QByteArray("POST") << u"/v1/chat/completions"_s << false
                                        << chatBody(u"main"_s) << 401 << QByteArray("error");
    QTest::newRow("models of the active config") << QByteArray("GET") << u"/v1/models"_s << true << QByteArray()
                                                 << 200 << QByteArray("one/model-a");
}

void TestGatewayToggle::answersOverHttp()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, authorised);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, contains);

    QVERIFY(switchOn());
    QCOMPARE(m_controller->host()->port(), m_port);
    QVERIFY(m_button->text().contains(u"127.0.0.1:%1"_s.arg(m_port)));
    QVERIFY2(m_button->text().endsWith(u"0/0"_s), qPrintable(m_button->text()));

    QNetworkReply *reply = request(method, path, authorised, body);
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    const QByteArray answered = reply->readAll();
    QVERIFY2(answered.contains(contains), answered.constData());
    reply->deleteLater();

    // The live counter: answered 1, none under way, on the button and in the panel.
    QTRY_COMPARE(m_controller->host()->requestCount(), 1);
    QTRY_VERIFY2(m_button->text().endsWith(u"0/1"_s), qPrintable(m_button->text()));
    QVERIFY2(m_button->panel()->countsText().contains(u"1 answered"_s), qPrintable(m_button->panel()->countsText()));
}

void TestGatewayToggle::chatLandsInUsageLogAsGateway()
{
    QVERIFY(switchOn());
    QNetworkReply *reply = request("POST", u"/v1/chat/completions"_s, true, chatBody(u"main"_s));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    QCOMPARE(m_one->requests().size(), 1);

    QVERIFY(m_usage->waitForIdle());
    auto db = Usage::UsageDatabase::open(m_usage->path());
    QVERIFY(db);
    QList<Usage::UsageRecord> rows;
    QVERIFY(db->forEachCall({}, [&rows](const Usage::UsageRecord &row) {
        rows.append(row);
        return true;
    }));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
    QCOMPARE(rows.first().route, u"main"_s);
    QCOMPARE(rows.first().model, u"model-a"_s);
}

void TestGatewayToggle::copyPutsUrlAndTokenOnClipboard()
{
    GatewayUi::GatewayPanel *panel = m_button->panel();
    auto *copyUrl = panel->findChild<QToolButton *>(u"copyUrlButton"_s);
    auto *copyToken = panel->findChild<QToolButton *>(u"copyTokenButton"_s);
    QVERIFY(copyUrl && copyToken);
    QVERIFY(!copyUrl->isEnabled()); // nothing to copy while off

    QVERIFY(switchOn());
    const QString url = u"http://127.0.0.1:%1/v1"_s.arg(m_port);
    QCOMPARE(panel->urlText(), url);
    QVERIFY(copyUrl->isEnabled());
    copyUrl->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), url);
    copyToken->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromLatin1(token));
}

void TestGatewayToggle::tokenMaskedUntilRevealed()
{
    QVERIFY(switchOn());
    GatewayUi::GatewayPanel *panel = m_button->panel();
    auto *field = panel->findChild<QLineEdit *>(u"gatewayToken"_s);
    auto *reveal = panel->findChild<QToolButton *>(u"revealTokenButton"_s);
    QVERIFY(field && reveal);
    QVERIFY(!panel->isTokenRevealed());
    QVERIFY(!field->text().contains(QString::fromLatin1(token)));
    QVERIFY(field->text().endsWith(QString::fromLatin1(token.right(4))));
    reveal->click();
    QVERIFY(panel->isTokenRevealed());
    QCOMPARE(field->text(), QString::fromLatin1(token));
    reveal->click();
    QVERIFY(!field->text().contains(QString::fromLatin1(token)));
}

void TestGatewayToggle::toggleOffClosesPort()
{
    QVERIFY(switchOn());
    QVERIFY(accepts(m_port));
    QVERIFY(m_settings->gatewayEnabled());

    m_button->toggleAction()->trigger();
    QCOMPARE(m_controller->host()->state(), GatewayHost::State::Off);
    QVERIFY(!m_button->toggleAction()->isChecked());
    QCOMPARE(m_button->text(), u"Gateway"_s);
    QVERIFY(!accepts(m_port));
    QVERIFY(!m_settings->gatewayEnabled());
    QVERIFY(m_button->panel()->urlText().isEmpty());
}

void TestGatewayToggle::stopWithRequestUnderWay()
{
    // An upstream that answers slowly: the request stays under way.
    // The provider lookup holds the fixture it was given, so a new fixture
    // needs a new controller.
    m_button.reset();
    m_controller.reset();
    m_one = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    m_one->enqueue({.chunks = answer, .chunkDelayMs = 10'000});
    makeController();
    QVERIFY(switchOn());
    QNetworkReply *reply = request("POST", u"/v1/chat/completions"_s, true, chatBody(u"main"_s));
    QTRY_COMPARE(m_controller->host()->activeCount(), 1);
    QVERIFY2(m_button->text().endsWith(u"1/0"_s), qPrintable(m_button->text()));

    // Off with a client waiting: it is cut off, nothing crashes, counts reset.
    m_button->toggleAction()->trigger();
    QCOMPARE(m_controller->host()->state(), GatewayHost::State::Off);
    QCOMPARE(m_controller->host()->activeCount(), 0);
    QVERIFY(waitFor(reply));
    QVERIFY(reply->error() != QNetworkReply::NoError);
    reply->deleteLater();
    QVERIFY(!accepts(m_port));
}

void TestGatewayToggle::portTakenShowsErrorAndStaysOff()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, m_port));
    QSignalSpy failed(m_controller->host(), &GatewayHost::failed);

    m_button->toggleAction()->trigger();
    QVERIFY(failed.wait(5000) || !failed.isEmpty());
    QCOMPARE(m_controller->host()->state(), GatewayHost::State::Off);
    QVERIFY(!m_button->toggleAction()->isChecked());
    QCOMPARE(m_button->text(), u"Gateway: failed"_s);
    const QString error = m_button->panel()->errorText();
    QVERIFY2(error.contains(QString::number(m_port)), qPrintable(error));
    QVERIFY(m_button->toolTip().contains(QString::number(m_port)));
    // The popup makes room for the error line instead of squeezing the rows.
    QVERIFY(m_button->menu()->sizeHint().height() >= m_button->panel()->sizeHint().height());

    // Free again: the next try works and the error goes.
    squatter.close();
    QVERIFY(switchOn());
    QVERIFY(m_button->panel()->errorText().isEmpty());
}

void TestGatewayToggle::activeConfigChangeReachesRunningGateway()
{
    QVERIFY(switchOn());
    QCOMPARE(m_controller->configName(), u"team"_s);
    m_settings->setActiveRoutingConfig(u"other.yaml"_s);
    QCOMPARE(m_controller->configName(), u"other"_s);

    QNetworkReply *reply = request("GET", u"/v1/models"_s, true);
    QVERIFY(waitFor(reply));
    const QByteArray models = reply->readAll();
    reply->deleteLater();
    QVERIFY2(models.contains("cheap") && models.contains("one/model-b"), models.constData());
    QVERIFY(!models.contains("one/model-a"));

    // A config that cannot be read is said, and the gateway keeps running.
    QFile broken(m_data.filePath(u"routing/broken.yaml"_s));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("version: 1\nroutes: [\n");
    broken.close();
    m_settings->setActiveRoutingConfig(u"broken.yaml"_s);
    QVERIFY(m_controller->configProblem().contains(u"broken.yaml"_s));
    QVERIFY(m_button->panel()->errorText().contains(u"broken.yaml"_s));
    QVERIFY(m_controller->host()->isRunning());
}

void TestGatewayToggle::stateSurvivesRestart()
{
    QVERIFY(switchOn());
    QVERIFY(m_settings->gatewayEnabled());
    m_controller->host()->stop(); // as at quitting: the choice stays
    m_settings.reset();

    // A new launch: the settings read back, and the gateway comes back on.
    m_settings = std::make_unique<Settings::AppSettings>();
    QVERIFY(m_settings->gatewayEnabled());
    QCOMPARE(m_settings->gatewayPort(), m_port);
    makeController();
    QCOMPARE(m_controller->port(), m_port);
    m_controller->restore();
    QCOMPARE(m_controller->host()->state(), GatewayHost::State::Starting);
    QTRY_VERIFY(m_controller->host()->isRunning());
    QVERIFY(m_button->toggleAction()->isChecked());
    QVERIFY(accepts(m_port));
}

void TestGatewayToggle::originsApplyAtOnceAndSurviveRestart()
{
    QVERIFY(switchOn());
    const auto fromOrigin = [this](const QByteArray &origin) {
        QNetworkRequest models(QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(m_port)));
        models.setRawHeader("Authorization", "Bearer " + token);
        models.setRawHeader("Origin", origin);
        QNetworkReply *reply = m_client->get(models);
        waitFor(reply);
        reply->deleteLater();
        return std::pair{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                         reply->rawHeader("Access-Control-Allow-Origin")};
    };
    QCOMPARE(fromOrigin("http://localhost:5173").first, 403);

    // Typed into the panel's field: applied to the running gateway at once.
    GatewayUi::GatewayPanel *panel = m_button->panel();
    auto *field = panel->findChild<QLineEdit *>(u"gatewayOrigins"_s);
    QVERIFY(field);
    QTest::keyClicks(field, u"http://localhost:5173/, HTTPS://Tool.Example"_s);
    QVERIFY2(panel->originsProblem().isEmpty(), qPrintable(panel->originsProblem()));
    const QStringList expected{u"http://localhost:5173"_s, u"https://tool.example"_s};
    QCOMPARE(m_controller->allowedOrigins(), expected);
    QCOMPARE(fromOrigin("http://localhost:5173"), std::pair(200, QByteArray("http://localhost:5173")));
    QCOMPARE(fromOrigin("https://other.example").first, 403);
    // Done typing: the list as the gateway compares it.
    Q_EMIT field->editingFinished();
    QCOMPARE(field->text(), u"http://localhost:5173, https://tool.example"_s);

    // A mistake is shown and changes nothing.
    field->clear();
    QTest::keyClicks(field, u"localhost:3000"_s);
    QVERIFY(panel->originsProblem().contains(u"needs a scheme"_s));
    QVERIFY(!panel->findChild<QLabel *>(u"gatewayOriginsProblem"_s)->isHidden());
    QCOMPARE(m_controller->allowedOrigins(), expected);
    QCOMPARE(fromOrigin("http://localhost:5173").first, 200);

    // The next launch reads them back, and a start uses them.
    m_controller->host()->stop();
    m_settings = std::make_unique<Settings::AppSettings>();
    QCOMPARE(m_settings->gatewayAllowedOrigins(), expected);
    makeController();
    QCOMPARE(m_controller->allowedOrigins(), expected);
    QCOMPARE(m_button->panel()->findChild<QLineEdit *>(u"gatewayOrigins"_s)->text(),
             u"http://localhost:5173, https://tool.example"_s);
    m_controller->restore();
    QTRY_VERIFY(m_controller->host()->isRunning());
    QCOMPARE(fromOrigin("https://tool.example").first, 200);
}

void TestGatewayToggle::renewTokenFromPanel()
{
    // This test's token comes from the keychain, not the environment.
    qunsetenv("SWITCHYARD_GATEWAY_TOKEN");
    const auto restore = qScopeGuard([] { qputenv("SWITCHYARD_GATEWAY_TOKEN", token); });
    const QString old = u"sy-kept-in-the-keychain-0123456789"_s;
    m_keychain.keys.insert(u"switchyard-gateway"_s, old);
    makeController(&m_keychain);
    QVERIFY(switchOn());
    QCOMPARE(m_controller->host()->token(), old);

    const auto status = [this](const QString &bearer) {
        QNetworkRequest models(QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(m_port)));
        models.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
        QNetworkReply *reply = m_client->get(models);
        waitFor(reply);
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QCOMPARE(status(old), 200);

    // Renew… asks first, in the panel; Cancel changes nothing.
    GatewayUi::GatewayPanel *panel = m_button->panel();
    auto *renew = panel->findChild<QToolButton *>(u"renewTokenButton"_s);
    QVERIFY(renew && renew->isEnabled());
    renew->click();
    QVERIFY(panel->isAskingToRenew());
    panel->findChild<QPushButton *>(u"cancelRenewButton"_s)->click();
    QVERIFY(!panel->isAskingToRenew());
    QCOMPARE(m_controller->host()->token(), old);

    QSignalSpy renewed(m_controller->host(), &GatewayHost::tokenRenewed);
    QSignalSpy said(m_button.get(), &GatewayButton::statusMessage);
    renew->click();
    panel->findChild<QPushButton *>(u"confirmRenewButton"_s)->click();
    QVERIFY(renewed.wait(5000));
    const QString renewedToken = m_controller->host()->token();
    QVERIFY(renewedToken != old);
    QCOMPARE(m_keychain.keys.value(u"switchyard-gateway"_s), renewedToken);
    QCOMPARE(status(old), 401);
    QCOMPARE(status(renewedToken), 200);
    QVERIFY(!said.isEmpty() && said.last().first().toString().contains(u"new token"_s));
    // Copy gives the new one.
    panel->copyToken();
    QCOMPARE(QGuiApplication::clipboard()->text(), renewedToken);
}

void TestGatewayToggle::environmentTokenCannotBeRenewed()
{
    QVERIFY(switchOn());
    auto *renew = m_button->panel()->findChild<QToolButton *>(u"renewTokenButton"_s);
    QVERIFY(!renew->isEnabled());
    QVERIFY(renew->toolTip().contains(u"SWITCHYARD_GATEWAY_TOKEN"_s));
    // Asked anyway (a script, say): refused with the reason, the token kept.
    QSignalSpy refused(m_controller->host(), &GatewayHost::tokenRenewalFailed);
    m_controller->host()->renewToken();
    QCOMPARE(refused.size(), 1);
    QVERIFY(refused.first().first().toString().contains(u"SWITCHYARD_GATEWAY_TOKEN"_s));
    QCOMPARE(m_controller->host()->token(), QString::fromLatin1(token));
    QVERIFY(m_button->panel()->errorText().contains(u"not renewed"_s));
}

void TestGatewayToggle::otherAddressWarnsAndIsKept()
{
    GatewayUi::GatewayPanel *panel = m_button->panel();
    const QStringList choices = panel->addressChoices();
    QCOMPARE(choices.first(), u"127.0.0.1"_s);
    QVERIFY(panel->addressWarning().isEmpty());
    QCOMPARE(choices.at(1), u"0.0.0.0"_s); // every network, offered whatever this machine has
    const auto other = std::ranges::find_if(choices, [](const QString &address) {
        const QHostAddress host(address);
        return !host.isLoopback() && host != QHostAddress(QHostAddress::AnyIPv4);
    });
    if (other == choices.cend())
        QSKIP("this machine has no address but loopback");

    // Chosen (the gateway is not started here: tests listen on loopback only).
    panel->chooseAddress(*other);
    QCOMPARE(m_controller->address(), QHostAddress(*other));
    QCOMPARE(m_settings->gatewayAddress(), *other);
    QVERIFY(panel->addressWarning().contains(*other));
    QVERIFY(!panel->findChild<QLabel *>(u"gatewayAddressWarning"_s)->isHidden());

    // Kept for the next launch, and still warned about.
    m_settings = std::make_unique<Settings::AppSettings>();
    makeController();
    QCOMPARE(m_controller->address(), QHostAddress(*other));
    QVERIFY(m_button->panel()->addressWarning().contains(*other));

    // Back to this computer only: no warning, nothing kept.
    m_button->panel()->chooseAddress(u"127.0.0.1"_s);
    QVERIFY(m_button->panel()->addressWarning().isEmpty());
    QVERIFY(m_settings->gatewayAddress().isEmpty());
}

void TestGatewayToggle::everyAddressWarnsAndIsKept()
{
    GatewayUi::GatewayPanel *panel = m_button->panel();
    QVERIFY(panel->addressChoices().contains(u"0.0.0.0"_s));
    // Opened once before the choice: the menu has measured the panel without
    // the warning.
    QMenu *menu = m_button->menu();
    menu->popup(QPoint(0, 0));
    QTRY_VERIFY(menu->isVisible());
    menu->hide();
    panel->chooseAddress(u"0.0.0.0"_s);
    QCOMPARE(m_controller->address(), QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(m_settings->gatewayAddress(), u"0.0.0.0"_s);
    QVERIFY(panel->addressWarning().contains(u"Any computer on any network"_s));
    // Opened again, the panel is tall enough for every line of the warning
    // at the width it gets.
    menu->popup(QPoint(0, 0));
    QTRY_VERIFY(menu->isVisible());
    const auto *warning = panel->findChild<QLabel *>(u"gatewayAddressWarning"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->height() >= warning->heightForWidth(warning->width()),
             qPrintable(u"%1 px tall, %2 needed"_s.arg(warning->height()).arg(warning->heightForWidth(warning->width()))));
    QVERIFY(warning->heightForWidth(warning->width()) > warning->fontMetrics().height()); // wrapped: two lines or more
    menu->hide();

    // Kept for the next launch, chosen in the list, still warned about.
    m_settings = std::make_unique<Settings::AppSettings>();
    makeController();
    QCOMPARE(m_controller->address(), QHostAddress(QHostAddress::AnyIPv4));
    auto *combo = m_button->panel()->findChild<QComboBox *>(u"gatewayAddress"_s);
    QCOMPARE(combo->currentData().toString(), u"0.0.0.0"_s);
    QVERIFY(m_button->panel()->addressWarning().contains(u"Any computer on any network"_s));

    m_button->panel()->chooseAddress(u"127.0.0.1"_s);
    QVERIFY(m_button->panel()->addressWarning().isEmpty());
}

void TestGatewayToggle::mainWindowToolbarHasToggle()
{
    Shell::MainWindow window(m_data.path());
    window.show();
    window.activateWindow();
    GatewayButton *button = window.gatewayButton();
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QCOMPARE(button->toggleAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    // No other action of the window answers the same keys.
    int same = 0;
    for (const QAction *action : window.findChildren<QAction *>())
        for (const QKeySequence &keys : action->shortcuts())
            if (keys == button->toggleAction()->shortcut())
                ++same;
    QCOMPARE(same, 1);
    QVERIFY(!button->toggleAction()->isChecked()); // off at a first launch

    // The shortcut switches it on and off.
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.services()->gateway()->setPort(m_port);
    QTest::keyClick(&window, Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(window.services()->gateway()->host()->isRunning());
    QCOMPARE(window.services()->gateway()->host()->port(), m_port);
    QVERIFY(button->toggleAction()->isChecked());
    QTest::keyClick(&window, Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(window.services()->gateway()->host()->state(), GatewayHost::State::Off);
    QVERIFY(!accepts(m_port));
}

QTEST_MAIN(TestGatewayToggle)
#include "tst_gatewaytoggle.moc"
