// The gateway's per-tool keys: each tool's own token, what it may use, its
// requests and tokens per minute and its budgets, and its name on the usage
// rows — through every inbound API over real HTTP on 127.0.0.1, with a fake
// clock for the rate limits. Also the pieces alone: the model patterns, the
// sliding-minute limiter, the keys' table.

#include "audit/auditlog.h"
#include "gateway/ratelimiter.h"
#include "gateway/toolkey.h"
#include "gateway/toolkeyring.h"
#include "gateway/toolkeytable.h"
#include "support/gatewayharness.h"
#include "support/openaireplies.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using Gateway::RateLimiter;
using Gateway::ToolKey;
using TestSupport::GatewayHarness;
namespace Replies = TestSupport::OpenAiReplies;

namespace {

const QByteArray config = "version: 1\n"
                          "defaults:\n"
                          "  retry:\n"
                          "    attempts: 1\n"
                          "    cooldown: {failures: 0}\n"
                          "routes:\n"
                          "  cheap:\n"
                          "    targets: [one/model-a]\n"
                          "  big:\n"
                          "    targets: [one/model-b]\n";

using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers bearer(const QByteArray &token)
{
    return {{"authorization", "Bearer " + token}};
}

QByteArray chatBody(const QString &model, const QString &prompt = u"hello"_s)
{
    return QJsonDocument(QJsonObject{{u"model"_s, model},
                                     {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s},
                                                                            {u"content"_s, prompt}}}}})
        .toJson(QJsonDocument::Compact);
}

// A key with a known token, as the table would keep it.
ToolKey keyWithToken(const QString &name, const QByteArray &token)
{
    return {.name = name, .tokenSha256 = ToolKey::digest(token)};
}

struct Answer {
    int status = 0;
    QJsonObject body;
    QByteArray retryAfter;
};

Answer post(GatewayHarness &h, const QString &path, const QByteArray &body, const Headers &headers)
{
    QNetworkReply *reply = h.post(path, body, headers);
    if (!GatewayHarness::waitFor(reply))
        return {};
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object(), reply->rawHeader("retry-after")};
}

QString errorCode(const QJsonObject &body)
{
    return body.value(u"error"_s).toObject().value(u"code"_s).toString();
}

} // namespace

class TestGatewayKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelPatterns_data();
    void modelPatterns();
    void names_data();
    void names();
    void requestsPerMinute();
    void tokensPerMinute();
    void tableKeepsDigestsOnly();
    void everyApiCarriesTheKeyName_data();
    void everyApiCarriesTheKeyName();
    void whatAKeyMayUse_data();
    void whatAKeyMayUse();
    void disabledAndUnknownKeys();
    void rateLimitAnswers429();
    void keyBudgetBlocks();
    void keyBudgetReroutes();
    void rotationAndRevocationApply();
    void embeddingsCarryTheKey();
    void refreshDuringAReadReadsAgain();
};

void TestGatewayKeys::modelPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << u"openai/gpt-4o"_s << u"openai/gpt-4o"_s << true;
    QTest::newRow("exact, other") << u"openai/gpt-4o"_s << u"openai/gpt-4o-mini"_s << false;
    QTest::newRow("provider's all") << u"openai/*"_s << u"openai/gpt-4o-mini"_s << true;
    QTest::newRow("other provider") << u"openai/*"_s << u"anthropic/claude"_s << false;
    QTest::newRow("star in the middle") << u"*/llama3*"_s << u"local/llama3.1:8b"_s << true;
    QTest::newRow("two stars, no match") << u"*/gpt-*-mini"_s << u"openai/gpt-4o"_s << false;
    QTest::newRow("two stars") << u"*/gpt-*-mini"_s << u"openai/gpt-4o-mini"_s << true;
    QTest::newRow("anything") << u"*"_s << u"x/y"_s << true;
    QTest::newRow("case matters") << u"OpenAI/*"_s << u"openai/gpt-4o"_s << false;
    // A pattern that makes backtracking matchers take exponential time.
    QTest::newRow("many stars") << u"*a*a*a*a*a*a*a*a*a*a*a*a*b"_s << QString(5000, u'a') << false;
}

