// SSE and NDJSON framing: every chunking of the same bytes must give the same
// events — whole, a byte at a time, split at every position, and random cuts.

#include "stream/ndjsonparser.h"
#include "stream/sseparser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Stream;

namespace {

// Chunkings of a stream, each a list of cut positions.
QList<QList<QByteArrayView>> chunkings(QByteArrayView bytes)
{
    QList<QList<QByteArrayView>> result;
    result.append({bytes});
    QList<QByteArrayView> single;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        single.append(bytes.sliced(i, 1));
    result.append(single);
    for (qsizetype cut = 1; cut < bytes.size(); ++cut)
        result.append({bytes.first(cut), bytes.sliced(cut)});
    QRandomGenerator rng(20261123);
    for (int round = 0; round < 50; ++round) {
        QList<QByteArrayView> pieces;
        qsizetype pos = 0;
        while (pos < bytes.size()) {
            const qsizetype n = std::min<qsizetype>(bytes.size() - pos, 1 + rng.bounded(7));
            pieces.append(bytes.sliced(pos, n));
            pos += n;
        }
        result.append(pieces);
    }
    return result;
}

QString describe(const QList<QByteArrayView> &pieces)
{
    QStringList sizes;
    for (auto piece : pieces)
        sizes.append(QString::number(piece.size()));
    return u"chunk sizes "_s + sizes.join(u',');
}

} // namespace

class TestStreamParsers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sse_data();
    void sse();
    void sseRetryField();
    void sseReuseAfterReset();
    void ndjson_data();
    void ndjson();
};

void TestStreamParsers::sse_data()
{
    QTest::addColumn<QByteArray>("stream");
    // Each event as "type|data|id".
    QTest::addColumn<QStringList>("events");

    QTest::newRow("one event, LF") << "data: hello\n\n"_ba << QStringList{u"message|hello|"_s};
    QTest::newRow("CRLF") << "data: a\r\n\r\ndata: b\r\n\r\n"_ba << QStringList{u"message|a|"_s, u"message|b|"_s};
    QTest::newRow("lone CR") << "data: a\r\rdata: b\r\r"_ba << QStringList{u"message|a|"_s, u"message|b|"_s};
    QTest::newRow("mixed line ends") << "data: a\r\n\ndata: b\r\rdata: c\n\r\n"_ba
                                     << QStringList{u"message|a|"_s, u"message|b|"_s, u"message|c|"_s};
    QTest::newRow("comments ignored") << ": keep-alive\n: OPENROUTER PROCESSING\n\ndata: x\n:mid\n\n"_ba
                                      << QStringList{u"message|x|"_s};
    QTest::newRow("multi-line data") << "data: line one\ndata: line two\ndata:\n\n"_ba
                                     << QStringList{u"message|line one\nline two\n|"_s};
    QTest::newRow("no space after colon") << "data:x\n\n"_ba << QStringList{u"message|x|"_s};
    QTest::newRow("only one space stripped") << "data:  x \n\n"_ba << QStringList{u"message| x |"_s};
    QTest::newRow("field without colon") << "data\n\n"_ba << QStringList{u"message||"_s};
    QTest::newRow("named events (Anthropic)")
        << "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
           "event: ping\ndata: {\"type\": \"ping\"}\n\n"
           "event: content_block_delta\ndata: {\"delta\":{\"text\":\"Hi\"}}\n\n"_ba
        << QStringList{u"message_start|{\"type\":\"message_start\"}|"_s, u"ping|{\"type\": \"ping\"}|"_s,
                       u"content_block_delta|{\"delta\":{\"text\":\"Hi\"}}|"_s};
    QTest::newRow("event type does not persist") << "event: a\ndata: 1\n\ndata: 2\n\n"_ba
                                                 << QStringList{u"a|1|"_s, u"message|2|"_s};
    QTest::newRow("id persists") << "id: 7\ndata: 1\n\ndata: 2\n\nid\ndata: 3\n\n"_ba
                                 << QStringList{u"message|1|7"_s, u"message|2|7"_s, u"message|3|"_s};
    QTest::newRow("event without data is dropped") << "event: nothing\n\ndata: x\n\n"_ba
                                                   << QStringList{u"message|x|"_s};
    QTest::newRow("unknown fields ignored") << "foo: bar\ndata: x\nbaz\n\n"_ba << QStringList{u"message|x|"_s};
    QTest::newRow("final event without blank line") << "data: a\n\ndata: last"_ba
                                                    << QStringList{u"message|a|"_s, u"message|last|"_s};
    QTest::newRow("final event ends with one LF") << "data: a\n\ndata: last\n"_ba
                                                  << QStringList{u"message|a|"_s, u"message|last|"_s};
    QTest::newRow("BOM at start") << "\xEF\xBB\xBF" "data: a\n\n"_ba << QStringList{u"message|a|"_s};
    QTest::newRow("UTF-8 split anywhere") << "data: h\xC3\xA9llo \xF0\x9F\x98\x80 \xE4\xB8\xAD\n\n"_ba
                                          << QStringList{u"message|héllo 😀 中|"_s};
    QTest::newRow("OpenAI with [DONE]")
        << "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
           "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3}}\n\ndata: [DONE]\n\n"_ba
        << QStringList{u"message|{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}|"_s,
                       u"message|{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}|"_s, u"message|[DONE]|"_s};
    QTest::newRow("many blank lines") << "\n\n\ndata: a\n\n\n\ndata: b\n\n"_ba
                                      << QStringList{u"message|a|"_s, u"message|b|"_s};
    QTest::newRow("empty stream") << QByteArray() << QStringList{};
}

