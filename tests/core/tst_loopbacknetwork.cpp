// LoopbackNetworkAccess against a raw server on 127.0.0.1 that sends exactly
// the bytes each case gives, whole or a byte at a time: the framings HTTP/1.1
// allows (Content-Length, chunked with extensions and trailers, until close,
// no body, 100 Continue, bare LF), errors with QNetworkReply's codes, a cut
// answer keeping what arrived, keep-alive reuse, abort closing the
// connection at once, and which requests it leaves to Qt.

#include "providers/loopbacknetworkaccess.h"
#include "support/rawhttpserver.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using Switchyard::Providers::LoopbackNetworkAccess;

namespace {

using RawServer = Switchyard::TestSupport::RawHttpServer;

bool waitFor(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    return reply->isFinished() || finished.wait(5000);
}

} // namespace

class TestLoopbackNetwork final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framings_data();
    void framings();
    void errors_data();
    void errors();
    void refused();
    void keepsConnectionsAndSendsHeaders();
    void abortClosesAtOnce();
    void whichRequests_data();
    void whichRequests();
};

void TestLoopbackNetwork::framings_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("reusable");

    const struct {
        const char *name;
        QByteArray answer;
        bool closeAfter;
        int status;
        QByteArray body;
        bool reusable;
    } cases[] = {
        {"content-length", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}",
         false, 200, "{\"a\":\"bcd\"}", true},
        {"chunked, extension, trailer",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n",
         false, 200, "hello world", true},
        {"chunked, upper-case hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
         false, 200, "0123456789", true},
        {"until close", "HTTP/1.0 200 OK\r\n\r\nstreamed to the end", true, 200, "streamed to the end", false},
        {"Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", true, 200, "ok",
         false},
        {"100 Continue first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes", false, 200,
         "yes", true},
        {"204 no body", "HTTP/1.1 204 No Content\r\n\r\n", false, 204, "", true},
        {"bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false, 200, "ok", true},
        {"event stream", "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "f\r\ndata: {\"a\":1}\n\n\r\ne\r\ndata: [DONE]\n\n\r\n0\r\n\r\n",
         false, 200, "data: {\"a\":1}\n\ndata: [DONE]\n\n", true},
    };
    for (const auto &c : cases)
        for (const int piece : {0, 1})
            QTest::addRow("%s, %s", c.name, piece ? "a byte at a time" : "whole")
                << c.answer << c.closeAfter << c.status << c.body << c.reusable;
}

void TestLoopbackNetwork::framings()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closeAfter);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, reusable);
    RawServer server;
    QVERIFY(server.listen());
    server.answers.append({.bytes = answer, .close = closeAfter});
    server.pieceSize = QByteArray(QTest::currentDataTag()).endsWith("at a time") ? 1 : 0;

    LoopbackNetworkAccess network;
    QNetworkRequest request(server.url());
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QNetworkReply *reply = network.post(request, "{}"_ba);
    QByteArray read;
    int metaData = 0;
    connect(reply, &QNetworkReply::metaDataChanged, reply, [&metaData] { ++metaData; });
    connect(reply, &QNetworkReply::readyRead, reply, [&read, reply] {
        QCOMPARE_GT(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 0);
        read += reply->readAll();
    });
    QVERIFY(waitFor(reply));
    read += reply->readAll();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    QCOMPARE(read, body);
    QCOMPARE(metaData, 1);
    QCOMPARE(network.idleConnections(), reusable ? 1 : 0);
    delete reply;
}

void TestLoopbackNetwork::errors_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("404 with body") << "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nno model!"_ba << false
                                   << int(QNetworkReply::ContentNotFoundError) << 404 << "no model!"_ba;
    QTest::newRow("429") << "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n"_ba << false
                         << int(QNetworkReply::UnknownContentError) << 429 << QByteArray();
    QTest::newRow("500") << "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops"_ba << false
                         << int(QNetworkReply::InternalServerError) << 500 << "oops"_ba;
    // What arrived before the cut is kept for the caller.
    QTest::newRow("cut in a chunk") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nhalf an"_ba << true
                                    << int(QNetworkReply::RemoteHostClosedError) << 200 << "half an"_ba;
    QTest::newRow("cut before the length") << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"_ba << true
                                           << int(QNetworkReply::RemoteHostClosedError) << 200 << "abc"_ba;
    QTest::newRow("closed without answer") << QByteArray() << true << int(QNetworkReply::RemoteHostClosedError) << 0
                                           << QByteArray();
    QTest::newRow("not HTTP") << "SSH-2.0-OpenSSH_9.2\r\n"_ba << false << int(QNetworkReply::ProtocolFailure) << 0
                              << QByteArray();
    QTest::newRow("bad chunk size") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba << false
                                    << int(QNetworkReply::ProtocolFailure) << 200 << QByteArray();
}

void TestLoopbackNetwork::errors()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closeAfter);
    QFETCH(int, error);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    RawServer server;
    QVERIFY(server.listen());
    server.answers.append({.bytes = answer, .close = closeAfter});
    LoopbackNetworkAccess network;
    QNetworkReply *reply = network.get(QNetworkRequest(server.url(u"/v1/models"_s)));
    QSignalSpy errors(reply, &QNetworkReply::errorOccurred);
    QByteArray read;
    connect(reply, &QNetworkReply::readyRead, reply, [&read, reply] { read += reply->readAll(); });
    QVERIFY(waitFor(reply));
    read += reply->readAll();
    QCOMPARE(int(reply->error()), error);
    QCOMPARE(errors.size(), 1);
    QVERIFY(!reply->errorString().isEmpty());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    QCOMPARE(read, body);
    if (status == 429)
        QCOMPARE(reply->rawHeader("Retry-After"), "3"_ba);
    delete reply;
}

