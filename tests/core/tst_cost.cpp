// What a call costs: costOf() on made-up models whose prices do not move when
// the bundled catalog is updated, the provider-reported path and estimates.

#include "catalog/cost.h"

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace Switchyard::Catalog;

namespace {

constexpr qint64 Unknown = -1;

std::optional<qint64> usd(double perMillion)
{
    return Price::fromUsdPerMillion(perMillion);
}

ModelInfo testModel(const QString &name)
{
    ModelInfo m;
    m.provider = u"test"_s;
    m.id = name;
    if (name == u"flat") // shaped like GPT-4o
        m.price = {usd(2.5), usd(10), usd(1.25), std::nullopt};
    else if (name == u"nocache")
        m.price = {usd(1), usd(2), std::nullopt, std::nullopt};
    else if (name == u"thinker") // a separate reasoning price, as Gemini 2.5 Flash previews had
        m.price = {usd(0.15), usd(0.6), std::nullopt, usd(3.5)};
    else if (name == u"free")
        m.price = {usd(0), usd(0), usd(0), std::nullopt};
    else if (name == u"nooutput")
        m.price = {usd(1), std::nullopt, std::nullopt, std::nullopt};
    else if (name == u"tiny") // a 400 pico-dollar token, to watch the rounding
        m.price = {usd(0.0004), usd(0.0004), usd(0.0005), std::nullopt};
    else if (name == u"writer") // a write price of its own, as OpenRouter lists for Gemini
        m.price = {usd(1.25), usd(10), usd(0.31), std::nullopt, usd(1.625)};
    // Anthropic's models: the 5-minute write price from the catalog, or else
    // by Anthropic's rule, as is the 1-hour one.
    else if (name == u"claude-sonnet-4") { // as in the bundled catalog
        m.provider = u"anthropic"_s;
        m.price = {usd(3), usd(15), usd(0.3), std::nullopt, usd(3.75)};
    } else if (name == u"claude-bare") {
        m.provider = u"anthropic"_s;
        m.price = {usd(3), usd(15), usd(0.3), std::nullopt};
    } else if (name == u"anthropic/claude-bare") { // an OpenRouter import without input_cache_write
        m.provider = u"openrouter"_s;
        m.price = {usd(3), usd(15), usd(0.3), std::nullopt};
    } else if (name == u"openai/gpt-bare") {
        m.provider = u"openrouter"_s;
        m.price = {usd(3), usd(15), usd(0.3), std::nullopt};
    } else if (name == u"claude-tiny") { // 2 pico-dollars a token: 1.25× is 2.5
        m.provider = u"anthropic"_s;
        m.price = {usd(0.000002), usd(0.000002), std::nullopt, std::nullopt};
    } else if (name == u"claude-noinput") {
        m.provider = u"anthropic"_s;
        m.price = {std::nullopt, usd(15), std::nullopt, std::nullopt};
    }
    return m;
}

} // namespace

class TestCost final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void costOf_data();
    void costOf();
    void cacheWritePrice_data();
    void cacheWritePrice();
    void unknownIsNotZero();
    void providerReported_data();
    void providerReported();
    void estimateTokens_data();
    void estimateTokens();
    void estimatedCost();
};

