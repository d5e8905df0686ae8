#include "usagecommand.h"

#include "clisupport.h"

#include "base/units.h"
#include "usage/usagecsv.h"
#include "usage/usagedatabase.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Usage;
using CliSupport::ExitFailed;
using CliSupport::ExitUsage;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"usage"_s, message);
}

// "2026-10-01", "7d" (the last seven days, today included), "month" (since the 1st).
std::optional<QDate> parseSince(const QString &text, QDate today)
{
    if (text == u"month"_s)
        return QDate(today.year(), today.month(), 1);
    if (text == u"today"_s)
        return today;
    static const QRegularExpression days(u"^(\\d+)d$"_s);
    if (const auto m = days.match(text); m.hasMatch() && m.captured(1).toInt() > 0)
        return today.addDays(1 - m.captured(1).toInt());
    const QDate date = QDate::fromString(text, Qt::ISODate);
    return date.isValid() ? std::optional(date) : std::nullopt;
}

QString percentile(const Histogram &h, double q, bool isMs)
{
    if (h.isEmpty())
        return u"–"_s;
    const double v = h.quantile(q);
    return isMs ? Base::Units::seconds(v) : QString::number(v, 'f', 0);
}

QString keyOf(const UsageGroup &g, GroupKey by)
{
    switch (by) {
    case GroupKey::Day: return g.day.toString(Qt::ISODate);
    case GroupKey::Provider: return g.provider;
    case GroupKey::Model: return g.modelKey();
    case GroupKey::Source: return g.source;
    case GroupKey::Project: return g.project.isEmpty() ? u"(none)"_s : g.project;
    case GroupKey::Key: return g.key.isEmpty() ? u"(none)"_s : g.key;
    }
    return {};
}

QString costCell(const UsageGroup &g)
{
    QString text = (g.estimatedCalls > 0 ? u"≈"_s : QString()) + Base::Units::usd(g.costNanoUsd);
    if (g.unpricedCalls > 0)
        text += u" +%1 unpriced"_s.arg(g.unpricedCalls);
    return text;
}

QJsonObject toJson(const UsageGroup &g, GroupKey by, const QString &byName)
{
    QJsonObject o{{byName, keyOf(g, by)},
                  {u"calls"_s, g.calls},
                  {u"errors"_s, g.errors},
                  {u"tokens_in"_s, g.tokensIn},
                  {u"tokens_out"_s, g.tokensOut},
                  {u"tokens_cached"_s, g.tokensCached},
                  {u"tokens_reasoning"_s, g.tokensReasoning},
                  {u"cost_usd"_s, double(g.costNanoUsd) / 1e9},
                  {u"estimated_calls"_s, g.estimatedCalls},
                  {u"unpriced_calls"_s, g.unpricedCalls}};
    const Latencies &l = *g.latencies;
    for (auto [name, h] : {std::pair{u"ttft_ms"_s, &l.ttftMs}, std::pair{u"total_ms"_s, &l.totalMs},
                           std::pair{u"tokens_per_s"_s, &l.tokensPerSecond}}) {
        if (!h->isEmpty())
            o.insert(name, QJsonObject{{u"p50"_s, h->quantile(0.5)}, {u"p95"_s, h->quantile(0.95)}});
    }
    return o;
}


} // namespace

int runUsageCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Spend, calls and speed from the usage log of every call made through Switchyard."_s);
    parser.addHelpOption();
    parser.addOption({u"by"_s, u"Group by day, model (default), provider, project, source or key (the gateway key "
                                "a call came with)."_s,
                      u"group"_s, u"model"_s});
    parser.addOption({u"since"_s, u"From this day: YYYY-MM-DD, Nd (the last N days), month or today (default 30d)."_s,
                      u"when"_s, u"30d"_s});
    parser.addOption({u"until"_s, u"Up to this day, included (YYYY-MM-DD)."_s, u"day"_s});
    parser.addOption({u"provider"_s, u"Only this provider (repeatable)."_s, u"id"_s});
    parser.addOption({u"model"_s, u"Only this PROVIDER/MODEL (repeatable)."_s, u"model"_s});
    parser.addOption({u"source"_s, u"Only calls from compare, cli, router or gateway (repeatable)."_s, u"source"_s});
    parser.addOption({u"project"_s, u"Only this project (repeatable)."_s, u"name"_s});
    parser.addOption({u"key"_s, u"Only calls through the gateway with this key: a per-tool key's name, or owner "
                                "(repeatable)."_s,
                      u"name"_s});
    parser.addOption({u"calls"_s, u"List the single calls instead of a summary (as CSV with --csv)."_s});
    parser.addOption({u"csv"_s, u"Print CSV for spreadsheets."_s});
    parser.addOption({u"json"_s, u"Print one JSON document for scripts."_s});
    parser.addOption({u"budgets"_s, u"Show the budgets and this month's spend against them."_s});
    parser.addOption({u"set-aside"_s, u"Move a damaged usage database aside (renamed with a timestamp) and start a new one."_s});
    CliSupport::addDataDirOption(parser);
    if (!parser.parse(QStringList{u"switchyard-cli usage"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"usage"_s)));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        complain(u"unexpected argument '%1' (see --help)"_s.arg(parser.positionalArguments().first()));
        return ExitUsage;
    }
    static const QHash<QString, GroupKey> keys{{u"day"_s, GroupKey::Day},         {u"model"_s, GroupKey::Model},
                                               {u"provider"_s, GroupKey::Provider}, {u"project"_s, GroupKey::Project},
                                               {u"source"_s, GroupKey::Source},     {u"key"_s, GroupKey::Key}};
    const QString byName = parser.value(u"by"_s);
    if (!keys.contains(byName)) {
        complain(u"--by takes day, model, provider, project, source or key, not '%1'"_s.arg(byName));
        return ExitUsage;
    }
    const QDate today = QDate::currentDate();
    UsageFilter filter{.providers = parser.values(u"provider"_s), .models = parser.values(u"model"_s),
                       .sources = parser.values(u"source"_s), .projects = parser.values(u"project"_s),
                       .keys = parser.values(u"key"_s)};
    const auto since = parseSince(parser.value(u"since"_s), today);
    if (!since) {
        complain(u"--since takes YYYY-MM-DD, a number of days like 7d, month or today, not '%1'"_s.arg(parser.value(u"since"_s)));
        return ExitUsage;
    }
    filter.from = *since;
    if (parser.isSet(u"until"_s)) {
        filter.to = QDate::fromString(parser.value(u"until"_s), Qt::ISODate);
        if (!filter.to.isValid()) {
            complain(u"--until takes a day as YYYY-MM-DD, not '%1'"_s.arg(parser.value(u"until"_s)));
            return ExitUsage;
        }
    }
    for (const QString &source : std::as_const(filter.sources)) {
        if (!sourceFromName(source)) {
            complain(u"--source takes compare, cli, router or gateway, not '%1'"_s.arg(source));
            return ExitUsage;
        }
    }

    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    const QString path = UsageDatabase::fileIn(*dataDir);
    if (parser.isSet(u"set-aside"_s)) {
        // Sound means it opens and SQLite's check of every page finds nothing:
        // damage in the middle of the file is not seen at open.
        if (UsageDatabase::open(path)) {
            const auto checked = UsageDatabase::check(path);
            if (checked) {
                complain(u"%1 is a sound usage database; nothing was moved"_s.arg(path));
                return ExitUsage;
            }
            if (checked.error().kind != UsageError::Kind::Corrupt) {
                complain(checked.error().message);
                return ExitFailed;
            }
            complain(checked.error().message);
        }
        const auto moved = UsageDatabase::setAside(path);
        if (!moved) {
            complain(moved.error().message);
            return ExitFailed;
        }
        std::printf("Moved the old usage database to %s; a new one starts with the next call.\n", qPrintable(*moved));
        return 0;
    }
    auto db = UsageDatabase::open(path);
    if (!db) {
        complain(db.error().message);
        if (db.error().kind == UsageError::Kind::Corrupt)
            complain(u"to keep it and start a new one: switchyard-cli usage --set-aside"_s);
        return ExitFailed;
    }
    if (parser.isSet(u"budgets"_s))
        return CliSupport::printBudgets(*db);

    if (parser.isSet(u"calls"_s)) {
        const bool csv = parser.isSet(u"csv"_s);
        QJsonArray calls;
        if (csv)
            std::fputs(UsageCsv::header().constData(), stdout);
        const auto visited = db->forEachCall(filter, [&](const UsageRecord &r) {
            if (csv) {
                std::fputs(UsageCsv::row(r).constData(), stdout);
            } else {
                std::printf("%s  %-8s %-32s %8s %s%s%s\n",
                            qPrintable(QDateTime::fromMSecsSinceEpoch(r.timeMs).toString(u"yyyy-MM-dd HH:mm:ss"_s)),
                            qPrintable(sourceName(r.source)), qPrintable(r.provider + u'/' + r.model),
                            qPrintable(Base::Units::usd(r.costNanoUsd)), qPrintable(statusName(r.status)),
                            r.errorClass.isEmpty() ? "" : qPrintable(u" ("_s + r.errorClass + u')'),
                            r.keyName.isEmpty() ? "" : qPrintable(u"  key "_s + r.keyName));
            }
            return true;
        });
        if (!visited) {
            complain(visited.error().message);
            return ExitFailed;
        }
        return 0;
    }

    const GroupKey by = keys.value(byName);
    auto groups = db->summarize(filter, by, true);
    if (!groups) {
        complain(groups.error().message);
        return ExitFailed;
    }
    // Days in order; everything else by spend, largest first.
    std::sort(groups->begin(), groups->end(), [by](const UsageGroup &a, const UsageGroup &b) {
        return by == GroupKey::Day ? a.day < b.day : a.costNanoUsd > b.costNanoUsd;
    });
    if (parser.isSet(u"json"_s)) {
        QJsonArray rows;
        for (const UsageGroup &g : std::as_const(*groups))
            rows.append(toJson(g, by, byName));
        QJsonObject document{{u"from"_s, filter.from.toString(Qt::ISODate)}, {u"by"_s, byName}, {u"rows"_s, rows}};
        if (filter.to.isValid())
            document.insert(u"to"_s, filter.to.toString(Qt::ISODate));
        std::printf("%s", QJsonDocument(document).toJson().constData());
        return 0;
    }
    const QStringList header{byName,         u"calls"_s,     u"errors"_s,     u"tokens in"_s, u"tokens out"_s,
                             u"cost"_s,      u"per call"_s,  u"TTFT p50"_s,   u"TTFT p95"_s,  u"total p50"_s,
                             u"total p95"_s, u"tok/s p50"_s};
    QList<QStringList> rows;
    UsageGroup total;
    for (const UsageGroup &g : std::as_const(*groups)) {
        const Latencies &l = *g.latencies;
        rows.append({keyOf(g, by), QString::number(g.calls),
                     g.errors ? u"%1 (%2%)"_s.arg(g.errors).arg(g.errorRate() * 100, 0, 'f', 1) : u"0"_s,
                     QString::number(g.tokensIn), QString::number(g.tokensOut), costCell(g),
                     g.calls > g.unpricedCalls ? Base::Units::usd(qint64(g.averageCostUsd() * 1e9)) : u"–"_s,
                     percentile(l.ttftMs, 0.5, true), percentile(l.ttftMs, 0.95, true),
                     percentile(l.totalMs, 0.5, true), percentile(l.totalMs, 0.95, true),
                     percentile(l.tokensPerSecond, 0.5, false)});
        total.calls += g.calls;
        total.costNanoUsd += g.costNanoUsd;
        total.estimatedCalls += g.estimatedCalls;
        total.unpricedCalls += g.unpricedCalls;
    }
    if (parser.isSet(u"csv"_s)) {
        // Plain numbers for a spreadsheet: dollars, milliseconds, empty when unknown.
        auto ms = [](const Histogram &h, double q) { return h.isEmpty() ? QString() : QString::number(h.quantile(q), 'f', 1); };
        std::fputs(UsageCsv::line({byName, u"calls"_s, u"errors"_s, u"tokens_in"_s, u"tokens_out"_s, u"cost_usd"_s,
                                   u"estimated_calls"_s, u"unpriced_calls"_s, u"ttft_p50_ms"_s, u"ttft_p95_ms"_s,
                                   u"total_p50_ms"_s, u"total_p95_ms"_s, u"tokens_per_s_p50"_s})
                       .constData(),
                   stdout);
        for (const UsageGroup &g : std::as_const(*groups)) {
            const Latencies &l = *g.latencies;
            std::fputs(UsageCsv::line({keyOf(g, by), QString::number(g.calls), QString::number(g.errors),
                                       QString::number(g.tokensIn), QString::number(g.tokensOut),
                                       QString::number(double(g.costNanoUsd) / 1e9, 'f', 9),
                                       QString::number(g.estimatedCalls), QString::number(g.unpricedCalls),
                                       ms(l.ttftMs, 0.5), ms(l.ttftMs, 0.95), ms(l.totalMs, 0.5), ms(l.totalMs, 0.95),
                                       ms(l.tokensPerSecond, 0.5)})
                           .constData(),
                       stdout);
        }
        return 0;
    }
    if (rows.isEmpty()) {
        std::printf("No calls %s.\n", filter.to.isValid()
                                          ? qPrintable(u"from %1 to %2"_s.arg(filter.from.toString(Qt::ISODate), filter.to.toString(Qt::ISODate)))
                                          : qPrintable(u"since %1"_s.arg(filter.from.toString(Qt::ISODate))));
        return 0;
    }
    rows.prepend(header);
    CliSupport::printTable(rows, {0});
    std::printf("\n%lld calls, %s since %s\n", total.calls, qPrintable(costCell(total)),
                qPrintable(filter.from.toString(Qt::ISODate)));
    return 0;
}
