// The Compare page under load, on the offscreen platform. Figures:
//  compare.stall_p99_ms   six panes each streaming 200 tokens/s for 60 s from a
//                         provider on another thread: p99 of how late a 4 ms
//                         timer fires on the GUI thread (a stall the user feels)
//  compare.rss_6_panes_mb resident memory of the main window with six panes
//                         holding 20k-token answers
//  app.cold_start_ms      from launching the switchyard executable to its
//                         window being shown (median of 5 launches)

#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "secrets/environmentkeys.h"
#include "shell/mainwindow.h"
#include "support/fixtureprovider.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

double residentMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// A fixture provider living on its own thread, so serving six streams does not
// count against the GUI thread being measured.
class ProviderThread final : public QThread
{
public:
    explicit ProviderThread(FixtureReply reply)
        : m_reply(std::move(reply))
    {
    }
    quint16 port() const { return m_port.load(); }

protected:
    void run() override
    {
        FixtureProvider provider;
        if (!provider.listen())
            return;
        provider.enqueue(m_reply);
        m_port = provider.port();
        exec();
    }

private:
    FixtureReply m_reply;
    std::atomic<quint16> m_port{0};
};

QByteArray tokenChunk(int i)
{
    // Paragraphs of about sixty tokens, as answers have them.
    static const char *const words[] = {"The ", "answer ", "streams ", "in, ", "token ", "by ", "token. "};
    const QByteArray word = i % 60 == 59 ? QByteArray("\\n\\n") : QByteArray(words[i % 7]);
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}]}\n\n";
}

double stallP99(int seconds)
{
    FixtureReply reply{.chunkDelayMs = 5};
    for (int i = 0; i < seconds * 200; ++i)
        reply.chunks.append(tokenChunk(i));
    reply.chunks.append("data: [DONE]\n\n");
    ProviderThread server(reply);
    server.start();
    while (server.port() == 0)
        QThread::msleep(5);

    QNetworkAccessManager network;
    Secrets::EnvironmentKeys keys{QProcessEnvironment()};
    Providers::ProviderConfig provider{.id = u"bench"_s, .displayName = u"Bench"_s, .kind = Providers::ApiKind::OpenAi,
                                       .baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(server.port()))};
    CompareUi::ComparePage page({.network = &network, .catalog = nullptr, .keys = &keys, .providers = {provider}});
    page.resize(1920, 1080);
    page.show();
    while (page.panes().size() < 6)
        page.addPane();
    for (int i = 0; i < 6; ++i)
        page.panes().at(i)->setModelLabel(u"bench/m%1"_s.arg(i));
    for (CompareUi::ComparePane *pane : page.panes())
        pane->send(u"Go"_s, {});

    QList<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = clock.nsecsElapsed() + 4'000'000;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(4);
    QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness.append(std::max<qint64>(0, now - expected) / 1e6);
        expected = now + 4'000'000;
    });
    tick.start();
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000 + 2000, &loop, &QEventLoop::quit);
    loop.exec();
    tick.stop();
    page.stopAll();
    server.quit();
    server.wait();
    std::ranges::sort(lateness);
    return lateness.isEmpty() ? -1 : lateness.at(qsizetype(double(lateness.size() - 1) * 0.99));
}

double rssWithSixPanes()
{
    Shell::MainWindow window;
    window.resize(1920, 1080);
    window.show();
    auto *page = window.findChild<CompareUi::ComparePage *>();
    while (page->panes().size() < 6)
        page->addPane();
    QString answer;
    for (int i = 0; answer.size() < 20'000 * 4; ++i)
        answer += QString::fromLatin1(i % 40 == 39 ? "\n\n" : "word ");
    for (CompareUi::ComparePane *pane : page->panes()) {
        pane->setModelLabel(u"openai/gpt-4o-mini"_s);
        pane->restoreTurns({Compare::Turn{.prompt = u"Write a long essay."_s, .answer = answer, .finished = true}});
    }
    QCoreApplication::processEvents();
    window.grab(); // lay out and paint everything once
    return residentMb();
}

double coldStartMs(const QString &executable)
{
    QList<double> runs;
    for (int i = 0; i < 5; ++i) {
        QTemporaryDir data;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"SWITCHYARD_DATA_DIR"_s, data.path());
        env.insert(u"SWITCHYARD_EXIT_WHEN_SHOWN"_s, u"1"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        process.start(executable, {});
        if (!process.waitForFinished(20'000) || process.exitCode() != 0)
            return -1;
        runs.append(double(clock.nsecsElapsed()) / 1e6);
    }
    std::ranges::sort(runs);
    return runs.at(runs.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    const QString gui = QCoreApplication::applicationDirPath() + u"/switchyard"_s;

    std::printf("bench: app.cold_start_ms %.0f ms\n", coldStartMs(gui));
    std::printf("bench: compare.rss_6_panes_mb %.0f MB\n", rssWithSixPanes());
    const int seconds = qEnvironmentVariableIntValue("SWITCHYARD_BENCH_STREAM_SECONDS") > 0
        ? qEnvironmentVariableIntValue("SWITCHYARD_BENCH_STREAM_SECONDS")
        : 60;
    std::printf("bench: compare.stall_p99_ms %.1f ms\n", stallP99(seconds));
    return 0;
}
