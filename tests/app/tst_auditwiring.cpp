// The audit log as the rest of Switchyard fills it: a call through the one
// call path (in process, and `switchyard-cli ask`) becomes one "call" entry
// and nothing of its key, prompt or answer reaches the file; providers, keys,
// budgets and routing configs changed are entered; what a routing config's
// save changed is summarised (table-driven); and `switchyard-cli audit`
// lists, verifies (exit 0 or 1) and exports.

#include "audit/auditlog.h"
#include "catalog/pricecatalog.h"
#include "providers/loopbacknetworkaccess.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"
#include "routing/configchanges.h"
#include "routing/configreader.h"
#include "routing/requestfacts.h"
#include "routing/router.h"
#include "secrets/environmentkeys.h"
#include "secrets/keyjob.h"
#include "secrets/keyresolver.h"
#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;

namespace {

// What must never reach the audit log.
constexpr auto PlantedKey = "sk-proj-PlantedKeyNeverLogged0123456789abcd";
constexpr auto PromptSecret = "ghp_PromptSecretNeverLogged0123456789abcdef";
constexpr auto AnswerText = "PlantedAnswerNeverLogged";

QByteArray answer()
{
    return QByteArray("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"") + AnswerText
           + "\"}}]}\n\n"
             "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
             "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n"
             "data: [DONE]\n\n";
}

QString prompt()
{
    return u"Please keep my token %1 safe."_s.arg(QLatin1StringView(PromptSecret));
}

QByteArray logOf(const QString &dir)
{
    QFile file(Audit::AuditLog::fileIn(dir));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<Audit::AuditEntry> entriesOf(const QString &dir, const QString &kind = {})
{
    QList<Audit::AuditEntry> out;
    for (const Audit::AuditEntry &e : Audit::AuditLog::read(dir).value_or(QList<Audit::AuditEntry>{}))
        if (kind.isEmpty() || e.kind == kind)
            out.append(e);
    return out;
}

QStringList kindsOf(const QString &dir)
{
    QStringList kinds;
    for (const Audit::AuditEntry &e : entriesOf(dir))
        kinds.append(e.kind);
    return kinds;
}

bool finishes(QProcess &process, int ms = 30000)
{
    if (process.state() == QProcess::NotRunning)
        return true;
    QSignalSpy finished(&process, &QProcess::finished);
    return finished.wait(ms);
}

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments, const QString &home)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), arguments);
    if (!finishes(process))
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

Secrets::KeyResult wait(Secrets::KeyJob *job)
{
    QSignalSpy finished(job, &Secrets::KeyJob::finished);
    if (!job->isFinished())
        finished.wait(5000);
    return job->result();
}

} // namespace

class TestAuditWiring final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void callThroughTheRouter();
    void callThroughAsk();
    void changesAreEntered();
    void configChanges_data();
    void configChanges();
    void cli_data();
    void cli();

private:
    Catalog::PriceCatalog m_catalog{QString()};
    Providers::LoopbackNetworkAccess m_network;
    std::unique_ptr<Secrets::EnvironmentKeys> m_environmentKeys;
};

void TestAuditWiring::initTestCase()
{
    QVERIFY(m_catalog.loadBundled());
    qputenv("OPENAI_API_KEY", PlantedKey);
    m_environmentKeys = std::make_unique<Secrets::EnvironmentKeys>();
}

