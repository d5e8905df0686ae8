// The usage log at a year of heavy use: one million calls (about 2,700 a day)
// over five providers, twelve models, four sources and five projects, with
// realistic skew. Figures: usage.insert_rows_s (rows and roll-ups written in
// batches of 1,000, as the store's thread does under load), one
// usage.query_ms.NAME per query of the Usage page over the whole year (the
// worst range a user can pick; the median of five runs) and usage.query_max_ms.
// usage.quick_check_ms is SQLite's quick check of the whole file, which the
// usage store runs before its first write to find damage anywhere in it.
// Set SWITCHYARD_BENCH_USAGE_ROWS to try another size.

#include "usage/usagedatabase.h"
#include "votes/votetable.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;

namespace {

struct Model {
    const char16_t *provider;
    const char16_t *name;
    double inPerMtok, outPerMtok, ttftMs, tokensPerSecond;
    int weight;
};

const Model Models[] = {
    {u"openai", u"gpt-4o-mini", 0.15, 0.6, 350, 90, 30},  {u"openai", u"gpt-4o", 2.5, 10, 450, 70, 12},
    {u"openai", u"o3-mini", 1.1, 4.4, 2500, 120, 5},      {u"anthropic", u"claude-sonnet-4", 3, 15, 900, 60, 14},
    {u"anthropic", u"claude-haiku-3.5", 0.8, 4, 500, 110, 8}, {u"gemini", u"gemini-2.5-flash", 0.3, 2.5, 400, 180, 10},
    {u"gemini", u"gemini-2.5-pro", 1.25, 10, 1800, 80, 4}, {u"openrouter", u"deepseek/deepseek-chat", 0.27, 1.1, 1200, 40, 6},
    {u"openrouter", u"mistralai/mistral-small", 0.1, 0.3, 300, 130, 3}, {u"groq", u"llama-3.3-70b", 0.59, 0.79, 150, 300, 4},
    {u"ollama", u"llama3.2", 0, 0, 200, 45, 3},           {u"ollama", u"qwen2.5-coder", 0, 0, 250, 35, 1},
};

template<typename T, std::size_t N>
const T &weighted(QRandomGenerator &rng, const T (&items)[N], const int (&weights)[N])
{
    int total = 0;
    for (int w : weights)
        total += w;
    int pick = rng.bounded(total);
    for (std::size_t i = 0; i < N; ++i) {
        if ((pick -= weights[i]) < 0)
            return items[i];
    }
    return items[N - 1];
}

QList<UsageRecord> yearOfCalls(int count)
{
    QRandomGenerator rng(2026);
    int modelWeights[std::size(Models)];
    for (std::size_t i = 0; i < std::size(Models); ++i)
        modelWeights[i] = Models[i].weight;
    const Source sources[] = {Source::Gateway, Source::Compare, Source::Cli, Source::Router};
    const int sourceWeights[] = {55, 30, 10, 5};
    const QString projects[] = {QString(), u"docs-bot"_s, u"code-review"_s, u"support"_s, u"research"_s};
    const int projectWeights[] = {40, 20, 20, 15, 5};

    const qint64 start = QDateTime(QDate(2025, 11, 24), QTime(0, 0)).toMSecsSinceEpoch();
    const qint64 span = qint64(365) * 24 * 3600 * 1000;
    QList<UsageRecord> records;
    records.reserve(count);
    for (int i = 0; i < count; ++i) {
        const Model &m = Models[&weighted(rng, Models, modelWeights) - Models];
        UsageRecord r;
        r.timeMs = start + span * i / count + rng.bounded(1000);
        r.source = weighted(rng, sources, sourceWeights);
        r.project = weighted(rng, projects, projectWeights);
        r.provider = QString::fromUtf16(m.provider);
        r.model = QString::fromUtf16(m.name);
        const qint64 in = 200 + rng.bounded(8000);
        const qint64 out = 20 + rng.bounded(1500);
        r.tokensIn = in;
        r.tokensOut = out;
        if (rng.bounded(4) == 0)
            r.tokensCached = in / 2;
        r.costNanoUsd = qint64((double(in) * m.inPerMtok + double(out) * m.outPerMtok) * 1000);
        r.costEstimated = rng.bounded(20) == 0;
        const int outcome = rng.bounded(100);
        if (outcome < 3) {
            r.status = Status::Error;
            r.errorClass = u"rate_limited"_s;
            r.httpStatus = 429;
        } else {
            r.status = outcome < 5 ? Status::Cancelled : Status::Ok;
            r.ttftMs = m.ttftMs * (0.5 + rng.generateDouble() * 1.5);
            r.tokensPerSecond = m.tokensPerSecond * (0.6 + rng.generateDouble() * 0.8);
            r.totalMs = *r.ttftMs + double(out) / *r.tokensPerSecond * 1000;
        }
        records.append(std::move(r));
    }
    return records;
}

double medianMs(const std::function<void()> &query)
{
    QList<double> runs;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        query();
        runs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(runs.begin(), runs.end());
    return runs.at(2);
}

} // namespace

