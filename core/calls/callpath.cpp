#include "calls/callpath.h"

#include "calls/attempt.h"
#include "usage/budgetmonitor.h"

namespace Switchyard::Calls {

CallPath::CallPath(CallServices services, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
{
}

CallPath::~CallPath() = default;

Attempt *CallPath::attempt(const QString &providerId, Providers::ChatRequest request, CallTags tags, QObject *parent,
                           const std::optional<Providers::CallTimeouts> &limits)
{
    return new Attempt(this, providerId, std::move(request), std::move(tags), limits, parent);
}

Usage::BudgetGate CallPath::gate(const QString &provider, const QString &keyName) const
{
    return m_services.budgets ? m_services.budgets->gate(provider, keyName) : Usage::BudgetGate{};
}

QList<Usage::BudgetStatus> CallPath::budgets() const
{
    return m_services.budgets ? m_services.budgets->statuses() : QList<Usage::BudgetStatus>();
}

quint64 CallPath::budgetLevelGeneration() const
{
    return m_services.budgets ? m_services.budgets->levelGeneration() : 0;
}

Providers::CallTimeouts CallPath::timeouts() const
{
    return m_services.timeouts ? m_services.timeouts() : Providers::CallTimeouts{};
}

} // namespace Switchyard::Calls
