#include "modelscommand.h"

#include "catalog/pricecatalog.h"
#include "clisupport.h"
#include "providers/modellistcall.h"
#include "providers/loopbacknetworkaccess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"models"_s, message);
}

QJsonValue usdPerMillion(const std::optional<qint64> &amount)
{
    return amount ? QJsonValue(Catalog::Price::toUsdPerMillion(*amount)) : QJsonValue();
}

QString perMillion(const std::optional<qint64> &amount)
{
    return amount ? u"$%1"_s.arg(Catalog::Price::toUsdPerMillion(*amount), 0, 'g', 4) : u"price unknown"_s;
}

} // namespace

int runModelsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"List the models each provider offers to your key, with catalog prices."_s);
    parser.addHelpOption();
    parser.addOption({u"json"_s, u"Print one JSON document for scripts instead of text."_s});
    CliSupport::addProviderOptions(parser);
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"providers"_s, u"Provider ids, e.g. openai ollama."_s, u"PROVIDER..."_s);
    if (!parser.parse(QStringList{u"switchyard-cli models"_s} + arguments)) {
        complain(parser.errorText());
        return CliSupport::ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"models"_s)));
        return CliSupport::ExitOk;
    }
    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return CliSupport::ExitUsage;
    }
    QList<Providers::ProviderConfig> providers;
    for (const QString &id : parser.positionalArguments()) {
        const auto provider = CliSupport::findProvider(*custom, id);
        if (!provider) {
            complain(u"unknown provider '%1'"_s.arg(id));
            return CliSupport::ExitUsage;
        }
        providers.append(*provider);
    }
    if (providers.isEmpty()) {
        complain(u"name at least one provider (see --help)"_s);
        return CliSupport::ExitUsage;
    }
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return CliSupport::ExitFailed;
    }
    const auto keys = CliSupport::keysFor(u"models"_s, providers, parser.value(u"key-env"_s));
    if (!keys)
        return CliSupport::ExitUsage;

    Switchyard::Providers::LoopbackNetworkAccess network; // local servers over its own connections
    QList<Providers::ModelListCall *> calls;
    int running = int(providers.size());
    for (const auto &provider : std::as_const(providers)) {
        auto *call = new Providers::ModelListCall(&network, provider, keys->value(provider.id), &network);
        QObject::connect(call, &Providers::ModelListCall::finished, &network, [&running] {
            if (--running == 0)
                QCoreApplication::quit();
        });
        calls.append(call);
        call->start();
    }
    if (running > 0)
        QCoreApplication::exec();

    Catalog::PriceCatalog catalog(*dataDir);
    for (const auto &problem : catalog.loadAll())
        complain(u"prices: "_s + problem.message);

    bool allOk = true;
    QJsonArray results;
    for (const Providers::ModelListCall *call : std::as_const(calls)) {
        const QString id = call->provider().id;
        allOk = allOk && !call->error();
        QJsonArray models;
        if (!parser.isSet(u"json"_s)) {
            std::printf("── %s: ", qPrintable(id));
            if (call->error())
                std::printf("%s\n", qPrintable(call->error()->message));
            else
                std::printf("%lld models in %lld ms\n", static_cast<long long>(call->modelIds().size()),
                            static_cast<long long>(call->elapsedMs()));
        }
        for (const QString &model : call->modelIds()) {
            const auto info = catalog.find(id, model);
            if (parser.isSet(u"json"_s)) {
                QJsonObject o{{u"id"_s, model}};
                if (info) {
                    o.insert(u"input_usd_per_mtok"_s, usdPerMillion(info->price.input));
                    o.insert(u"output_usd_per_mtok"_s, usdPerMillion(info->price.output));
                    o.insert(u"context_length"_s, double(info->contextLength));
                }
                models.append(o);
            } else if (info) {
                std::printf("  %-48s in %-12s out %-12s context %lld\n", qPrintable(model),
                            qPrintable(perMillion(info->price.input)), qPrintable(perMillion(info->price.output)),
                            static_cast<long long>(info->contextLength));
            } else {
                std::printf("  %-48s price unknown\n", qPrintable(model));
            }
        }
        QJsonObject result{{u"provider"_s, id}, {u"models"_s, models}, {u"elapsed_ms"_s, double(call->elapsedMs())}};
        if (call->error())
            result.insert(u"error"_s, call->error()->message);
        results.append(result);
    }
    if (parser.isSet(u"json"_s))
        std::printf("%s", QJsonDocument(QJsonObject{{u"providers"_s, results}}).toJson().constData());
    return allOk ? CliSupport::ExitOk : CliSupport::ExitFailed;
}