void TestGatewayKeys::modelPatterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, model);
    QFETCH(bool, matches);
    QCOMPARE(ToolKey::matches(pattern, model), matches);
}

void TestGatewayKeys::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("usable");
    QTest::newRow("claude-code") << u"claude-code"_s << true;
    QTest::newRow("dots and underscores") << u"ci_bot.v2"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("owner") << u"owner"_s << false;
    QTest::newRow("Owner") << u"Owner"_s << false;
    QTest::newRow("space") << u"my tool"_s << false;
    QTest::newRow("slash") << u"../x"_s << false;
    QTest::newRow("new line") << u"a\nb"_s << false;
    QTest::newRow("not ASCII") << u"outil-é"_s << false;
    QTest::newRow("41 characters") << QString(41, u'k') << false;
    QTest::newRow("40 characters") << QString(40, u'k') << true;
}

void TestGatewayKeys::names()
{
    QFETCH(QString, name);
    QFETCH(bool, usable);
    QCOMPARE(!ToolKey::nameProblem(name).has_value(), usable);
}

void TestGatewayKeys::requestsPerMinute()
{
    qint64 now = 1'000'000;
    RateLimiter limiter([&now] { return now; });
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!limiter.admit(u"codex"_s, 3, 0, 0));
        now += 10'000; // at 0 s, 10 s, 20 s
    }
    // At 30 s: the minute holds three; the first leaves at 60 s.
    auto refused = limiter.admit(u"codex"_s, 3, 0, 0);
    QVERIFY(refused);
    QVERIFY(refused->requests);
    QCOMPARE(refused->retryAfterSeconds, 30);
    // Another key has a minute of its own.
    QVERIFY(!limiter.admit(u"scripts"_s, 3, 0, 0));
    // A refused request did not count.
    QCOMPARE(limiter.load(u"codex"_s).first, 3);
    now += 30'000; // 60 s: the first has left
    QVERIFY(!limiter.admit(u"codex"_s, 3, 0, 0));
    refused = limiter.admit(u"codex"_s, 3, 0, 0);
    QVERIFY(refused);
    QCOMPARE(refused->retryAfterSeconds, 10); // the one from 10 s leaves at 70 s
}

void TestGatewayKeys::tokensPerMinute()
{
    qint64 now = 0;
    RateLimiter limiter([&now] { return now; });
    QVERIFY(!limiter.admit(u"k"_s, 0, 1000, 300)); // at 0 s
    now = 20'000;
    limiter.addTokens(u"k"_s, 400); // the answer, at 20 s: 700 in the minute
    QCOMPARE(limiter.load(u"k"_s).second, 700);
    now = 30'000;
    QVERIFY(!limiter.admit(u"k"_s, 0, 1000, 300)); // 1000: just fits
    const auto refused = limiter.admit(u"k"_s, 0, 1000, 50);
    QVERIFY(refused);
    QVERIFY(!refused->requests);
    QVERIFY(!refused->neverFits);
    QCOMPARE(refused->retryAfterSeconds, 30); // the first 300 leave at 60 s
    const auto tooBig = limiter.admit(u"k"_s, 0, 1000, 1001);
    QVERIFY(tooBig);
    QVERIFY(tooBig->neverFits);
    now = 60'000;
    QVERIFY(!limiter.admit(u"k"_s, 0, 1000, 50));
}

