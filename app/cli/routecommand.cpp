#include "routecommand.h"

#include "clisupport.h"

#include "base/units.h"
#include "catalog/pricecatalog.h"
#include "routing/configformat.h"
#include "routing/configreader.h"
#include "routing/configtests.h"
#include "routing/configwriter.h"
#include "routing/decider.h"
#include "routing/litellmformat.h"
#include "routing/openrouterformat.h"
#include "routing/portkeyformat.h"
#include "routing/routingfacts.h"
#include "routing/simulation.h"
#include "usage/usagedatabase.h"

#include <QCommandLineParser>
#include <QDate>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Routing;
using CliSupport::ExitFailed;
using CliSupport::ExitOk;
using CliSupport::ExitUsage;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"route"_s, message);
}

// "team.yaml:12:5: error: message", the form editors and CI logs link to.
void printProblem(const QString &file, const ConfigError &e)
{
    const QString where = e.position.isKnown()
        ? u"%1:%2:%3"_s.arg(file).arg(e.position.line).arg(e.position.column)
        : file;
    std::fprintf(stderr, "%s: %s: %s\n", qPrintable(where), e.isError() ? "error" : "warning", qPrintable(e.message));
}

/// The config at path with its warnings printed, or nothing after printing its errors.
std::optional<RoutingConfig> readConfig(const QString &path)
{
    const auto read = ConfigReader::readFile(path);
    if (!read) {
        for (const ConfigError &e : read.error())
            printProblem(path, e);
        return std::nullopt;
    }
    for (const ConfigError &w : read->warnings)
        printProblem(path, w);
    return read->config;
}

bool writeOutput(const QString &path, const QByteArray &text)
{
    if (path.isEmpty() || path == "-"_L1) {
        std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        complain(u"cannot write %1: %2"_s.arg(path, file.errorString()));
        return false;
    }
    return true;
}

std::optional<FormatOptions> formatOptions(const QCommandLineParser &parser)
{
    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return std::nullopt;
    }
    FormatOptions options;
    options.providers = custom->values();
    return options;
}

void loadCatalog(Catalog::PriceCatalog &catalog)
{
    for (const auto &problem : catalog.loadAll())
        complain(u"prices: "_s + problem.message);
}

int check(const QCommandLineParser &parser, const QString &path)
{
    const auto config = readConfig(path);
    if (!config)
        return ExitFailed;
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    Catalog::PriceCatalog catalog(*dataDir);
    loadCatalog(catalog);
    RoutingFacts facts;
    facts.addCatalog(catalog, *config);
    const Decider decider(*config, facts);
    const QList<TestOutcome> outcomes = ConfigTests::runAll(decider);
    int failed = 0;
    for (qsizetype i = 0; i < outcomes.size(); ++i) {
        const TestCase &test = config->tests.at(i);
        const TestOutcome &o = outcomes.at(i);
        if (o.passed) {
            std::printf("pass  %s: %s\n", qPrintable(test.name), qPrintable(o.message));
        } else {
            ++failed;
            const QString where = test.position.isKnown()
                ? u"%1:%2:%3: "_s.arg(path).arg(test.position.line).arg(test.position.column)
                : QString();
            std::printf("FAIL  %s: %s\n", qPrintable(test.name), qPrintable(o.message));
            std::fprintf(stderr, "%serror: test '%s' failed: %s\n", qPrintable(where), qPrintable(test.name),
                         qPrintable(o.message));
        }
    }
    std::printf("%s: %lld routes, %lld rules; %lld tests, %d failed\n", qPrintable(path),
                qlonglong(config->routes.size()), qlonglong(config->rules.size()), qlonglong(outcomes.size()), failed);
    return failed ? ExitFailed : ExitOk;
}

