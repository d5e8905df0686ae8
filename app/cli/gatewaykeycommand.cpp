#include "gatewaykeycommand.h"

#include "clisupport.h"

#include "audit/auditlog.h"
#include "base/units.h"
#include "gateway/toolkey.h"
#include "gateway/toolkeytable.h"
#include "secrets/keychainkeystore.h"
#include "secrets/keyjob.h"
#include "usage/usagedatabase.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using CliSupport::ExitFailed;
using CliSupport::ExitUsage;
using Gateway::ToolKey;
using Gateway::ToolKeyTable;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"gateway-key"_s, message);
}

const QStringList Actions{u"create"_s, u"list"_s, u"show"_s, u"edit"_s, u"rotate"_s,
                          u"enable"_s, u"disable"_s, u"revoke"_s};

// The token into the keychain, for the owner to find again there; the
// gateway itself checks its digest. A keychain that cannot take it is told,
// not fatal: the token printed now still works.
void keepInKeychain(const QString &name, const QString &token)
{
    Secrets::KeychainKeyStore keychain;
    Secrets::KeyJob *job = keychain.writeKey(ToolKey::keychainId(name), token);
    Secrets::KeyResult result;
    QEventLoop loop;
    QObject::connect(job, &Secrets::KeyJob::finished, &loop, [&](const Secrets::KeyResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    if (!result.ok())
        std::fprintf(stderr,
                     "switchyard-cli gateway-key: note: the token could not be kept in the system keychain (%s); "
                     "copy it now, it is not shown again\n",
                     qPrintable(result.outcome.error().message));
}

void forgetInKeychain(const QString &name)
{
    Secrets::KeychainKeyStore keychain;
    Secrets::KeyJob *job = keychain.removeKey(ToolKey::keychainId(name));
    QEventLoop loop;
    QObject::connect(job, &Secrets::KeyJob::finished, &loop, [&loop] { loop.quit(); });
    loop.exec();
}

QString limitText(qint64 limit)
{
    return limit > 0 ? QString::number(limit) : u"–"_s;
}

QString mayUse(const ToolKey &key)
{
    if (!key.isRestricted())
        return u"anything"_s;
    QStringList parts;
    if (!key.routes.isEmpty())
        parts.append(u"routes "_s + key.routes.join(u','));
    if (!key.models.isEmpty())
        parts.append(u"models "_s + key.models.join(u','));
    return parts.join(u"; "_s);
}

QString dateText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(u"yyyy-MM-dd"_s) : u"–"_s;
}

// --route, --model, --rpm, --tpm onto key; what is wrong, if anything.
std::optional<QString> applyOptions(const QCommandLineParser &parser, ToolKey &key)
{
    if (parser.isSet(u"any"_s)) {
        key.routes.clear();
        key.models.clear();
    }
    for (const QString &route : parser.values(u"route"_s)) {
        if (!CliSupport::nameUsable(u"gateway-key"_s, route, u"route"))
            return u""_s;
        if (!key.routes.contains(route))
            key.routes.append(route);
    }
    for (const QString &model : parser.values(u"model"_s)) {
        if (!CliSupport::nameUsable(u"gateway-key"_s, model, u"model"))
            return u""_s;
        if (!model.contains(u'/') && model != u"*"_s)
            return u"--model takes PROVIDER/MODEL, with * for any run of characters (openai/*), not '%1'"_s.arg(model);
        if (!key.models.contains(model))
            key.models.append(model);
    }
    for (const auto &[option, target] : {std::pair{u"rpm"_s, 0}, std::pair{u"tpm"_s, 1}}) {
        if (!parser.isSet(option))
            continue;
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < 0 || value > 1'000'000'000)
            return u"--%1 takes a number (0: no limit), not '%2'"_s.arg(option, parser.value(option));
        if (target == 0)
            key.requestsPerMinute = int(value);
        else
            key.tokensPerMinute = value;
    }
    return std::nullopt;
}

int list(Usage::UsageDatabase &db, bool json)
{
    const auto keys = ToolKeyTable(db).keys();
    if (!keys) {
        complain(keys.error().message);
        return ExitFailed;
    }
    // This month's spend per key, from the roll-ups.
    const QDate today = QDate::currentDate();
    QHash<QString, qint64> spent;
    if (const auto groups = db.summarize({.from = QDate(today.year(), today.month(), 1), .to = today},
                                         Usage::GroupKey::Key)) {
        for (const Usage::UsageGroup &g : *groups)
            spent[g.key] += g.costNanoUsd;
    }
    if (json) {
        QJsonArray array;
        for (const ToolKey &key : *keys) {
            array.append(QJsonObject{{u"name"_s, key.name},
                                     {u"enabled"_s, key.enabled},
                                     {u"routes"_s, QJsonArray::fromStringList(key.routes)},
                                     {u"models"_s, QJsonArray::fromStringList(key.models)},
                                     {u"requests_per_minute"_s, key.requestsPerMinute},
                                     {u"tokens_per_minute"_s, key.tokensPerMinute},
                                     {u"created"_s, QDateTime::fromMSecsSinceEpoch(key.createdMs).toString(Qt::ISODate)},
                                     {u"spent_this_month_usd"_s, double(spent.value(key.name)) / 1e9}});
        }
        std::printf("%s\n", QJsonDocument(array).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    if (keys->isEmpty()) {
        std::printf("No gateway keys. The gateway's own token is the owner's key; make one per tool with:\n"
                    "  switchyard-cli gateway-key create NAME\n");
        return 0;
    }
    QList<QStringList> rows{{u"key"_s, u"state"_s, u"may use"_s, u"req/min"_s, u"tok/min"_s, u"this month"_s,
                             u"created"_s, u"rotated"_s}};
    for (const ToolKey &key : *keys) {
        rows.append({key.name, key.enabled ? u"enabled"_s : u"disabled"_s, mayUse(key),
                     limitText(key.requestsPerMinute), limitText(key.tokensPerMinute),
                     Base::Units::usd(spent.value(key.name)), dateText(key.createdMs), dateText(key.rotatedMs)});
    }
    CliSupport::printTable(rows, {0, 1, 2, 6, 7});
    return 0;
}

} // namespace

int runGatewayKeyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Per-tool keys of the local gateway: each tool (Claude Code, Codex, a script) gets its own token, "
        "what it may use, its limits and budgets, and its name on every usage row. The gateway's own token "
        "stays the owner's key.\n\n"
        "  switchyard-cli gateway-key create NAME [--route R]... [--model P/M]... [--rpm N] [--tpm N]\n"
        "  switchyard-cli gateway-key list [--json]\n"
        "  switchyard-cli gateway-key show NAME\n"
        "  switchyard-cli gateway-key edit NAME [--any] [--route R]... [--model P/M]... [--rpm N] [--tpm N]\n"
        "  switchyard-cli gateway-key rotate NAME\n"
        "  switchyard-cli gateway-key enable|disable NAME\n"
        "  switchyard-cli gateway-key revoke NAME\n\n"
        "create and rotate print the token alone on standard output, once; it is kept in the system keychain "
        "(as switchyard-gateway-key.NAME) and the usage database keeps only its SHA-256. A running gateway "
        "picks changes up within 2 s. Budgets per key: switchyard-cli budget set AMOUNT --key NAME "
        "[--period day|week|month]."_s);
    parser.addHelpOption();
    parser.addOption({u"route"_s, u"A route of the routing config the key may use (repeatable)."_s, u"route"_s});
    parser.addOption({u"model"_s, u"A PROVIDER/MODEL the key may send to, * for any run of characters "
                                  "(openai/*; repeatable). Without --route and --model: anything."_s,
                      u"pattern"_s});
    parser.addOption({u"any"_s, u"edit: drop the routes and models given before: the key may use anything."_s});
    parser.addOption({u"rpm"_s, u"Requests per minute (0: no limit); over it, 429 with retry-after."_s, u"n"_s});
    parser.addOption({u"tpm"_s, u"Tokens per minute, prompt and answer (0: no limit)."_s, u"n"_s});
    parser.addOption({u"json"_s, u"list: print JSON."_s});
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, Actions.join(u", "_s) + u'.');
    if (!parser.parse(QStringList{u"switchyard-cli gateway-key"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"gateway-key"_s)));
        return 0;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0, u"list"_s);
    if (!Actions.contains(action) || (action == u"list"_s ? words.size() > 1 : words.size() != 2)) {
        complain(u"say create, list, show, edit, rotate, enable, disable or revoke, with the key's name "
                 "(see --help)"_s);
        return ExitUsage;
    }
    const QString name = words.value(1);
    if (action != u"list"_s) {
        if (const auto problem = ToolKey::nameProblem(name)) {
            complain(*problem);
            return ExitUsage;
        }
    }
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
    if (action == u"list"_s)
        return list(*db, parser.isSet(u"json"_s));
    db->setAuditLog(std::make_shared<Audit::AuditLog>(*dataDir, u"cli"_s));

    ToolKeyTable table(*db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (action == u"create"_s) {
        ToolKey key{.name = name};
        if (const auto problem = applyOptions(parser, key)) {
            if (!problem->isEmpty())
                complain(*problem);
            return ExitUsage;
        }
        const auto token = table.create(key, now);
        if (!token) {
            complain(token.error().message);
            return ExitFailed;
        }
        std::printf("%s\n", qPrintable(*token));
        std::fflush(stdout);
        keepInKeychain(name, *token);
        std::fprintf(stderr, "switchyard-cli gateway-key: created “%s” (may use %s); the token above is shown once\n",
                     qPrintable(name), qPrintable(mayUse(key)));
        return 0;
    }

    const auto found = table.find(name);
    if (!found) {
        complain(found.error().message);
        return ExitFailed;
    }
    if (!*found) {
        complain(u"there is no key named “%1” (switchyard-cli gateway-key list)"_s.arg(name));
        return ExitFailed;
    }
    ToolKey key = **found;
    if (action == u"show"_s) {
        std::printf("key       %s\nstate     %s\nmay use   %s\nreq/min   %s\ntok/min   %s\ncreated   %s\nrotated   %s\n",
                    qPrintable(key.name), key.enabled ? "enabled" : "disabled", qPrintable(mayUse(key)),
                    qPrintable(limitText(key.requestsPerMinute)), qPrintable(limitText(key.tokensPerMinute)),
                    qPrintable(dateText(key.createdMs)), qPrintable(dateText(key.rotatedMs)));
        return 0;
    }
    if (action == u"rotate"_s) {
        const auto token = table.rotate(name, now);
        if (!token) {
            complain(token.error().message);
            return ExitFailed;
        }
        std::printf("%s\n", qPrintable(*token));
        std::fflush(stdout);
        keepInKeychain(name, *token);
        std::fprintf(stderr, "switchyard-cli gateway-key: “%s” has a new token (above, shown once); the old one "
                             "is refused from now on\n",
                     qPrintable(name));
        return 0;
    }
    if (action == u"revoke"_s) {
        if (const auto removed = table.remove(name); !removed) {
            complain(removed.error().message);
            return ExitFailed;
        }
        forgetInKeychain(name);
        std::printf("Revoked “%s”: its token is refused from now on; its calls keep its name in the usage log.\n",
                    qPrintable(name));
        return 0;
    }
    if (action == u"edit"_s) {
        if (const auto problem = applyOptions(parser, key)) {
            if (!problem->isEmpty())
                complain(*problem);
            return ExitUsage;
        }
    } else {
        key.enabled = action == u"enable"_s;
    }
    if (const auto done = table.put(key); !done) {
        complain(done.error().message);
        return ExitFailed;
    }
    std::printf("“%s” is %s and may use %s.\n", qPrintable(name), key.enabled ? "enabled" : "disabled",
                qPrintable(mayUse(key)));
    return 0;
}
