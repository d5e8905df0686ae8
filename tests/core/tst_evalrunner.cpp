// Evaluation runs for real: fixture providers on 127.0.0.1 answer the cases
// and the judges, the router sends every call through the one call path (a
// usage row per call, tagged with the suite's name), results are kept in the
// usage database, a run stops and resumes without sending done work again,
// repeats and the per-provider limit hold, and a baseline shows a regression.

#include "support/fixtureprovider.h"
#include "support/loggedcalls.h"
#include "support/openaireplies.h"

#include "eval/evalrunner.h"
#include "eval/evaltable.h"
#include "eval/runcomparison.h"
#include "eval/suitereader.h"
#include "providers/loopbacknetworkaccess.h"
#include "routing/router.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Eval;

class TestEvalRunner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void runsTheMinimalSuite();
    void matrixOfCasesAndTargets();
    void judges_data();
    void judges();
    void callFailureIsAnError();
    void repeats();
    void concurrencyPerProvider();
    void stopAndResume();
    void baselineRegression();

private:
    Suite suite(const QByteArray &yaml);
    // Runs to the end (or to cancelled after stopAfter results), recording
    // each result in the store under runId.
    QList<CaseResult> run(const Suite &s, qint64 runId, const QSet<QString> &skip = {}, int stopAfter = -1);
    qint64 newRun(const Suite &s);
    QList<CaseResult> stored(qint64 runId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FixtureProvider> m_one;
    std::unique_ptr<FixtureProvider> m_two;
    std::unique_ptr<Providers::LoopbackNetworkAccess> m_network;
    std::unique_ptr<Usage::UsageStore> m_usage;
    std::unique_ptr<Routing::Router> m_router;
    std::unique_ptr<QObject> m_flights; // an earlier test's timers die with it
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_dripMs = 0;
};

namespace {

// What a request asks: its system prompt and its last user message.
struct Asked {
    QString system;
    QString prompt;
};

Asked askedIn(const RecordedRequest &request)
{
    Asked asked;
    for (const QJsonValue &m : QJsonDocument::fromJson(request.body)[u"messages"_s].toArray()) {
        if (m[u"role"_s] == u"system"_s)
            asked.system = m[u"content"_s].toString();
        else if (m[u"role"_s] == u"user"_s)
            asked.prompt = m[u"content"_s].toString();
    }
    return asked;
}

// A judge's answer by the rubric it was given: the rubric names the verdict.
FixtureReply judgeReply(const QString &rubric)
{
    if (rubric.contains(u"MALFORMED"_s))
        return TestSupport::OpenAiReplies::text({u"I would give this one an 8/10."_s});
    if (rubric.contains(u"OUTOFRANGE"_s))
        return TestSupport::OpenAiReplies::text({u"{\"score\": 8, \"reason\": \"good\"}"_s});
    const double score = rubric.contains(u"GOOD"_s) ? 0.9 : 0.2;
    return TestSupport::OpenAiReplies::text(
        {u"```json\n{\"score\": %1, "_s.arg(score), u"\"reason\": \"graded by the fixture\"}\n```"_s});
}

} // namespace

void TestEvalRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_one = std::make_unique<FixtureProvider>();
    m_two = std::make_unique<FixtureProvider>();
    QVERIFY(m_one->listen());
    QVERIFY(m_two->listen());
    m_flights = std::make_unique<QObject>();
    m_inFlight = m_maxInFlight = 0;
    m_dripMs = 0;
    // "one" echoes the prompt in capitals after "Hello"; "two" answers
    // "bye"; either answers a judge by its rubric and fails a prompt with
    // FAIL in it.
    auto responder = [this](const QString &id) {
        return [this, id](const RecordedRequest &request) {
            const Asked asked = askedIn(request);
            if (asked.prompt.contains(u"FAIL"_s))
                return TestSupport::OpenAiReplies::failure(400);
            if (asked.system.contains(u"You grade"_s))
                return judgeReply(asked.prompt.section(u"</rubric>"_s, 0, 0));
            ++m_inFlight;
            m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
            // An answer is six chunks m_dripMs apart; it counts as in flight
            // for the first two intervals, so that the end of one and the
            // start of the next (which waits for that end) never overlap,
            // however late a timer fires under load.
            QTimer::singleShot(m_dripMs * 2, m_flights.get(), [this] { --m_inFlight; });
            FixtureReply reply = id == "one"_L1
                ? TestSupport::OpenAiReplies::text({u"Hello "_s, asked.prompt.toUpper()}, 10, 4)
                : TestSupport::OpenAiReplies::text({u"bye"_s}, 10, 1);
            reply.chunkDelayMs = m_dripMs;
            return reply;
        };
    };
    m_one->setResponder(responder(u"one"_s));
    m_two->setResponder(responder(u"two"_s));
    m_network = std::make_unique<Providers::LoopbackNetworkAccess>();
    m_usage = std::make_unique<Usage::UsageStore>(m_dir->filePath(u"usage.sqlite3"_s));
    // The store creates the file before the test opens it beside it: two
    // connections creating a new database at once can see it half made.
    bool opened = false;
    m_usage->query<bool>(
        this, [](Usage::UsageDatabase *db) { return db != nullptr; }, [&opened](bool ok) { opened = ok; });
    QTRY_VERIFY(opened);
    Routing::Router::Services services;
    services.network = m_network.get();
    services.usage = m_usage.get();
    services.provider = FixtureProvider::openAiProviders({{u"one"_s, m_one.get()}, {u"two"_s, m_two.get()}});
    m_router = std::make_unique<Routing::Router>(services);
    m_router->setDecider(Routing::Decider(Routing::RoutingConfig{}));
}

void TestEvalRunner::cleanup()
{
    m_router.reset();
    m_usage.reset();
    m_network.reset();
    m_one.reset();
    m_two.reset();
    m_dir.reset();
}

Suite TestEvalRunner::suite(const QByteArray &yaml)
{
    const auto read = SuiteReader::read(yaml, m_dir->path());
    if (!read)
        qFatal("%s", qPrintable(read.error().first().toString()));
    return read->suite;
}

qint64 TestEvalRunner::newRun(const Suite &s)
{
    auto db = Usage::UsageDatabase::open(m_usage->path());
    if (!db)
        qFatal("%s", qPrintable(db.error().message));
    EvalRun run;
    run.suite = s.name;
    run.started = QDateTime::currentDateTime();
    run.targets = s.targets;
    run.cases = int(s.cases().size());
    run.repeats = s.repeats;
    return EvalTable(*db).createRun(run).value_or(0);
}

QList<CaseResult> TestEvalRunner::stored(qint64 runId)
{
    if (!m_usage->waitForIdle())
        return {};
    auto db = Usage::UsageDatabase::open(m_usage->path());
    return db ? EvalTable(*db).results(runId).value_or(QList<CaseResult>{}) : QList<CaseResult>{};
}

QList<CaseResult> TestEvalRunner::run(const Suite &s, qint64 runId, const QSet<QString> &skip, int stopAfter)
{
    EvalRunner runner(s, m_router.get(), Usage::Source::Cli);
    runner.skip(skip);
    QList<CaseResult> results;
    connect(&runner, &EvalRunner::resultReady, this, [&](const CaseResult &r) {
        results.append(r);
        EvalTable::queue(*m_usage, runId, r);
        if (int(results.size()) == stopAfter)
            runner.cancel();
    });
    QSignalSpy finished(&runner, &EvalRunner::finished);
    runner.start();
    if (!finished.wait(20000))
        qWarning("the run did not finish");
    EvalTable::queueState(*m_usage, runId, runner.wasCancelled() ? EvalRun::State::Stopped : EvalRun::State::Done);
    return results;
}

