// The same bad bytes from a raw server on 127.0.0.1 through both HTTP clients
// a call can take — LoopbackNetworkAccess's own (LoopbackReply) and Qt's
// (QNetworkAccessManager) — must get the same verdict: a broken framing is a
// Protocol error naming the provider, never a guess at which length wins.
// A head of 100,000 headers is refused quickly; HttpResponseParser is also
// checked on its own, fed a byte at a time.

#include "providers/chatcall.h"
#include "providers/httpresponseparser.h"
#include "providers/loopbacknetworkaccess.h"
#include "support/rawhttpserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;
using Switchyard::TestSupport::RawHttpServer;

namespace {

constexpr int Fine = -1;
const QByteArray okBody = R"({"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]})";

QByteArray head(const QByteArray &headers)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + headers + "\r\n";
}

QByteArray manyHeaders(int count)
{
    QByteArray out;
    out.reserve(count * 16);
    for (int i = 0; i < count; ++i)
        out += "X-H" + QByteArray::number(i) + ": v\r\n";
    return out;
}

struct Verdict {
    int kind = Fine;
    QString message;
    QString text;
};

Verdict callThrough(QNetworkAccessManager &network, const QByteArray &answer, bool closeAfter)
{
    RawHttpServer server;
    if (!server.listen())
        return {.kind = -2};
    server.answers.append({.bytes = answer, .close = closeAfter});
    ProviderConfig provider{.id = u"strict"_s, .displayName = u"Strict Test Server"_s, .kind = ApiKind::OpenAi,
                            .baseUrl = server.url(u"/v1"_s)};
    ChatRequest request{.model = u"m"_s, .messages = {{ChatMessage::Role::User, u"hi"_s}}};
    request.stream = false;
    ChatCall call(&network, provider, request, QString());
    call.setTimeouts({.firstByteMs = 10'000, .stallMs = 10'000, .totalMs = 20'000});
    QSignalSpy finished(&call, &ChatCall::finished);
    call.start();
    if (!finished.wait(20'000))
        return {.kind = -3};
    if (!call.error())
        return {.kind = Fine, .text = call.text()};
    return {.kind = int(call.error()->kind), .message = call.error()->message, .text = call.text()};
}

} // namespace

class TestStrictHttp final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameVerdictOnBothPaths_data();
    void sameVerdictOnBothPaths();
    void parserByteAtATime_data();
    void parserByteAtATime();
    void checkHead_data();
    void checkHead();
};

void TestStrictHttp::sameVerdictOnBothPaths_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("qtKind"); // where Qt's HTTP cannot tell the same (see the rows)

    const int protocol = int(CallError::Kind::Protocol);
    const QByteArray length = "Content-Length: " + QByteArray::number(okBody.size()) + "\r\n";
    QTest::newRow("good, length") << head(length) + okBody << false << Fine << Fine;
    QTest::newRow("good, chunked") << head("Transfer-Encoding: chunked\r\n") + QByteArray::number(okBody.size(), 16)
            + "\r\n" + okBody + "\r\n0\r\n\r\n"
                                   << false << Fine << Fine;
    QTest::newRow("good, 100 headers") << head(manyHeaders(98) + length) + okBody << false << Fine << Fine;
    QTest::newRow("length not a number") << head("Content-Length: x\r\n") + okBody << true << protocol << protocol;
    QTest::newRow("negative length") << head("Content-Length: -5\r\n") + okBody << true << protocol << protocol;
    QTest::newRow("two lengths that differ")
        << head(length + "Content-Length: 5\r\n") + okBody << true << protocol << protocol;
    QTest::newRow("two lengths in one header") << head("Content-Length: 5, 7\r\n") + okBody << true << protocol << protocol;
    QTest::newRow("length with chunked")
        << head(length + "Transfer-Encoding: chunked\r\n") + QByteArray::number(okBody.size(), 16) + "\r\n" + okBody
            + "\r\n0\r\n\r\n"
        << false << protocol << protocol;
    // Qt's HTTP decodes chunks out of sight and reads a bad size as 0, the
    // last chunk: the answer reaches the call cut (and is refused as such),
    // not as the protocol error it is.
    const int cut = int(CallError::Kind::StreamCut);
    QTest::newRow("chunk size not hex") << head("Transfer-Encoding: chunked\r\n") + "zz\r\n" + okBody + "\r\n0\r\n\r\n"
                                        << true << protocol << cut;
    QTest::newRow("chunk size overflowing")
        << head("Transfer-Encoding: chunked\r\n") + "fffffffffffffffffffff\r\n" + okBody + "\r\n0\r\n\r\n" << true
        << protocol << cut;
    // Qt's HTTP drops a head of over 100 headers and reads on as if it had
    // none (and hangs when the answer has no length then): no headers is
    // refused as well, over both clients.
    QTest::newRow("101 headers") << head(manyHeaders(100) + length) + okBody << false << protocol << protocol;
    QTest::newRow("no headers at all") << "HTTP/1.1 200 OK\r\n\r\n" + okBody << true << protocol << protocol;
    QTest::newRow("100,000 headers") << head(manyHeaders(100'000) + length) + okBody << true << protocol << protocol;
    QTest::newRow("a 80 KiB header") << head("X-Big: " + QByteArray(80 * 1024, 'a') + "\r\n" + length) + okBody
                                     << false << protocol << protocol;
}

void TestStrictHttp::sameVerdictOnBothPaths()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closeAfter);
    QFETCH(int, kind);
    QFETCH(int, qtKind);

    LoopbackNetworkAccess ours;
    QElapsedTimer clock;
    clock.start();
    const Verdict loopback = callThrough(ours, answer, closeAfter);
    const qint64 oursMs = clock.restart();
    QNetworkAccessManager qt;
    const Verdict qtHttp = callThrough(qt, answer, closeAfter);
    const qint64 qtMs = clock.elapsed();

    QVERIFY2(loopback.kind == kind, qPrintable(u"own client: %1 %2"_s.arg(loopback.kind).arg(loopback.message)));
    QVERIFY2(qtHttp.kind == qtKind, qPrintable(u"Qt's HTTP: %1 %2"_s.arg(qtHttp.kind).arg(qtHttp.message)));
    if (kind == Fine) {
        QCOMPARE(loopback.text, u"ok"_s);
        QCOMPARE(qtHttp.text, u"ok"_s);
    } else {
        // Named, so that a user knows which of their providers misbehaves.
        QVERIFY2(loopback.message.contains(u"Strict Test Server"_s), qPrintable(loopback.message));
        QVERIFY2(qtHttp.message.contains(u"Strict Test Server"_s), qPrintable(qtHttp.message));
        QVERIFY2(loopback.message.contains(u"not valid HTTP"_s), qPrintable(loopback.message));
        // Refused either way: neither client takes a broken answer as the answer.
        QVERIFY(qtHttp.text.isEmpty());
    }
    // Refusing a huge head costs no more than reading it: linear, not a
    // search per header (the old client took ~50 s for 100,000).
    QVERIFY2(oursMs < 3000, qPrintable(u"own client took %1 ms"_s.arg(oursMs)));
    QVERIFY2(qtMs < 3000, qPrintable(u"Qt's HTTP took %1 ms"_s.arg(qtMs)));
}

void TestStrictHttp::parserByteAtATime_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");

    QTest::newRow("length") << "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"_ba << true << "abc"_ba << QString();
    QTest::newRow("chunked with trailer")
        << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n1\r\nd\r\n0\r\nX-T: 1\r\n\r\n"_ba << true
        << "abcd"_ba << QString();
    QTest::newRow("100 Continue, then the answer")
        << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"_ba << true << "z"_ba
        << QString();
    QTest::newRow("bad chunk size") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba << false
                                    << QByteArray() << u"chunk size"_s;
    QTest::newRow("huge chunk size")
        << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n"_ba << false << QByteArray()
        << u"Chunk size overflow"_s;
    QTest::newRow("negative length") << "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"_ba << false << QByteArray()
                                     << u"Content-Length"_s;
    QTest::newRow("101 headers") << "HTTP/1.1 200 OK\r\n" + manyHeaders(101) + "\r\n" << false << QByteArray()
                                 << u"more than 100 headers"_s;
    QTest::newRow("64 KiB head") << "HTTP/1.1 200 OK\r\nX: " + QByteArray(65 * 1024, 'a') + "\r\n\r\n" << false
                                 << QByteArray() << u"64 KiB"_s;
}

