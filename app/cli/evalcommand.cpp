#include "evalcommand.h"

#include "clicalls.h"
#include "clisupport.h"
#include "interruptwatcher.h"

#include "base/units.h"
#include "eval/evalrunner.h"
#include "eval/evaltable.h"
#include "eval/promptfooimport.h"
#include "eval/runcomparison.h"
#include "eval/runexport.h"
#include "eval/suitereader.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "routing/routingfacts.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "votes/ratings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Eval;

namespace {

using CliSupport::ExitFailed;
using CliSupport::ExitOk;
using CliSupport::ExitUsage;

void complain(const QString &message)
{
    CliSupport::complain(u"eval"_s, message);
}

void print(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
}

// A run's number as given: a whole number, or "last" (the newest run of the
// suite, or of any suite when none is named).
std::optional<qint64> runNumber(const QString &text, const QList<EvalRun> &runs, const QString &suite = {},
                                qint64 except = 0)
{
    if (text == "last"_L1) {
        for (const EvalRun &r : runs)
            if (r.id != except && (suite.isEmpty() || r.suite == suite))
                return r.id;
        return std::nullopt;
    }
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    for (const EvalRun &r : runs)
        if (r.id == id)
            return id;
    return std::nullopt;
}

struct Opened {
    std::optional<Usage::UsageDatabase> db;
    QList<EvalRun> runs;
};

std::optional<Opened> openRuns(const QString &dataDir)
{
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dataDir));
    if (!db) {
        complain(db.error().message);
        return std::nullopt;
    }
    auto runs = EvalTable(*db).runs();
    if (!runs) {
        complain(runs.error().message);
        return std::nullopt;
    }
    Opened o;
    o.runs = *runs;
    o.db.emplace(std::move(*db));
    return o;
}

RunExport::Input exportInput(EvalTable &table, const EvalRun &run, std::optional<qint64> baseline, bool &ok)
{
    RunExport::Input in;
    in.run = run;
    in.baselineId = baseline;
    auto results = table.results(run.id);
    if (!results) {
        complain(results.error().message);
        ok = false;
        return in;
    }
    in.results = *results;
    if (baseline) {
        auto before = table.results(*baseline);
        if (!before) {
            complain(before.error().message);
            ok = false;
            return in;
        }
        in.cells = RunComparison::compare(in.results, *before);
    } else {
        in.cells = RunComparison::cells(in.results);
    }
    ok = true;
    return in;
}

// A live line on a terminal's stderr while the run goes on.
class ProgressLine final
{
public:
    ProgressLine() : m_enabled(::isatty(STDERR_FILENO)) {}
    void show(int done, int total, int failed)
    {
        if (!m_enabled)
            return;
        std::fprintf(stderr, "\r\033[K%d/%d answers%s", done, total,
                     failed ? qPrintable(u" · %1 not passed"_s.arg(failed)) : "");
        std::fflush(stderr);
    }
    void clear()
    {
        if (m_enabled)
            std::fputs("\r\033[K", stderr);
    }

private:
    bool m_enabled;
};