void TestEvalRunner::runsTheMinimalSuite()
{
    // The suite, with the fixture standing in for openai.
    const Suite s = suite("version: 1\n"
                          "name: smoke\n"
                          "targets: [one/gpt-4o-mini]\n"
                          "tests:\n"
                          "  - vars: {q: hello}\n"
                          "    prompt: \"Say {{q}}\"\n"
                          "    assert:\n"
                          "      - {type: contains, value: \"HELLO\"}\n");
    const qint64 id = newRun(s);
    const QList<CaseResult> results = run(s, id);
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().status, CaseResult::Status::Passed);
    QCOMPARE(results.first().answer, u"Hello SAY HELLO"_s);
    QCOMPARE(results.first().tokensOut, std::optional<qint64>(4));
    QCOMPARE(results.first().costNanoUsd, std::optional<qint64>(0)); // a keyless server on this machine
    QVERIFY(results.first().latencyMs.has_value());
    QCOMPARE(QJsonDocument::fromJson(m_one->requests().first().body)[u"model"_s].toString(), u"gpt-4o-mini"_s);

    // Through the one call path: a usage row, filed under the suite.
    const auto rows = TestSupport::loggedCalls(*m_usage);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().project, u"smoke"_s);
    QCOMPARE(rows.first().model, u"gpt-4o-mini"_s);

    const QList<CaseResult> kept = stored(id);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().answer, results.first().answer);
    QCOMPARE(kept.first().assertions, results.first().assertions);
    auto db = Usage::UsageDatabase::open(m_usage->path());
    QVERIFY(db);
    const auto info = EvalTable(*db).run(id);
    QVERIFY(info && *info);
    QCOMPARE((*info)->state, EvalRun::State::Done);
    QCOMPARE((*info)->passed, 1);
    QCOMPARE((*info)->total(), 1);
}

void TestEvalRunner::matrixOfCasesAndTargets()
{
    const Suite s = suite("version: 1\nname: matrix\ntargets: [one/a, two/b]\n"
                          "prompts: [\"Greet {{who}}\"]\n"
                          "assert: [{type: max-tokens, value: 3}]\n"
                          "tests:\n"
                          "  - vars: {who: ada}\n    assert: [{type: contains, value: \"{{who}}\", ignore_case: true}]\n"
                          "  - vars: {who: bob}\n    assert: [{type: not-contains, value: bye}]\n");
    const qint64 id = newRun(s);
    run(s, id);
    const QList<EvalCell> cells = RunComparison::cells(stored(id));
    QCOMPARE(cells.size(), 4);
    QStringList summary;
    for (const EvalCell &c : cells)
        summary.append(u"%1 %2 %3"_s.arg(c.caseKey, c.target, c.passedAll() ? u"pass"_s : u"fail"_s));
    // one/a says 4 tokens (over max-tokens 3), two/b says "bye".
    QCOMPARE(summary, (QStringList{u"Greet ada one/a fail"_s, u"Greet ada two/b fail"_s, u"Greet bob one/a fail"_s,
                                   u"Greet bob two/b fail"_s}));
    const QList<CaseResult> results = stored(id);
    QCOMPARE(results.at(0).assertions.at(0).reason, u"4 output tokens, over 3"_s);
    QVERIFY(results.at(0).assertions.at(1).passed);
    QCOMPARE(results.at(1).assertions.at(1).reason, u"the answer does not contain \"ada\""_s);
    QVERIFY(results.at(1).assertions.at(0).passed);
    QCOMPARE(results.at(3).assertions.at(1).reason, u"the answer must not satisfy contains \"bye\", and does"_s);
}