void TestStrictHttp::parserByteAtATime()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, ok);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    HttpResponseParser parser;
    QByteArray read;
    bool head = false;
    bool complete = false;
    bool failed = false;
    for (qsizetype i = 0; i <= answer.size() && !complete && !failed;) {
        qsizetype used = 0;
        const auto event = parser.feed(QByteArrayView(answer).sliced(i, i < answer.size() ? 1 : 0), used, read);
        if (i == answer.size() && event == HttpResponseParser::Event::NeedMore)
            break;
        i += used;
        head = head || event == HttpResponseParser::Event::Head;
        complete = event == HttpResponseParser::Event::MessageComplete;
        failed = event == HttpResponseParser::Event::Error;
    }
    QCOMPARE(complete, ok);
    QCOMPARE(failed, !ok);
    if (ok) {
        QVERIFY(head);
        QCOMPARE(parser.status(), 200);
        QCOMPARE(read, body);
        QVERIFY(parser.keepAlive());
    } else {
        QVERIFY2(parser.errorMessage().contains(error), qPrintable(parser.errorMessage()));
    }
}

void TestStrictHttp::checkHead_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("ok");
    QTest::newRow("length") << "Content-Length"_ba << "12"_ba << true;
    QTest::newRow("length, any case") << "content-LENGTH"_ba << "0"_ba << true;
    QTest::newRow("not a number") << "Content-Length"_ba << "1x"_ba << false;
    QTest::newRow("empty") << "Content-Length"_ba << ""_ba << false;
    QTest::newRow("plus") << "Content-Length"_ba << "+1"_ba << false;
    QTest::newRow("too long") << "Content-Length"_ba << "9999999999999999999"_ba << false;
    QTest::newRow("joined") << "Content-Length"_ba << "3, 3"_ba << false;
    QTest::newRow("an unrelated header") << "X-Length"_ba << "x"_ba << true;
}

void TestStrictHttp::checkHead()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(bool, ok);
    QCOMPARE(HttpResponseParser::checkHead({{name, value}}).isEmpty(), ok);
}

QTEST_GUILESS_MAIN(TestStrictHttp)
#include "tst_stricthttp.moc"