void TestAuditWiring::callThroughTheRouter()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {answer()}});
    QTemporaryDir dir;
    {
        Usage::UsageStore store(Usage::UsageDatabase::fileIn(dir.path()));
        store.setAuditLog(std::make_shared<Audit::AuditLog>(dir.path(), u"app"_s));
        auto provider = *Providers::ProviderPresets::find(u"openai"_s);
        provider.baseUrl = fixture.url(u"/v1"_s);
        Routing::Router router({.network = &m_network, .keys = m_environmentKeys.get(),
                                .provider = [provider](const QString &id) {
                                    return id == provider.id ? std::optional(provider) : std::nullopt;
                                },
                                .catalog = &m_catalog, .usage = &store, .budgets = nullptr, .timeouts = {}});
        Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, prompt()}}};
        Routing::RoutedCall *call = router.send(request, Routing::RequestFacts::of(request, u"openai/gpt-4o-mini"_s),
                                                Usage::Source::Router);
        QSignalSpy finished(call, &Routing::RoutedCall::finished);
        QVERIFY(finished.wait(20000));
        QVERIFY(store.waitForIdle());
    }
    QCOMPARE(fixture.requests().size(), 1);
    QVERIFY(fixture.requests().first().body.contains(PromptSecret)); // it was sent, so it was there to leak
    const auto calls = entriesOf(dir.path(), u"call"_s);
    QCOMPARE(calls.size(), 1);
    const QJsonObject data = calls.first().data;
    QCOMPARE(calls.first().source, u"app"_s);
    QCOMPARE(data.value(u"caller"_s).toString(), u"router"_s);
    QCOMPARE(data.value(u"provider"_s).toString(), u"openai"_s);
    QCOMPARE(data.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(data.value(u"status"_s).toString(), u"ok"_s);
    QVERIFY(data.value(u"cost_nano_usd"_s).toInteger() > 0);
    const QByteArray log = logOf(dir.path());
    QVERIFY(!log.contains(PlantedKey));
    QVERIFY(!log.contains(PromptSecret));
    QVERIFY(!log.contains(AnswerText));
    QVERIFY(!log.contains("keep my token"));
    QVERIFY(Audit::AuditLog::verify(dir.path()).intact);
}

void TestAuditWiring::callThroughAsk()
{
    FixtureProvider fixture;
    QVERIFY(fixture.listen());
    fixture.enqueue({.chunks = {answer()}});
    QTemporaryDir dir;
    const QString spec = u"openai=openai,"_s + fixture.url(u"/v1"_s).toString();
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, dir.path() + u"/config"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_CLI_PATH), {u"ask"_s, u"--data-dir"_s, dir.path(), u"--provider"_s, spec,
                                                        u"-m"_s, u"openai/gpt-4o-mini"_s, prompt()});
    QVERIFY(finishes(process));
    QCOMPARE(process.exitCode(), 0);
    const auto calls = entriesOf(dir.path(), u"call"_s);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().source, u"cli"_s);
    QCOMPARE(calls.first().data.value(u"caller"_s).toString(), u"cli"_s);
    const QByteArray log = logOf(dir.path());
    QVERIFY(!log.contains(PlantedKey));
    QVERIFY(!log.contains(PromptSecret));
    QVERIFY(!log.contains(AnswerText));
}

void TestAuditWiring::changesAreEntered()
{
    QTemporaryDir dir;
    const auto audit = std::make_shared<Audit::AuditLog>(dir.path(), u"app"_s);

    Providers::ProviderRegistry registry(dir.path());
    QVERIFY(registry.load());
    registry.setAuditLog(audit);
    Providers::ProviderConfig mine{.id = u"mine"_s, .displayName = u"Mine"_s, .kind = Providers::ApiKind::OpenAi,
                                   .baseUrl = QUrl(u"http://127.0.0.1:9/v1?key=abc"_s),
                                   .keyEnvironmentVariable = {}, .extraHeaders = {{"X-Team", "blue-secret-value"}}};
    QVERIFY(registry.add(mine));
    mine.displayName = u"Mine, renamed"_s;
    QVERIFY(registry.update(mine));
    QVERIFY(registry.setEnabled(u"mine"_s, false));
    QVERIFY(registry.remove(u"mine"_s));

    TestSupport::MemoryKeyStore keychain;
    Secrets::KeyResolver keys(&keychain, m_environmentKeys.get());
    keys.setAuditLog(audit);
    QVERIFY(wait(keys.writeKey(u"groq"_s, QString::fromLatin1(PlantedKey))).ok());
    QVERIFY(wait(keys.removeKey(u"groq"_s)).ok());

    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dir.path()));
    QVERIFY(db);
    db->setAuditLog(audit);
    QVERIFY(db->setBudget({.scope = u"openai"_s, .limitNanoUsd = 5'000'000'000, .action = Usage::Budget::Action::Block,
                           .rerouteTo = {}}));
    QVERIFY(db->removeBudget({.scope = u"openai"_s}));

    QCOMPARE(kindsOf(dir.path()),
             (QStringList{u"provider.added"_s, u"provider.edited"_s, u"provider.edited"_s, u"provider.removed"_s,
                          u"key.set"_s, u"key.removed"_s, u"budget.set"_s, u"budget.removed"_s}));
    const auto entries = entriesOf(dir.path());
    QCOMPARE(entries[0].data.value(u"base_url"_s).toString(), u"http://127.0.0.1:9/v1"_s);
    QCOMPARE(entries[0].data.value(u"header_names"_s).toArray(), QJsonArray{u"X-Team"_s});
    QCOMPARE(entries[1].data.value(u"name"_s).toString(), u"Mine, renamed"_s);
    QCOMPARE(entries[2].data.value(u"enabled"_s).toBool(true), false);
    QCOMPARE(entries[4].data.value(u"provider"_s).toString(), u"groq"_s);
    QCOMPARE(entries[6].data.value(u"limit_nano_usd"_s).toInteger(), 5'000'000'000);
    const QByteArray log = logOf(dir.path());
    QVERIFY(!log.contains(PlantedKey));
    QVERIFY(!log.contains("blue-secret-value"));
    QVERIFY(!log.contains("key=abc"));
    QVERIFY(Audit::AuditLog::verify(dir.path()).intact);
}

