#include "servecommand.h"

#include "clicalls.h"
#include "clisupport.h"
#include "interruptwatcher.h"

#include "audit/auditlog.h"
#include "catalog/pricecatalog.h"
#include "gateway/gatewayhost.h"
#include "gateway/gatewaytoken.h"
#include "gateway/toolkeyring.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/configreader.h"
#include "routing/router.h"
#include "secrets/apikey.h"
#include "secrets/environmentkeys.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyresolver.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

using CliSupport::ExitFailed;
using CliSupport::ExitUsage;

// Not Ollama's 11434, LM Studio's 1234 or llama.cpp's 8080: a client set up
// once keeps finding the gateway here.
constexpr quint16 defaultPort = 4141;

void complain(const QString &message)
{
    CliSupport::complain(u"serve"_s, message);
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Serve a local endpoint that speaks OpenAI's Chat Completions (POST /v1/chat/completions), "
        u"Anthropic's Messages API (POST /v1/messages, /v1/messages/count_tokens), OpenAI's Responses API "
        u"(POST /v1/responses) and Embeddings (POST /v1/embeddings, to OpenAI-compatible, Gemini and Ollama "
        u"upstreams): other tools and agents "
        u"(the OpenAI and Anthropic SDKs, Claude Code, Codex CLI) send their calls through Switchyard's routes, budgets "
        u"and usage log. The token goes as 'Authorization: Bearer TOKEN' or 'x-api-key: TOKEN'.\n\n"
        u"The gateway's own token is the owner's key. Give each tool its own key instead, with what it may use, "
        u"requests and tokens per minute and budgets of its own, its name on every usage row:\n"
        u"  switchyard-cli gateway-key create NAME [--route R]... [--model P/M]... [--rpm N] [--tpm N]\n"
        u"  switchyard-cli gateway-key list | rotate NAME | disable NAME | enable NAME | revoke NAME\n"
        u"  switchyard-cli budget set AMOUNT --key NAME [--period day|week|month]\n"
        u"Changes reach a running gateway within 2 s."_s);
    parser.addHelpOption();
    parser.addOption({u"port"_s, u"The port to listen on (default %1; 0 picks a free one)."_s.arg(defaultPort), u"n"_s});
    parser.addOption({u"address"_s,
                      u"The address to listen on (default 127.0.0.1). Anything else lets other machines reach "
                      u"your keys' spending: only with a reason."_s,
                      u"ip"_s});
    parser.addOption({u"config"_s, u"The routing config (YAML or JSON) whose routes clients may name."_s, u"file"_s});
    parser.addOption({u"allow-origin"_s,
                      u"Let web pages of this origin (scheme://host[:port]) call the gateway; repeatable."_s,
                      u"origin"_s});
    parser.addOption({u"show-token"_s, u"Print the gateway's token (made and kept in the keychain if there is "
                                       u"none yet) and exit."_s});
    parser.addOption({u"renew-token"_s, u"Replace the gateway's token in the keychain with a new one, print it "
                                        u"and exit; clients with the old one are refused from then on."_s});
    CliSupport::addProviderOptions(parser);
    CliSupport::addDataDirOption(parser);
    if (!parser.parse(QStringList{u"switchyard-cli serve"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"serve"_s)));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        complain(u"unexpected argument '%1' (see --help)"_s.arg(parser.positionalArguments().first()));
        return ExitUsage;
    }

    const bool showToken = parser.isSet(u"show-token"_s);
    const bool renewToken = parser.isSet(u"renew-token"_s);
    if (showToken && renewToken) {
        complain(u"--show-token and --renew-token do not go together"_s);
        return ExitUsage;
    }
    if (renewToken && Gateway::GatewayHost::isTokenFromEnvironment()) {
        complain(u"the token comes from %1: change the variable instead"_s.arg(Gateway::GatewayToken::environmentVariable));
        return ExitFailed;
    }
    Gateway::GatewayOptions options;
    options.port = defaultPort;
    if (parser.isSet(u"port"_s)) {
        bool ok = false;
        const uint port = parser.value(u"port"_s).toUInt(&ok);
        if (!ok || port > 65535) {
            complain(u"--port takes a number from 0 to 65535"_s);
            return ExitUsage;
        }
        options.port = quint16(port);
    }
    if (parser.isSet(u"address"_s)) {
        options.address = QHostAddress(parser.value(u"address"_s));
        if (options.address.isNull()) {
            complain(u"--address takes an IP address, e.g. 127.0.0.1"_s);
            return ExitUsage;
        }
        if (!options.address.isLoopback())
            complain(u"warning: listening on %1, not loopback: other machines on the network can reach this "
                     u"gateway (they still need its token)"_s.arg(options.address.toString()));
    }
    for (const QString &typed : parser.values(u"allow-origin"_s)) {
        auto origin = Gateway::GatewayOptions::normalizeOrigin(typed);
        if (!origin) {
            complain(u"--allow-origin: "_s + origin.error());
            return ExitUsage;
        }
        options.allowedOrigins.append(*origin);
    }

    const auto custom = CliSupport::customProviders(parser);
    if (!custom) {
        complain(custom.error());
        return ExitUsage;
    }
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }

    // Without a config, clients name provider/model and the gateway is a
    // logging, budget-checking pass-through.
    Routing::RoutingConfig config;
    QString configName = u"none (clients name provider/model)"_s;
    if (parser.isSet(u"config"_s)) {
        const QString path = parser.value(u"config"_s);
        auto read = Gateway::GatewayHost::readConfig(path);
        if (!read) {
            std::fprintf(stderr, "%s\n", qPrintable(read.error()));
            return ExitFailed;
        }
        config = std::move(*read);
        configName = path;
    }

    // --key-env names the one variable the keys of the config's providers and
    // of those given by --provider come from (without a config, clients name
    // the latter as provider/model).
    auto calls = CliCalls::make(parser, *custom, *dataDir, config);
    if (!calls) {
        complain(calls.error());
        return ExitUsage;
    }
    (*calls)->usage().setAuditLog(std::make_shared<Audit::AuditLog>(*dataDir, u"gateway"_s));
    // The first request is checked against the budgets as they stand; later
    // ones against what the calls since have spent.
    (*calls)->waitForBudgets(u"serve"_s);
    Routing::RoutingFacts facts;
    facts.addCatalog((*calls)->catalog(), config);
    if (auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(*dataDir)); db) {
        if (auto added = facts.addUsage(*db, QDate::currentDate()); !added)
            complain(u"measured speeds are not used: "_s + added.error().message);
    }
    Secrets::KeychainKeyStore &keychain = (*calls)->keychain();
    Providers::LoopbackNetworkAccess &network = (*calls)->network();
    Gateway::GatewayHost host((*calls)->services(), &keychain);
    host.setConfig(config, facts, configName);

    int exitCode = 0;
    const auto fail = [&exitCode](const QString &message) {
        complain(message);
        exitCode = ExitFailed;
        QCoreApplication::quit();
    };
    // --show-token and --renew-token need the token only, not a server.
    Gateway::GatewayToken token(&keychain);
    if (showToken || renewToken) {
        QObject::connect(&token, &Gateway::GatewayToken::ready, &network,
                         [&](const std::expected<QString, QString> &value, const QString &) {
                             if (!value) {
                                 fail(value.error());
                                 return;
                             }
                             std::printf("%s\n", qPrintable(*value));
                             QCoreApplication::quit();
                         });
        if (renewToken)
            token.renew();
        else
            token.start();
    } else {
        QObject::connect(&host, &Gateway::GatewayHost::failed, &network, fail);
        QObject::connect(&host, &Gateway::GatewayHost::stateChanged, &network, [&](Gateway::GatewayHost::State state) {
            if (state != Gateway::GatewayHost::State::Running)
                return;
            // The address alone on stdout, for scripts; the rest for people.
            std::printf("%s\n", qPrintable(host.baseUrl().toString()));
            const QString origin = host.tokenOrigin();
            const QString where = origin == "environment"_L1
                ? u"from %1"_s.arg(Gateway::GatewayToken::environmentVariable)
                : origin == "new"_L1 ? u"new, kept in the system keychain"_s
                                     : u"kept in the system keychain"_s;
            const qsizetype toolKeys = host.keyring()->keys().size();
            std::fprintf(stderr,
                         "switchyard-cli serve: endpoint at %s (OpenAI Chat Completions, Responses and Embeddings; "
                         "Anthropic Messages)\n"
                         "  token  %s (%s; 'switchyard-cli serve --show-token' prints it)\n"
                         "  keys   the owner's and %lld per-tool key%s ('switchyard-cli gateway-key list')\n"
                         "  config %s\n"
                         "Ctrl+C (or SIGTERM, SIGHUP) stops.\n",
                         qPrintable(host.baseUrl().toString()), qPrintable(Secrets::ApiKey::mask(host.token())),
                         qPrintable(where), static_cast<long long>(toolKeys), toolKeys == 1 ? "" : "s",
                         qPrintable(configName));
            std::fflush(stdout);
        });
        host.start(options);
    }

    // Every way of being asked to stop is Ctrl+C's: the answers under way are
    // cancelled (and logged as such) and the pending usage rows written.
    InterruptWatcher interrupt;
    int stopSignal = 0;
    int underWay = 0;
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &network, [&](int signal) {
        stopSignal = signal;
        underWay = host.activeCount();
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    host.stop();
    if (stopSignal != 0)
        std::fprintf(stderr, "switchyard-cli serve: stopped by %s; %d answer%s under way cancelled\n",
                     InterruptWatcher::nameOf(stopSignal), underWay, underWay == 1 ? "" : "s");
    return exitCode; // the usage log is written out as `calls` goes
}
