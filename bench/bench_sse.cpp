// SSE framing throughput on a recorded-style 10 MB OpenAI chat stream cut into
// realistic network chunks. Figures: sse.parse_mb_s, sse.ns_per_event,
// sse.allocs_per_event; and the whole OpenAI decoder on the same bytes (framing,
// JSON, ChatEvents): openai.decode_mb_s, openai.decode_ns_per_event.

#include "allocationcounter.h"
#include "providers/provideradapter.h"
#include "stream/sseparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>

using namespace Switchyard::Stream;

namespace {

QByteArray recordedStream(qsizetype targetBytes)
{
    static const char *const words[] = {"The", " quick", " brown", " fox", " jumps", " over", " the", " lazy",
                                        " dog", ",", " and", " then", " some", " code", ":\\n", "```", "cpp",
                                        " int", " main", "()", " {", " return", " 0", ";", " }", " caf\xC3\xA9"};
    QByteArray out;
    out.reserve(targetBytes + 1024);
    out += ": OPENROUTER PROCESSING\n\n";
    QRandomGenerator rng(42);
    int i = 0;
    while (out.size() < targetBytes) {
        out += "data: {\"id\":\"chatcmpl-AbC123xYz\",\"object\":\"chat.completion.chunk\",\"created\":1763900000,"
               "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_6b68a8204b\",\"choices\":[{\"index\":0,"
               "\"delta\":{\"content\":\"";
        out += words[rng.bounded(int(std::size(words)))];
        out += "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
        if (++i % 500 == 0)
            out += ": keep-alive\n\n";
    }
    out += "data: {\"id\":\"chatcmpl-AbC123xYz\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
           "\"completion_tokens\":40000,\"total_tokens\":40012}}\n\ndata: [DONE]\n\n";
    return out;
}

// Network reads as a provider stream produces them: mostly one to a few
// events, sometimes a larger batch after a stall.
QList<QByteArrayView> chunk(const QByteArray &bytes)
{
    QList<QByteArrayView> chunks;
    QRandomGenerator rng(7);
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        const qsizetype size = rng.bounded(10) == 0 ? 1024 + rng.bounded(15 * 1024) : 40 + rng.bounded(600);
        const qsizetype n = std::min(size, bytes.size() - pos);
        chunks.append(QByteArrayView(bytes).sliced(pos, n));
        pos += n;
    }
    return chunks;
}

struct Pass {
    qint64 nanoseconds = 0;
    qint64 events = 0;
    qint64 dataBytes = 0;
};

Pass parseOnce(SseParser &parser, const QList<QByteArrayView> &chunks)
{
    Pass pass;
    auto onEvent = [&pass](const SseEvent &event) {
        ++pass.events;
        pass.dataBytes += event.data.size(); // touch the event so the work is not optimised away
    };
    QElapsedTimer timer;
    timer.start();
    for (QByteArrayView c : chunks)
        parser.feed(c, onEvent);
    parser.finish(onEvent);
    pass.nanoseconds = timer.nsecsElapsed();
    return pass;
}

} // namespace

int main()
{
    const QByteArray stream = recordedStream(10 * 1024 * 1024);
    const QList<QByteArrayView> chunks = chunk(stream);

    SseParser parser;
    parseOnce(parser, chunks); // warm-up: buffers reach their steady capacity

    AllocationCounter::start();
    const Pass counted = parseOnce(parser, chunks);
    const std::size_t allocations = AllocationCounter::stop();

    QList<qint64> times;
    for (int i = 0; i < 15; ++i)
        times.append(parseOnce(parser, chunks).nanoseconds);
    std::sort(times.begin(), times.end());
    const double median = double(times.at(times.size() / 2));

    // The adapter on top: what one streamed token costs before it reaches a caller.
    QList<qint64> decodeTimes;
    qint64 decoded = 0;
    const auto &adapter = Switchyard::Providers::ProviderAdapter::forKind(Switchyard::Providers::ApiKind::OpenAi);
    for (int i = 0; i < 5; ++i) {
        auto decoder = adapter.streamDecoder();
        QList<Switchyard::Providers::ChatEvent> events;
        events.reserve(64);
        decoded = 0;
        QElapsedTimer timer;
        timer.start();
        for (QByteArrayView c : chunks) {
            decoder->feed(c, events);
            decoded += events.size();
            events.clear();
        }
        decoder->finish(events);
        decodeTimes.append(timer.nsecsElapsed());
    }
    std::sort(decodeTimes.begin(), decodeTimes.end());
    const double decodeMedian = double(decodeTimes.at(decodeTimes.size() / 2));

    const double mb = double(stream.size()) / (1024.0 * 1024.0);
    std::printf("# %.1f MB, %zd chunks, %lld events per pass, median of %zd passes\n", mb,
                size_t(chunks.size()), static_cast<long long>(counted.events), size_t(times.size()));
    std::printf("bench: sse.parse_mb_s %.0f MB/s\n", mb / (median / 1e9));
    std::printf("bench: sse.ns_per_event %.1f ns\n", median / double(counted.events));
    std::printf("bench: sse.allocs_per_event %.4f allocs\n", double(allocations) / double(counted.events));
    std::printf("bench: openai.decode_mb_s %.0f MB/s\n", mb / (decodeMedian / 1e9));
    std::printf("bench: openai.decode_ns_per_event %.0f ns\n", decodeMedian / double(std::max<qint64>(decoded, 1)));
    return 0;
}
