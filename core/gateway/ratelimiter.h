#pragma once

#include <QHash>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

namespace Switchyard::Gateway {

/// Requests and tokens per minute, per gateway key, over a sliding minute:
/// a request is let in when the last 60 s hold fewer requests than the
/// limit and, with its own estimated prompt, no more tokens; else the caller
/// hears how many seconds until it would be (a 429's retry-after). The
/// answer's tokens are added when it ends. In memory, for one process.
class RateLimiter final
{
public:
    static constexpr qint64 WindowMs = 60'000;

    /// clock: milliseconds on any monotonic clock (a test's fake one).
    explicit RateLimiter(std::function<qint64()> clock = {});

    struct Refusal {
        int retryAfterSeconds = 1;
        bool requests = true; // the requests limit, else the tokens limit
        /// The request alone is larger than the tokens-per-minute limit:
        /// waiting does not help.
        bool neverFits = false;
    };

    /// Counts the request against key's limits (0: none) if it fits, with
    /// promptTokens as its first tokens; else says when it would.
    [[nodiscard]] std::optional<Refusal> admit(const QString &key, int requestsPerMinute, qint64 tokensPerMinute,
                                               qint64 promptTokens);
    /// More tokens for key now: the answer's, and the prompt's correction
    /// once the provider counted it (may be negative).
    void addTokens(const QString &key, qint64 tokens);
    /// Requests and tokens of key in the last minute.
    [[nodiscard]] std::pair<int, qint64> load(const QString &key);

private:
    struct Entry {
        qint64 timeMs;
        qint64 tokens;
        bool request;
    };
    struct Window {
        std::deque<Entry> entries;
        int requests = 0;
        qint64 tokens = 0;
    };
    [[nodiscard]] qint64 now() const;
    void expire(Window &window, qint64 now);

    std::function<qint64()> m_clock;
    QHash<QString, Window> m_windows;
};

} // namespace Switchyard::Gateway
