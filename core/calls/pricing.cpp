#include "calls/pricing.h"

#include "catalog/modelinfo.h"
#include "providers/chatcall.h"
#include "providers/embeddingcall.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Switchyard::Calls::Pricing {

namespace {

// A call that failed before its first token, with no usage reported, left
// nothing to bill: the server said no with a status (401, 429, 529), no
// server answered, or it gave up before generating anything.
bool failedBeforeAnyToken(const Providers::ChatCall &call)
{
    return call.error() && call.timings().firstTokenNs < 0 && !call.usage().isKnown();
}

// TokenUsage counts the whole prompt in input, the cache reads and writes as
// shares of it; TokenCounts holds the four apart.
Catalog::TokenCounts countsOf(const Providers::TokenUsage &usage)
{
    const auto count = [](qint64 n) { return std::max<qint64>(n, 0); };
    const qint64 cached = count(usage.cachedInput);
    const qint64 write5m = count(usage.cacheWrite5m);
    const qint64 write1h = count(usage.cacheWrite1h);
    return {.input = std::max<qint64>(count(usage.input) - cached - write5m - write1h, 0),
            .cachedInput = cached,
            .cacheWrite5m = write5m,
            .cacheWrite1h = write1h,
            .output = count(usage.output),
            .reasoning = count(usage.reasoning),
            .reasoningIncludedInOutput = true};
}

Catalog::Cost exactZero(const QString &reason)
{
    Catalog::Cost cost;
    cost.nanoUsd = 0;
    cost.reason = reason;
    return cost;
}

qint64 answerTokens(const Providers::ChatCall &call)
{
    qint64 tokens = Catalog::estimateTokens(call.text()) + Catalog::estimateTokens(call.reasoning());
    for (const Providers::ToolCall &tool : call.toolCalls())
        tokens += Catalog::estimateTokens(tool.name) + Catalog::estimateTokens(tool.arguments);
    return tokens;
}

Catalog::Cost estimate(const Catalog::ModelInfo &model, const Providers::ChatCall &call, const QString &why)
{
    const Providers::TokenUsage &usage = call.usage();
    Catalog::TokenCounts tokens;
    // An input count reported at the stream's start (Anthropic's message_start)
    // is the real one even when the end never came.
    if (usage.input >= 0)
        tokens = countsOf(usage);
    else
        tokens.input = estimatedPromptTokens(call.request());
    tokens.output = std::max(usage.output, answerTokens(call));
    Catalog::Cost cost = Catalog::costOf(model, tokens);
    if (!cost.isKnown())
        return cost;
    cost.estimated = true;
    cost.reason = why;
    return cost;
}

} // namespace

bool isOwnServer(const Providers::ProviderConfig &provider)
{
    return provider.keyEnvironmentVariable.isEmpty() || isOnThisMachine(provider);
}

