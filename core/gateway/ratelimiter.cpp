#include "gateway/ratelimiter.h"

#include <QElapsedTimer>

#include <algorithm>

namespace Switchyard::Gateway {

namespace {

int secondsUntil(qint64 ms)
{
    return int(std::max<qint64>(1, (ms + 999) / 1000));
}

} // namespace

RateLimiter::RateLimiter(std::function<qint64()> clock)
    : m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

qint64 RateLimiter::now() const
{
    return m_clock();
}

void RateLimiter::expire(Window &window, qint64 now)
{
    while (!window.entries.empty() && window.entries.front().timeMs <= now - WindowMs) {
        window.requests -= window.entries.front().request ? 1 : 0;
        window.tokens -= window.entries.front().tokens;
        window.entries.pop_front();
    }
}

std::optional<RateLimiter::Refusal> RateLimiter::admit(const QString &key, int requestsPerMinute,
                                                       qint64 tokensPerMinute, qint64 promptTokens)
{
    if (requestsPerMinute <= 0 && tokensPerMinute <= 0)
        return std::nullopt;
    const qint64 t = now();
    Window &window = m_windows[key];
    expire(window, t);
    if (requestsPerMinute > 0 && window.requests >= requestsPerMinute) {
        // When enough of the minute's requests have left it for one more.
        int over = window.requests - requestsPerMinute;
        for (const Entry &entry : window.entries) {
            if (entry.request && over-- == 0)
                return Refusal{.retryAfterSeconds = secondsUntil(entry.timeMs + WindowMs - t)};
        }
    }
    if (tokensPerMinute > 0) {
        if (promptTokens > tokensPerMinute)
            return Refusal{.retryAfterSeconds = 60, .requests = false, .neverFits = true};
        qint64 excess = window.tokens + promptTokens - tokensPerMinute;
        if (excess > 0) {
            for (const Entry &entry : window.entries) {
                excess -= entry.tokens;
                if (excess <= 0)
                    return Refusal{.retryAfterSeconds = secondsUntil(entry.timeMs + WindowMs - t), .requests = false};
            }
            return Refusal{.retryAfterSeconds = 60, .requests = false};
        }
    }
    window.entries.push_back({t, promptTokens, true});
    ++window.requests;
    window.tokens += promptTokens;
    return std::nullopt;
}

void RateLimiter::addTokens(const QString &key, qint64 tokens)
{
    const auto found = m_windows.find(key);
    if (found == m_windows.end() || tokens == 0)
        return;
    const qint64 t = now();
    expire(*found, t);
    found->entries.push_back({t, tokens, false});
    found->tokens += tokens;
}

std::pair<int, qint64> RateLimiter::load(const QString &key)
{
    const auto found = m_windows.find(key);
    if (found == m_windows.end())
        return {0, 0};
    expire(*found, now());
    return {found->requests, found->tokens};
}

} // namespace Switchyard::Gateway