void TestAuditWiring::configChanges_data()
{
    QTest::addColumn<QByteArray>("before"); // empty: a new config
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QString>("expected"); // the summary's keys and values, sorted

    const QByteArray base = "version: 1\nname: team\nroutes:\n"
                            "  fast:\n    targets:\n      - openai/gpt-4o-mini\n"
                            "  smart:\n    targets:\n      - anthropic/claude-sonnet-4-20250514\n"
                            "rules:\n  - name: code\n    when: {regex: '(?i)secret project'}\n    route: smart\n"
                            "  - name: short\n    when: {tokens_below: 200}\n    route: fast\n"
                            "default: fast\n";
    QTest::newRow("new config") << QByteArray() << base
                                << u"config=team default_route=fast routes=2 routes_added=fast,smart rules=2 "
                                   "rules_added=code,short tests=0"_s;
    QTest::newRow("unchanged") << base << base << u"config=team default_route=fast routes=2 rules=2 tests=0"_s;
    QByteArray moved = base;
    moved.replace("openai/gpt-4o-mini", "openai/gpt-4o");
    QTest::newRow("a route's target") << base << moved
                                      << u"config=team default_route=fast routes=2 routes_changed=fast rules=2 tests=0"_s;
    QByteArray regex = base;
    regex.replace("secret project", "other words");
    QTest::newRow("a rule's regex, not copied") << base << regex
                                                << u"config=team default_route=fast routes=2 rules=2 rules_changed=code tests=0"_s;
    QByteArray reordered = base;
    reordered.replace("  - name: code\n    when: {regex: '(?i)secret project'}\n    route: smart\n", "");
    reordered += "";
    reordered.replace("default: fast\n", "");
    reordered += "  - name: code\n    when: {regex: '(?i)secret project'}\n    route: smart\ndefault: smart\n";
    QTest::newRow("reordered, default moved") << base << reordered
                                              << u"config=team default_route=smart default_route_changed=true routes=2 "
                                                 "rules=2 rules_reordered=true tests=0"_s;
    QByteArray removed = base;
    removed.replace("  smart:\n    targets:\n      - anthropic/claude-sonnet-4-20250514\n", "");
    removed.replace("  - name: code\n    when: {regex: '(?i)secret project'}\n    route: smart\n", "");
    QTest::newRow("a route and its rule removed") << base << removed
                                                  << u"config=team default_route=fast routes=1 routes_removed=smart rules=1 "
                                                     "rules_removed=code tests=0"_s;
}

