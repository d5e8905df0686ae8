// Token usage as each adapter decodes it, straight from the bytes (no HTTP):
// the payloads are shaped like the providers' real answers, whole and
// streamed, with the cache counts each API reports. Every row checks the one
// convention of Providers::TokenUsage: input is the whole prompt, cache reads
// and writes are shares of it.

#include "support/ssechunks.h"
#include "providers/provideradapter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

Q_DECLARE_METATYPE(ApiKind)

namespace {

using Switchyard::TestSupport::named;
using Switchyard::TestSupport::sse;

// An Anthropic stream around the given usage of message_start and message_delta.
QList<QByteArray> anthropicStream(const char *startUsage, const char *deltaUsage)
{
    const QByteArray start
        = R"({"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-20250514","stop_reason":null,"stop_sequence":null,"usage":)"
        + QByteArray(startUsage) + "}}";
    const QByteArray delta
        = R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":)"
        + QByteArray(deltaUsage) + "}";
    return named({{"message_start", start.constData()},
                  {"content_block_start",
                   R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"},
                  {"ping", R"({"type": "ping"})"},
                  {"content_block_delta",
                   R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})"},
                  {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
                  {"message_delta", delta.constData()},
                  {"message_stop", R"({"type":"message_stop"})"}});
}

QByteArray anthropicMessage(const char *usage)
{
    return R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":)"
        + QByteArray(usage) + "}";
}

} // namespace

class TestAdapterUsage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void usage_data();
    void usage();
};