int runSuite(QCommandLineParser &parser, const QString &path)
{
    const auto read = SuiteReader::readFile(path);
    if (!read) {
        for (const ConfigError &e : read.error())
            std::fprintf(stderr, "%s:%s\n", qPrintable(path), qPrintable(e.toString()));
        return ExitUsage;
    }
    for (const ConfigError &w : read->warnings)
        std::fprintf(stderr, "%s:%s\n", qPrintable(path), qPrintable(w.toString()));
    const Suite &suite = read->suite;

    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return ExitUsage;
    }
    Routing::RoutingConfig config;
    if (parser.isSet(u"config"_s)) {
        auto routing = Routing::ConfigReader::readFile(parser.value(u"config"_s));
        if (!routing) {
            for (const auto &error : routing.error())
                std::fprintf(stderr, "%s:%s\n", qPrintable(parser.value(u"config"_s)), qPrintable(error.toString()));
            return ExitUsage;
        }
        config = std::move(routing->config);
    }
    // Every model the run calls — targets and judges — must be reachable
    // before the first call, not found missing halfway through a long run.
    QStringList models = suite.targets;
    if (!suite.judge.isEmpty())
        models.append(suite.judge);
    for (const TestCase &t : suite.tests)
        for (const Assertion &a : t.assertions)
            if (!a.model.isEmpty())
                models.append(a.model);
    for (const Assertion &a : suite.assertions)
        if (!a.model.isEmpty())
            models.append(a.model);
    models.removeDuplicates();
    QStringList providerIds;
    for (const QString &model : std::as_const(models)) {
        if (config.routeIndex(model) >= 0)
            continue;
        const QString providerId = model.section(u'/', 0, 0);
        if (!model.contains(u'/') || !CliSupport::findProvider(*custom, providerId)) {
            complain(u"%1: unknown model or route '%2': write PROVIDER/MODEL with a known provider or one given by "
                     u"--provider, or name a route of --config"_s.arg(path, model));
            return ExitUsage;
        }
        providerIds.append(providerId);
    }

    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    // The run's record: new, or the stopped run to resume.
    auto opened = openRuns(*dataDir);
    if (!opened)
        return ExitFailed;
    EvalTable table(*opened->db);
    qint64 runId = 0;
    QSet<QString> done;
    if (parser.isSet(u"resume"_s)) {
        const auto id = runNumber(parser.value(u"resume"_s), opened->runs, suite.name);
        const auto run = id ? table.run(*id) : std::optional<EvalRun>{};
        if (!id || !run || !*run) {
            complain(u"no run '%1' of suite '%2' to resume (see switchyard-cli eval list)"_s.arg(parser.value(u"resume"_s), suite.name));
            return ExitUsage;
        }
        if ((*run)->suite != suite.name) {
            complain(u"run %1 is of suite '%2', not '%3'"_s.arg(*id).arg((*run)->suite, suite.name));
            return ExitUsage;
        }
        runId = *id;
        auto results = table.results(runId);
        if (!results) {
            complain(results.error().message);
            return ExitFailed;
        }
        for (const CaseResult &r : std::as_const(*results))
            done.insert(r.workKey());
        (void)table.setState(runId, EvalRun::State::Running);
    }
    std::optional<qint64> baseline;
    if (parser.isSet(u"baseline"_s)) {
        baseline = runNumber(parser.value(u"baseline"_s), opened->runs, suite.name, runId);
        if (!baseline) {
            complain(u"no run '%1' to compare with (see switchyard-cli eval list)"_s.arg(parser.value(u"baseline"_s)));
            return ExitUsage;
        }
    }
    if (runId == 0) {
        EvalRun run;
        run.suite = suite.name;
        run.suitePath = QFileInfo(path).absoluteFilePath();
        run.started = QDateTime::currentDateTime();
        run.targets = suite.targets;
        run.cases = int(suite.cases().size());
        run.repeats = suite.repeats;
        const auto created = table.createRun(run);
        if (!created) {
            complain(created.error().message);
            return ExitFailed;
        }
        runId = *created;
    }

    auto calls = CliCalls::make(parser, *custom, *dataDir, config, providerIds);
    if (!calls) {
        complain(calls.error());
        return ExitUsage;
    }
    (*calls)->waitForBudgets(u"eval"_s);
    Routing::Router router((*calls)->services());
    Routing::RoutingFacts facts;
    facts.addCatalog((*calls)->catalog(), config);
    router.setDecider(Routing::Decider(config, std::move(facts)));

    Usage::UsageStore &store = (*calls)->usage();
    EvalRunner runner(suite, &router, Usage::Source::Cli);
    runner.skip(done);
    ProgressLine progress;
    int notPassed = 0;
    QObject::connect(&runner, &EvalRunner::resultReady, &runner, [&](const CaseResult &r) {
        EvalTable::queue(store, runId, r);
        notPassed += r.passed() ? 0 : 1;
    });
    QObject::connect(&runner, &EvalRunner::progress, &runner,
                     [&](int count, int total) { progress.show(count, total, notPassed); });
    QObject::connect(&runner, &EvalRunner::finished, &runner, [] { QCoreApplication::quit(); });
    InterruptWatcher interrupt;
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &runner, [&runner] { runner.cancel(); });
    runner.start();
    QCoreApplication::exec();
    progress.clear();
    EvalTable::queueState(store, runId, runner.wasCancelled() ? EvalRun::State::Stopped : EvalRun::State::Done);
    if (!store.waitForIdle())
        complain(u"the results could not all be kept in the usage database"_s);

    const auto run = table.run(runId);
    if (!run || !*run) {
        complain(u"run %1 is gone from the usage database"_s.arg(runId));
        return ExitFailed;
    }
    bool ok = false;
    const RunExport::Input in = exportInput(table, **run, baseline, ok);
    if (!ok)
        return ExitFailed;
    if (parser.isSet(u"json"_s))
        print(QJsonDocument(RunExport::json(in)).toJson());
    else
        print(RunExport::markdown(in));
    const int regressed = RunComparison::count(in.cells, EvalCell::Change::Regressed);
    if (runner.wasCancelled()) {
        complain(u"stopped; resume with: switchyard-cli eval run %1 --resume %2"_s.arg(path).arg(runId));
        return ExitFailed;
    }
    if (regressed > 0)
        complain(u"%n cell(s) regressed against run %1"_s.arg(*baseline).replace(u"%n"_s, QString::number(regressed)));
    const bool allPassed = (*run)->passed == (*run)->total();
    return allPassed && regressed == 0 ? ExitOk : ExitFailed;
}