int main()
{
    const int rows = qEnvironmentVariableIsSet("SWITCHYARD_BENCH_USAGE_ROWS")
        ? qEnvironmentVariableIntValue("SWITCHYARD_BENCH_USAGE_ROWS")
        : 1'000'000;
    QTemporaryDir dir;
    auto opened = UsageDatabase::open(UsageDatabase::fileIn(dir.path()));
    if (!opened) {
        std::fprintf(stderr, "bench_usage: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    UsageDatabase db = std::move(*opened);
    const QList<UsageRecord> records = yearOfCalls(rows);

    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < records.size(); i += 1000) {
        if (!db.insert(std::span(records).subspan(i, std::min<qsizetype>(1000, records.size() - i)))) {
            std::fprintf(stderr, "bench_usage: insert failed\n");
            return 1;
        }
    }
    const double insertSeconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("bench: usage.insert_rows_s %.0f rows/s\n", double(rows) / insertSeconds);
    std::printf("bench: usage.daily_rows %lld rows\n", *db.connection().scalar("SELECT count(*) FROM daily"));

    const UsageFilter year{.from = QDate(2025, 11, 24), .to = QDate(2026, 11, 23)};
    const QDate today(2026, 11, 23);
    struct Query {
        const char *name;
        std::function<void()> run;
    };
    const Query queries[] = {
        {"spend_by_day_model", [&] { (void)db.summarize(year, GroupKey::Day | GroupKey::Model); }},
        {"spend_by_day_provider", [&] { (void)db.summarize(year, GroupKey::Day | GroupKey::Provider); }},
        {"model_table", [&] { (void)db.summarize(year, GroupKey::Model, true); }},
        {"by_project", [&] { (void)db.summarize(year, GroupKey::Project); }},
        {"one_provider_by_day", [&] {
             UsageFilter f = year;
             f.providers = {u"anthropic"_s};
             (void)db.summarize(f, GroupKey::Day | GroupKey::Model);
         }},
        {"month_to_date", [&] {
             (void)db.summarize({.from = QDate(today.year(), today.month(), 1), .to = today},
                                GroupKey::Day | GroupKey::Model, true);
         }},
        {"budget_status", [&] { (void)db.budgetStatus(today); }},
        {"filter_choices", [&] { (void)db.choices(); }},
        {"win_rates", [&] { (void)Switchyard::Votes::VoteTable(db).winRates(year); }},
    };
    double slowest = 0;
    for (const Query &q : queries) {
        const double ms = medianMs(q.run);
        slowest = std::max(slowest, ms);
        std::printf("bench: usage.query_ms.%s %.2f ms\n", q.name, ms);
    }
    std::printf("bench: usage.query_max_ms %.2f ms\n", slowest);

    // The check UsageStore runs when it opens the file, before its first
    // write, on a thread of its own: the whole file read once.
    const double checkMs = medianMs([&] {
        if (!UsageDatabase::check(db.path()))
            std::fprintf(stderr, "bench_usage: the check failed\n");
    });
    std::printf("bench: usage.quick_check_ms %.0f ms\n", checkMs);
    std::printf("bench: usage.file_mb %.0f MB\n", double(QFileInfo(db.path()).size()) / 1e6);
    return 0;
}
