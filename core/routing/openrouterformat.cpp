#include "openrouterformat.h"

#include "catalog/price.h"
#include "formatsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

namespace {

using namespace FormatSupport;

const QString Format = u"OpenRouter"_s;

// Our vendor presets by the prefix of OpenRouter's model ids.
struct Vendor {
    QLatin1StringView provider;
    QLatin1StringView prefix;
};
constexpr std::array vendors{
    Vendor{"openai"_L1, "openai"_L1},   Vendor{"anthropic"_L1, "anthropic"_L1}, Vendor{"gemini"_L1, "google"_L1},
    Vendor{"mistral"_L1, "mistralai"_L1}, Vendor{"deepseek"_L1, "deepseek"_L1},   Vendor{"xai"_L1, "x-ai"_L1},
};

double usd(qint64 amount)
{
    return Catalog::Price::toUsdPerMillion(amount);
}

QJsonObject templateOf(const RoutingConfig &config, const Route &route, ExportResult &result)
{
    const QString label = routeLabel(route);
    QJsonObject body;
    QJsonArray models;
    QJsonObject provider;
    for (const Target &t : route.targets) {
        const QString id = OpenRouterFormat::openRouterId(t);
        if (id.isEmpty()) {
            result.unsupported.append(u"%1: target %2: OpenRouter does not serve provider '%3'"_s.arg(label, t.key(), t.provider));
            continue;
        }
        if (t.provider != "openrouter"_L1)
            result.notes.append(u"%1: target %2 is sent through OpenRouter as %3; check that OpenRouter lists that "
                                "id"_s.arg(label, t.key(), id));
        if (!models.contains(id))
            models.append(id);
    }
    body.insert(u"models"_s, models);
    // Parameters go into the body, which is one for all models: only those
    // every target agrees on can be written.
    if (!route.targets.isEmpty()) {
        const QJsonObject &first = route.targets.first().params;
        const bool same = std::ranges::all_of(route.targets, [&](const Target &t) { return t.params == first; });
        if (same) {
            for (auto it = first.begin(); it != first.end(); ++it)
                if (it.key() != "models"_L1 && it.key() != "provider"_L1 && it.key() != "model"_L1)
                    body.insert(it.key(), it.value());
        } else {
            result.unsupported.append(u"%1: parameters that differ between targets: an OpenRouter request has one "
                                      "set for all its models"_s.arg(label));
        }
    }
    switch (route.strategy) {
    case Strategy::Fallback:
        break;
    case Strategy::Cheapest:
        provider.insert(u"sort"_s, u"price"_s);
        result.unsupported.append(u"%1: strategy cheapest: OpenRouter sorts the providers of one model by price "
                                  "(sort: price), not the models of a route; models kept in the written order"_s.arg(label));
        break;
    case Strategy::Fastest:
        provider.insert(u"sort"_s, u"latency"_s);
        result.unsupported.append(u"%1: strategy fastest: OpenRouter sorts the providers of one model by latency "
                                  "(sort: latency), not the models of a route; models kept in the written order"_s.arg(label));
        break;
    case Strategy::Weighted:
        if (route.targets.size() > 1)
            result.unsupported.append(u"%1: strategy weighted: OpenRouter has no weighted split; models in the "
                                      "written order"_s.arg(label));
        break;
    case Strategy::BestVoted:
    case Strategy::BestRated:
        if (route.targets.size() > 1)
            result.unsupported.append(u"%1: strategy %2: OpenRouter knows no Compare votes or ratings; models in "
                                      "the written order"_s.arg(label, strategyName(route.strategy)));
        break;
    }
    const Constraints &c = route.constraints;
    QJsonObject maxPrice;
    if (c.maxInputPrice)
        maxPrice.insert(u"prompt"_s, usd(*c.maxInputPrice));
    if (c.maxOutputPrice)
        maxPrice.insert(u"completion"_s, usd(*c.maxOutputPrice));
    if (!maxPrice.isEmpty())
        provider.insert(u"max_price"_s, maxPrice);
    if (c.data == DataPolicy::NoTraining || c.data == DataPolicy::ZeroRetention)
        provider.insert(u"data_collection"_s, u"deny"_s);
    if (c.data == DataPolicy::ZeroRetention)
        provider.insert(u"zdr"_s, true);
    if (c.capabilities != Catalog::Capabilities()) {
        provider.insert(u"require_parameters"_s, true);
        result.notes.append(u"%1: required capabilities become require_parameters: OpenRouter then uses only "
                            "providers that support every parameter of the request (tools, response_format)"_s.arg(label));
    }
    Route rest = route;
    rest.constraints.maxInputPrice.reset();
    rest.constraints.maxOutputPrice.reset();
    rest.constraints.capabilities = {};
    listConstraints(rest, Format, int(Supports::Prices) | int(Supports::DataPolicy), result.unsupported);
    if (!provider.isEmpty())
        body.insert(u"provider"_s, provider);

    const RetryPolicy &retry = config.retryOf(route);
    if (retry.attempts > 1)
        result.unsupported.append(u"%1: %2 attempts per target: OpenRouter retries and falls back by itself"_s.arg(label).arg(
            retry.attempts));
    if (retry.cooldownFailures > 0)
        result.unsupported.append(u"%1: cooldowns: OpenRouter decides itself which providers to rest"_s.arg(label));
    if (retry.timeouts != Timeouts())
        result.unsupported.append(u"%1: timeouts: set them on the HTTP client that sends the request"_s.arg(label));
    return body;
}

} // namespace

QString OpenRouterFormat::openRouterId(const Target &target)
{
    if (target.provider == "openrouter"_L1)
        return target.model;
    const auto vendor = std::ranges::find_if(vendors, [&](const Vendor &v) { return v.provider == target.provider; });
    return vendor == vendors.end() ? QString() : vendor->prefix + u'/' + target.model;
}

ExportResult OpenRouterFormat::exportConfig(const RoutingConfig &config, const FormatOptions &options)
{
    ExportResult result;
    const QList<const Route *> routes = routesToExport(config, options);
    QJsonObject out;
    if (routes.size() == 1) {
        out = templateOf(config, *routes.first(), result);
    } else {
        for (const Route *route : routes)
            out.insert(route->name, templateOf(config, *route, result));
    }
    for (qsizetype i = 0; i < config.rules.size(); ++i)
        result.unsupported.append(u"%1 (→ %2): an OpenRouter request has no rules; pick the route's template in the "
                                  "caller"_s.arg(ruleLabel(config.rules.at(i), i), config.rules.at(i).route));
    result.notes.append(u"the key is the caller's: Authorization: Bearer $OPENROUTER_API_KEY"_s);
    result.text = QJsonDocument(out).toJson(QJsonDocument::Indented);
    return result;
}

} // namespace Switchyard::Routing