int exportTo(const QCommandLineParser &parser, const QString &path)
{
    const QString to = parser.value(u"to"_s);
    if (!QStringList{u"litellm"_s, u"portkey"_s, u"openrouter"_s}.contains(to)) {
        complain(u"say --to litellm, portkey or openrouter"_s);
        return ExitUsage;
    }
    const auto config = readConfig(path);
    if (!config)
        return ExitFailed;
    auto options = formatOptions(parser);
    if (!options)
        return ExitFailed;
    options->route = parser.value(u"route"_s);
    if (!options->route.isEmpty() && !config->route(options->route)) {
        QStringList names;
        for (const Route &r : config->routes)
            names.append(r.name);
        complain(u"%1 has no route '%2' (it has: %3)"_s.arg(path, options->route, names.join(u", ")));
        return ExitUsage;
    }
    const ExportResult result = to == "litellm"_L1 ? LiteLlmFormat::exportConfig(*config, *options)
        : to == "portkey"_L1                         ? PortkeyFormat::exportConfig(*config, *options)
                                                     : OpenRouterFormat::exportConfig(*config, *options);
    if (!writeOutput(parser.value(u"output"_s), result.text))
        return ExitFailed;
    for (const QString &line : result.unsupported)
        std::fprintf(stderr, "unsupported: %s\n", qPrintable(line));
    for (const QString &line : result.notes)
        std::fprintf(stderr, "note: %s\n", qPrintable(line));
    return ExitOk;
}

int importFrom(const QCommandLineParser &parser, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        complain(u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return ExitFailed;
    }
    const QByteArray source = file.readAll();
    QString from = parser.value(u"from"_s);
    if (from.isEmpty()) {
        switch (detectConfigFormat(source)) {
        case ConfigFormat::LiteLlm:
            from = u"litellm"_s;
            break;
        case ConfigFormat::Portkey:
            from = u"portkey"_s;
            break;
        case ConfigFormat::Switchyard:
            complain(u"%1 reads as a Switchyard routing config, not LiteLLM's or Portkey's: check it with "
                     "'route check', or say --from litellm or portkey"_s.arg(path));
            return ExitFailed;
        }
    }
    if (from != "litellm"_L1 && from != "portkey"_L1) {
        complain(u"say --from litellm or portkey"_s);
        return ExitUsage;
    }
    const auto options = formatOptions(parser);
    if (!options)
        return ExitFailed;
    const auto imported = from == "litellm"_L1 ? LiteLlmFormat::importConfig(source, *options)
                                               : PortkeyFormat::importConfig(source, *options);
    if (!imported) {
        for (const ConfigError &e : imported.error())
            printProblem(path, e);
        return ExitFailed;
    }
    if (!writeOutput(parser.value(u"output"_s), ConfigWriter::toYaml(imported->config)))
        return ExitFailed;
    for (const QString &note : imported->notes)
        std::fprintf(stderr, "note: %s\n", qPrintable(note));
    return ExitOk;
}