void TestGatewayKeys::tableKeepsDigestsOnly()
{
    QTemporaryDir dir;
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dir.path()));
    QVERIFY(db);
    db->setAuditLog(std::make_shared<Audit::AuditLog>(dir.path(), u"cli"_s));
    Gateway::ToolKeyTable table(*db);
    const auto token = table.create({.name = u"codex"_s, .models = {u"openai/*"_s}, .requestsPerMinute = 60}, 1000);
    QVERIFY(token);
    QVERIFY(token->startsWith(u"sy-"_s));
    QCOMPARE(token->size(), 46);
    QVERIFY(!table.create({.name = u"codex"_s}, 2000)); // the name is taken
    auto found = table.find(u"codex"_s);
    QVERIFY(found && *found);
    QCOMPARE((*found)->tokenSha256, ToolKey::digest(token->toLatin1()));
    QCOMPARE((*found)->models, QStringList{u"openai/*"_s});
    QCOMPARE((*found)->requestsPerMinute, 60);
    QCOMPARE((*found)->createdMs, 1000);

    const auto rotated = table.rotate(u"codex"_s, 5000);
    QVERIFY(rotated);
    QVERIFY(*rotated != *token);
    found = table.find(u"codex"_s);
    QCOMPARE((*found)->tokenSha256, ToolKey::digest(rotated->toLatin1()));
    QCOMPARE((*found)->rotatedMs, 5000);
    QVERIFY(!table.rotate(u"nobody"_s, 5000));

    // The token is nowhere in the file: only its digest.
    QVERIFY(db->setBudget({.key = u"codex"_s, .period = Usage::Budget::Period::Day, .limitNanoUsd = 1}));
    QVERIFY(db->setBudget({.limitNanoUsd = 5}));
    QFile file(db->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains(rotated->toLatin1()));
    QVERIFY(!bytes.contains(token->toLatin1()));

    // Revoking removes the key and its budgets, not the others.
    QCOMPARE(table.remove(u"codex"_s), true);
    QCOMPARE(table.remove(u"codex"_s), false);
    QVERIFY(table.keys()->isEmpty());
    QCOMPARE(*db->budgets(), QList<Usage::Budget>{{.limitNanoUsd = 5}});

    // Each change is in the audit log, the tokens nowhere in it.
    const auto entries = Audit::AuditLog::read(dir.path());
    QVERIFY(entries);
    QStringList kinds;
    for (const auto &entry : *entries)
        kinds.append(entry.kind);
    QCOMPARE(kinds, (QStringList{u"gateway_key.created"_s, u"gateway_key.rotated"_s, u"budget.set"_s,
                                 u"budget.set"_s, u"gateway_key.revoked"_s}));
    QFile audit(QDir(dir.path()).filePath(u"audit.jsonl"_s));
    QVERIFY(audit.open(QIODevice::ReadOnly));
    const QByteArray logged = audit.readAll();
    QVERIFY(!logged.contains(token->toLatin1()) && !logged.contains(rotated->toLatin1()));
    QVERIFY(!logged.contains(ToolKey::digest(rotated->toLatin1()).toHex()));
}

void TestGatewayKeys::everyApiCarriesTheKeyName_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QString>("keyName");
    const QByteArray messages = R"({"model":"cheap","max_tokens":50,"messages":[{"role":"user","content":"hi"}]})";
    const QByteArray responses = R"({"model":"cheap","input":"hi"})";
    QTest::newRow("chat, the owner") << u"/chat/completions"_s << chatBody(u"cheap"_s)
                                     << bearer(GatewayHarness::Token) << u"owner"_s;
    QTest::newRow("chat, a tool") << u"/chat/completions"_s << chatBody(u"cheap"_s) << bearer("sy-codex-token")
                                  << u"codex"_s;
    QTest::newRow("messages, x-api-key") << u"/messages"_s << messages
                                         << Headers{{"x-api-key", "sy-claude-token"}, {"anthropic-version", "2023-06-01"}}
                                         << u"claude-code"_s;
    QTest::newRow("messages, bearer") << u"/messages"_s << messages << bearer("sy-claude-token") << u"claude-code"_s;
    QTest::newRow("responses, a tool") << u"/responses"_s << responses << bearer("sy-codex-token") << u"codex"_s;
    QTest::newRow("responses, the owner") << u"/responses"_s << responses << bearer(GatewayHarness::Token)
                                          << u"owner"_s;
}

void TestGatewayKeys::everyApiCarriesTheKeyName()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(Headers, headers);
    QFETCH(QString, keyName);
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({keyWithToken(u"codex"_s, "sy-codex-token"), keyWithToken(u"claude-code"_s, "sy-claude-token")});
    GatewayHarness h;
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    const Answer answer = post(h, path, body, headers);
    QCOMPARE(answer.status, 200);
    const auto rows = h.loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().keyName, keyName);
    QCOMPARE(rows.first().source, Usage::Source::Gateway);
    QCOMPARE(rows.first().route, u"cheap"_s);
}

