#include "askcommand.h"

#include "clisupport.h"
#include "interruptwatcher.h"

#include "base/units.h"
#include "catalog/cost.h"
#include "catalog/pricecatalog.h"
#include "providers/callfigures.h"
#include "providers/chatcall.h"
#include "providers/providerpresets.h"
#include "usage/budgetgate.h"
#include "usage/usagedatabase.h"
#include "providers/loopbacknetworkaccess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>
#include <unistd.h>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;

namespace {

using CliSupport::ExitFailed;
using CliSupport::ExitUsage;

struct Target {
    ProviderConfig provider;
    QString model;
    QString label; // as the user wrote it
};

using Switchyard::Catalog::Cost;
using Switchyard::Usage::BudgetGate;
using Switchyard::Usage::Source;
using Switchyard::Usage::UsageDatabase;
using Switchyard::Usage::UsageRecord;

QString formatCost(const Cost &cost)
{
    const QString amount = Switchyard::Base::Units::usd(cost.nanoUsd);
    return cost.isKnown() && cost.estimated ? u"≈"_s + amount : amount;
}
void complain(const QString &message)
{
    CliSupport::complain(u"ask"_s, message);
}

QString seconds(qint64 ns)
{
    return Switchyard::Base::Units::seconds(ns < 0 ? -1 : double(ns) / 1e6);
}

QString tokens(qint64 n)
{
    return n < 0 ? u"–"_s : QString::number(n);
}

QString status(const ChatCall &call)
{
    if (!call.error())
        return u"ok"_s;
    return call.isIncomplete() ? u"incomplete"_s : u"failed"_s;
}

QJsonObject toJson(const Target &target, const ChatCall &call, const Cost &cost)
{
    const CallTimings &t = call.timings();
    auto ms = [](qint64 ns) { return ns < 0 ? QJsonValue() : QJsonValue(double(ns) / 1e6); };
    auto count = [](qint64 n) { return n < 0 ? QJsonValue() : QJsonValue(double(n)); };
    QJsonObject o{{u"model"_s, target.label},
                  {u"provider"_s, target.provider.id},
                  {u"status"_s, status(call)},
                  {u"text"_s, call.text()},
                  {u"finish_reason"_s, call.finishReason()},
                  {u"ttft_ms"_s, ms(t.firstTokenNs)},
                  {u"total_ms"_s, ms(t.doneNs)},
                  {u"tokens_in"_s, count(call.usage().input)},
                  {u"tokens_out"_s, count(call.usage().output)},
                  {u"tokens_cached"_s, count(call.usage().cachedInput)},
                  {u"tokens_reasoning"_s, count(call.usage().reasoning)}};
    if (const CallFigures figures = CallFigures::of(call); figures.tokensPerSecond >= 0 && !figures.tokensOutEstimated)
        o.insert(u"tokens_per_s"_s, figures.tokensPerSecond);
    if (!call.reasoning().isEmpty())
        o.insert(u"reasoning"_s, call.reasoning());
    if (cost.isKnown()) {
        o.insert(u"cost_usd"_s, double(*cost.nanoUsd) / 1e9);
        o.insert(u"cost_estimated"_s, cost.estimated);
    }
    if (call.error()) {
        o.insert(u"error"_s, call.error()->message);
        if (call.error()->httpStatus)
            o.insert(u"http_status"_s, call.error()->httpStatus);
    }
    return o;
}

void printTable(const QList<Target> &targets, const QList<ChatCall *> &calls, const QList<Cost> &costs)
{
    const QStringList header{u"model"_s, u"TTFT"_s, u"total"_s, u"in"_s, u"out"_s, u"tok/s"_s, u"cost"_s, u"status"_s};
    QList<QStringList> rows{header};
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const ChatCall &c = *calls.at(i);
        const CallFigures figures = CallFigures::of(c);
        const double tps = figures.tokensOutEstimated ? -1 : figures.tokensPerSecond;
        const QString cost = formatCost(costs.at(i));
        rows.append({targets.at(i).label, seconds(c.timings().firstTokenNs), seconds(c.timings().doneNs),
                     tokens(c.usage().input), tokens(c.usage().output),
                     tps < 0 ? u"–"_s : QString::number(tps, 'f', 1), cost, status(c)});
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &row : rows)
        for (qsizetype col = 0; col < row.size(); ++col)
            widths[col] = std::max(widths[col], row.at(col).size());
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype col = 0; col < row.size(); ++col) {
            // Numbers right-aligned, names left-aligned.
            const bool left = col == 0 || col == row.size() - 1;
            line += (left ? row.at(col).leftJustified(widths[col]) : row.at(col).rightJustified(widths[col])) + u"  "_s;
        }
        std::printf("%s\n", qPrintable(line.trimmed()));
    }
}

