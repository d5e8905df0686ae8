// A call's limits hold whatever a server sends, in every wire format: one
// event or line past its size limit, or an answer past its own, ends the call
// with a clear error and the partial answer kept — with the process's peak
// memory measured, so a parser that buffers the flood fails here — and the
// first-byte, stall and total time limits end a call the same way for
// OpenAI's, Anthropic's and Gemini's SSE and Ollama's NDJSON.

#include "providers/chatcall.h"
#include "providers/loopbacknetworkaccess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

Q_DECLARE_METATYPE(ApiKind)

namespace {

constexpr qint64 MiB = 1024 * 1024;

// The peak growth a bounded call stays under, and a flood far past it, which
// a parser holding what it is sent would grow by. Under AddressSanitizer the
// freed blocks its quarantine keeps and its shadow memory count too.
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 boundMiB = 320;
constexpr qint64 floodMiB = 1024;
#else
constexpr qint64 boundMiB = 96;
constexpr qint64 floodMiB = 256;
#endif

/// Answers a request with head + prefix, then filler repeated up to
/// fillerBytes, written only as fast as the client reads (never more than
/// 1 MiB queued), so that the server's own memory stays small; then, if
/// tickMs > 0, one tick byte every tickMs until the client goes.
class FloodServer final : public QObject
{
public:
    QByteArray head;
    QByteArray prefix;
    QByteArray filler;
    qint64 fillerBytes = 0;
    QByteArray tick;
    int tickMs = 0;
    bool silent = false; // read the request, answer nothing
    qint64 written = 0;

    FloodServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_request += socket->readAll();
                    if (m_started || silent || !m_request.contains("\r\n\r\n"))
                        return;
                    m_started = true;
                    socket->write(head + prefix);
                    pump(socket);
                });
                connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { pump(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(m_server.serverPort())); }

private:
    void pump(QTcpSocket *socket)
    {
        while (written < fillerBytes && socket->bytesToWrite() < MiB && socket->state() == QAbstractSocket::ConnectedState) {
            const qint64 n = std::min<qint64>(filler.size(), fillerBytes - written);
            socket->write(filler.constData(), n);
            written += n;
        }
        if (written >= fillerBytes && tickMs > 0 && !m_ticking) {
            m_ticking = true;
            auto *timer = new QTimer(socket);
            connect(timer, &QTimer::timeout, socket, [this, socket] { socket->write(tick); });
            timer->start(tickMs);
        }
    }

    QTcpServer m_server;
    QByteArray m_request;
    bool m_started = false;
    bool m_ticking = false;
};

qint64 statusKiB(const char *field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}

/// Resets the peak resident size, so that VmHWM afterwards is this test's.
bool resetPeak()
{
    QFile clear(u"/proc/self/clear_refs"_s);
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

QByteArray headFor(ApiKind kind)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: "
        + QByteArray(kind == ApiKind::Ollama ? "application/x-ndjson" : "text/event-stream")
        + "\r\nConnection: close\r\n\r\n";
}

// The format's first event, saying "Hi".
QByteArray hiEvent(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi:
        return R"(data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]})" "\n\n";
    case ApiKind::Anthropic:
        return "event: message_start\n"
               R"(data: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"c","usage":{"input_tokens":1,"output_tokens":1}}})"
               "\n\nevent: content_block_start\n"
               R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
               "\n\nevent: content_block_delta\n"
               R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})" "\n\n";
    case ApiKind::Gemini:
        return R"(data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}]})" "\n\n";
    case ApiKind::Ollama:
        return R"({"model":"m","message":{"role":"assistant","content":"Hi"},"done":false})" "\n";
    }
    return {};
}

struct Outcome {
    std::optional<CallError> error;
    QString text;
};

Outcome call(QNetworkAccessManager &network, ApiKind kind, const QUrl &url, const CallTimeouts &limits)
{
    ProviderConfig provider{.id = u"flood"_s, .displayName = u"Flood Server"_s, .kind = kind, .baseUrl = url};
    ChatRequest request{.model = u"m"_s, .messages = {{ChatMessage::Role::User, u"hi"_s}}};
    ChatCall chat(&network, provider, request, QString());
    chat.setTimeouts(limits);
    QSignalSpy finished(&chat, &ChatCall::finished);
    chat.start();
    if (!finished.wait(30'000))
        return {.error = CallError{.message = u"the call did not finish"_s}};
    return {chat.error(), chat.text()};
}

} // namespace

class TestBoundedStreams final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hugeEventIsCutWithMemoryBounded_data();
    void hugeEventIsCutWithMemoryBounded();
    void answerLimit();
    void timeLimitsInEveryFormat_data();
    void timeLimitsInEveryFormat();
};

void TestBoundedStreams::hugeEventIsCutWithMemoryBounded_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<bool>("qtHttp");
    QTest::addColumn<QByteArray>("filler");
    QTest::newRow("SSE, one line without an end") << ApiKind::OpenAi << false << QByteArray("data: ") + QByteArray(64 * 1024, 'a');
    QTest::newRow("SSE over Qt's HTTP") << ApiKind::OpenAi << true << QByteArray("data: ") + QByteArray(64 * 1024, 'a');
    // Each line short, the event they make together huge.
    QTest::newRow("SSE, data lines without a blank one") << ApiKind::Gemini << false
                                                         << QByteArray("data: ") + QByteArray(1000, 'b') + '\n';
    QTest::newRow("NDJSON, one line without an end") << ApiKind::Ollama << false << QByteArray(64 * 1024, '{');
}