void TestAuditWiring::configChanges()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QString, expected);
    std::optional<Routing::RoutingConfig> from;
    if (!before.isEmpty()) {
        auto read = Routing::ConfigReader::read(before);
        QVERIFY(read);
        from = read->config;
    }
    const auto to = Routing::ConfigReader::read(after);
    QVERIFY2(to, to ? "" : qPrintable(to.error().first().message));
    const QJsonObject changes = Routing::configChanges(from ? &*from : nullptr, to->config);
    QStringList parts;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QJsonValue v = it.value();
        const QString value = v.isArray()   ? v.toVariant().toStringList().join(u',')
                              : v.isBool()  ? (v.toBool() ? u"true"_s : u"false"_s)
                              : v.isDouble() ? QString::number(v.toInteger())
                                             : v.toString();
        parts.append(it.key() + u'=' + value);
    }
    QCOMPARE(parts.join(u' '), expected);
    QVERIFY(!QJsonDocument(changes).toJson().contains("secret project"));
}

void TestAuditWiring::cli_data()
{
    QTest::addColumn<QStringList>("arguments"); // after "audit"
    QTest::addColumn<QString>("tamper");        // "", "edit" or "truncate"
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output");        // a part of stdout + stderr
    QTest::newRow("verify intact") << QStringList{u"verify"_s} << QString() << 0 << u"Intact: 3 entries"_s;
    QTest::newRow("verify edited") << QStringList{u"verify"_s} << u"edit"_s << 1 << u"BROKEN at entry 2 (line 2)"_s;
    QTest::newRow("verify truncated") << QStringList{u"verify"_s} << u"truncate"_s << 1 << u"cut from the end"_s;
    QTest::newRow("list") << QStringList{u"list"_s} << QString() << 0 << u"budget.set"_s;
    QTest::newRow("list by family") << QStringList{u"list"_s, u"--kind"_s, u"key"_s} << QString() << 0 << u"key.removed"_s;
    QTest::newRow("list as JSON") << QStringList{u"list"_s, u"--json"_s, u"--kind"_s, u"key.set"_s} << QString() << 0
                                  << u"\"kind\":\"key.set\""_s;
    QTest::newRow("list since") << QStringList{u"list"_s, u"--since"_s, u"2999-01-01"_s} << QString() << 0
                                << u"No audit entries match."_s;
    QTest::newRow("bad since") << QStringList{u"list"_s, u"--since"_s, u"yesterday"_s} << QString() << 2
                               << u"--since takes a date"_s;
    QTest::newRow("bad action") << QStringList{u"delete"_s} << QString() << 2 << u"say list, verify or export"_s;
    QTest::newRow("option for another action") << QStringList{u"verify"_s, u"--json"_s} << QString() << 2
                                               << u"are for list"_s;
    QTest::newRow("export") << QStringList{u"export"_s} << QString() << 0 << u"\"seq\":3"_s;
}

void TestAuditWiring::cli()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, tamper);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    QTemporaryDir dir;
    Audit::AuditLog log(dir.path(), u"cli"_s);
    QVERIFY(log.append(u"key.set"_s, {{u"provider"_s, u"openai"_s}}));
    QVERIFY(log.append(u"key.removed"_s, {{u"provider"_s, u"openai"_s}}));
    QVERIFY(log.append(u"budget.set"_s, {{u"scope"_s, u"total"_s}}));
    const QString path = Audit::AuditLog::fileIn(dir.path());
    if (!tamper.isEmpty()) {
        QList<QByteArray> lines = logOf(dir.path()).split('\n');
        if (tamper == u"edit")
            lines[1].replace("openai", "groq");
        else
            lines.removeAt(2);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(lines.join('\n'));
    }
    const CliRun run = runCli(QStringList{u"audit"_s, u"--data-dir"_s, dir.path()} + arguments, dir.path());
    const QString text = QString::fromUtf8(run.out + run.err);
    QVERIFY2(text.contains(output), qPrintable(text));
    QCOMPARE(run.exitCode, exitCode);
    if (arguments == QStringList{u"export"_s})
        QCOMPARE(run.out, logOf(dir.path()));
}

QTEST_GUILESS_MAIN(TestAuditWiring)
#include "tst_auditwiring.moc"