// A live status line on a terminal's stderr while the answers stream in, so a
// slow model is visibly slow rather than the whole command seeming stuck.
class ProgressLine final
{
public:
    ProgressLine(const QList<Target> &targets, const QList<ChatCall *> &calls)
        : m_enabled(::isatty(STDERR_FILENO))
    {
        if (!m_enabled)
            return;
        m_timer.setInterval(100);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this, targets, calls] {
            QStringList parts;
            for (qsizetype i = 0; i < calls.size(); ++i) {
                const ChatCall &c = *calls.at(i);
                const QString state = c.isFinished() ? (c.error() ? u"failed"_s : u"done"_s)
                    : c.timings().firstTokenNs >= 0 ? u"%1 chars"_s.arg(c.text().size() + c.reasoning().size())
                                                    : u"waiting"_s;
                parts.append(targets.at(i).label + u": "_s + state);
            }
            const QString line = parts.join(u" · "_s).left(200);
            std::fprintf(stderr, "\r\033[K%s", qPrintable(line));
            std::fflush(stderr);
        });
        m_timer.start();
    }
    void clear()
    {
        if (!m_enabled)
            return;
        m_timer.stop();
        std::fputs("\r\033[K", stderr);
    }

private:
    bool m_enabled;
    QTimer m_timer;
};

} // namespace

int runAskCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Send one prompt to several models at once and compare the answers."_s);
    parser.addHelpOption();
    parser.addOption({{u"m"_s, u"model"_s}, u"A model as PROVIDER/MODEL, e.g. openai/gpt-4o-mini; repeat for more."_s, u"model"_s});
    CliSupport::addProviderOptions(parser);
    CliSupport::addDataDirOption(parser);
    parser.addOption({u"system"_s, u"A system prompt."_s, u"text"_s});
    parser.addOption({u"max-tokens"_s, u"Limit the answer's length."_s, u"n"_s});
    parser.addOption({u"temperature"_s, u"Sampling temperature."_s, u"t"_s});
    parser.addOption({u"json"_s, u"Print one JSON document for scripts instead of text."_s});
    parser.addOption({u"project"_s, u"Log the calls under this project in the usage log."_s, u"name"_s});
    parser.addOption({u"timeout"_s, u"Give up on a stream after this many seconds without data (default 30)."_s, u"s"_s});
    parser.addPositionalArgument(u"prompt"_s, u"The prompt."_s);
    if (!parser.parse(QStringList{u"switchyard-cli ask"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }

    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return ExitUsage;
    }

    QList<Target> targets;
    for (const QString &ref : parser.values(u"model"_s)) {
        const QString providerId = ref.section(u'/', 0, 0);
        const QString model = ref.section(u'/', 1);
        const auto provider = CliSupport::findProvider(*custom, providerId);
        if (!provider || model.isEmpty()) {
            complain(u"unknown model '%1': write PROVIDER/MODEL with a known provider or one given by --provider"_s.arg(ref));
            return ExitUsage;
        }
        targets.append({*provider, model, ref});
    }
    const QString prompt = parser.positionalArguments().join(u' ');
    if (targets.isEmpty() || prompt.isEmpty()) {
        complain(u"give at least one -m PROVIDER/MODEL and a prompt (see --help)"_s);
        return ExitUsage;
    }

    ChatRequest request{.systemPrompt = parser.value(u"system"_s), .messages = {{ChatMessage::Role::User, prompt}}};
    if (parser.isSet(u"max-tokens"_s))
        request.maxTokens = parser.value(u"max-tokens"_s).toInt();
    if (parser.isSet(u"temperature"_s))
        request.temperature = parser.value(u"temperature"_s).toDouble();
    CallTimeouts timeouts;
    if (parser.isSet(u"timeout"_s))
        timeouts.stallMs = timeouts.firstByteMs = int(parser.value(u"timeout"_s).toDouble() * 1000);

    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }

    // The usage log: budgets are checked before anything is sent, and every
    // call is logged after. A log that cannot be opened costs the user the
    // log, not the answer.
    auto usage = UsageDatabase::open(UsageDatabase::fileIn(*dataDir));
    if (!usage) {
        complain(u"the calls will not be logged or checked against budgets: "_s + usage.error().message);
    } else if (const auto budgets = usage->budgetStatus(QDate::currentDate()); budgets) {
        const qsizetype asked = targets.size();
        targets.removeIf([&budgets](const Target &target) {
            const BudgetGate gate = BudgetGate::decide(*budgets, target.provider.id);
            if (gate.verdict == BudgetGate::Verdict::Warn)
                complain(gate.message);
            else if (!gate.allows())
                complain(u"%1: %2"_s.arg(target.label, gate.message)
                         + (gate.verdict == BudgetGate::Verdict::Reroute
                                ? u" (ask calls the models it is given; routes apply to the router and the gateway)"_s
                                : QString()));
            return !gate.allows();
        });
        if (targets.isEmpty())
            return ExitFailed;
        if (targets.size() < asked)
            complain(u"asking the other models"_s);
    }

    QList<ProviderConfig> providers;
    for (const Target &target : std::as_const(targets))
        providers.append(target.provider);
    const auto keys = CliSupport::keysFor(u"ask"_s, providers, parser.value(u"key-env"_s));
    if (!keys)
        return ExitUsage;

    Switchyard::Providers::LoopbackNetworkAccess network; // local servers over its own connections
    QList<ChatCall *> calls;
    int running = int(targets.size());
    for (const Target &target : std::as_const(targets)) {
        ChatRequest r = request;
        r.model = target.model;
        auto *call = new ChatCall(&network, target.provider, r, keys->value(target.provider.id), &network);
        call->setTimeouts(timeouts);
        QObject::connect(call, &ChatCall::finished, &network, [&running] {
            if (--running == 0)
                QCoreApplication::quit();
        });
        calls.append(call);
    }
    // Ctrl+C stops every call; the partial answers are still printed.
    InterruptWatcher interrupt;
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &network, [&calls] {
        for (ChatCall *call : std::as_const(calls))
            call->cancel();
    });
    ProgressLine progress(targets, calls);
    for (ChatCall *call : std::as_const(calls))
        call->start();
    if (running > 0)
        QCoreApplication::exec();
    progress.clear();

    bool allOk = true;
    for (ChatCall *call : std::as_const(calls))
        allOk = allOk && !call->error();

    Switchyard::Catalog::PriceCatalog catalog{*dataDir};
    for (const auto &problem : catalog.loadAll())
        complain(u"prices: "_s + problem.message);
    QList<Cost> costs;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const auto model = catalog.find(targets.at(i).provider.id, targets.at(i).model);
        costs.append(Switchyard::Catalog::costOfCall(model ? &*model : nullptr, calls.at(i)->usage(), prompt,
                                                     calls.at(i)->text()));
    }

    if (usage) {
        QList<UsageRecord> records;
        for (qsizetype i = 0; i < calls.size(); ++i)
            records.append(UsageRecord::of(*calls.at(i), costs.at(i), Source::Cli, parser.value(u"project"_s)));
        if (const auto logged = usage->insert(records); !logged)
            complain(u"the calls were not logged: "_s + logged.error().message);
    }

    if (parser.isSet(u"json"_s)) {
        QJsonArray results;
        for (qsizetype i = 0; i < calls.size(); ++i)
            results.append(toJson(targets.at(i), *calls.at(i), costs.at(i)));
        std::printf("%s", QJsonDocument(QJsonObject{{u"prompt"_s, prompt}, {u"results"_s, results}}).toJson().constData());
        return allOk ? 0 : ExitFailed;
    }
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const ChatCall &c = *calls.at(i);
        std::printf("── %s ──\n", qPrintable(targets.at(i).label));
        if (!c.text().isEmpty())
            std::printf("%s\n", qPrintable(c.text()));
        if (c.error())
            std::printf("[%s] %s\n", c.isIncomplete() ? "incomplete" : "error", qPrintable(c.error()->message));
        std::printf("\n");
    }
    printTable(targets, calls, costs);
    return allOk ? 0 : ExitFailed;
}