void TestEvalRunner::judges_data()
{
    QTest::addColumn<QString>("rubric");
    QTest::addColumn<int>("status");
    QTest::addColumn<std::optional<double>>("score");
    QTest::addColumn<QString>("reason");

    QTest::newRow("passes") << u"GOOD: greets the user"_s << int(CaseResult::Status::Passed)
                            << std::optional<double>(0.9) << u"graded by the fixture"_s;
    QTest::newRow("fails") << u"BAD: speaks French"_s << int(CaseResult::Status::Failed) << std::optional<double>(0.2)
                           << u"graded by the fixture"_s;
    QTest::newRow("malformed") << u"MALFORMED"_s << int(CaseResult::Status::Error) << std::optional<double>()
                               << u"the judge did not answer a JSON object with a score"_s;
    QTest::newRow("out of range") << u"OUTOFRANGE"_s << int(CaseResult::Status::Error) << std::optional<double>()
                                  << u"the judge's score 8 is not between 0 and 1"_s;
    QTest::newRow("judge call fails") << u"FAIL the judge"_s << int(CaseResult::Status::Error)
                                      << std::optional<double>() << u"the judge's call failed"_s;
}

void TestEvalRunner::judges()
{
    QFETCH(QString, rubric);
    QFETCH(int, status);
    QFETCH(std::optional<double>, score);
    QFETCH(QString, reason);
    // The FAIL row makes the judge's own call fail: the fixture fails any
    // prompt naming FAIL, and a judge's prompt quotes its rubric.
    const Suite s = suite("version: 1\nname: judged\ntargets: [one/a]\njudge: two/judge-model\n"
                          "tests:\n  - prompt: hi\n    assert:\n"
                          "      - {type: contains, value: Hello}\n"
                          "      - {type: judge, value: \"" + rubric.toUtf8() + "\", threshold: 0.5}\n");
    const QList<CaseResult> results = run(s, newRun(s));
    QCOMPARE(results.size(), 1);
    const CaseResult &r = results.first();
    QCOMPARE(int(r.status), status);
    QCOMPARE(r.score, score);
    QCOMPARE(r.assertions.size(), 2);
    QVERIFY(r.assertions.at(0).passed);
    QVERIFY2(r.assertions.at(1).reason.startsWith(reason), qPrintable(r.assertions.at(1).reason));
    if (status == int(CaseResult::Status::Error))
        QCOMPARE(r.error, r.assertions.at(1).reason);
    // The judge went to its own model, with the answer to grade.
    const Asked judged = askedIn(m_two->requests().last());
    QCOMPARE(QJsonDocument::fromJson(m_two->requests().last().body)[u"model"_s].toString(), u"judge-model"_s);
    QVERIFY(judged.prompt.contains(u"<answer>\nHello HI\n</answer>"_s));
    // Both calls are logged under the suite.
    const auto rows = TestSupport::loggedCalls(*m_usage);
    QCOMPARE(rows.size(), 2);
    for (const auto &row : rows)
        QCOMPARE(row.project, u"judged"_s);
}

void TestEvalRunner::callFailureIsAnError()
{
    const Suite s = suite("version: 1\nname: failing\ntargets: [one/a, nowhere/x]\n"
                          "tests:\n  - prompt: please FAIL\n  - prompt: fine\n");
    const QList<CaseResult> results = run(s, newRun(s));
    QCOMPARE(results.size(), 4);
    int errors = 0;
    for (const CaseResult &r : results) {
        if (r.target == "one/a"_L1 && r.prompt == "fine"_L1) {
            QCOMPARE(r.status, CaseResult::Status::Passed); // no assertions: an answer passes
        } else {
            QCOMPARE(r.status, CaseResult::Status::Error);
            QVERIFY(!r.error.isEmpty());
            ++errors;
        }
    }
    QCOMPARE(errors, 3);
}

void TestEvalRunner::repeats()
{
    const Suite s = suite("version: 1\nname: rep\ntargets: [one/a, two/b]\nrepeats: 3\n"
                          "tests:\n  - prompt: hi\n    assert: [{type: contains, value: Hello}]\n");
    const qint64 id = newRun(s);
    QCOMPARE(run(s, id).size(), 6);
    QCOMPARE(m_one->requests().size(), 3);
    QCOMPARE(m_two->requests().size(), 3);
    const QList<EvalCell> cells = RunComparison::cells(stored(id));
    QCOMPARE(cells.size(), 2);
    QCOMPARE(cells.at(0).runs, 3);
    QCOMPARE(cells.at(0).passed, 3);
    QCOMPARE(cells.at(1).failed, 3);
}