void TestBoundedStreams::hugeEventIsCutWithMemoryBounded()
{
    QFETCH(ApiKind, kind);
    QFETCH(bool, qtHttp);
    QFETCH(QByteArray, filler);

    FloodServer server;
    server.head = headFor(kind);
    server.prefix = hiEvent(kind);
    server.filler = filler;
    // Far past the 16 MiB limit; only what the client reads is ever sent.
    server.fillerBytes = floodMiB * MiB;
    QVERIFY(server.listen());

    std::unique_ptr<QNetworkAccessManager> network =
        qtHttp ? std::make_unique<QNetworkAccessManager>() : std::make_unique<LoopbackNetworkAccess>();
    const qint64 before = statusKiB("VmRSS:");
    if (!resetPeak())
        QSKIP("/proc/self/clear_refs cannot be written here");
    const Outcome out = call(*network, kind, server.url(), CallTimeouts{});
    const qint64 peakGrowthMiB = (statusKiB("VmHWM:") - before) / 1024;

    QVERIFY(out.error);
    QCOMPARE(out.error->kind, CallError::Kind::Protocol);
    QVERIFY2(out.error->message.contains(u"Flood Server sent one stream event larger than 16 MiB"_s),
             qPrintable(out.error->message));
    QVERIFY2(out.error->message.contains(u"partial answer is kept"_s), qPrintable(out.error->message));
    QCOMPARE(out.text, u"Hi"_s);
    qInfo("peak memory growth: %lld MiB for a %lld MiB flood; %lld MiB sent before the stop", peakGrowthMiB,
          server.fillerBytes / MiB, server.written / MiB);
    // The limit, its copy while a line is put together, and the sockets' buffers.
    QVERIFY2(peakGrowthMiB < boundMiB, qPrintable(u"peak memory grew by %1 MiB"_s.arg(peakGrowthMiB)));
    QVERIFY(server.written < server.fillerBytes);
}

void TestBoundedStreams::answerLimit()
{
    // Small events, each fine, together past the answer's limit.
    FloodServer server;
    server.head = headFor(ApiKind::OpenAi);
    server.prefix = hiEvent(ApiKind::OpenAi);
    server.filler = R"(data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]})" "\n\n";
    server.fillerBytes = 64 * MiB;
    QVERIFY(server.listen());
    LoopbackNetworkAccess network;
    CallTimeouts limits;
    limits.maxEventBytes = 64 * 1024;
    limits.maxAnswerBytes = 2 * MiB;
    const Outcome out = call(network, ApiKind::OpenAi, server.url(), limits);
    QVERIFY(out.error);
    QCOMPARE(out.error->kind, CallError::Kind::Protocol);
    QVERIFY2(out.error->message.contains(u"Flood Server sent more than 2 MiB for one answer"_s),
             qPrintable(out.error->message));
    QVERIFY(out.text.startsWith(u"Hixxx"_s));
    QVERIFY(out.text.size() > 1000);
}

void TestBoundedStreams::timeLimitsInEveryFormat_data()
{
    QTest::addColumn<ApiKind>("kind");
    QTest::addColumn<QString>("limit");
    const QList<std::pair<const char *, ApiKind>> kinds{
        {"OpenAI", ApiKind::OpenAi}, {"Anthropic", ApiKind::Anthropic}, {"Gemini", ApiKind::Gemini}, {"Ollama", ApiKind::Ollama}};
    for (const auto &[name, kind] : kinds)
        for (const QString &limit : {u"first byte"_s, u"stall"_s, u"total"_s})
            QTest::addRow("%s, %s", name, qPrintable(limit)) << kind << limit;
}

void TestBoundedStreams::timeLimitsInEveryFormat()
{
    QFETCH(ApiKind, kind);
    QFETCH(QString, limit);
    FloodServer server;
    server.head = headFor(kind);
    server.prefix = hiEvent(kind);
    server.silent = limit == u"first byte"_s;
    if (limit == u"total"_s) {
        // A byte every 100 ms that means nothing in the format (a blank line):
        // never a stall, yet no end.
        server.tick = "\n";
        server.tickMs = 100;
    }
    QVERIFY(server.listen());
    LoopbackNetworkAccess network;
    CallTimeouts limits;
    limits.firstByteMs = 400;
    limits.stallMs = 400;
    limits.totalMs = limit == u"total"_s ? 1200 : 10'000;
    const Outcome out = call(network, kind, server.url(), limits);
    QVERIFY(out.error);
    QCOMPARE(out.error->kind, CallError::Kind::Timeout);
    const QString expected = limit == u"first byte"_s ? u"Flood Server sent nothing for 0.4 s"_s
        : limit == u"stall"_s                         ? u"The stream from Flood Server stalled: no data for 0.4 s"_s
                                                      : u"The call to Flood Server took longer than the 1.2 s limit"_s;
    QVERIFY2(out.error->message.contains(expected), qPrintable(out.error->message));
    QCOMPARE(out.text, limit == u"first byte"_s ? QString() : u"Hi"_s);
}

QTEST_GUILESS_MAIN(TestBoundedStreams)
#include "tst_boundedstreams.moc"
