#include "routingconfig.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

// The names the YAML uses, in enum order.
constexpr std::array strategyNames{"fallback"_L1, "cheapest"_L1, "fastest"_L1, "weighted"_L1, "best_voted"_L1, "best_rated"_L1};
constexpr std::array dataPolicyNames{"any"_L1, "no_training"_L1, "zero_retention"_L1};

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<QLatin1StringView, N> &names, QStringView name)
{
    for (std::size_t i = 0; i < N; ++i)
        if (name == names[i])
            return Enum(i);
    return std::nullopt;
}

} // namespace

QString strategyName(Strategy strategy)
{
    return strategyNames.at(std::size_t(strategy));
}

std::optional<Strategy> strategyFromName(QStringView name)
{
    return fromName<Strategy>(strategyNames, name);
}

QString dataPolicyName(DataPolicy policy)
{
    return dataPolicyNames.at(std::size_t(policy));
}

std::optional<DataPolicy> dataPolicyFromName(QStringView name)
{
    return fromName<DataPolicy>(dataPolicyNames, name);
}

std::optional<Target> Target::fromKey(QStringView key)
{
    const qsizetype slash = key.indexOf(u'/');
    if (slash <= 0 || slash == key.size() - 1)
        return std::nullopt;
    Target t;
    t.provider = key.left(slash).trimmed().toString();
    t.model = key.mid(slash + 1).trimmed().toString();
    if (t.provider.isEmpty() || t.model.isEmpty() || t.provider.contains(u' '))
        return std::nullopt;
    return t;
}

const Route *RoutingConfig::route(QStringView routeName) const
{
    const qsizetype i = routeIndex(routeName);
    return i < 0 ? nullptr : &routes.at(i);
}

Route *RoutingConfig::route(QStringView routeName)
{
    const qsizetype i = routeIndex(routeName);
    return i < 0 ? nullptr : &routes[i];
}

qsizetype RoutingConfig::routeIndex(QStringView routeName) const
{
    for (qsizetype i = 0; i < routes.size(); ++i)
        if (routes.at(i).name == routeName)
            return i;
    return -1;
}

const Route *RoutingConfig::fallbackRoute() const
{
    if (!defaultRoute.isEmpty())
        return route(defaultRoute);
    return routes.isEmpty() ? nullptr : &routes.first();
}

bool RoutingConfig::renameRoute(qsizetype index, const QString &newName)
{
    if (index < 0 || index >= routes.size())
        return false;
    const QString old = std::exchange(routes[index].name, newName);
    if (old == newName)
        return true;
    for (Rule &rule : rules) {
        if (rule.route == old)
            rule.route = newName;
    }
    for (TestCase &test : tests) {
        if (test.expectRoute == old)
            test.expectRoute = newName;
    }
    if (defaultRoute == old)
        defaultRoute = newName;
    return true;
}

bool RoutingConfig::meets(const QString &provider, DataPolicy policy) const
{
    switch (policy) {
    case DataPolicy::Any:
        return true;
    case DataPolicy::NoTraining:
        return noTrainingProviders.contains(provider) || zeroRetentionProviders.contains(provider);
    case DataPolicy::ZeroRetention:
        return zeroRetentionProviders.contains(provider);
    }
    return false;
}

} // namespace Switchyard::Routing
