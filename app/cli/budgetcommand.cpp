#include "budgetcommand.h"

#include "clisupport.h"

#include "audit/auditlog.h"
#include "base/units.h"
#include "usage/usagedatabase.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Usage;
using CliSupport::ExitFailed;
using CliSupport::ExitUsage;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"budget"_s, message);
}

// "50", "12.5", "$7.25": dollars, to the cent or finer.
std::optional<qint64> parseDollars(QString text)
{
    if (text.startsWith(u'$'))
        text.remove(0, 1);
    static const QRegularExpression amount(u"^\\d+(\\.\\d{1,9})?$"_s);
    if (!amount.match(text).hasMatch())
        return std::nullopt;
    const QStringList parts = text.split(u'.');
    qint64 nano = parts.at(0).toLongLong() * 1'000'000'000;
    if (parts.size() == 2)
        nano += parts.at(1).leftJustified(9, u'0').toLongLong();
    return nano;
}

} // namespace

int runBudgetCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Budgets per month, week or day: at 80% calls warn, at 100% they are blocked or switched to a route.\n"
        "A budget is everyone's, one provider's, or one gateway key's (see gateway-key --help).\n\n"
        "  switchyard-cli budget list\n"
        "  switchyard-cli budget set AMOUNT [--provider ID] [--key NAME] [--period P] [--reroute ROUTE]\n"
        "  switchyard-cli budget remove [--provider ID] [--key NAME] [--period P]"_s);
    parser.addHelpOption();
    parser.addOption({u"provider"_s, u"The budget of this provider only (default: every provider)."_s, u"id"_s});
    parser.addOption({u"key"_s, u"The budget of the calls that come through the gateway with this key only."_s,
                      u"name"_s});
    parser.addOption({u"period"_s, u"month (the default), week (from Monday) or day, in local time."_s, u"period"_s,
                      u"month"_s});
    parser.addOption({u"reroute"_s, u"At 100%, switch calls to this route of the routing config instead of blocking them."_s,
                      u"route"_s});
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, u"list, set AMOUNT or remove."_s);
    if (!parser.parse(QStringList{u"switchyard-cli budget"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"budget"_s)));
        return 0;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0, u"list"_s);
    if (!QStringList{u"list"_s, u"set"_s, u"remove"_s}.contains(action) || (action == u"set"_s) != (words.size() == 2)
        || words.size() > 2) {
        complain(u"say list, set AMOUNT or remove (see --help)"_s);
        return ExitUsage;
    }
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    auto db = UsageDatabase::open(UsageDatabase::fileIn(*dataDir));
    if (!db) {
        complain(db.error().message);
        return ExitFailed;
    }
    db->setAuditLog(std::make_shared<Switchyard::Audit::AuditLog>(*dataDir, u"cli"_s));
    const QString scope = parser.value(u"provider"_s);
    if (!CliSupport::nameUsable(u"budget"_s, scope, u"provider"))
        return ExitUsage;
    const QString key = parser.value(u"key"_s);
    if (!CliSupport::nameUsable(u"budget"_s, key, u"key"))
        return ExitUsage;
    const auto period = periodFromName(parser.value(u"period"_s));
    if (!period) {
        complain(u"the period is month, week or day, not '%1'"_s.arg(parser.value(u"period"_s)));
        return ExitUsage;
    }
    Budget which{.scope = scope, .key = key, .period = *period};
    QString name = which.name();
    name[0] = name[0].toLower();
    if (action == u"set"_s) {
        const auto limit = parseDollars(words.at(1));
        if (!limit) {
            complain(u"the amount is in dollars, like 50 or 12.50, not '%1'"_s.arg(words.at(1)));
            return ExitUsage;
        }
        Budget budget = which;
        budget.limitNanoUsd = *limit;
        budget.action = parser.isSet(u"reroute"_s) ? Budget::Action::Reroute : Budget::Action::Block;
        budget.rerouteTo = parser.value(u"reroute"_s);
        if (const auto set = db->setBudget(budget); !set) {
            complain(set.error().message);
            return ExitFailed;
        }
        std::printf("Set %s to %s a %s.\n", qPrintable(name), qPrintable(Switchyard::Base::Units::usd(*limit)),
                    qPrintable(periodName(budget.period)));
        return 0;
    }
    if (action == u"remove"_s) {
        if (const auto removed = db->removeBudget(which); !removed) {
            complain(removed.error().message);
            return ExitFailed;
        }
        std::printf("Removed %s.\n", qPrintable(name));
        return 0;
    }
    return CliSupport::printBudgets(*db);
}
