#pragma once

#include <QtGlobal>

namespace Switchyard::Catalog {

/// The tokens of one call as costOf() bills them: every prompt token in
/// exactly one of input, cachedInput, cacheWrite5m and cacheWrite1h.
/// Providers::TokenUsage counts the whole prompt in its input, with the cache
/// counts as shares of it, and its output includes reasoning, for every
/// provider (see docs/providers.md), so from a call's usage (-1 counted as 0):
/// - `input` = usage.input − cachedInput − cacheWrite5m − cacheWrite1h: the
///   prompt tokens neither read from nor written to the cache;
/// - `cachedInput`, `cacheWrite5m`, `cacheWrite1h` as reported;
/// - `output` includes `reasoning` when reasoningIncludedInOutput is true, as
///   OpenAI, OpenRouter, DeepSeek and Anthropic report it. Gemini
///   (thoughtsTokenCount) and xAI report reasoning apart from output: set it false.
struct TokenCounts
{
    qint64 input = 0;
    qint64 cachedInput = 0;  ///< read from the cache
    qint64 cacheWrite5m = 0; ///< written to the cache for 5 minutes
    qint64 cacheWrite1h = 0; ///< written to the cache for an hour
    qint64 output = 0;
    qint64 reasoning = 0;
    bool reasoningIncludedInOutput = true;
};

} // namespace Switchyard::Catalog