void TestLoopbackNetwork::refused()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port nothing listens on once this closes
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    LoopbackNetworkAccess network;
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(port))));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
    delete reply;
}

void TestLoopbackNetwork::keepsConnectionsAndSendsHeaders()
{
    RawServer server;
    QVERIFY(server.listen());
    for (int i = 0; i < 3; ++i)
        server.answers.append({.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + QByteArray::number(i)});
    LoopbackNetworkAccess network;
    for (int i = 0; i < 3; ++i) {
        QNetworkRequest request(server.url(u"/v1/chat/completions?x=1"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        request.setRawHeader("Authorization", "Bearer sk-test");
        QNetworkReply *reply = network.post(request, "{\"n\":" + QByteArray::number(i) + '}');
        QSignalSpy sent(reply, &QNetworkReply::requestSent);
        QVERIFY(waitFor(reply));
        QCOMPARE(reply->readAll(), QByteArray::number(i));
        QVERIFY(!sent.isEmpty() || sent.wait(1000));
        delete reply;
    }
    // One connection for the three, kept for the next.
    QCOMPARE(server.connections, 1);
    QCOMPARE(network.idleConnections(), 1);
    QCOMPARE(server.requests.size(), 3);
    const QByteArray &last = server.requests.last();
    QVERIFY2(last.startsWith("POST /v1/chat/completions?x=1 HTTP/1.1\r\n"), last.constData());
    // Header names are case-insensitive (Qt keeps them in lower case).
    const QByteArray lower = last.toLower();
    QVERIFY(lower.contains("\r\nhost: 127.0.0.1:"));
    QVERIFY2(lower.contains("\r\ncontent-type: application/json\r\n"), last.constData());
    QVERIFY(lower.contains("\r\nauthorization: bearer sk-test\r\n"));
    QVERIFY(lower.contains("\r\ncontent-length: 7\r\n"));
    QVERIFY(last.endsWith("\r\n\r\n{\"n\":2}"));

    // A kept connection the server closes is dropped, and the next request
    // opens a new one.
    server.answers.append({.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz", .close = true});
    server.answers.append({.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny"});
    QNetworkReply *closing = network.get(QNetworkRequest(server.url()));
    QVERIFY(waitFor(closing));
    QCOMPARE(closing->readAll(), "z"_ba);
    delete closing;
    QTRY_COMPARE(network.idleConnections(), 0);
    QNetworkReply *fresh = network.get(QNetworkRequest(server.url()));
    QVERIFY(waitFor(fresh));
    QCOMPARE(fresh->error(), QNetworkReply::NoError);
    QCOMPARE(fresh->readAll(), "y"_ba);
    QCOMPARE(server.connections, 2);
    delete fresh;
}

void TestLoopbackNetwork::abortClosesAtOnce()
{
    RawServer server;
    QVERIFY(server.listen());
    server.answers.append({.bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nOnce\r\n", .stall = true});
    LoopbackNetworkAccess network;
    QNetworkReply *reply = network.post(QNetworkRequest(server.url()), "{}"_ba);
    QSignalSpy readyRead(reply, &QNetworkReply::readyRead);
    QVERIFY(readyRead.wait(5000));
    QCOMPARE(reply->readAll(), "Once"_ba);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    reply->abort();
    QCOMPARE(finished.size(), 1); // at once, as Qt's
    QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
    // The server sees the client go: nothing keeps generating for nobody.
    QTRY_COMPARE_WITH_TIMEOUT(server.closedByClient, 1, 2000);
    QCOMPARE(network.idleConnections(), 0);
    delete reply;
}

void TestLoopbackNetwork::whichRequests_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<bool>("ours");
    QTest::newRow("127.0.0.1") << QUrl(u"http://127.0.0.1:8080/v1"_s) << true;
    QTest::newRow("127.0.0.2") << QUrl(u"http://127.0.0.2:8080/v1"_s) << true;
    QTest::newRow("localhost") << QUrl(u"http://LocalHost:11434/api"_s) << true;
    QTest::newRow("::1") << QUrl(u"http://[::1]:8080/v1"_s) << true;
    QTest::newRow("https") << QUrl(u"https://127.0.0.1:8443/v1"_s) << false;
    QTest::newRow("another machine") << QUrl(u"http://192.168.1.20:8080/v1"_s) << false;
    QTest::newRow("a name") << QUrl(u"http://api.example.com/v1"_s) << false;
    QTest::newRow("user info") << QUrl(u"http://me:pw@127.0.0.1/v1"_s) << false;
}

void TestLoopbackNetwork::whichRequests()
{
    QFETCH(QUrl, url);
    QFETCH(bool, ours);
    QCOMPARE(LoopbackNetworkAccess::isLoopbackHttp(url), ours);
}

QTEST_GUILESS_MAIN(TestLoopbackNetwork)
#include "tst_loopbacknetwork.moc"