int simulate(const QCommandLineParser &parser, const QString &path)
{
    const auto read = CliSupport::numberOption(u"route"_s, parser, u"days"_s, 1, 36'500, 30, true);
    if (!read)
        return ExitUsage;
    const int days = int(*read);
    const auto config = readConfig(path);
    if (!config)
        return ExitFailed;
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(*dataDir));
    if (!db) {
        complain(db.error().message);
        return ExitFailed;
    }
    const QDate today = QDate::currentDate();
    Catalog::PriceCatalog catalog(*dataDir);
    loadCatalog(catalog);
    RoutingFacts facts;
    facts.addCatalog(catalog, *config);
    if (const auto added = facts.addUsage(*db, today, days); !added) {
        complain(added.error().message);
        return ExitFailed;
    }
    const Decider decider(*config, facts);
    const auto result = Simulation::run(*db, decider, today.addDays(1 - days), today);
    if (!result) {
        complain(result.error().message);
        return ExitFailed;
    }
    const auto ttft = [](std::optional<double> ms) { return ms ? Base::Units::seconds(*ms) : u"–"_s; };
    QList<QStringList> rows{{u"route"_s, u"calls"_s, u"actual cost"_s, u"simulated cost"_s, u"unpriced"_s,
                             u"actual TTFT"_s, u"expected TTFT"_s}};
    for (const SimulatedRoute &r : result->routes)
        rows.append({r.route.isEmpty() ? u"(nowhere)"_s : r.route, QString::number(r.calls),
                     Base::Units::usd(r.actualNanoUsd), Base::Units::usd(r.simulatedNanoUsd),
                     QString::number(r.unpricedCalls), ttft(r.actualTtftMs()), ttft(r.expectedTtftMs())});
    rows.append({u"total"_s, QString::number(result->calls), Base::Units::usd(result->actualNanoUsd),
                 Base::Units::usd(result->simulatedNanoUsd), QString::number(result->unpricedCalls), QString(), QString()});
    std::printf("%s to %s, %d days\n", qPrintable(result->from.toString(Qt::ISODate)),
                qPrintable(result->to.toString(Qt::ISODate)), days);
    CliSupport::printTable(rows, {0});
    std::printf("unanswered calls (failed or cancelled, not replayed): %lld\n", qlonglong(result->unanswered));
    if (result->regexRules > 0)
        std::printf("%d rules look at the prompt, which the log does not keep: they never match in a replay\n",
                    result->regexRules);
    return ExitOk;
}

} // namespace

int runRouteCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Routing configs (docs/routing.md) from the terminal.\n\n"
        "  switchyard-cli route check CONFIG\n"
        "      validate; run the config's tests; exit 1 on an error or a failing test\n"
        "  switchyard-cli route export --to litellm|portkey|openrouter [--route NAME] [-o FILE] CONFIG\n"
        "      what the format cannot hold is listed on stderr\n"
        "  switchyard-cli route import [--from litellm|portkey] FILE [-o OUT.yaml]\n"
        "      a LiteLLM config.yaml or a Portkey config as Switchyard's YAML; notes on stderr\n"
        "  switchyard-cli route simulate CONFIG [--days N]\n"
        "      replay the usage log's calls through CONFIG: cost and speed per route"_s);
    parser.addHelpOption();
    parser.addOption({u"to"_s, u"export: the format, litellm, portkey or openrouter."_s, u"format"_s});
    parser.addOption({u"from"_s,
                      u"import: the format, litellm or portkey (default: found from the file, as the app's "
                      "Open finds it)."_s,
                      u"format"_s});
    parser.addOption({u"route"_s, u"export: this route only."_s, u"name"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"Write to this file instead of stdout."_s, u"file"_s});
    parser.addOption({u"days"_s, u"simulate: the last N days of the usage log (default 30)."_s, u"n"_s});
    parser.addOption({u"provider"_s,
                      u"A provider for this run, NAME=KIND,BASE_URL (repeatable): its base URL is written on export "
                      "and recognised on import, as those set up in the app are."_s,
                      u"spec"_s});
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, u"check, export, import or simulate."_s);
    parser.addPositionalArgument(u"file"_s, u"The routing config (or, for import, the file to import)."_s);
    if (!parser.parse(QStringList{u"switchyard-cli route"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"route"_s)));
        return ExitOk;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0);
    if (!QStringList{u"check"_s, u"export"_s, u"import"_s, u"simulate"_s}.contains(action)) {
        complain(action.isEmpty() ? u"say check, export, import or simulate (see --help)"_s
                                  : u"unknown action '%1': say check, export, import or simulate"_s.arg(action));
        return ExitUsage;
    }
    if (words.size() != 2) {
        complain(u"%1 takes one file (see --help)"_s.arg(action));
        return ExitUsage;
    }
    if (action == "check"_L1)
        return check(parser, words.at(1));
    if (action == "export"_L1)
        return exportTo(parser, words.at(1));
    if (action == "import"_L1)
        return importFrom(parser, words.at(1));
    return simulate(parser, words.at(1));
}
