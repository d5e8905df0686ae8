#include "pricescommand.h"

#include "catalog/openrouterdownload.h"
#include "catalog/pricecatalog.h"
#include "clisupport.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Catalog;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"prices"_s, message);
}

QString perMillion(const std::optional<qint64> &amount)
{
    return amount ? u"$%1"_s.arg(Price::toUsdPerMillion(*amount), 0, 'g', 4) : u"?"_s;
}

// Downloads the model list; the CLI may wait in a local event loop.
std::expected<QByteArray, QString> fetch(const QUrl &url)
{
    QNetworkAccessManager network;
    OpenRouterDownload download(&network, url);
    QEventLoop loop;
    QObject::connect(&download, &OpenRouterDownload::finished, &loop, &QEventLoop::quit);
    download.start();
    if (!download.isFinished())
        loop.exec();
    if (!download.error().isEmpty())
        return std::unexpected(download.error());
    return download.body();
}

int import(const QCommandLineParser &parser, PriceCatalog &catalog)
{
    const QStringList args = parser.positionalArguments().mid(1);
    QByteArray json;
    QString source;
    if (parser.isSet(u"fetch"_s) == !args.isEmpty()) {
        complain(u"import wants a FILE or --fetch (one of the two)"_s);
        return CliSupport::ExitUsage;
    }
    if (parser.isSet(u"fetch"_s)) {
        const QUrl url(parser.isSet(u"url"_s) ? parser.value(u"url"_s) : OpenRouterDownload::defaultUrl().toString());
        std::fprintf(stderr, "fetching %s …\n", qPrintable(url.toString()));
        auto fetched = fetch(url);
        if (!fetched) {
            complain(fetched.error());
            return CliSupport::ExitFailed;
        }
        json = *fetched;
        source = url.toString();
    } else {
        QFile file(args.first());
        if (!file.open(QIODevice::ReadOnly)) {
            complain(u"%1: %2"_s.arg(args.first(), file.errorString()));
            return CliSupport::ExitFailed;
        }
        json = file.readAll();
        source = args.first();
    }
    const auto summary = catalog.importOpenRouter(json);
    if (!summary) {
        complain(summary.error().message);
        return CliSupport::ExitFailed;
    }
    if (const auto kept = catalog.keepImport(json); !kept) {
        complain(kept.error().message);
        return CliSupport::ExitFailed;
    }
    std::printf("imported %s: %s\n", qPrintable(source), qPrintable(summary->counts()));
    for (const auto &change : summary->updated)
        std::printf("  updated %s: in %s → %s, out %s → %s\n", qPrintable(change.modelId),
                    qPrintable(perMillion(change.before.input)), qPrintable(perMillion(change.after.input)),
                    qPrintable(perMillion(change.before.output)), qPrintable(perMillion(change.after.output)));
    for (const auto &rejection : summary->rejected)
        std::printf("  rejected %s: %s\n", qPrintable(rejection.modelId), qPrintable(rejection.reason));
    return CliSupport::ExitOk;
}

int list(const QCommandLineParser &parser, const PriceCatalog &catalog)
{
    const QString filter = parser.positionalArguments().mid(1).join(u' ');
    std::printf("%-12s %-44s %10s %10s %10s %9s\n", "provider", "model", "in/Mtok", "out/Mtok", "cached", "context");
    for (const ModelInfo &m : catalog.models()) {
        const QString name = m.provider + u'/' + m.id;
        if (!filter.isEmpty() && !name.contains(filter, Qt::CaseInsensitive))
            continue;
        std::printf("%-12s %-44s %10s %10s %10s %9lld\n", qPrintable(m.provider), qPrintable(m.id),
                    qPrintable(perMillion(m.price.input)), qPrintable(perMillion(m.price.output)),
                    qPrintable(perMillion(m.price.cachedInput)), static_cast<long long>(m.contextLength));
    }
    std::printf("bundled prices as of %s\n", qPrintable(catalog.pricesTaken()));
    return CliSupport::ExitOk;
}

} // namespace

int runPricesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The price catalog: bundled list prices, an OpenRouter import, your overrides.\n"
                                     u"  prices list [FILTER]\n  prices import FILE | --fetch [--url URL]"_s);
    parser.addHelpOption();
    parser.addOption({u"fetch"_s, u"import: download OpenRouter's model list instead of reading a file."_s});
    parser.addOption({u"url"_s, u"import --fetch: the address of the model list."_s, u"url"_s});
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, u"list or import"_s);
    if (!parser.parse(QStringList{u"switchyard-cli prices"_s} + arguments)) {
        complain(parser.errorText());
        return CliSupport::ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"prices"_s)));
        return CliSupport::ExitOk;
    }
    const QString action = parser.positionalArguments().value(0);
    if (action != "list"_L1 && action != "import"_L1) {
        complain(u"say 'list' or 'import' (see --help)"_s);
        return CliSupport::ExitUsage;
    }
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return CliSupport::ExitFailed;
    }
    PriceCatalog catalog(*dataDir);
    for (const Error &problem : catalog.loadAll())
        complain(problem.message);
    return action == "import"_L1 ? import(parser, catalog) : list(parser, catalog);
}