void TestStreamParsers::sse()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, events);

    for (const auto &pieces : chunkings(stream)) {
        SseParser parser;
        QStringList seen;
        auto collect = [&seen](const SseEvent &e) {
            seen.append(QString::fromUtf8(e.type) + u'|' + QString::fromUtf8(e.data) + u'|'
                        + QString::fromUtf8(e.id));
        };
        for (auto piece : pieces)
            parser.feed(piece, collect);
        parser.finish(collect);
        QVERIFY2(seen == events, qPrintable(describe(pieces) + u": got "_s + seen.join(u" ; ")));
    }
}

void TestStreamParsers::sseRetryField()
{
    SseParser parser;
    parser.feed("retry: 2500\ndata: x\n\nretry: nope\n\nretry: +5\n\n", [](const SseEvent &) {});
    QCOMPARE(parser.retryMilliseconds(), std::optional<int>(2500));
}

void TestStreamParsers::sseReuseAfterReset()
{
    SseParser parser;
    int count = 0;
    parser.feed("id: 1\ndata: half", [&](const SseEvent &) { ++count; });
    parser.reset();
    QByteArray lastId = "unset";
    parser.feed("data: fresh\n\n", [&](const SseEvent &e) {
        ++count;
        lastId = e.id.toByteArray();
        QCOMPARE(e.data, "fresh");
    });
    QCOMPARE(count, 1);
    QCOMPARE(lastId, QByteArray());
}

void TestStreamParsers::ndjson_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("records");

    QTest::newRow("Ollama chat")
        << "{\"message\":{\"content\":\"He\"},\"done\":false}\n"
           "{\"message\":{\"content\":\"llo\"},\"done\":false}\n"
           "{\"done\":true,\"eval_count\":2}\n"_ba
        << QStringList{u"{\"message\":{\"content\":\"He\"},\"done\":false}"_s,
                       u"{\"message\":{\"content\":\"llo\"},\"done\":false}"_s, u"{\"done\":true,\"eval_count\":2}"_s};
    QTest::newRow("last record without newline") << "{\"a\":1}\n{\"b\":2}"_ba
                                                 << QStringList{u"{\"a\":1}"_s, u"{\"b\":2}"_s};
    QTest::newRow("CRLF and blank lines") << "{\"a\":1}\r\n\r\n  \n{\"b\":\"\xC3\xA9\"}\r\n"_ba
                                          << QStringList{u"{\"a\":1}"_s, u"{\"b\":\"é\"}"_s};
    QTest::newRow("empty") << QByteArray() << QStringList{};
}

void TestStreamParsers::ndjson()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, records);

    for (const auto &pieces : chunkings(stream)) {
        NdjsonParser parser;
        QStringList seen;
        auto collect = [&seen](QByteArrayView record) { seen.append(QString::fromUtf8(record)); };
        for (auto piece : pieces)
            parser.feed(piece, collect);
        parser.finish(collect);
        QVERIFY2(seen == records, qPrintable(describe(pieces) + u": got "_s + seen.join(u" ; ")));
    }
}

QTEST_GUILESS_MAIN(TestStreamParsers)
#include "tst_streamparsers.moc"
