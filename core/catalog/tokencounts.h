#pragma once

#include <QtGlobal>

namespace Switchyard::Catalog {

/// The tokens of one call, as the provider adapter normalises them for
/// costOf(). Providers count differently, so the adapter does the arithmetic:
/// - `input` excludes `cachedInput`. OpenAI's prompt_tokens include the cached
///   ones (subtract them); Anthropic's input_tokens do not.
/// - `output` includes `reasoning` when reasoningIncludedInOutput is true, as
///   OpenAI, OpenRouter, DeepSeek and Anthropic report it. Gemini
///   (thoughtsTokenCount) and xAI report reasoning apart from output: set it false.
struct TokenCounts
{
    qint64 input = 0;
    qint64 cachedInput = 0;
    qint64 output = 0;
    qint64 reasoning = 0;
    bool reasoningIncludedInOutput = true;
};

} // namespace Switchyard::Catalog