int listRuns(QCommandLineParser &parser)
{
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto opened = openRuns(*dataDir);
    if (!opened)
        return ExitFailed;
    if (parser.isSet(u"json"_s)) {
        QJsonArray list;
        for (const EvalRun &r : std::as_const(opened->runs))
            list.append(QJsonObject{{u"run"_s, double(r.id)}, {u"suite"_s, r.suite},
                                    {u"started"_s, r.started.toString(Qt::ISODate)},
                                    {u"state"_s, EvalRun::stateName(r.state)}, {u"passed"_s, r.passed},
                                    {u"failed"_s, r.failed}, {u"errors"_s, r.errors}, {u"total"_s, r.total()},
                                    {u"cost_usd"_s, r.costNanoUsd ? QJsonValue(double(*r.costNanoUsd) / 1e9) : QJsonValue()}});
        print(QJsonDocument(list).toJson());
        return ExitOk;
    }
    if (opened->runs.isEmpty()) {
        std::printf("No evaluation runs yet: switchyard-cli eval run SUITE.yaml\n");
        return ExitOk;
    }
    QList<QStringList> rows{{u"run"_s, u"suite"_s, u"started"_s, u"state"_s, u"passed"_s, u"failed"_s, u"errors"_s,
                             u"total"_s, u"cost"_s}};
    for (const EvalRun &r : std::as_const(opened->runs))
        rows.append({QString::number(r.id), r.suite, r.started.toString(u"yyyy-MM-dd HH:mm"_s),
                     EvalRun::stateName(r.state), QString::number(r.passed), QString::number(r.failed),
                     QString::number(r.errors), QString::number(r.total()), Base::Units::usd(r.costNanoUsd)});
    CliSupport::printTable(rows, {1, 2, 3});
    return ExitOk;
}

int showRun(QCommandLineParser &parser, const QString &which)
{
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto opened = openRuns(*dataDir);
    if (!opened)
        return ExitFailed;
    const auto id = runNumber(which, opened->runs);
    if (!id) {
        complain(u"no run '%1' (see switchyard-cli eval list)"_s.arg(which));
        return ExitUsage;
    }
    EvalTable table(*opened->db);
    const EvalRun run = **table.run(*id);
    std::optional<qint64> baseline;
    if (parser.isSet(u"baseline"_s)) {
        baseline = runNumber(parser.value(u"baseline"_s), opened->runs, run.suite, *id);
        if (!baseline) {
            complain(u"no run '%1' to compare with"_s.arg(parser.value(u"baseline"_s)));
            return ExitUsage;
        }
    }
    bool ok = false;
    const RunExport::Input in = exportInput(table, run, baseline, ok);
    if (!ok)
        return ExitFailed;
    if (parser.isSet(u"json"_s))
        print(QJsonDocument(RunExport::json(in)).toJson());
    else if (parser.isSet(u"csv"_s))
        print(RunExport::csv(in));
    else
        print(RunExport::markdown(in));
    return ExitOk;
}