void TestEvalRunner::concurrencyPerProvider()
{
    m_dripMs = 40;
    const Suite s = suite("version: 1\nname: limits\ntargets: [one/a]\nconcurrency: {one: 1}\n"
                          "tests: [{prompt: a}, {prompt: b}, {prompt: c}, {prompt: d}]\n");
    QCOMPARE(run(s, newRun(s)).size(), 4);
    QCOMPARE(m_maxInFlight, 1);

    m_maxInFlight = 0;
    const Suite wide = suite("version: 1\nname: limits\ntargets: [one/a]\nconcurrency: 4\n"
                             "tests: [{prompt: a}, {prompt: b}, {prompt: c}, {prompt: d}]\n");
    QCOMPARE(run(wide, newRun(wide)).size(), 4);
    QVERIFY2(m_maxInFlight > 1, qPrintable(u"%1 at once, %2 requests"_s.arg(m_maxInFlight).arg(m_one->requests().size())));
}

void TestEvalRunner::stopAndResume()
{
    m_dripMs = 20;
    const Suite s = suite("version: 1\nname: long\ntargets: [one/a]\nconcurrency: 1\n"
                          "tests: [{prompt: p1}, {prompt: p2}, {prompt: p3}, {prompt: p4}, {prompt: p5}, {prompt: p6}]\n");
    const qint64 id = newRun(s);
    const QList<CaseResult> first = run(s, id, {}, 2);
    QCOMPARE(first.size(), 2);
    // The call under way when it stopped was cancelled, not recorded.
    const int sentBefore = int(m_one->requests().size());
    QVERIFY(sentBefore <= 3);
    QList<CaseResult> kept = stored(id);
    QCOMPARE(kept.size(), 2);
    {
        auto db = Usage::UsageDatabase::open(m_usage->path());
        QCOMPARE((*EvalTable(*db).run(id))->state, EvalRun::State::Stopped);
    }

    QSet<QString> done;
    for (const CaseResult &r : std::as_const(kept))
        done.insert(r.workKey());
    const QList<CaseResult> rest = run(s, id, done);
    QCOMPARE(rest.size(), 4);
    // Only what was not done was sent again.
    QStringList prompts;
    for (qsizetype i = sentBefore; i < m_one->requests().size(); ++i)
        prompts.append(askedIn(m_one->requests().at(i)).prompt);
    for (const CaseResult &r : std::as_const(kept))
        QVERIFY(!prompts.contains(r.prompt));
    QCOMPARE(prompts.size(), 4);
    QCOMPARE(stored(id).size(), 6);
}

void TestEvalRunner::baselineRegression()
{
    const QByteArray yaml = "version: 1\nname: base\ntargets: [one/a]\n"
                            "tests:\n  - {description: greets, prompt: hi, assert: [{type: contains, value: Hello}]}\n"
                            "  - {description: shouts, prompt: yo, assert: [{type: contains, value: \"yo\"}]}\n";
    const Suite s = suite(yaml);
    const qint64 baseline = newRun(s);
    run(s, baseline);
    // The model changed its ways: it no longer greets, and it now whispers.
    m_one->setResponder([](const RecordedRequest &request) {
        return TestSupport::OpenAiReplies::text({askedIn(request).prompt == "hi"_L1 ? u"Hi"_s : u"YO yo"_s});
    });
    const Suite s2 = suite(yaml);
    const qint64 current = newRun(s2);
    run(s2, current);
    const QList<EvalCell> cells = RunComparison::compare(stored(current), stored(baseline));
    QCOMPARE(cells.size(), 2);
    QCOMPARE(cells.at(0).caseKey, u"greets"_s);
    QCOMPARE(cells.at(0).change, EvalCell::Change::Regressed);
    QCOMPARE(cells.at(1).change, EvalCell::Change::Improved);
}

QTEST_GUILESS_MAIN(TestEvalRunner)
#include "tst_evalrunner.moc"
