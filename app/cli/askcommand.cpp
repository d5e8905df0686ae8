#include "askcommand.h"

#include "clicalls.h"
#include "clisupport.h"
#include "interruptwatcher.h"

#include "base/units.h"
#include "catalog/cost.h"
#include "providers/callfigures.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/configreader.h"
#include "routing/requestfacts.h"
#include "routing/router.h"
#include "settings/appsettings.h"

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

using Switchyard::Catalog::Cost;
using Switchyard::Routing::RoutedCall;

// What the figures of an answer are read from: the attempt that answered.
CallFigures figuresOf(const RoutedCall &call)
{
    return call.currentCall() ? CallFigures::of(*call.currentCall()) : CallFigures{};
}

qint64 timing(const RoutedCall &call, qint64 CallTimings::*moment)
{
    const auto t = call.timings();
    return t ? (*t).*moment : -1;
}

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

QString status(const RoutedCall &call)
{
    if (!call.error())
        return u"ok"_s;
    return call.isIncomplete() ? u"incomplete"_s : u"failed"_s;
}

QJsonObject toJson(const QString &label, const RoutedCall &call)
{
    const Cost cost = call.cost();
    auto ms = [](qint64 ns) { return ns < 0 ? QJsonValue() : QJsonValue(double(ns) / 1e6); };
    auto count = [](qint64 n) { return n < 0 ? QJsonValue() : QJsonValue(double(n)); };
    const auto by = call.answeredBy();
    QJsonObject o{{u"model"_s, label},
                  {u"provider"_s, by ? by->provider : label.section(u'/', 0, 0)},
                  {u"status"_s, status(call)},
                  {u"text"_s, call.text()},
                  {u"finish_reason"_s, call.finishReason()},
                  {u"ttft_ms"_s, ms(timing(call, &CallTimings::firstTokenNs))},
                  {u"total_ms"_s, ms(timing(call, &CallTimings::doneNs))},
                  {u"tokens_in"_s, count(call.usage().input)},
                  {u"tokens_out"_s, count(call.usage().output)},
                  {u"tokens_cached"_s, count(call.usage().cachedInput)},
                  {u"tokens_reasoning"_s, count(call.usage().reasoning)}};
    if (const CallFigures figures = figuresOf(call); figures.tokensPerSecond >= 0 && !figures.tokensOutEstimated)
        o.insert(u"tokens_per_s"_s, figures.tokensPerSecond);
    if (by && by->key() != label)
        o.insert(u"answered_by"_s, by->key());
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

void printTable(const QStringList &labels, const QList<RoutedCall *> &calls)
{
    const QStringList header{u"model"_s, u"TTFT"_s, u"total"_s, u"in"_s, u"out"_s, u"tok/s"_s, u"cost"_s, u"status"_s};
    QList<QStringList> rows{header};
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const RoutedCall &c = *calls.at(i);
        const CallFigures figures = figuresOf(c);
        const double tps = figures.tokensOutEstimated ? -1 : figures.tokensPerSecond;
        const QString cost = formatCost(c.cost());
        rows.append({labels.at(i), seconds(timing(c, &CallTimings::firstTokenNs)), seconds(timing(c, &CallTimings::doneNs)),
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
    ProgressLine(const QStringList &labels, const QList<RoutedCall *> &calls)
        : m_enabled(::isatty(STDERR_FILENO))
    {
        if (!m_enabled)
            return;
        m_timer.setInterval(100);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this, labels, calls] {
            QStringList parts;
            for (qsizetype i = 0; i < calls.size(); ++i) {
                const RoutedCall &c = *calls.at(i);
                const QString state = c.isFinished() ? (c.error() ? u"failed"_s : u"done"_s)
                    : timing(c, &CallTimings::firstTokenNs) >= 0
                    ? u"%1 chars"_s.arg(c.text().size() + c.reasoning().size())
                    : u"waiting"_s;
                parts.append(labels.at(i) + u": "_s + state);
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
    parser.addOption({{u"m"_s, u"model"_s},
                      u"A model as PROVIDER/MODEL, e.g. openai/gpt-4o-mini, or a route of --config; repeat for more."_s,
                      u"model"_s});
    CliSupport::addProviderOptions(parser);
    CliSupport::addDataDirOption(parser);
    parser.addOption({u"config"_s, u"A routing config (YAML or JSON) whose routes -m may name, and which a budget "
                                   u"that reroutes sends its provider's calls through."_s,
                      u"file"_s});
    parser.addOption({u"system"_s, u"A system prompt."_s, u"text"_s});
    parser.addOption({u"max-tokens"_s, u"Limit the answer's length."_s, u"n"_s});
    parser.addOption({u"temperature"_s, u"Sampling temperature."_s, u"t"_s});
    parser.addOption({u"json"_s, u"Print one JSON document for scripts instead of text."_s});
    parser.addOption({u"project"_s, u"Log the calls under this project in the usage log."_s, u"name"_s});
    parser.addOption({u"timeout"_s,
                      u"Give up on a model that sends nothing, or stalls, for this many seconds (default: the app's "
                      u"time limits, 60 s to the first byte and 30 s of stall). Whatever the provider's API, a "
                      u"stall is no byte at all for that long, and no answer takes longer than the app's total "
                      u"limit (10 min by default); an answer cut by a limit keeps what arrived."_s,
                      u"s"_s});
    parser.addPositionalArgument(u"prompt"_s, u"The prompt."_s);
    if (!parser.parse(QStringList{u"switchyard-cli ask"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"ask"_s)));
        return 0;
    }

    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return ExitUsage;
    }

    const QStringList labels = parser.values(u"model"_s);
    const QString prompt = parser.positionalArguments().join(u' ');
    if (labels.isEmpty() || prompt.isEmpty()) {
        complain(u"give at least one -m PROVIDER/MODEL and a prompt (see --help)"_s);
        return ExitUsage;
    }
    Switchyard::Routing::RoutingConfig config;
    if (parser.isSet(u"config"_s)) {
        auto read = Switchyard::Routing::ConfigReader::readFile(parser.value(u"config"_s));
        if (!read) {
            for (const auto &error : read.error())
                std::fprintf(stderr, "%s:%s\n", qPrintable(parser.value(u"config"_s)), qPrintable(error.toString()));
            return ExitFailed;
        }
        config = std::move(read->config);
    }
    QStringList providerIds;
    for (const QString &label : labels) {
        if (!CliSupport::nameUsable(u"ask"_s, label, u"model"))
            return ExitUsage;
        if (config.routeIndex(label) >= 0)
            continue;
        const QString providerId = label.section(u'/', 0, 0);
        if (!CliSupport::findProvider(*custom, providerId) || label.section(u'/', 1).isEmpty()) {
            complain(u"unknown model '%1': write PROVIDER/MODEL with a known provider or one given by --provider%2"_s.arg(
                label, parser.isSet(u"config"_s) ? u", or a route of --config"_s : QString()));
            return ExitUsage;
        }
        providerIds.append(providerId);
    }
    std::optional<int> timeoutMs;
    if (parser.isSet(u"timeout"_s)) {
        const auto timeout = CliSupport::numberOption(u"ask"_s, parser, u"timeout"_s, 0.001, 24 * 3600, 0, false);
        if (!timeout)
            return ExitUsage;
        timeoutMs = std::max(1, int(*timeout * 1000));
    }
    const auto maxTokens = CliSupport::numberOption(u"ask"_s, parser, u"max-tokens"_s, 1, 1e9, 0, true);
    const auto temperature = CliSupport::numberOption(u"ask"_s, parser, u"temperature"_s, 0, 2, 0, false);
    if (!maxTokens || !temperature)
        return ExitUsage;

    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto calls = CliCalls::make(parser, *custom, *dataDir, config, providerIds);
    if (!calls) {
        complain(calls.error());
        return ExitUsage;
    }
    // A log that cannot be opened costs the user the log, not the answer.
    (*calls)->waitForBudgets(u"ask"_s);

    ChatRequest request{.systemPrompt = parser.value(u"system"_s), .messages = {{ChatMessage::Role::User, prompt}}};
    if (parser.isSet(u"max-tokens"_s))
        request.maxTokens = int(*maxTokens);
    if (parser.isSet(u"temperature"_s))
        request.temperature = *temperature;

    Switchyard::Routing::Router::Services services = (*calls)->services();
    if (timeoutMs) {
        services.timeouts = [settings = &(*calls)->settings(), ms = *timeoutMs] {
            CallTimeouts limits = settings->callTimeouts();
            limits.firstByteMs = limits.stallMs = ms;
            return limits;
        };
    }
    Switchyard::Routing::Router router(services);
    Switchyard::Routing::RoutingFacts facts;
    facts.addCatalog((*calls)->catalog(), config);
    router.setDecider(Switchyard::Routing::Decider(config, std::move(facts)));

    QList<RoutedCall *> routed;
    int running = int(labels.size());
    const QString project = parser.value(u"project"_s);
    for (const QString &label : labels) {
        ChatRequest r = request;
        r.model = label;
        RoutedCall *call = router.prepare(r, Switchyard::Routing::RequestFacts::of(r, label), Switchyard::Usage::Source::Cli,
                                          project);
        QObject::connect(call, &RoutedCall::finished, &router, [&running] {
            if (--running == 0)
                QCoreApplication::quit();
        });
        routed.append(call);
    }
    // Ctrl+C (SIGTERM, SIGHUP) stops every call; the partial answers are still
    // printed and the calls logged.
    InterruptWatcher interrupt;
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &router, [&routed] {
        for (RoutedCall *call : std::as_const(routed))
            call->cancel();
    });
    ProgressLine progress(labels, routed);
    for (RoutedCall *call : std::as_const(routed))
        call->start();
    if (running > 0)
        QCoreApplication::exec();
    progress.clear();

    bool allOk = true;
    QString warning;
    for (RoutedCall *call : std::as_const(routed)) {
        allOk = allOk && !call->error();
        if (!call->budgetWarning().isEmpty())
            warning = call->budgetWarning();
    }
    if (!warning.isEmpty())
        complain(warning);

    if (parser.isSet(u"json"_s)) {
        QJsonArray results;
        for (qsizetype i = 0; i < routed.size(); ++i)
            results.append(toJson(labels.at(i), *routed.at(i)));
        std::printf("%s", QJsonDocument(QJsonObject{{u"prompt"_s, prompt}, {u"results"_s, results}}).toJson().constData());
        return allOk ? 0 : ExitFailed;
    }
    for (qsizetype i = 0; i < routed.size(); ++i) {
        const RoutedCall &c = *routed.at(i);
        const auto by = c.answeredBy();
        if (by && by->key() != labels.at(i))
            std::printf("── %s → %s ──\n", qPrintable(labels.at(i)), qPrintable(by->key()));
        else
            std::printf("── %s ──\n", qPrintable(labels.at(i)));
        if (!c.text().isEmpty())
            std::printf("%s\n", qPrintable(c.text()));
        if (c.error())
            std::printf("[%s] %s\n", c.isIncomplete() ? "incomplete" : "error", qPrintable(c.error()->message));
        std::printf("\n");
    }
    printTable(labels, routed);
    return allOk ? 0 : ExitFailed;
}