void TestGatewayKeys::whatAKeyMayUse_data()
{
    QTest::addColumn<QStringList>("routes");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QString>("asked");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("unrestricted, a route") << QStringList() << QStringList() << u"big"_s << true;
    QTest::newRow("unrestricted, a model") << QStringList() << QStringList() << u"one/model-b"_s << true;
    QTest::newRow("its route") << QStringList{u"cheap"_s} << QStringList() << u"cheap"_s << true;
    QTest::newRow("another route") << QStringList{u"cheap"_s} << QStringList() << u"big"_s << false;
    QTest::newRow("a model past its route") << QStringList{u"cheap"_s} << QStringList() << u"one/model-a"_s << false;
    QTest::newRow("its model") << QStringList() << QStringList{u"one/model-a"_s} << u"one/model-a"_s << true;
    QTest::newRow("a route to its model") << QStringList() << QStringList{u"one/model-a"_s} << u"cheap"_s << true;
    QTest::newRow("a route to another model") << QStringList() << QStringList{u"one/model-a"_s} << u"big"_s << false;
    QTest::newRow("a pattern") << QStringList() << QStringList{u"one/*"_s} << u"one/model-b"_s << true;
    QTest::newRow("routes or models") << QStringList{u"big"_s} << QStringList{u"one/model-a"_s} << u"big"_s << true;
}

void TestGatewayKeys::whatAKeyMayUse()
{
    QFETCH(QStringList, routes);
    QFETCH(QStringList, models);
    QFETCH(QString, asked);
    QFETCH(bool, allowed);
    ToolKey key = keyWithToken(u"scripts"_s, "sy-scripts-token");
    key.routes = routes;
    key.models = models;
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({key});
    GatewayHarness h;
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    const Answer answer = post(h, u"/chat/completions"_s, chatBody(asked), bearer("sy-scripts-token"));
    QCOMPARE(answer.status, allowed ? 200 : 403);
    QCOMPARE(h.upstream().requests().size(), allowed ? 1 : 0);
    if (!allowed) {
        QCOMPARE(errorCode(answer.body), u"model_not_allowed"_s);
        const QString message = answer.body[u"error"_s][u"message"_s].toString();
        QVERIFY2(message.contains(u"scripts"_s), qPrintable(message));
        QCOMPARE(h.loggedCalls().size(), 0);
    }
}

void TestGatewayKeys::disabledAndUnknownKeys()
{
    ToolKey disabled = keyWithToken(u"old-bot"_s, "sy-old-token");
    disabled.enabled = false;
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({disabled});
    GatewayHarness h;
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    Answer answer = post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-old-token"));
    QCOMPARE(answer.status, 403);
    QCOMPARE(errorCode(answer.body), u"key_disabled"_s);
    // In Anthropic's shape for an Anthropic client.
    answer = post(h, u"/messages"_s, R"({"model":"cheap","max_tokens":5,"messages":[{"role":"user","content":"x"}]})",
                  {{"x-api-key", "sy-old-token"}});
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.body[u"type"_s].toString(), u"error"_s);
    QCOMPARE(answer.body[u"error"_s][u"type"_s].toString(), u"permission_error"_s);
    answer = post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-nobody"));
    QCOMPARE(answer.status, 401);
    QCOMPARE(h.upstream().requests().size(), 0);
    QCOMPARE(h.loggedCalls().size(), 0);
}