int printRatings(QCommandLineParser &parser)
{
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto opened = openRuns(*dataDir);
    if (!opened)
        return ExitFailed;
    Usage::UsageFilter filter;
    if (parser.isSet(u"days"_s)) {
        const auto days = CliSupport::numberOption(u"eval"_s, parser, u"days"_s, 1, 36500, 0, true);
        if (!days)
            return ExitUsage;
        filter.from = QDate::currentDate().addDays(-(qint64(*days) - 1));
        filter.to = QDate::currentDate();
    }
    const auto outcomes = Votes::Ratings::outcomes(*opened->db, filter);
    if (!outcomes) {
        complain(outcomes.error().message);
        return ExitFailed;
    }
    const QString tag = parser.value(u"tag"_s);
    if (!tag.isEmpty() && !Votes::Ratings::tags(*outcomes).contains(tag)) {
        complain(u"no votes or judge scores tagged '%1' (tags: %2)"_s.arg(
            tag, Votes::Ratings::tags(*outcomes).join(u", "_s)));
        return ExitUsage;
    }
    const QList<Votes::Rating> ratings = Votes::Ratings::fit(*outcomes, {.tag = tag});
    if (parser.isSet(u"json"_s)) {
        QJsonArray list;
        for (const Votes::Rating &r : ratings)
            list.append(QJsonObject{{u"model"_s, r.model}, {u"rating"_s, std::round(r.rating * 10) / 10},
                                    {u"low"_s, std::round(r.low * 10) / 10}, {u"high"_s, std::round(r.high * 10) / 10},
                                    {u"comparisons"_s, r.comparisons}, {u"score"_s, r.score}});
        print(QJsonDocument(QJsonObject{{u"tag"_s, tag}, {u"tags"_s, QJsonArray::fromStringList(Votes::Ratings::tags(*outcomes))},
                                        {u"ratings"_s, list}})
                  .toJson());
        return ExitOk;
    }
    if (ratings.isEmpty()) {
        std::printf("No Compare votes or judge scores to rate models by yet.\n");
        return ExitOk;
    }
    QList<QStringList> rows{{u"#"_s, u"model"_s, u"rating"_s, u"95% interval"_s, u"comparisons"_s, u"score"_s}};
    for (qsizetype i = 0; i < ratings.size(); ++i) {
        const Votes::Rating &r = ratings.at(i);
        rows.append({QString::number(i + 1), r.model, QString::number(qRound(r.rating)),
                     u"%1–%2"_s.arg(qRound(r.low)).arg(qRound(r.high)), QString::number(r.comparisons),
                     QString::number(r.score, 'g', 4)});
    }
    CliSupport::printTable(rows, {1});
    return ExitOk;
}

