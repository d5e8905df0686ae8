#pragma once

#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"

#include "gateway/gatewayserver.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/router.h"
#include "usage/budgetmonitor.h"
#include "usage/usagerecord.h"
#include "usage/usagestore.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>

#include <memory>

namespace Switchyard::TestSupport {

/// The gateway in this process as a client reaches it over real HTTP on
/// 127.0.0.1: an OpenAI-compatible fixture provider "one" behind a router
/// with the given config, a usage store in a temporary folder, and a
/// QNetworkAccessManager to post with. For the tests of each inbound API.
class GatewayHarness final
{
public:
    static constexpr auto Token = "sy-test-token-0123456789";

    /// What a test may add to the gateway: per-tool keys, a rate-limit clock.
    struct Extras {
        const Gateway::ToolKeyring *keys = nullptr;
        std::function<qint64()> clock;
    };

    /// Everything up and listening, or the reason it is not. The budgets in
    /// the usage database (none unless the test set some with
    /// prepareDatabase()) are read before it listens.
    [[nodiscard]] QString start(const QByteArray &config, Gateway::GatewayOptions options, Extras extras);
    [[nodiscard]] QString start(const QByteArray &config, Gateway::GatewayOptions options = {})
    {
        return start(config, std::move(options), Extras());
    }
    /// Runs work on the usage database before start() (budgets, keys).
    [[nodiscard]] bool prepareDatabase(const std::function<bool(Usage::UsageDatabase &)> &work);

    FixtureProvider &upstream() { return *m_upstream; }
    Gateway::GatewayServer &gateway() { return *m_gateway; }
    Usage::UsageStore &usage() { return *m_usage; }
    Usage::BudgetMonitor &budgets() { return *m_budgets; }
    /// POST to the gateway's base URL + path (e.g. "/messages"), JSON.
    QNetworkReply *post(const QString &path, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers);
    QNetworkReply *get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers);
    /// Waits with the event loop running (the gateway answers on this thread).
    [[nodiscard]] static bool waitFor(QNetworkReply *reply);
    [[nodiscard]] QList<Usage::UsageRecord> loggedCalls();
    /// The body the upstream got with its index-th request, as JSON.
    [[nodiscard]] QJsonObject upstreamBody(qsizetype index) const;

private:
    QTemporaryDir m_dir;
    MemoryKeyStore m_keys;
    std::unique_ptr<FixtureProvider> m_upstream;
    std::unique_ptr<Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<QNetworkAccessManager> m_client;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Usage::BudgetMonitor> m_budgets;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<Gateway::GatewayServer> m_gateway;
};

} // namespace Switchyard::TestSupport