void TestGatewayKeys::rateLimitAnswers429()
{
    qint64 now = 0;
    ToolKey key = keyWithToken(u"codex"_s, "sy-codex-token");
    key.requestsPerMinute = 2;
    ToolKey small = keyWithToken(u"tiny"_s, "sy-tiny-token");
    small.tokensPerMinute = 20;
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({key, small});
    GatewayHarness h;
    QCOMPARE(h.start(config, {}, {.keys = &keys, .clock = [&now] { return now; }}), QString());
    for (int i = 0; i < 3; ++i)
        h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-codex-token")).status, 200);
    now = 15'000;
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-codex-token")).status, 200);
    now = 20'000;
    Answer answer = post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-codex-token"));
    QCOMPARE(answer.status, 429);
    QCOMPARE(answer.retryAfter, "40");
    QCOMPARE(errorCode(answer.body), u"requests_per_minute_exceeded"_s);
    // The owner is not limited by a tool's limits.
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer(GatewayHarness::Token)).status, 200);
    now = 60'000;
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-codex-token")).status, 200);

    // A prompt larger than a whole minute's tokens: waiting does not help.
    answer = post(h, u"/chat/completions"_s, chatBody(u"cheap"_s, QString(400, u'x')), bearer("sy-tiny-token"));
    QCOMPARE(answer.status, 429);
    QCOMPARE(errorCode(answer.body), u"tokens_per_minute_exceeded"_s);
    QVERIFY(answer.body[u"error"_s][u"message"_s].toString().contains(u"larger than"_s));
    QCOMPARE(h.upstream().requests().size(), 4);
}

void TestGatewayKeys::keyBudgetBlocks()
{
    GatewayHarness h;
    // A day's budget of $0 for codex: reached from the start. The owner's
    // calls and another key's are not its business.
    QVERIFY(h.prepareDatabase([](Usage::UsageDatabase &db) {
        return db.setBudget({.key = u"codex"_s, .period = Usage::Budget::Period::Day, .limitNanoUsd = 0}).has_value();
    }));
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({keyWithToken(u"codex"_s, "sy-codex-token"), keyWithToken(u"scripts"_s, "sy-scripts-token")});
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    QCOMPARE(h.budgets().statuses().size(), 1);
    const Answer answer = post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-codex-token"));
    QCOMPARE(answer.status, 429);
    QCOMPARE(errorCode(answer.body), u"budget_reached"_s);
    const QString message = answer.body[u"error"_s][u"message"_s].toString();
    QVERIFY2(message.contains(u"daily budget of key “codex”"_s), qPrintable(message));
    QCOMPARE(h.upstream().requests().size(), 0);
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer("sy-scripts-token")).status, 200);
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    QCOMPARE(post(h, u"/chat/completions"_s, chatBody(u"cheap"_s), bearer(GatewayHarness::Token)).status, 200);
}