int importConfig(QCommandLineParser &parser, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        complain(u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return ExitFailed;
    }
    const auto converted = PromptfooImport::convert(file.readAll(), QFileInfo(path).completeBaseName());
    if (!converted) {
        for (const ConfigError &e : converted.error())
            std::fprintf(stderr, "%s:%s\n", qPrintable(path), qPrintable(e.toString()));
        return ExitFailed;
    }
    for (const QString &note : converted->notes)
        std::fprintf(stderr, "%s:%s\n", qPrintable(path), qPrintable(note));
    const QString out = parser.value(u"output"_s);
    if (out.isEmpty() || out == "-"_L1) {
        print(converted->suiteYaml);
        return ExitOk;
    }
    QSaveFile save(out);
    if (!save.open(QIODevice::WriteOnly) || save.write(converted->suiteYaml) != converted->suiteYaml.size()
        || !save.commit()) {
        complain(u"cannot write %1: %2"_s.arg(out, save.errorString()));
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace

int runEvalCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Evaluation suites (docs/evaluations.md): prompts across models and routes, checked by assertions.\n\n"
        "  switchyard-cli eval run SUITE.yaml [--baseline RUN|last] [--resume RUN] [--json]\n"
        "      run every case at every target; the results are kept in the usage database.\n"
        "      Exit 0 when every assertion passed, 1 when one failed (or a call or judge\n"
        "      failed, or the run was stopped) or a cell regressed against --baseline,\n"
        "      2 when the suite has errors or the options are wrong\n"
        "  switchyard-cli eval list [--json]\n"
        "      the kept runs, newest first\n"
        "  switchyard-cli eval show RUN|last [--baseline RUN|last] [--json|--csv]\n"
        "      a run's matrix and failures as Markdown, or JSON or CSV\n"
        "  switchyard-cli eval import promptfooconfig.yaml [-o SUITE.yaml]\n"
        "      a promptfoo config as a Switchyard suite; what does not map is listed on stderr\n"
        "  switchyard-cli eval ratings [--tag SUITE|compare] [--days N] [--json]\n"
        "      Bradley-Terry ratings of the models from Compare votes and judge scores,\n"
        "      with 95% bootstrap intervals (what the best_rated routing strategy orders by)"_s);
    parser.addHelpOption();
    parser.addOption({u"baseline"_s, u"run, show: compare with this run (a number, or last: the newest earlier run "
                                     u"of the suite); a cell that passed there and fails now is a regression."_s,
                      u"run"_s});
    parser.addOption({u"resume"_s, u"run: continue this stopped run (a number, or last), sending only the answers "
                                   u"it does not have yet."_s,
                      u"run"_s});
    parser.addOption({u"json"_s, u"Print JSON for scripts instead of Markdown."_s});
    parser.addOption({u"csv"_s, u"show: print a CSV row per result."_s});
    parser.addOption({u"config"_s, u"run: a routing config (YAML or JSON) whose routes the suite's targets may name."_s,
                      u"file"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"import: write the suite to this file instead of stdout."_s, u"file"_s});
    parser.addOption({u"tag"_s, u"ratings: only the judge scores of this suite, or compare for the votes alone."_s,
                      u"tag"_s});
    parser.addOption({u"days"_s, u"ratings: only the last N days (default: everything)."_s, u"n"_s});
    CliSupport::addProviderOptions(parser);
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, u"run, list, show, import or ratings."_s);
    parser.addPositionalArgument(u"file"_s, u"The suite (run), the run (show) or the promptfoo config (import)."_s);
    if (!parser.parse(QStringList{u"switchyard-cli eval"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"eval"_s)));
        return ExitOk;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0);
    const bool needsArgument = action == "run"_L1 || action == "show"_L1 || action == "import"_L1;
    if (!needsArgument && action != "list"_L1 && action != "ratings"_L1) {
        complain(action.isEmpty() ? u"say run, list, show, import or ratings (see --help)"_s
                                  : u"unknown action '%1': say run, list, show, import or ratings"_s.arg(action));
        return ExitUsage;
    }
    if (words.size() != (needsArgument ? 2 : 1)) {
        complain(needsArgument ? u"%1 takes one argument (see --help)"_s.arg(action)
                               : u"%1 takes no argument"_s.arg(action));
        return ExitUsage;
    }
    if (parser.isSet(u"json"_s) && parser.isSet(u"csv"_s)) {
        complain(u"give --json or --csv, not both"_s);
        return ExitUsage;
    }
    if (action == "run"_L1)
        return runSuite(parser, words.at(1));
    if (action == "list"_L1)
        return listRuns(parser);
    if (action == "ratings"_L1)
        return printRatings(parser);
    if (action == "show"_L1)
        return showRun(parser, words.at(1));
    return importConfig(parser, words.at(1));
}
