#pragma once

#include "catalog/modelinfo.h"
#include "catalog/tokencounts.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace Switchyard::Catalog {

/// What a call cost, in nano-dollars, or why that is not known. Unknown is an
/// empty amount, never 0: a free model costs 0, a model without a price costs
/// "unknown", and totals must not treat the two alike. `estimated` marks an
/// amount that rests on a guess (token counts from text length, a missing
/// cache price); `reason` says what the guess was, or why the cost is unknown,
/// or that the provider reported the amount itself.
struct Cost
{
    std::optional<qint64> nanoUsd;
    bool estimated = false;
    QString reason;

    [[nodiscard]] bool isKnown() const { return nanoUsd.has_value(); }
    [[nodiscard]] static Cost unknown(const QString &reason);
};

/// How long a cache write lives. Anthropic prices the two lifetimes apart;
/// other providers have one (or none).
enum class CacheLifetime : quint8 { FiveMinutes, OneHour };

/// What one token written to the cache costs at `model`, in Price's units
/// (pico-dollars a token). 5-minute writes: the catalog's `cacheWrite`. For
/// Anthropic's models (provider "anthropic", or an OpenRouter id
/// "anthropic/...") a price the catalog lacks follows Anthropic's published
/// rule: 1.25× input for 5-minute writes, 2× input for 1-hour writes (always
/// so: the catalog has no field for them), rounded half up to a whole
/// pico-dollar. Any other model: empty, not known.
[[nodiscard]] std::optional<qint64> cacheWritePrice(const ModelInfo &model, CacheLifetime lifetime);

/// The cost of `tokens` at `model`'s catalog price. Each kind of token is
/// billed at its own price:
/// - cached input at the cached-input price; without one, at the input price,
///   and the cost is marked estimated (it may be too high, never too low);
/// - cache writes of each lifetime at cacheWritePrice(); without one, at the
///   input price, and the cost is marked estimated (writes usually cost more
///   than input, so this may be too low);
/// - reasoning at the reasoning price when the model has one (taken out of
///   output if output includes it); otherwise reasoning is billed as output,
///   added to it only when the provider reported it apart from output;
/// - a kind with tokens but no price makes the whole cost unknown.
/// Amounts are summed in pico-dollars and rounded once, half up, to nano-dollars.
[[nodiscard]] Cost costOf(const ModelInfo &model, const TokenCounts &tokens);

/// A cost the provider reported itself (OpenRouter's usage.cost, in USD). It is
/// what was actually charged, so it wins over costOf() when present.
[[nodiscard]] Cost providerReported(double usd);

/// Tokens guessed from text when a provider returned no usage: one token per
/// four bytes of UTF-8, rounded up. That is the usual rule of thumb for English
/// with BPE tokenisers; counting bytes rather than characters keeps it closer
/// for scripts (CJK) where one character is often a whole token.
[[nodiscard]] qint64 estimateTokens(QStringView text);

/// costOf() on estimateTokens() of the prompt and the completion, marked estimated.
[[nodiscard]] Cost estimatedCostOf(const ModelInfo &model, QStringView prompt, QStringView completion);

} // namespace Switchyard::Catalog