void TestAdapterUsage::usage_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<bool>("streamed");
    QTest::addColumn<QList<QByteArray>>("chunks"); // unstreamed: one body
    // input, output, cachedInput, cacheWrite5m, cacheWrite1h, reasoning
    QTest::addColumn<QList<qint64>>("expected");

    // --- Anthropic: input_tokens leaves the cache out; input adds it back.
    QTest::newRow("anthropic, writes of both lifetimes")
        << ApiKind::Anthropic << false
        << QList<QByteArray>{anthropicMessage(
               R"({"input_tokens":1000,"cache_creation_input_tokens":2500,"cache_read_input_tokens":3000,"cache_creation":{"ephemeral_5m_input_tokens":2000,"ephemeral_1h_input_tokens":500},"output_tokens":500,"service_tier":"standard"})")}
        << QList<qint64>{6500, 500, 3000, 2000, 500, -1};
    QTest::newRow("anthropic, writes without a breakdown are 5-minute")
        << ApiKind::Anthropic << false
        << QList<QByteArray>{anthropicMessage(
               R"({"input_tokens":1000,"cache_creation_input_tokens":2000,"cache_read_input_tokens":3000,"output_tokens":500})")}
        << QList<qint64>{6000, 500, 3000, 2000, 0, -1};
    QTest::newRow("anthropic, no cache use")
        << ApiKind::Anthropic << false
        << QList<QByteArray>{anthropicMessage(
               R"({"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":7})")}
        << QList<qint64>{20, 7, 0, 0, 0, -1};
    QTest::newRow("anthropic-compatible server without cache fields")
        << ApiKind::Anthropic << false
        << QList<QByteArray>{anthropicMessage(R"({"input_tokens":20,"output_tokens":7})")}
        << QList<qint64>{20, 7, -1, -1, -1, -1};

    const char *startUsage
        = R"({"input_tokens":1000,"cache_creation_input_tokens":2500,"cache_read_input_tokens":3000,"cache_creation":{"ephemeral_5m_input_tokens":2000,"ephemeral_1h_input_tokens":500},"output_tokens":1,"service_tier":"standard"})";
    QTest::newRow("anthropic stream, message_delta with output only")
        << ApiKind::Anthropic << true << anthropicStream(startUsage, R"({"output_tokens":500})")
        << QList<qint64>{6500, 500, 3000, 2000, 500, -1};
    // Since 2025 message_delta repeats the input counts, cumulative, without
    // the breakdown by lifetime.
    QTest::newRow("anthropic stream, message_delta repeats the counts")
        << ApiKind::Anthropic << true
        << anthropicStream(
               startUsage,
               R"({"input_tokens":1000,"cache_creation_input_tokens":2500,"cache_read_input_tokens":3000,"output_tokens":500})")
        << QList<qint64>{6500, 500, 3000, 2000, 500, -1};
    QTest::newRow("anthropic stream, message_delta with null cache counts")
        << ApiKind::Anthropic << true
        << anthropicStream(
               startUsage,
               R"({"input_tokens":1000,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,"output_tokens":500})")
        << QList<qint64>{6500, 500, 3000, 2000, 500, -1};
    // Server tools run more turns inside one message: the totals grow; the
    // writes past message_start's breakdown count as 5-minute.
    QTest::newRow("anthropic stream, totals grow after message_start")
        << ApiKind::Anthropic << true
        << anthropicStream(
               startUsage,
               R"({"input_tokens":1500,"cache_creation_input_tokens":3000,"cache_read_input_tokens":5500,"output_tokens":800,"server_tool_use":{"web_search_requests":1}})")
        << QList<qint64>{10000, 800, 5500, 2500, 500, -1};
    QTest::newRow("anthropic stream, writes without a breakdown")
        << ApiKind::Anthropic << true
        << anthropicStream(
               R"({"input_tokens":1000,"cache_creation_input_tokens":2000,"cache_read_input_tokens":0,"output_tokens":1})",
               R"({"output_tokens":500})")
        << QList<qint64>{3000, 500, 0, 2000, 0, -1};

    // --- OpenAI: prompt_tokens already includes cached_tokens; no writes.
    QTest::newRow("openai, cached prompt")
        << ApiKind::OpenAi << false
        << QList<
               QByteArray>{R"({"id":"chatcmpl-1","object":"chat.completion","created":1750000000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_07871e2ad8"})"}
        << QList<qint64>{2006, 300, 1920, -1, -1, 0};
    QTest::newRow("openai stream, usage chunk")
        << ApiKind::OpenAi << true
        << sse({R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1750000000,"model":"o4-mini-2025-04-16","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null}],"usage":null})",
                R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1750000000,"model":"o4-mini-2025-04-16","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null})",
                R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1750000000,"model":"o4-mini-2025-04-16","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null})",
                R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1750000000,"model":"o4-mini-2025-04-16","choices":[],"usage":{"prompt_tokens":4500,"completion_tokens":900,"total_tokens":5400,"prompt_tokens_details":{"cached_tokens":4096,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":768,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})",
                "[DONE]"})
        << QList<qint64>{4500, 900, 4096, -1, -1, 768};
    QTest::newRow("openai-compatible server without details")
        << ApiKind::OpenAi << true
        << sse({R"({"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]})",
                R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})",
                "[DONE]"})
        << QList<qint64>{12, 3, -1, -1, -1, -1};

    // --- Gemini: promptTokenCount already includes cachedContentTokenCount.
    QTest::newRow("gemini, cached content")
        << ApiKind::Gemini << false
        << QList<
               QByteArray>{R"({"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":12000,"candidatesTokenCount":50,"totalTokenCount":12050,"cachedContentTokenCount":8000,"promptTokensDetails":[{"modality":"TEXT","tokenCount":12000}],"cacheTokensDetails":[{"modality":"TEXT","tokenCount":8000}]},"modelVersion":"gemini-2.5-flash","responseId":"r1"})"}
        << QList<qint64>{12000, 50, 8000, -1, -1, -1};
    QTest::newRow("gemini stream, implicit cache and thoughts")
        << ApiKind::Gemini << true
        << sse({R"({"candidates":[{"content":{"parts":[{"text":"Hi "}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":3000,"candidatesTokenCount":1,"thoughtsTokenCount":40,"totalTokenCount":3041},"modelVersion":"gemini-2.5-flash"})",
                R"({"candidates":[{"content":{"parts":[{"text":"there"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3000,"candidatesTokenCount":2,"thoughtsTokenCount":40,"totalTokenCount":3042,"cachedContentTokenCount":2048,"promptTokensDetails":[{"modality":"TEXT","tokenCount":3000}],"cacheTokensDetails":[{"modality":"TEXT","tokenCount":2048}]},"modelVersion":"gemini-2.5-flash"})"})
        << QList<qint64>{3000, 42, 2048, -1, -1, 40};

    // Counts no qint64 holds, negative or fractional are unknown (fuzz_decoder_gemini
    // found 1e26, which was converted with undefined behaviour).
    QTest::newRow("gemini, counts out of range")
        << ApiKind::Gemini << false
        << QList<QByteArray>{R"({"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":99999999999999999999999999,"candidatesTokenCount":2.5,"thoughtsTokenCount":-30,"cachedContentTokenCount":1e300}})"}
        << QList<qint64>{-1, -1, -1, -1, -1, -1};
    QTest::newRow("ollama, counts out of range")
        << ApiKind::Ollama << false
        << QList<QByteArray>{R"({"model":"m","message":{"role":"assistant","content":"Hi"},"done":true,"prompt_eval_count":-1e300,"eval_count":1e19})"}
        << QList<qint64>{-1, -1, -1, -1, -1, -1};

    // --- Ollama reports no cache at all.
    QTest::newRow("ollama")
        << ApiKind::Ollama << false
        << QList<
               QByteArray>{R"({"model":"llama3.2","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":2})"}
        << QList<qint64>{26, 2, -1, -1, -1, -1};
}

void TestAdapterUsage::usage()
{
    QFETCH(ApiKind, kind);
    QFETCH(bool, streamed);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<qint64>, expected);

    const ProviderAdapter &adapter = ProviderAdapter::forKind(kind);
    QList<ChatEvent> events;
    if (streamed) {
        const std::unique_ptr<StreamDecoder> decoder = adapter.streamDecoder();
        for (const QByteArray &chunk : std::as_const(chunks))
            decoder->feed(chunk, events);
        decoder->finish(events);
        QVERIFY(decoder->isComplete());
    } else {
        QCOMPARE(chunks.size(), 1);
        events = adapter.decodeResponse(chunks.first());
    }

    std::optional<TokenUsage> usage;
    for (const ChatEvent &e : std::as_const(events)) {
        QVERIFY2(e.type != ChatEvent::Type::Error, qPrintable(e.error.message));
        if (e.type == ChatEvent::Type::Usage)
            usage = e.usage; // cumulative: the last one holds the totals
    }
    QVERIFY(usage);
    QCOMPARE((QList<qint64>{usage->input, usage->output, usage->cachedInput, usage->cacheWrite5m,
                            usage->cacheWrite1h, usage->reasoning}),
             expected);
}

QTEST_GUILESS_MAIN(TestAdapterUsage)
#include "tst_adapterusage.moc"
