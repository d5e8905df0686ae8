// Helper for tst_usagecrash: records calls into a usage store as fast as a
// busy gateway would, numbering them, and prints "committed N" each time the
// store reports a commit — N calls, the first N in order, are then on disk.
// The test kills it with SIGKILL at a moment of its choosing.

#include "usage/usagestore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: usagewriter DATABASE\n");
        return 2;
    }
    UsageStore store(QString::fromLocal8Bit(argv[1]));
    qint64 next = 0;
    qint64 committed = 0;
    QObject::connect(&store, &UsageStore::recorded, &app, [&committed](int count) {
        committed += count;
        std::printf("committed %lld\n", committed);
        std::fflush(stdout);
    });
    QObject::connect(&store, &UsageStore::failed, &app, [](const UsageError &error) {
        std::fprintf(stderr, "usagewriter: %s\n", qPrintable(error.message));
        QCoreApplication::exit(1);
    });
    QTimer burst;
    QObject::connect(&burst, &QTimer::timeout, &app, [&store, &next] {
        for (int i = 0; i < 25; ++i, ++next) {
            store.record({.timeMs = 1'790'000'000'000 + next * 1000, .source = Source::Gateway,
                          .project = u"crash"_s, .provider = u"openai"_s, .model = u"gpt-4o-mini"_s,
                          .tokensIn = 100, .tokensOut = next, .costNanoUsd = 1000, .ttftMs = 120.0,
                          .totalMs = 900.0, .tokensPerSecond = 80.0});
        }
    });
    burst.start(1);
    return QCoreApplication::exec();
}
