#include "gatewayharness.h"

#include "support/loggedcalls.h"

#include "routing/configreader.h"
#include "usage/usagedatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport {

bool GatewayHarness::prepareDatabase(const std::function<bool(Usage::UsageDatabase &)> &work)
{
    auto db = Usage::UsageDatabase::open(m_dir.filePath(u"usage.sqlite3"_s));
    return db && work(*db);
}

QString GatewayHarness::start(const QByteArray &config, Gateway::GatewayOptions options, Extras extras)
{
    if (!m_dir.isValid())
        return u"no temporary folder"_s;
    m_upstream = std::make_unique<FixtureProvider>();
    if (!m_upstream->listen())
        return u"the fixture provider cannot listen"_s;
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    m_client = std::make_unique<QNetworkAccessManager>();
    m_usage = std::make_unique<Usage::UsageStore>(m_dir.filePath(u"usage.sqlite3"_s));
    m_budgets = std::make_unique<Usage::BudgetMonitor>(m_usage.get());
    QSignalSpy budgetsRead(m_budgets.get(), &Usage::BudgetMonitor::changed);
    if (!m_budgets->isLoaded() && !budgetsRead.wait(5000))
        return u"the budgets were not read"_s;
    const auto read = Routing::ConfigReader::read(config);
    if (!read)
        return read.error().first().toString();
    Routing::Router::Services services;
    services.network = m_network.get();
    services.keys = &m_keys;
    services.usage = m_usage.get();
    services.budgets = m_budgets.get();
    services.provider = FixtureProvider::openAiProviders({{u"one"_s, m_upstream.get()}});
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(read->config));
    options.token = QString::fromLatin1(Token);
    m_gateway = std::make_unique<Gateway::GatewayServer>(
        Gateway::GatewayServer::Services{.router = m_router.get(),
                                         .models = [] { return QStringList{u"one/model-a"_s}; },
                                         .keys = extras.keys,
                                         .clock = std::move(extras.clock)},
        options);
    const auto port = m_gateway->listen();
    return port ? QString() : port.error();
}

QNetworkReply *GatewayHarness::post(const QString &path, const QByteArray &body,
                                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_gateway->baseUrl().toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_client->post(request, body);
}

QNetworkReply *GatewayHarness::get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_gateway->baseUrl().toString() + path));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_client->get(request);
}

bool GatewayHarness::waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(15000);
}

QList<Usage::UsageRecord> GatewayHarness::loggedCalls()
{
    return TestSupport::loggedCalls(*m_usage);
}

QJsonObject GatewayHarness::upstreamBody(qsizetype index) const
{
    return QJsonDocument::fromJson(m_upstream->requests().value(index).body).object();
}

} // namespace Switchyard::TestSupport
