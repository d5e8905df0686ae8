#include "catalog/cost.h"

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

} // namespace

Cost Cost::unknown(const QString &reason)
{
    Cost cost;
    cost.reason = reason;
    return cost;
}

Cost costOf(const ModelInfo &model, const TokenCounts &tokens)
{
    for (const qint64 count : {tokens.input, tokens.cachedInput, tokens.output, tokens.reasoning}) {
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

    std::optional<qint64> cachedPrice = price.cachedInput;
    if (tokens.cachedInput > 0 && !cachedPrice && price.input) {
        cachedPrice = price.input;
        cost.estimated = true;
        cost.reason = u"%1 has no cached-input price: cache reads counted at the input price"_s.arg(model.id);
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
