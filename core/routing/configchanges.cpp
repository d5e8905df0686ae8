#include "routing/configchanges.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {
namespace {

// Adds "<what>_added", "_removed" and "_changed" for two lists of named things.
template<typename T>
void compare(QJsonObject &out, const QString &what, const QList<T> &before, const QList<T> &after)
{
    QJsonArray added;
    QJsonArray removed;
    QJsonArray changed;
    for (const T &a : after) {
        const auto it = std::ranges::find(before, a.name, &T::name);
        if (it == before.end())
            added.append(a.name);
        else if (!(*it == a))
            changed.append(a.name);
    }
    for (const T &b : before) {
        if (std::ranges::find(after, b.name, &T::name) == after.end())
            removed.append(b.name);
    }
    if (!added.isEmpty())
        out.insert(what + u"_added"_s, added);
    if (!removed.isEmpty())
        out.insert(what + u"_removed"_s, removed);
    if (!changed.isEmpty())
        out.insert(what + u"_changed"_s, changed);
}

} // namespace

QJsonObject configChanges(const RoutingConfig *before, const RoutingConfig &after)
{
    QJsonObject out{{u"config"_s, after.name},
                    {u"routes"_s, after.routes.size()},
                    {u"rules"_s, after.rules.size()},
                    {u"tests"_s, after.tests.size()}};
    if (!after.defaultRoute.isEmpty())
        out.insert(u"default_route"_s, after.defaultRoute);
    static const RoutingConfig none;
    const RoutingConfig &from = before ? *before : none;
    compare(out, u"routes"_s, from.routes, after.routes);
    compare(out, u"rules"_s, from.rules, after.rules);
    if (before && before->defaultRoute != after.defaultRoute)
        out.insert(u"default_route_changed"_s, true);
    if (before && before->rules.size() == after.rules.size() && !out.contains(u"rules_changed"_s)) {
        // The same rules in another order decide differently.
        for (qsizetype i = 0; i < after.rules.size(); ++i) {
            if (before->rules.at(i).name != after.rules.at(i).name) {
                out.insert(u"rules_reordered"_s, true);
                break;
            }
        }
    }
    if (before && before->tests != after.tests)
        out.insert(u"tests_changed"_s, true);
    return out;
}

} // namespace Switchyard::Routing
