#include "usage/usageaudit.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage::UsageAudit {
namespace {

QString scopeName(const QString &scope)
{
    return scope.isEmpty() ? u"total"_s : scope;
}

// Which budget: its scope, key and period.
QJsonObject budgetId(const Budget &budget)
{
    QJsonObject o{{u"scope"_s, scopeName(budget.scope)}, {u"period"_s, periodName(budget.period)}};
    if (!budget.key.isEmpty())
        o.insert(u"key"_s, budget.key);
    return o;
}

} // namespace

QJsonObject callData(const UsageRecord &r)
{
    QJsonObject o{{u"caller"_s, sourceName(r.source)},
                  {u"provider"_s, r.provider},
                  {u"model"_s, r.model},
                  {u"status"_s, statusName(r.status)},
                  {u"started"_s, QDateTime::fromMSecsSinceEpoch(r.timeMs, QTimeZone::UTC).toString(Qt::ISODateWithMs)}};
    if (!r.keyName.isEmpty())
        o.insert(u"key"_s, r.keyName);
    if (!r.project.isEmpty())
        o.insert(u"project"_s, r.project);
    if (!r.route.isEmpty())
        o.insert(u"route"_s, r.route);
    if (!r.rule.isEmpty())
        o.insert(u"rule"_s, r.rule);
    if (!r.errorClass.isEmpty())
        o.insert(u"error"_s, r.errorClass);
    if (r.httpStatus != 0)
        o.insert(u"http_status"_s, r.httpStatus);
    if (r.retries != 0)
        o.insert(u"retries"_s, r.retries);
    if (r.fallbackHops != 0)
        o.insert(u"hops"_s, r.fallbackHops);
    if (r.costNanoUsd) {
        o.insert(u"cost_nano_usd"_s, *r.costNanoUsd);
        if (r.costEstimated)
            o.insert(u"cost_estimated"_s, true);
    }
    return o;
}

QJsonObject budgetData(const Budget &budget)
{
    QJsonObject o = budgetId(budget);
    o.insert(u"limit_nano_usd"_s, budget.limitNanoUsd);
    o.insert(u"action"_s, budget.action == Budget::Action::Reroute ? u"reroute"_s : u"block"_s);
    if (budget.action == Budget::Action::Reroute)
        o.insert(u"reroute_to"_s, budget.rerouteTo);
    return o;
}

QJsonObject budgetRemovedData(const Budget &which)
{
    return budgetId(which);
}

} // namespace Switchyard::Usage::UsageAudit
