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
    // A speed needs time and tokens to mean anything: 42 tokens that arrive in
    // one packet 0.1 ms apart are not "37,378 tok/s", and the first second of
    // a stream is mostly the first packet's burst.
    if (f.tokensOut >= SpeedMinimumTokens && t.firstTokenNs >= 0 && endNs - t.firstTokenNs >= SpeedMinimumNs)
        f.tokensPerSecond = double(f.tokensOut) / (double(endNs - t.firstTokenNs) / 1e9);
    return f;
}

} // namespace Switchyard::Providers