bool isOnThisMachine(const Providers::ProviderConfig &provider)
{
    const QString host = provider.baseUrl.host();
    // The usual spellings first: a hosted API's name never parses as an address.
    if (host.startsWith("127."_L1) || host == "::1"_L1)
        return true;
    if (host.isEmpty() || host.back().isLetter())
        return host.compare("localhost"_L1, Qt::CaseInsensitive) == 0;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

qint64 estimatedPromptTokens(const Providers::ChatRequest &request)
{
    qint64 tokens = Catalog::estimateTokens(request.systemPrompt);
    for (const Providers::ChatMessage &message : request.messages) {
        tokens += Catalog::estimateTokens(message.text);
        for (const Providers::ToolCall &tool : message.toolCalls)
            tokens += Catalog::estimateTokens(tool.name) + Catalog::estimateTokens(tool.arguments);
    }
    for (const Providers::ToolDefinition &tool : request.tools)
        tokens += Catalog::estimateTokens(tool.name) + Catalog::estimateTokens(tool.description)
            + (tool.parameters.isEmpty() ? 0 : Catalog::estimateTokens(QString::fromUtf8(QJsonDocument(tool.parameters).toJson(QJsonDocument::Compact))));
    return tokens;
}

Catalog::Cost costOf(const Catalog::ModelInfo *model, const Providers::ChatCall &call)
{
    const Providers::TokenUsage &usage = call.usage();
    // Every API reports its final usage with or after the finish reason
    // (Anthropic's message_delta, Gemini's last chunk, OpenAI's usage chunk);
    // counts from before it (Anthropic's message_start, Gemini's running
    // totals) are partial.
    const bool partial = call.isIncomplete() && (call.finishReason().isEmpty() || !usage.isKnown());
    // What the provider says it charged is what it charged.
    if (usage.providerCostUsd && !partial)
        return Catalog::providerReported(*usage.providerCostUsd);

    const bool userPrice = model && model->priceSource == Catalog::PriceSource::Override;
    // A loopback address with a catalog price is a proxy in front of a
    // hosted API, which bills; a keyless server or an unknown model there is
    // the user's own hardware.
    if (!userPrice && isOwnServer(call.provider())
        && (call.provider().keyEnvironmentVariable.isEmpty() || !model))
        return exactZero(u"a model on your own server: no charge"_s);
    if (failedBeforeAnyToken(call))
        return exactZero(u"failed before any token: nothing billed"_s);
    if (!model)
        return Catalog::Cost::unknown(u"the model is not in the price catalog"_s);
    if (partial)
        return estimate(*model, call, u"the answer was cut before the provider reported its usage: tokens "
                                      u"estimated from the text, 4 bytes a token"_s);
    if (usage.input < 0 || usage.output < 0)
        return estimate(*model, call, u"no usage reported: tokens estimated from the request and the answer, "
                                      u"4 bytes a token"_s);
    return Catalog::costOf(*model, countsOf(usage));
}

qint64 embeddingTokens(const Providers::EmbeddingCall &call, bool *estimated)
{
    if (estimated)
        *estimated = false;
    if (call.result().promptTokens >= 0)
        return call.result().promptTokens;
    if (estimated)
        *estimated = true;
    const Providers::EmbeddingRequest &request = call.request();
    qint64 tokens = 0;
    if (!request.tokenInputs.isEmpty()) {
        for (const QJsonValue &input : request.tokenInputs)
            tokens += input.isArray() ? input.toArray().size() : 1;
        return tokens;
    }
    for (const QString &text : request.texts)
        tokens += Catalog::estimateTokens(text);
    return tokens;
}

Catalog::Cost costOf(const Catalog::ModelInfo *model, const Providers::EmbeddingCall &call)
{
    const bool userPrice = model && model->priceSource == Catalog::PriceSource::Override;
    if (!userPrice && isOwnServer(call.provider()) && (call.provider().keyEnvironmentVariable.isEmpty() || !model))
        return exactZero(u"a model on your own server: no charge"_s);
    // Where the inputs went in several requests (Gemini's batches of 100),
    // one that failed leaves the ones answered before it billed.
    const qsizetype answered = call.result().vectors.size();
    if (call.error() && answered == 0)
        return exactZero(u"failed: no embeddings, nothing billed"_s);
    if (!model)
        return Catalog::Cost::unknown(u"the model is not in the price catalog"_s);
    bool estimated = false;
    qint64 tokens = 0;
    if (call.error()) {
        estimated = true;
        for (const QString &text : call.request().texts.first(std::min(answered, call.request().texts.size())))
            tokens += Catalog::estimateTokens(text);
    } else {
        tokens = embeddingTokens(call, &estimated);
    }
    Catalog::Cost cost = Catalog::costOf(*model, Catalog::TokenCounts{.input = tokens});
    if (estimated && cost.isKnown()) {
        cost.estimated = true;
        cost.reason = call.error() ? u"failed after some of its requests were answered: their tokens estimated "
                                     u"from the inputs, 4 bytes a token"_s
                                   : u"no token count reported: tokens estimated from the inputs, 4 bytes a token"_s;
    }
    return cost;
}

} // namespace Switchyard::Calls::Pricing
