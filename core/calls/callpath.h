#pragma once

#include "providers/chatcall.h"
#include "providers/chatrequest.h"
#include "providers/providerconfig.h"
#include "usage/budgetgate.h"
#include "usage/usagerecord.h"

#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Secrets {
class KeyStore;
}
namespace Switchyard::Usage {
class BudgetMonitor;
class UsageStore;
}

namespace Switchyard::Calls {

class Attempt;

/// Who is calling and under which route: what a call's usage row says
/// besides the call's own figures.
struct CallTags {
    Usage::Source source = Usage::Source::Compare;
    QString project;
    QString keyName; // the gateway key it came with (UsageRecord::keyName)
    QString route; // the route this attempt serves, when routed
    QString rule;
    int retries = 0;      // earlier attempts at this target
    int fallbackHops = 0; // targets tried before this one
};

/// What a call needs from the program it runs in. Everything is read when a
/// call starts — the provider, its key, the budgets, the time limits — so
/// that a change anywhere (the Providers page, the keychain, an environment
/// variable, a budget, the settings) applies to the next call of every caller.
struct CallServices {
    QNetworkAccessManager *network = nullptr;
    /// Where keys come from (the app's KeyResolver); null: keyless providers only.
    Secrets::KeyStore *keys = nullptr;
    /// The provider of an id, as configured now; empty for unknown ids.
    std::function<std::optional<Providers::ProviderConfig>(const QString &id)> provider;
    const Catalog::PriceCatalog *catalog = nullptr; // null: costs unknown, save own servers
    Usage::UsageStore *usage = nullptr;             // null: nothing logged
    const Usage::BudgetMonitor *budgets = nullptr;  // null: no budget applies
    /// The time limits from the settings; null: the defaults.
    std::function<Providers::CallTimeouts()> timeouts;
};

/// The one call path: every request Switchyard sends to a model — a Compare
/// pane's turn, `switchyard-cli ask`, each attempt of the router behind Try It
/// and the gateway — is an Attempt made here. So the key lookup, the budget
/// gate, the time limits, the price and the usage row follow one rule for
/// every caller. Lives on one thread with the calls it makes; never blocks.
class CallPath final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallPath)

public:
    explicit CallPath(CallServices services, QObject *parent = nullptr);
    ~CallPath() override;

    [[nodiscard]] const CallServices &services() const { return m_services; }

    /// A new attempt at one provider with request (its model set), not yet
    /// started; limits replace the settings' time limits where given (a
    /// route's own). Owned by parent.
    [[nodiscard]] Attempt *attempt(const QString &providerId, Providers::ChatRequest request, CallTags tags,
                                   QObject *parent, const std::optional<Providers::CallTimeouts> &limits = {});

    /// What every request does before it leaves, whatever it asks (a chat
    /// turn, embeddings): the provider looked up afresh, the budget gate
    /// (passed on the route a budget reroutes to), the key read afresh —
    /// then ready() with the provider, the key and a budget warning, or
    /// refused() with why. From inside the call or, when the key comes from
    /// the keychain, later on context's thread, unless context is gone;
    /// wanted() is asked again then (a cancel in between refuses).
    struct Ready {
        Providers::ProviderConfig provider;
        QString key;
        QString budgetWarning;
    };
    void clear(const QString &providerId, const CallTags &tags, QObject *context, std::function<bool()> wanted,
               std::function<void(const Ready &)> ready,
               std::function<void(const Providers::CallError &)> refused) const;

    /// What the budgets say about one more call to provider, now, for a
    /// caller with the gateway key keyName (its own budgets apply too).
    [[nodiscard]] Usage::BudgetGate gate(const QString &provider, const QString &keyName = {}) const;
    /// The budgets as they stand now; empty without a monitor.
    [[nodiscard]] QList<Usage::BudgetStatus> budgets() const;
    /// Changes whenever a budget is reached, warns or is no longer reached,
    /// or budgets are added or removed: when a decision must be made again.
    [[nodiscard]] quint64 budgetLevelGeneration() const;
    [[nodiscard]] Providers::CallTimeouts timeouts() const;

private:
    CallServices m_services;
};

} // namespace Switchyard::Calls
