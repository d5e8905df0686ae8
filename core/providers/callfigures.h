#pragma once

#include <QtGlobal>

namespace Switchyard::Providers {

class ChatCall;

/// The figures a user compares calls by — time to first token, total time,
/// tokens and speed — read off a ChatCall, live while it streams or final once
/// it has finished. Until the provider reports usage, output tokens are
/// estimated from the text (about four characters a token) and say so.
struct CallFigures {
    double ttftMs = -1;  // -1: no token yet
    double totalMs = -1; // so far while running; -1 before start
    qint64 tokensIn = -1;
    qint64 tokensOut = -1;
    bool tokensOutEstimated = false;
    double tokensPerSecond = -1; // output tokens over the time since the first token; -1 until measurable

    /// The speed is measured once this long has passed since the first token,
    /// over at least this many tokens; before, it is -1 (shown as "–").
    static constexpr qint64 SpeedMinimumNs = 250'000'000;
    static constexpr qint64 SpeedMinimumTokens = 4;

    [[nodiscard]] static CallFigures of(const ChatCall &call);
};

} // namespace Switchyard::Providers
