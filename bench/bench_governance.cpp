// The detectors on a 1 MB prompt of prose, code and logs with a few secrets
// and personal data in it: redact.mb_s for the whole Redactor and one figure
// per detector. And the audit log: what appending one call's entry costs on
// the usage store's thread, alone and in a batch of 20 (audit.append_us,
// audit.batch20_us_per_entry).

#include "audit/auditlog.h"
#include "governance/carddetector.h"
#include "governance/emaildetector.h"
#include "governance/ibandetector.h"
#include "governance/phonedetector.h"
#include "governance/redactor.h"
#include "governance/secretdetector.h"
#include "usage/usageaudit.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

QString prompt(qsizetype targetChars)
{
    static const char *const pieces[] = {
        "The quick brown fox jumps over the lazy dog. ",
        "Version 6.8.2 was released on 2024-01-15 at 10:30; see build 10.0.19041.1. ",
        "int main() { return compute(42, 3.14, 0x1f); }\n",
        "2026-12-08T00:41:07.123Z INFO request id=4d2f9a1c took 123 ms from 192.168.1.20:8080\n",
        "Order #1700000000000 shipped in 3 boxes of 12 items, total 1 234,56 EUR. ",
        "Contact jane.doe@example.com or call +44 20 7946 0958 about it. ",
        "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00. ",
        "export OPENAI_API_KEY=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n",
        "Authorization: Bearer 0123456789abcdef0123\n",
    };
    // Mostly ordinary text: the last four pieces (something to find) one time in twenty.
    QString out;
    out.reserve(targetChars + 256);
    QRandomGenerator rng(19);
    while (out.size() < targetChars) {
        const bool sensitive = rng.bounded(20) == 0;
        const int i = sensitive ? 5 + rng.bounded(4) : rng.bounded(5);
        out += QLatin1StringView(pieces[i]);
    }
    return out;
}

template<typename Work>
double medianNs(int runs, Work &&work)
{
    QList<qint64> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.append(timer.nsecsElapsed());
    }
    std::sort(times.begin(), times.end());
    return double(times.at(times.size() / 2));
}

} // namespace

int main()
{
    const QString text = prompt(1 << 20);
    const double mb = double(text.toUtf8().size()) / (1024.0 * 1024.0);
    const Governance::Redactor redactor;
    qsizetype found = 0;
    const double all = medianNs(9, [&] { found = redactor.redact(text).total(); });
    std::printf("# %.2f MB of text, %lld spans redacted, median of 9 runs\n", mb, qlonglong(found));
    std::printf("bench: redact.mb_s %.0f MB/s\n", mb / (all / 1e9));
    const struct {
        const char *name;
        Governance::Detections (*find)(QStringView);
    } detectors[] = {{"secret", Governance::SecretDetector::find}, {"email", Governance::EmailDetector::find},
                     {"phone", Governance::PhoneDetector::find},   {"card", Governance::CardDetector::find},
                     {"iban", Governance::IbanDetector::find}};
    for (const auto &d : detectors) {
        const double ns = medianNs(9, [&] { found = d.find(text).size(); });
        std::printf("bench: detect.%s_mb_s %.0f MB/s\n", d.name, mb / (ns / 1e9));
    }

    QTemporaryDir dir;
    Audit::AuditLog log(dir.path(), u"gateway"_s);
    const Usage::UsageRecord call{.timeMs = 1'790'000'000'000, .source = Usage::Source::Gateway,
                                  .provider = u"openai"_s, .model = u"gpt-4o-mini"_s, .route = u"fast"_s,
                                  .rule = u"short"_s, .tokensIn = 120, .tokensOut = 40, .costNanoUsd = 42'000};
    const QJsonObject data = Usage::UsageAudit::callData(call);
    constexpr int Singles = 2000;
    const double single = medianNs(5, [&] {
        for (int i = 0; i < Singles; ++i)
            (void)log.append(Usage::UsageAudit::CallKind, data);
    });
    QList<std::pair<QString, QJsonObject>> batch(20, {Usage::UsageAudit::CallKind, data});
    constexpr int Batches = 200;
    const double batched = medianNs(5, [&] {
        for (int i = 0; i < Batches; ++i)
            (void)log.appendAll(batch);
    });
    std::printf("bench: audit.append_us %.1f us\n", single / Singles / 1e3);
    std::printf("bench: audit.batch20_us_per_entry %.1f us\n", batched / (Batches * 20) / 1e3);
    return 0;
}
