#pragma once

#include <QtGlobal>

#include <optional>

namespace Switchyard::Catalog {

/// What one model costs per million tokens of each kind. Every amount is an
/// integer number of micro-dollars per million tokens — the same number as
/// pico-dollars per token — so that costs add up exactly and a price read
/// twice from different formats ("0.0000025" per token, 2.5 per million)
/// compares equal. An empty field means the price is not known; 0 means free.
struct Price
{
    std::optional<qint64> input;
    std::optional<qint64> output;
    /// Prompt tokens served from the provider's cache; empty when the provider
    /// has no cache discount or it is not known.
    std::optional<qint64> cachedInput;
    /// Set only when the provider bills reasoning tokens at a price of their
    /// own; most bill them as output tokens and leave this empty.
    std::optional<qint64> reasoning;
    /// Prompt tokens written to the provider's cache with its default lifetime
    /// (Anthropic: 5 minutes). Empty when the provider charges nothing apart
    /// for writes or it is not known; cacheWritePrice() fills in Anthropic's
    /// rule. Last in the struct so that positional initialisers keep meaning
    /// what they meant before it existed.
    std::optional<qint64> cacheWrite;

    bool operator==(const Price &) const = default;

    /// A dollar a token. Above it a price is a typo, and cost arithmetic would
    /// come closer to overflowing.
    static constexpr qint64 maxAmount = 1'000'000'000'000;

    /// Empty for negative, non-finite or absurd (over maxAmount) prices.
    [[nodiscard]] static std::optional<qint64> fromUsdPerMillion(double usd);
    [[nodiscard]] static double toUsdPerMillion(qint64 amount);
};

} // namespace Switchyard::Catalog