void TestCost::costOf_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("cachedInput");
    QTest::addColumn<qint64>("cacheWrite5m");
    QTest::addColumn<qint64>("cacheWrite1h");
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("reasoning");
    QTest::addColumn<bool>("reasoningInOutput");
    QTest::addColumn<qint64>("nanoUsd");
    QTest::addColumn<bool>("estimated");

    // Rows without cache writes.
    const auto row = [](const char *name, const QString &m, qint64 in, qint64 cached, qint64 out,
                        qint64 reasoning, bool inOutput, qint64 nano, bool estimated) {
        QTest::newRow(name) << m << in << cached << qint64{0} << qint64{0} << out << reasoning << inOutput
                            << nano << estimated;
    };
    // Rows with every prompt kind; reasoning included in output, as Anthropic reports it.
    const auto cacheRow = [](const char *name, const QString &m, qint64 in, qint64 cached, qint64 write5m,
                             qint64 write1h, qint64 out, qint64 nano, bool estimated) {
        QTest::newRow(name) << m << in << cached << write5m << write1h << out << qint64{0} << true << nano
                            << estimated;
    };
    // 1000 × $2.50/M + 500 × $10/M = $0.0075
    row("input and output", u"flat"_s, 1000, 0, 500, 0, true, 7'500'000, false);
    row("cache reads at the cache price", u"flat"_s, 1000, 2000, 0, 0, true, 5'000'000, false);
    row("cache reads without a cache price", u"nocache"_s, 0, 1000, 0, 0, true, 1'000'000, true);
    // Reasoning without a price of its own is output: counted once when output
    // includes it, added when the provider reports it apart.
    row("reasoning inside output", u"flat"_s, 100, 0, 1500, 1000, true, 15'250'000, false);
    row("reasoning apart from output", u"flat"_s, 100, 0, 500, 1000, false, 15'250'000, false);
    // 600 × $0.60/M + 400 × $3.50/M
    row("reasoning price, inside output", u"thinker"_s, 0, 0, 1000, 400, true, 1'760'000, false);
    row("reasoning price, apart from output", u"thinker"_s, 0, 0, 600, 400, false, 1'760'000, false);
    row("reasoning over output", u"thinker"_s, 0, 0, 100, 400, true, 1'400'000, false);
    row("free model", u"free"_s, 5000, 100, 5000, 0, true, 0, false);
    row("no tokens, missing price", u"nooutput"_s, 0, 0, 0, 0, true, 0, false);
    row("input only, missing output price", u"nooutput"_s, 10, 0, 0, 0, true, 10'000, false);
    row("missing output price", u"nooutput"_s, 10, 0, 10, 0, true, Unknown, false);
    row("cache reads at the input price, no output price", u"nooutput"_s, 0, 10, 0, 0, true, 10'000, true);
    row("below half a nano-dollar", u"tiny"_s, 1, 0, 0, 0, true, 0, false);
    row("half a nano-dollar rounds up", u"tiny"_s, 0, 1, 0, 0, true, 1, false);
    row("summed before rounding", u"tiny"_s, 1, 0, 1, 0, true, 1, false);
    row("long call", u"flat"_s, 200'000, 0, 100'000, 0, true, 1'500'000'000, false);
    row("negative count", u"flat"_s, -1, 0, 0, 0, true, Unknown, false);
    row("absurd count", u"flat"_s, std::numeric_limits<qint64>::max(), 0, 0, 0, true, Unknown, false);

    // claude-sonnet-4, $3/M input, $15/M output, reads $0.30/M, 5-minute
    // writes $3.75/M: 1000 uncached × 3 000 000 + 2000 written × 3 750 000
    // + 3000 read × 300 000 + 500 out × 15 000 000 pico-dollars
    // = 3.0e9 + 7.5e9 + 0.9e9 + 7.5e9 = 18.9e9 pico = 18 900 000 nano = $0.0189.
    cacheRow("claude-sonnet-4, every kind", u"claude-sonnet-4"_s, 1000, 3000, 2000, 0, 500, 18'900'000,
             false);
    // The same with the writes for an hour, at 2× input (6 000 000 pico):
    // 3.0e9 + 12.0e9 + 0.9e9 + 7.5e9 = 23.4e9 pico.
    cacheRow("claude-sonnet-4, 1-hour writes", u"claude-sonnet-4"_s, 1000, 3000, 0, 2000, 500, 23'400'000,
             false);
    // 1000 × 3.75 + 1000 × 6 µ$ = $0.00975.
    cacheRow("claude-sonnet-4, writes of both lifetimes", u"claude-sonnet-4"_s, 0, 0, 1000, 1000, 0,
             9'750'000, false);
    // No write price in the catalog: Anthropic's rule gives the same figures, exact.
    cacheRow("Anthropic rule, every kind", u"claude-bare"_s, 1000, 3000, 2000, 0, 500, 18'900'000, false);
    cacheRow("Anthropic rule, 1-hour writes", u"claude-bare"_s, 1000, 3000, 0, 2000, 500, 23'400'000, false);
    cacheRow("Anthropic rule through OpenRouter", u"anthropic/claude-bare"_s, 1000, 3000, 2000, 0, 500,
             18'900'000, false);
    // 1000 × round(2.5) = 3000 pico = 3 nano; 1000 × 4 pico = 4 nano.
    cacheRow("Anthropic rule rounds the price half up", u"claude-tiny"_s, 0, 0, 1000, 0, 0, 3, false);
    cacheRow("Anthropic rule, 1-hour at twice input", u"claude-tiny"_s, 0, 0, 0, 1000, 0, 4, false);
    cacheRow("Anthropic rule needs an input price", u"claude-noinput"_s, 0, 0, 1000, 0, 0, Unknown, false);
    // Other providers: no rule; writes at the input price, estimated.
    // 1000 × $2.50/M + 2000 × $2.50/M + 500 × $10/M = $0.0125
    cacheRow("writes without a write price", u"flat"_s, 1000, 0, 2000, 0, 500, 12'500'000, true);
    cacheRow("1-hour writes without a price", u"flat"_s, 0, 0, 0, 2000, 0, 5'000'000, true);
    cacheRow("OpenRouter, not Anthropic: no rule", u"openai/gpt-bare"_s, 0, 0, 1000, 0, 0, 3'000'000, true);
    cacheRow("reads and writes both guessed", u"nocache"_s, 0, 1000, 1000, 0, 0, 2'000'000, true);
    // A write price of its own: exact for 5-minute writes (1000 × $1.625/M);
    // the 1-hour ones, which that provider does not have, at the input price.
    cacheRow("own write price", u"writer"_s, 0, 0, 1000, 0, 0, 1'625'000, false);
    cacheRow("own write price, 1-hour writes", u"writer"_s, 0, 0, 0, 1000, 0, 1'250'000, true);
    cacheRow("writes, no price at all", u"claude-noinput"_s, 0, 0, 0, 10, 0, Unknown, false);
    cacheRow("negative write count", u"claude-sonnet-4"_s, 0, 0, -1, 0, 0, Unknown, false);
    cacheRow("absurd write count", u"claude-sonnet-4"_s, 0, 0, 0, std::numeric_limits<qint64>::max(), 0,
             Unknown, false);
    cacheRow("free model, writes", u"free"_s, 0, 0, 1000, 1000, 0, 0, true);
}

void TestCost::costOf()
{
    QFETCH(QString, model);
    QFETCH(qint64, input);
    QFETCH(qint64, cachedInput);
    QFETCH(qint64, cacheWrite5m);
    QFETCH(qint64, cacheWrite1h);
    QFETCH(qint64, output);
    QFETCH(qint64, reasoning);
    QFETCH(bool, reasoningInOutput);
    QFETCH(qint64, nanoUsd);
    QFETCH(bool, estimated);

    TokenCounts tokens;
    tokens.input = input;
    tokens.cachedInput = cachedInput;
    tokens.cacheWrite5m = cacheWrite5m;
    tokens.cacheWrite1h = cacheWrite1h;
    tokens.output = output;
    tokens.reasoning = reasoning;
    tokens.reasoningIncludedInOutput = reasoningInOutput;
    const Cost cost = Switchyard::Catalog::costOf(testModel(model), tokens);

    if (nanoUsd == Unknown) {
        QVERIFY2(!cost.isKnown(), qPrintable(QString::number(cost.nanoUsd.value_or(0))));
        QVERIFY(!cost.reason.isEmpty());
        return;
    }
    QVERIFY2(cost.isKnown(), qPrintable(cost.reason));
    QCOMPARE(*cost.nanoUsd, nanoUsd);
    QCOMPARE(cost.estimated, estimated);
    QCOMPARE(cost.reason.isEmpty(), !estimated);
}

void TestCost::cacheWritePrice_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("fiveMinutes"); // pico-dollars a token; Unknown: none
    QTest::addColumn<qint64>("oneHour");

    QTest::newRow("the catalog's price") << u"claude-sonnet-4"_s << qint64{3'750'000} << qint64{6'000'000};
    QTest::newRow("Anthropic's rule") << u"claude-bare"_s << qint64{3'750'000} << qint64{6'000'000};
    QTest::newRow("Anthropic through OpenRouter")
        << u"anthropic/claude-bare"_s << qint64{3'750'000} << qint64{6'000'000};
    QTest::newRow("rounded half up") << u"claude-tiny"_s << qint64{3} << qint64{4};
    QTest::newRow("no input price") << u"claude-noinput"_s << Unknown << Unknown;
    QTest::newRow("another provider's own price") << u"writer"_s << qint64{1'625'000} << Unknown;
    QTest::newRow("another provider without one") << u"flat"_s << Unknown << Unknown;
    QTest::newRow("another vendor through OpenRouter") << u"openai/gpt-bare"_s << Unknown << Unknown;
}

void TestCost::cacheWritePrice()
{
    QFETCH(QString, model);
    QFETCH(qint64, fiveMinutes);
    QFETCH(qint64, oneHour);

    const ModelInfo info = testModel(model);
    QCOMPARE(Switchyard::Catalog::cacheWritePrice(info, CacheLifetime::FiveMinutes).value_or(Unknown),
             fiveMinutes);
    QCOMPARE(Switchyard::Catalog::cacheWritePrice(info, CacheLifetime::OneHour).value_or(Unknown), oneHour);
}

void TestCost::unknownIsNotZero()
{
    TokenCounts tokens;
    tokens.output = 10;
    const Cost unknown = Switchyard::Catalog::costOf(testModel(u"nooutput"_s), tokens);
    const Cost zero = Switchyard::Catalog::costOf(testModel(u"free"_s), tokens);
    QVERIFY(!unknown.isKnown());
    QVERIFY(zero.isKnown());
    QCOMPARE(*zero.nanoUsd, qint64{0});
    QVERIFY(unknown.nanoUsd != zero.nanoUsd);
    QVERIFY(!Cost{}.isKnown());
}

void TestCost::providerReported_data()
{
    QTest::addColumn<double>("usd");
    QTest::addColumn<qint64>("nanoUsd");

    QTest::newRow("typical") << 0.0123 << qint64{12'300'000};
    QTest::newRow("tiny") << 0.000000042 << qint64{42};
    QTest::newRow("free") << 0.0 << qint64{0};
    QTest::newRow("negative") << -0.5 << Unknown;
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << Unknown;
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << Unknown;
}

void TestCost::providerReported()
{
    QFETCH(double, usd);
    QFETCH(qint64, nanoUsd);

    const Cost cost = Switchyard::Catalog::providerReported(usd);
    QVERIFY(!cost.estimated);
    QVERIFY(!cost.reason.isEmpty());
    if (nanoUsd == Unknown) {
        QVERIFY(!cost.isKnown());
        return;
    }
    QVERIFY(cost.isKnown());
    QCOMPARE(*cost.nanoUsd, nanoUsd);
}

void TestCost::estimateTokens_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("tokens");

    QTest::newRow("empty") << QString() << qint64{0};
    QTest::newRow("one byte") << u"a"_s << qint64{1};
    QTest::newRow("four bytes") << u"abcd"_s << qint64{1};
    QTest::newRow("five bytes") << u"abcde"_s << qint64{2};
    QTest::newRow("English") << u"The quick brown fox jumps over the lazy dog."_s << qint64{11};
    QTest::newRow("CJK, three bytes a character") << u"日本語のテキスト"_s << qint64{6};
    QTest::newRow("long") << QString(4000, u'x') << qint64{1000};
}

void TestCost::estimateTokens()
{
    QFETCH(QString, text);
    QFETCH(qint64, tokens);

    QCOMPARE(Switchyard::Catalog::estimateTokens(text), tokens);
}

void TestCost::estimatedCost()
{
    const Cost cost = estimatedCostOf(testModel(u"flat"_s), QString(4000, u'p'), QString(2000, u'c'));
    QVERIFY(cost.isKnown());
    QCOMPARE(*cost.nanoUsd, qint64{7'500'000});
    QVERIFY(cost.estimated);
    QVERIFY(cost.reason.contains(u"estimated"));

    const Cost unknown = estimatedCostOf(testModel(u"nooutput"_s), u"prompt"_s, u"completion"_s);
    QVERIFY(!unknown.isKnown());
    QVERIFY(!unknown.reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
