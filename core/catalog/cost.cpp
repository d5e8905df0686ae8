#include "catalog/cost.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Catalog {

namespace {

// More tokens than any call has; above it a count is garbage, and below it
// the sums in costOf() cannot overflow.
constexpr qint64 maxTokens = 1'000'000'000'000;
constexpr qint64 qint64Max = std::numeric_limits<qint64>::max();

// Anthropic's own API, or OpenRouter serving an Anthropic model: both bill
// cache writes by Anthropic's rule.
bool isAnthropicModel(const ModelInfo &model)
{
    const auto is = [&model](QStringView provider) {
        return model.provider.compare(provider, Qt::CaseInsensitive) == 0;
    };
    return is(u"anthropic") || (is(u"openrouter") && model.id.startsWith(u"anthropic/", Qt::CaseInsensitive));
}

} // namespace

Cost Cost::unknown(const QString &reason)
{
    Cost cost;
    cost.reason = reason;
    return cost;
}

std::optional<qint64> cacheWritePrice(const ModelInfo &model, CacheLifetime lifetime)
{
    const Price &price = model.price;
    if (lifetime == CacheLifetime::FiveMinutes && price.cacheWrite)
        return price.cacheWrite;
    if (!isAnthropicModel(model) || !price.input)
        return std::nullopt;
    // input <= Price::maxAmount, so neither product can overflow.
    return lifetime == CacheLifetime::FiveMinutes ? (*price.input * 5 + 2) / 4 : *price.input * 2;
}

Cost costOf(const ModelInfo &model, const TokenCounts &tokens)
{
    for (const qint64 count : {tokens.input, tokens.cachedInput, tokens.cacheWrite5m, tokens.cacheWrite1h,
                               tokens.output, tokens.reasoning}) {
        if (count < 0 || count > maxTokens)
            return Cost::unknown(u"implausible token count %1"_s.arg(count));
    }
    const Price &price = model.price;
    Cost cost;

    qint64 output = tokens.output;
    qint64 ownPriceReasoning = 0;
    if (price.reasoning) {
        ownPriceReasoning = tokens.reasoning;
        if (tokens.reasoningIncludedInOutput)
            output = std::max<qint64>(0, output - tokens.reasoning);
    } else if (!tokens.reasoningIncludedInOutput) {
        output += tokens.reasoning;
    }

    // A cache count without a price of its own is billed at the input price:
    // an estimate, said so in the reason.
    QStringList guesses;
    const auto orInputPrice = [&](qint64 count, std::optional<qint64> own, QStringView what) {
        if (count > 0 && !own && price.input) {
            guesses.append(what.toString());
            return price.input;
        }
        return own;
    };
    const std::optional<qint64> cachedPrice
        = orInputPrice(tokens.cachedInput, price.cachedInput, u"cache reads");
    const std::optional<qint64> write5mPrice = orInputPrice(
        tokens.cacheWrite5m, cacheWritePrice(model, CacheLifetime::FiveMinutes), u"5-minute cache writes");
    const std::optional<qint64> write1hPrice = orInputPrice(
        tokens.cacheWrite1h, cacheWritePrice(model, CacheLifetime::OneHour), u"1-hour cache writes");
    if (!guesses.isEmpty()) {
        cost.estimated = true;
        cost.reason
            = u"%1 has no price for %2: counted at the input price"_s.arg(model.id, guesses.join(u", "_s));
    }

    struct Line
    {
        qint64 tokens;
        std::optional<qint64> price;
        QStringView kind;
    };
    const Line lines[] = {
        {tokens.input, price.input, u"input"},
        {tokens.cachedInput, cachedPrice, u"cached-input"},
        {tokens.cacheWrite5m, write5mPrice, u"cache-write"},
        {tokens.cacheWrite1h, write1hPrice, u"1-hour cache-write"},
        {output, price.output, u"output"},
        {ownPriceReasoning, price.reasoning, u"reasoning"},
    };
    qint64 pico = 0;
    for (const Line &line : lines) {
        if (line.tokens == 0)
            continue;
        if (!line.price)
            return Cost::unknown(u"%1 has no %2 price"_s.arg(model.id, line.kind));
        if (*line.price != 0 && line.tokens > qint64Max / *line.price)
            return Cost::unknown(u"token counts too large to price"_s);
        const qint64 amount = line.tokens * *line.price;
        if (pico > qint64Max - amount)
            return Cost::unknown(u"token counts too large to price"_s);
        pico += amount;
    }
    cost.nanoUsd = (pico + 500) / 1000;
    return cost;
}

Cost providerReported(double usd)
{
    // Over a billion dollars a call is not a cost; it would also overflow.
    if (!std::isfinite(usd) || usd < 0 || usd > 1e9)
        return Cost::unknown(u"the provider reported an impossible cost: %1"_s.arg(usd));
    Cost cost;
    cost.nanoUsd = std::llround(usd * 1e9);
    cost.reason = u"reported by the provider"_s;
    return cost;
}

qint64 estimateTokens(QStringView text)
{
    return (text.toUtf8().size() + 3) / 4;
}

Cost estimatedCostOf(const ModelInfo &model, QStringView prompt, QStringView completion)
{
    TokenCounts tokens;
    tokens.input = estimateTokens(prompt);
    tokens.output = estimateTokens(completion);
    Cost cost = costOf(model, tokens);
    if (!cost.isKnown())
        return cost;
    cost.estimated = true;
    cost.reason = u"no usage reported: tokens estimated from text length, 4 bytes a token"_s;
    return cost;
}

} // namespace Switchyard::Catalog
