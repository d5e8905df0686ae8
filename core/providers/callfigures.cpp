#include "providers/callfigures.h"

#include "providers/chatcall.h"

namespace Switchyard::Providers {

CallFigures CallFigures::of(const ChatCall &call)
{
    CallFigures f;
    const CallTimings &t = call.timings();
    const qint64 endNs = t.doneNs >= 0 ? t.doneNs : call.elapsedNs();
    if (endNs >= 0)
        f.totalMs = double(endNs) / 1e6;
    if (t.firstTokenNs >= 0)
        f.ttftMs = double(t.firstTokenNs) / 1e6;
    f.tokensIn = call.usage().input;
    f.tokensOut = call.usage().output;
    if (f.tokensOut < 0 && t.firstTokenNs >= 0) {
        const qsizetype chars = call.text().size() + call.reasoning().size();
        f.tokensOut = (chars + 3) / 4;
        f.tokensOutEstimated = true;
    }
    // A speed needs some time to mean anything: one token over 0 ms is no speed.
    if (f.tokensOut > 0 && t.firstTokenNs >= 0 && endNs - t.firstTokenNs > 1'000'000)
        f.tokensPerSecond = double(f.tokensOut) / (double(endNs - t.firstTokenNs) / 1e9);
    return f;
}

} // namespace Switchyard::Providers
