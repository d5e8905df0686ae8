#include "askcommand.h"
#include "auditcommand.h"
#include "budgetcommand.h"
#include "clisupport.h"
#include "gatewaykeycommand.h"
#include "evalcommand.h"
#include "keycommand.h"
#include "modelscommand.h"
#include "pricescommand.h"
#include "routecommand.h"
#include "servecommand.h"
#include "usagecommand.h"
#include "base/buildinfo.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

using CliSupport::ExitUsage;

void printUsage(std::FILE *to)
{
    std::fputs("usage: switchyard-cli [--help] [--version] COMMAND [ARGS...]\n"
               "\n"
               "The command-line side of Switchyard, the desktop model workbench.\n"
               "\n"
               "Options:\n"
               "  -h, --help     show this help and exit\n"
               "  -v, --version  show the version and build details and exit\n"
               "\n"
               "Commands:\n"
               "  ask            send one prompt to several models at once and compare\n"
               "                 (switchyard-cli ask --help)\n"
               "  models         the models a provider offers to your key, with prices\n"
               "  key            API keys in the system keychain (switchyard-cli key --help)\n"
               "  prices         list prices, import OpenRouter's model list (prices --help)\n"
               "  usage          spend, calls and speed from the usage log (usage --help)\n"
               "  budget         budgets per month, week or day: list, set, remove (budget --help)\n"
               "  audit          the audit log of changes and calls: list, verify, export\n"
               "                 (audit --help)\n"
               "  route          routing configs: check, export to LiteLLM/Portkey/OpenRouter,\n"
               "                 import, simulate (route --help)\n"
               "  serve          the local gateway: OpenAI and Anthropic APIs (serve --help)\n"
               "  gateway-key    the gateway's per-tool keys: create, list, rotate, revoke\n"
               "                 (gateway-key --help)\n"
               "  eval           evaluation suites: run (exit 1 on a failure or regression),\n"
               "                 list, show, import from promptfoo (eval --help)\n"
               "  version        the same as --version\n"
               "\n"
               "Commands that keep data take --data-dir DIR (or $SWITCHYARD_DATA_DIR).\n",
               to);
}

int printVersion()
{
    std::printf("%s\n%s\n", qPrintable(Base::BuildInfo::versionLine(u"switchyard-cli"_s)),
                qPrintable(Base::BuildInfo::details()));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Switchyard"_s);
    QCoreApplication::setApplicationName(u"Switchyard"_s);
    QCoreApplication::setApplicationVersion(Base::BuildInfo::version());

    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        printUsage(stderr);
        return ExitUsage;
    }
    const QString &command = args.first();
    if (command == "-h"_L1 || command == "--help"_L1 || command == "help"_L1) {
        printUsage(stdout);
        return 0;
    }
    if (command == "-v"_L1 || command == "--version"_L1 || command == "version"_L1)
        return printVersion();
    if (command == "ask"_L1)
        return runAskCommand(args.mid(1));
    if (command == "models"_L1)
        return runModelsCommand(args.mid(1));
    if (command == "key"_L1)
        return runKeyCommand(args.mid(1));
    if (command == "prices"_L1)
        return runPricesCommand(args.mid(1));
    if (command == "usage"_L1)
        return runUsageCommand(args.mid(1));
    if (command == "audit"_L1)
        return runAuditCommand(args.mid(1));
    if (command == "budget"_L1)
        return runBudgetCommand(args.mid(1));
    if (command == "route"_L1)
        return runRouteCommand(args.mid(1));
    if (command == "serve"_L1)
        return runServeCommand(args.mid(1));
    if (command == "gateway-key"_L1)
        return runGatewayKeyCommand(args.mid(1));
    if (command == "eval"_L1)
        return runEvalCommand(args.mid(1));

    std::fprintf(stderr, "switchyard-cli: unknown command or option '%s'\n"
                         "Run 'switchyard-cli --help' for the list of commands.\n",
                 qPrintable(command));
    return ExitUsage;
}
