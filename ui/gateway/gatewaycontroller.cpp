#include "gateway/gatewaycontroller.h"

#include "gateway/gatewayhost.h"
#include "routing/configlibrary.h"
#include "routing/routingfacts.h"
#include "settings/appsettings.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QDate>
#include <QDir>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {

GatewayController::GatewayController(Context context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_host(m_context.sharedRouter ? new Gateway::GatewayHost(m_context.sharedRouter, m_context.tokenStore, this)
                                    : new Gateway::GatewayHost(m_context.router, m_context.tokenStore, this))
    , m_port(m_context.settings ? m_context.settings->gatewayPort()
                                : Settings::AppSettings::DefaultGatewayPort)
{
    if (m_context.settings) {
        // A setting another version wrote, or edited by hand, that is not an
        // address falls back to loopback rather than to no gateway.
        if (const QHostAddress chosen(m_context.settings->gatewayAddress()); !chosen.isNull())
            m_address = chosen;
        for (const QString &origin : m_context.settings->gatewayAllowedOrigins())
            if (auto normal = Gateway::GatewayOptions::normalizeOrigin(origin); normal && !m_allowedOrigins.contains(*normal))
                m_allowedOrigins.append(*normal);
        m_host->setAllowedOrigins(m_allowedOrigins);
    }
    // Only the name until the gateway starts: reading the file and the
    // usage log's figures is work for a start, not for every launch —
    // unless the router is shared, and others decide by its config.
    if (m_context.sharedRouter)
        loadConfig();
    else
        describeConfig();
    if (m_context.settings) {
        // The active config is swapped into the running gateway at once (the
        // router's decider is replaced; calls under way keep the old one), so
        // that choosing a config on the Routing page needs no restart. Each
        // start reads the file again, which also picks up saved edits.
        connect(m_context.settings, &Settings::AppSettings::activeRoutingConfigChanged, this, [this] {
            if (m_host->state() == Gateway::GatewayHost::State::Off && !m_context.sharedRouter) {
                describeConfig();
                Q_EMIT configChanged();
            } else {
                loadConfig();
            }
        });
    }
}

GatewayController::~GatewayController() = default;

void GatewayController::setOn(bool on)
{
    if (m_context.settings)
        m_context.settings->setGatewayEnabled(on);
    if (on)
        start();
    else
        m_host->stop();
}

void GatewayController::restore()
{
    // A failed start at launch (the port taken by another program) leaves
    // the setting on: the next launch tries again, as the user last chose.
    if (m_context.settings && m_context.settings->gatewayEnabled())
        start();
}

quint16 GatewayController::port() const
{
    return m_port;
}

void GatewayController::setPort(quint16 port)
{
    if (port == 0)
        return;
    m_port = port;
    if (m_context.settings)
        m_context.settings->setGatewayPort(port);
}

void GatewayController::setAddress(const QHostAddress &address)
{
    if (address.isNull())
        return;
    m_address = address;
    if (m_context.settings)
        m_context.settings->setGatewayAddress(address == QHostAddress(QHostAddress::LocalHost) ? QString()
                                                                                                : address.toString());
}

void GatewayController::setAllowedOrigins(const QStringList &origins)
{
    m_allowedOrigins = origins;
    m_host->setAllowedOrigins(origins);
    if (m_context.settings)
        m_context.settings->setGatewayAllowedOrigins(origins);
}

void GatewayController::start()
{
    if (m_host->state() != Gateway::GatewayHost::State::Off)
        return;
    loadConfig(); // again: saved edits since are picked up
    Gateway::GatewayOptions options;
    options.port = m_port;
    options.address = m_address;
    options.allowedOrigins = m_allowedOrigins;
    m_host->start(options);
}

QString GatewayController::describeConfig()
{
    const QString fileName = m_context.settings ? m_context.settings->activeRoutingConfig() : QString();
    m_configName = fileName.isEmpty() ? tr("none (clients name provider/model)")
                                      : RoutingUi::ConfigLibrary::displayName(fileName);
    m_configProblem.clear();
    return fileName;
}

void GatewayController::loadConfig()
{
    const int generation = ++m_configGeneration;
    const QString fileName = describeConfig();
    Routing::RoutingConfig config;
    if (!fileName.isEmpty()) {
        const QString path = QDir(m_context.dataDir).filePath(u"routing/"_s + fileName);
        // A small local file, read as the Routing page reads it.
        if (auto read = Gateway::GatewayHost::readConfig(path))
            config = std::move(*read);
        else
            m_configProblem = tr("%1 cannot be used; clients name provider/model until it is fixed:\n%2")
                                  .arg(fileName, read.error());
    }

    m_routeNames.clear();
    for (const Routing::Route &route : config.routes)
        m_routeNames.append(route.name);

    Routing::RoutingFacts facts;
    const Routing::Router::Services &services = m_host->router()->services();
    if (services.catalog)
        facts.addCatalog(*services.catalog, config);
    m_host->setConfig(config, facts, m_configName);
    Q_EMIT configChanged();

    // Measured speeds and budgets come from the usage log on its own thread;
    // until they are in, the router decides without them.
    if (Usage::UsageStore *usage = services.usage) {
        usage->query<std::optional<Routing::RoutingFacts>>(
            this,
            [facts](Usage::UsageDatabase *db) -> std::optional<Routing::RoutingFacts> {
                Routing::RoutingFacts all = facts;
                if (!db || !all.addUsage(*db, QDate::currentDate()))
                    return std::nullopt;
                return all;
            },
            [this, generation, config, name = m_configName](std::optional<Routing::RoutingFacts> all) {
                if (all && generation == m_configGeneration)
                    m_host->setConfig(config, std::move(*all), name);
            });
    }
}

KeysDialog::Context GatewayController::keysContext() const
{
    // While running, where it listens; while off, where the next start will
    // (127.0.0.1 for "every address": the tools are most often on this computer).
    QUrl origin;
    if (m_host->isRunning()) {
        origin = m_host->baseUrl();
        origin.setPath(QString());
    } else {
        const QHostAddress address = m_address == QHostAddress(QHostAddress::AnyIPv4)
            ? QHostAddress(QHostAddress::LocalHost)
            : m_address;
        origin.setScheme(u"http"_s);
        origin.setHost(address.toString());
        origin.setPort(m_port);
    }
    return {.store = m_host->router()->services().usage,
            .keychain = m_context.tokenStore,
            .keyring = m_host->keyring(),
            .routes = m_routeNames,
            .origin = origin.toString()};
}

} // namespace Switchyard::GatewayUi