void TestGatewayKeys::keyBudgetReroutes()
{
    GatewayHarness h;
    QVERIFY(h.prepareDatabase([](Usage::UsageDatabase &db) {
        return db.setBudget({.key = u"codex"_s, .period = Usage::Budget::Period::Week, .limitNanoUsd = 0,
                             .action = Usage::Budget::Action::Reroute, .rerouteTo = u"cheap"_s})
            .has_value();
    }));
    ToolKey key = keyWithToken(u"codex"_s, "sy-codex-token");
    key.routes = {u"big"_s}; // the reroute is the owner's choice: allowed
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({key});
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    h.upstream().enqueue(Replies::text({u"Hi"_s}, 12, 3));
    const Answer answer = post(h, u"/chat/completions"_s, chatBody(u"big"_s), bearer("sy-codex-token"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(h.upstreamBody(0).value(u"model"_s).toString(), u"model-a"_s);
    const auto rows = h.loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().route, u"cheap"_s);
    QCOMPARE(rows.first().keyName, u"codex"_s);
}

void TestGatewayKeys::rotationAndRevocationApply()
{
    // Keys as the CLI or the Keys panel keep them: in the usage database,
    // read by the keyring from the gateway's store.
    GatewayHarness h;
    QString token;
    QVERIFY(h.prepareDatabase([&token](Usage::UsageDatabase &db) {
        auto made = Gateway::ToolKeyTable(db).create({.name = u"codex"_s}, 1);
        token = made.value_or(QString());
        return made.has_value();
    }));
    QCOMPARE(h.start(config), QString());
    Gateway::ToolKeyring keys(&h.usage());
    QSignalSpy changed(&keys, &Gateway::ToolKeyring::changed);
    keys.setWatching(true);
    QVERIFY(changed.wait(5000));
    QCOMPARE(keys.keys().size(), 1);
    QVERIFY(keys.find(token.toLatin1()));
    QVERIFY(!keys.find("sy-something-else"));

    QString rotated;
    h.usage().write([&rotated](Usage::UsageDatabase &db) -> std::expected<void, Usage::UsageError> {
        auto made = Gateway::ToolKeyTable(db).rotate(u"codex"_s, 2);
        if (!made)
            return std::unexpected(made.error());
        rotated = *made;
        return {};
    });
    QVERIFY(h.usage().waitForIdle());
    keys.refresh();
    QVERIFY(changed.wait(5000));
    QVERIFY(!keys.find(token.toLatin1()));
    QVERIFY(keys.find(rotated.toLatin1()));

    h.usage().write([](Usage::UsageDatabase &db) -> std::expected<void, Usage::UsageError> {
        auto removed = Gateway::ToolKeyTable(db).remove(u"codex"_s);
        if (!removed)
            return std::unexpected(removed.error());
        return {};
    });
    QVERIFY(h.usage().waitForIdle());
    // Not told: the poll finds it.
    QVERIFY(changed.wait(Gateway::ToolKeyring::PollMs + 3000));
    QVERIFY(!keys.find(rotated.toLatin1()));
}

void TestGatewayKeys::embeddingsCarryTheKey()
{
    ToolKey key = keyWithToken(u"scripts"_s, "sy-scripts-token");
    key.models = {u"one/text-embedding-*"_s};
    key.requestsPerMinute = 1;
    Gateway::ToolKeyring keys(nullptr);
    keys.setKeys({key});
    GatewayHarness h;
    QCOMPARE(h.start(config, {}, {.keys = &keys}), QString());
    const QByteArray vector = R"({"object":"embedding","index":0,"embedding":[0.5,-0.25]})";
    h.upstream().enqueue({.status = 200, .contentType = "application/json",
                          .chunks = {R"({"object":"list","data":[)" + vector
                                     + R"(],"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}})"}});
    Answer answer = post(h, u"/embeddings"_s, R"({"model":"one/chat-model","input":"hi"})", bearer("sy-scripts-token"));
    QCOMPARE(answer.status, 403);
    QCOMPARE(errorCode(answer.body), u"model_not_allowed"_s);
    answer = post(h, u"/embeddings"_s, R"({"model":"one/text-embedding-3-small","input":"hi"})",
                  bearer("sy-scripts-token"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body[u"data"_s][0][u"embedding"_s].toArray().size(), 2);
    answer = post(h, u"/embeddings"_s, R"({"model":"one/text-embedding-3-small","input":"hi"})",
                  bearer("sy-scripts-token"));
    QCOMPARE(answer.status, 429);
    QCOMPARE(errorCode(answer.body), u"requests_per_minute_exceeded"_s);
    const auto rows = h.loggedCalls();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().keyName, u"scripts"_s);
}

void TestGatewayKeys::refreshDuringAReadReadsAgain()
{
    // The Keys dialog refreshes the keyring right after its change; a read
    // the poll began before that change must not swallow the refresh.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = Usage::UsageDatabase::fileIn(dir.path());
    Usage::UsageStore store(path);
    Gateway::ToolKeyring keys(&store);
    keys.refresh(); // the earlier read, not yet delivered
    // Once this runs on the store's thread, that read has read (nothing).
    std::promise<void> readDone;
    store.query<int>(
        &keys,
        [&readDone](Usage::UsageDatabase *) {
            readDone.set_value();
            return 0;
        },
        [](int) {});
    readDone.get_future().wait();
    // The change, by another connection (as the app's would be), then the
    // refresh that says so — while the earlier read is still under way here.
    auto db = Usage::UsageDatabase::open(path);
    QVERIFY(db);
    const auto token = Gateway::ToolKeyTable(*db).create({.name = u"codex"_s}, 1);
    QVERIFY(token);
    keys.refresh();
    QTRY_VERIFY(keys.find(token->toLatin1()));
}

QTEST_GUILESS_MAIN(TestGatewayKeys)
#include "tst_gatewaykeys.moc"
