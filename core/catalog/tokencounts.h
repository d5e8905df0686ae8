#pragma once

#include <QtGlobal>

namespace Switchyard::Catalog {

/// The tokens of one call as costOf() bills them. Build it from a call's
/// Providers::TokenUsage with costOfCall(), which does the arithmetic below
/// (TokenUsage's input includes the cached share; its output includes
/// reasoning, for every provider — see docs/providers.md):
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
