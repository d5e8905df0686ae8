// LocalServerScan, the first-run look for model servers on this computer:
// fixtures on loopback ports the test chose stand in for Ollama and LM Studio;
// a port nobody listens on, a web server that is not a model server and a
// server that never answers are not taken for one.

#include "providers/localserverscan.h"
#include "providers/providerpresets.h"
#include "support/fixtureprovider.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

class TestLocalServerScan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultCandidatesAreTheUsualPorts();
    void findsServersOnChosenPorts();
    void nothingThere();

private:
    QNetworkAccessManager m_network;
};

void TestLocalServerScan::defaultCandidatesAreTheUsualPorts()
{
    QList<int> ports;
    for (const ProviderConfig &candidate : LocalServerScan::defaultCandidates()) {
        QCOMPARE(candidate.baseUrl.host(), u"127.0.0.1"_s);
        ports.append(candidate.baseUrl.port());
    }
    QCOMPARE(ports, (QList<int>{11434, 1234, 8080}));
}

void TestLocalServerScan::findsServersOnChosenPorts()
{
    FixtureProvider ollama, lmStudio, webServer, silent;
    QVERIFY(ollama.listen() && lmStudio.listen() && webServer.listen() && silent.listen());
    ollama.enqueue(FixtureProvider::modelList(ApiKind::Ollama, {u"qwen3:8b"_s, u"llama3.2:latest"_s}));
    lmStudio.enqueue(FixtureProvider::modelList(ApiKind::OpenAi, {u"google/gemma-3-4b"_s}));
    webServer.enqueue({.contentType = "text/html", .chunks = {"<html><body>It works!</body></html>"}});
    silent.enqueue({.neverAnswer = true});

    LocalServerScan scan(&m_network,
                         {FixtureProvider::presetAt(u"ollama"_s, ollama.port()), FixtureProvider::presetAt(u"lmstudio"_s, lmStudio.port()),
                          FixtureProvider::presetAt(u"llamacpp"_s, webServer.port()), FixtureProvider::presetAt(u"vllm"_s, silent.port())});
    scan.setTimeoutMs(500);
    QSignalSpy finished(&scan, &LocalServerScan::finished);
    scan.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(scan.isFinished());

    const auto &f = scan.findings();
    QCOMPARE(f.size(), 4);
    QVERIFY(f.at(0).found());
    QCOMPARE(f.at(0).provider.id, u"ollama"_s);
    QCOMPARE(f.at(0).models, (QStringList{u"llama3.2:latest"_s, u"qwen3:8b"_s}));
    QVERIFY(f.at(0).elapsedMs >= 0);
    QVERIFY(f.at(1).found());
    QCOMPARE(f.at(1).models, QStringList{u"google/gemma-3-4b"_s});
    QVERIFY(!f.at(2).found());
    QCOMPARE(f.at(2).error->kind, CallError::Kind::Protocol);
    QVERIFY(!f.at(3).found());
    QCOMPARE(f.at(3).error->kind, CallError::Kind::Timeout);
    QVERIFY(scan.elapsedMs() >= 450); // waited for the silent one, and no longer than needed
    QVERIFY(scan.elapsedMs() < 4000);

    // No key goes to whatever listens on these ports.
    QVERIFY(!ollama.requests().first().headers.contains("authorization"));
    QCOMPARE(ollama.requests().first().path, "/api/tags"_ba);
    QCOMPARE(lmStudio.requests().first().path, "/v1/models"_ba);
}

void TestLocalServerScan::nothingThere()
{
    LocalServerScan scan(&m_network, {FixtureProvider::presetAt(u"ollama"_s, FixtureProvider::unusedPort()),
                                      FixtureProvider::presetAt(u"lmstudio"_s, FixtureProvider::unusedPort())});
    QSignalSpy finished(&scan, &LocalServerScan::finished);
    QElapsedTimer clock;
    clock.start();
    scan.start();
    QVERIFY(finished.wait(5000));
    for (const auto &finding : scan.findings()) {
        QVERIFY(!finding.found());
        QCOMPARE(finding.error->kind, CallError::Kind::ConnectionRefused);
    }
    qInfo("two refused loopback ports answered in %lld ms", static_cast<long long>(scan.elapsedMs()));
    QVERIFY(clock.elapsed() < 2000); // refused at once, not after a timeout

    LocalServerScan none(&m_network, {});
    QSignalSpy noneFinished(&none, &LocalServerScan::finished);
    none.start();
    QCOMPARE(noneFinished.count(), 1);
}

QTEST_GUILESS_MAIN(TestLocalServerScan)
#include "tst_localserverscan.moc"
