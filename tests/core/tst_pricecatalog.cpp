// The price catalog: the bundled file, lookups, the OpenRouter import and the
// user's overrides on disk, including files that are not what they should be.

#include "catalog/pricecatalog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Switchyard::Catalog;

namespace {

template<typename T>
QByteArray why(const std::expected<T, Error> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

std::optional<qint64> usd(double perMillion)
{
    return Price::fromUsdPerMillion(perMillion);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

QByteArray openRouterSample()
{
    return readFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/openrouter-models.json"_s);
}

// The sample with one model's entry changed by `edit`.
template<typename Edit>
QByteArray editedSample(const QString &id, Edit edit)
{
    QJsonObject root = QJsonDocument::fromJson(openRouterSample()).object();
    QJsonArray data = root.value(u"data").toArray();
    for (qsizetype i = 0; i < data.size(); ++i) {
        QJsonObject entry = data.at(i).toObject();
        if (entry.value(u"id").toString() == id) {
            edit(entry);
            data.replace(i, entry);
        }
    }
    root.insert(u"data"_s, data);
    return QJsonDocument(root).toJson();
}

QByteArray catalogWith(const char *entries)
{
    return QByteArray(R"({"prices_taken": "test", "models": [)") + entries + "]}";
}

constexpr qint64 None = -1;

} // namespace

class TestPriceCatalog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bundledLoads();
    void bundledHasMainModels_data();
    void bundledHasMainModels();
    void lookup_data();
    void lookup();
    void malformedCatalog_data();
    void malformedCatalog();

    void importSummary_data();
    void importSummary();
    void importedEntries_data();
    void importedEntries();
    void reimport();
    void importTakesOverFallback();
    void malformedImport_data();
    void malformedImport();

    void overridesPersist();
    void overridesFromEarlierVersions();
    void keptImportComesBack();
    void overrideBeforeLoadKeepsFile();
    void overrideNeedsPrices();
    void corruptOverridesSetAside_data();
    void corruptOverridesSetAside();
};

// --- The bundled catalog --------------------------------------------------------

void TestPriceCatalog::bundledLoads()
{
    PriceCatalog catalog({});
    const auto loaded = catalog.loadBundled();
    QVERIFY2(loaded, why(loaded).constData());
    QVERIFY(!catalog.pricesTaken().isEmpty());
    const QList<ModelInfo> models = catalog.models();
    QVERIFY(models.size() >= 20);
    for (const ModelInfo &model : models) {
        const QByteArray name = (model.provider + u'/' + model.id).toUtf8();
        QVERIFY2(model.price.input.value_or(0) > 0, name.constData());
        QVERIFY2(model.price.output.value_or(0) > 0, name.constData());
        QVERIFY2(model.contextLength > 0, name.constData());
        QVERIFY2(!model.displayName.isEmpty(), name.constData());
        QCOMPARE(model.priceSource, PriceSource::Bundled);
        // A cache read is never dearer than the input it replaces; a write
        // never cheaper.
        QVERIFY2(model.price.cachedInput.value_or(0) <= *model.price.input, name.constData());
        QVERIFY2(model.price.cacheWrite.value_or(*model.price.input) >= *model.price.input, name.constData());
        // Anthropic's rule: reads 0.1× input, 5-minute writes 1.25×. Only
        // Anthropic has a write price of its own.
        if (model.provider == u"anthropic") {
            QCOMPARE(model.price.cachedInput.value_or(None), *model.price.input / 10);
            QCOMPARE(model.price.cacheWrite.value_or(None), *model.price.input * 5 / 4);
        } else {
            QVERIFY2(!model.price.cacheWrite, name.constData());
        }
    }
}

void TestPriceCatalog::bundledHasMainModels_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("id");

    const std::pair<const char *, const char *> models[] = {
        {"openai", "gpt-4o"},
        {"openai", "gpt-4o-mini"},
        {"openai", "gpt-4.1"},
        {"openai", "gpt-4.1-mini"},
        {"openai", "gpt-4.1-nano"},
        {"openai", "o3"},
        {"openai", "o4-mini"},
        {"anthropic", "claude-opus-4-0"},
        {"anthropic", "claude-sonnet-4-0"},
        {"anthropic", "claude-3-5-haiku-latest"},
        {"gemini", "gemini-2.5-pro"},
        {"gemini", "gemini-2.5-flash"},
        {"gemini", "gemini-2.0-flash"},
        {"mistral", "mistral-large-latest"},
        {"mistral", "mistral-small-latest"},
        {"deepseek", "deepseek-chat"},
        {"deepseek", "deepseek-reasoner"},
        {"groq", "llama-3.3-70b-versatile"},
        {"xai", "grok-3"},
        {"xai", "grok-3-mini"},
    };
    for (const auto &[provider, id] : models)
        QTest::addRow("%s %s", provider, id) << QString::fromLatin1(provider) << QString::fromLatin1(id);
}

void TestPriceCatalog::bundledHasMainModels()
{
    QFETCH(QString, provider);
    QFETCH(QString, id);

    PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    const std::optional<ModelInfo> model = catalog.find(provider, id);
    QVERIFY(model);
    QCOMPARE(model->provider, provider);
}

void TestPriceCatalog::lookup_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("foundProvider"); // empty: not found
    QTest::addColumn<QString>("foundId");

    const auto row = [](const char *name, const QString &provider, const QString &id,
                        const QString &foundProvider, const QString &foundId) {
        QTest::newRow(name) << provider << id << foundProvider << foundId;
    };
    const QString none;
    row("exact", u"openai"_s, u"gpt-4o"_s, u"openai"_s, u"gpt-4o"_s);
    row("case and spaces", u" OpenAI "_s, u"GPT-4o "_s, u"openai"_s, u"gpt-4o"_s);
    row("dated snapshot", u"openai"_s, u"gpt-4o-2024-11-20"_s, u"openai"_s, u"gpt-4o"_s);
    row("Anthropic alias", u"anthropic"_s, u"claude-sonnet-4-0"_s, u"anthropic"_s,
        u"claude-sonnet-4-20250514"_s);
    row("mixed-case id", u"together"_s, u"meta-llama/llama-3.3-70b-instruct-turbo"_s, u"together"_s,
        u"meta-llama/Llama-3.3-70B-Instruct-Turbo"_s);
    row("id with a slash", u"groq"_s, u"meta-llama/llama-4-scout-17b-16e-instruct"_s, u"groq"_s,
        u"meta-llama/llama-4-scout-17b-16e-instruct"_s);
    row("OpenRouter to OpenAI", u"openrouter"_s, u"openai/gpt-4o"_s, u"openai"_s, u"gpt-4o"_s);
    row("OpenRouter to Anthropic", u"openrouter"_s, u"anthropic/claude-3.5-haiku"_s, u"anthropic"_s,
        u"claude-3-5-haiku-20241022"_s);
    row("OpenRouter to Gemini", u"openrouter"_s, u"google/gemini-2.5-pro"_s, u"gemini"_s,
        u"gemini-2.5-pro"_s);
    row("OpenRouter to xAI", u"openrouter"_s, u"x-ai/grok-3-mini"_s, u"xai"_s, u"grok-3-mini"_s);
    row("OpenRouter variant", u"openrouter"_s, u"openai/gpt-4o:free"_s, none, none);
    row("OpenRouter open weights", u"openrouter"_s, u"deepseek/deepseek-chat"_s, none, none);
    row("OpenRouter Llama", u"openrouter"_s, u"meta-llama/llama-3.3-70b-instruct"_s, none, none);
    row("OpenRouter no vendor", u"openrouter"_s, u"/gpt-4o"_s, none, none);
    row("vendor prefix elsewhere", u"openai"_s, u"openai/gpt-4o"_s, none, none);
    row("wrong provider", u"gemini"_s, u"gpt-4o"_s, none, none);
    row("empty", none, none, none, none);
}

void TestPriceCatalog::lookup()
{
    QFETCH(QString, provider);
    QFETCH(QString, id);
    QFETCH(QString, foundProvider);
    QFETCH(QString, foundId);

    PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    const std::optional<ModelInfo> model = catalog.find(provider, id);
    if (foundProvider.isEmpty()) {
        QVERIFY2(!model, qPrintable(model ? model->provider + u'/' + model->id : QString()));
        return;
    }
    QVERIFY(model);
    QCOMPARE(model->provider, foundProvider);
    QCOMPARE(model->id, foundId);
}

void TestPriceCatalog::malformedCatalog_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("not JSON") << QByteArray("{\n  \"prices_taken\": \"x\",\n  \"models\": [\n"
                                            "    {\"id\": \"a\",, }\n]}")
                              << Error::Kind::Syntax << u"line 4, column "_s;
    QTest::newRow("not an object") << QByteArray("[]") << Error::Kind::Invalid << u"JSON object"_s;
    QTest::newRow("no date") << QByteArray(R"({"models": []})") << Error::Kind::Invalid << u"prices_taken"_s;
    QTest::newRow("no models") << QByteArray(R"({"prices_taken": "x"})") << Error::Kind::Invalid
                               << u"models must be an array"_s;
    QTest::newRow("no id") << catalogWith(R"({"provider": "openai"})") << Error::Kind::Invalid
                           << u"model #1: id must be a non-empty string"_s;
    QTest::newRow("no price") << catalogWith(R"({"provider": "openai", "id": "gpt-x", "context_length": 8})")
                              << Error::Kind::Invalid << u"model 'gpt-x' (openai): price must be an object"_s;
    QTest::newRow("price as a string")
        << catalogWith(R"({"provider": "openai", "id": "gpt-x", "price": {"input": "1", "output": 2}})")
        << Error::Kind::Invalid << u"model 'gpt-x' (openai): price.input must be a number or null"_s;
    QTest::newRow("negative price")
        << catalogWith(R"({"provider": "openai", "id": "gpt-x", "price": {"input": 1, "output": -2}})")
        << Error::Kind::Invalid << u"model 'gpt-x' (openai): price.output is not a usable price"_s;
    QTest::newRow("no output price")
        << catalogWith(R"({"provider": "openai", "id": "gpt-x", "price": {"input": 1}, "context_length": 8})")
        << Error::Kind::Invalid << u"price.input and price.output are required"_s;
    QTest::newRow("no context length")
        << catalogWith(R"({"provider": "openai", "id": "gpt-x", "price": {"input": 1, "output": 2}})")
        << Error::Kind::Invalid << u"model 'gpt-x' (openai): context_length must be a positive integer"_s;
    QTest::newRow("unknown capability")
        << catalogWith(R"({"provider": "openai", "id": "gpt-x", "price": {"input": 1, "output": 2},
                          "context_length": 8, "capabilities": ["telepathy"]})")
        << Error::Kind::Invalid << u"unknown capability 'telepathy'"_s;
    QTest::newRow("alias taken") << catalogWith(R"(
            {"provider": "openai", "id": "gpt-x", "price": {"input": 1, "output": 2}, "context_length": 8},
            {"provider": "openai", "id": "gpt-y", "aliases": ["GPT-X"], "price": {"input": 1, "output": 2},
             "context_length": 8})")
                                 << Error::Kind::Invalid
                                 << u"model 'gpt-y' (openai): 'gpt-x' names another entry"_s;
}

void TestPriceCatalog::malformedCatalog()
{
    QFETCH(QByteArray, json);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, message);

    PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    const QString taken = catalog.pricesTaken();
    const auto loaded = catalog.loadCatalog(json);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().kind, kind);
    QVERIFY2(loaded.error().message.contains(message), qPrintable(loaded.error().message));
    // A bad file changes nothing.
    QCOMPARE(catalog.pricesTaken(), taken);
    QVERIFY(catalog.find(u"openai"_s, u"gpt-4o"_s));
}

// --- The OpenRouter import ------------------------------------------------------

void TestPriceCatalog::importSummary_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("reason"); // empty: added

    const char *const added[] = {
        "openai/gpt-4o",
        "openai/gpt-4o-mini",
        "openai/o3",
        "anthropic/claude-sonnet-4",
        "anthropic/claude-3.5-haiku",
        "google/gemini-2.5-pro",
        "google/gemini-2.5-flash-preview-05-20:thinking",
        "google/gemini-2.0-flash-exp:free",
        "google/gemini-pro-1.5",
        "deepseek/deepseek-r1-0528:free",
        "deepseek/deepseek-chat-v3-0324",
        "meta-llama/llama-3.3-70b-instruct",
        "mistralai/mistral-large-2411",
        "x-ai/grok-3-mini",
    };
    for (const char *id : added)
        QTest::newRow(id) << QString::fromLatin1(id) << QString();
    QTest::newRow("variable price") << u"openrouter/auto"_s << u"price unknown"_s;
    QTest::newRow("completion unknown") << u"cognitivecomputations/dolphin-mixtral-8x22b"_s
                                        << u"price unknown"_s;
    QTest::newRow("no pricing") << u"undi95/remm-slerp-l2-13b"_s << u"no pricing"_s;
    QTest::newRow("price not a number") << u"acme/broken-price"_s
                                        << u"pricing.prompt is not a number: \"free\""_s;
    QTest::newRow("negative price") << u"acme/negative-price"_s << u"pricing.prompt is not a usable price"_s;
    QTest::newRow("no id") << u"#13"_s << u"no id"_s;
}

void TestPriceCatalog::importSummary()
{
    QFETCH(QString, id);
    QFETCH(QString, reason);

    PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    const auto summary = catalog.importOpenRouter(openRouterSample());
    QVERIFY2(summary, why(summary).constData());
    QCOMPARE(summary->added.size(), 14);
    QCOMPARE(summary->rejected.size(), 6);
    QVERIFY(summary->updated.isEmpty());
    QVERIFY(summary->unchanged.isEmpty());

    if (reason.isEmpty()) {
        QVERIFY(summary->added.contains(id));
        QVERIFY(catalog.find(u"openrouter"_s, id));
        return;
    }
    const auto rejection = std::ranges::find(summary->rejected, id, &ImportSummary::Rejection::modelId);
    QVERIFY(rejection != summary->rejected.cend());
    QVERIFY2(rejection->reason.contains(reason), qPrintable(rejection->reason));
    QVERIFY(!catalog.find(u"openrouter"_s, id));
}

void TestPriceCatalog::importedEntries_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<qint64>("input"); // micro-dollars per million tokens; None: not known
    QTest::addColumn<qint64>("output");
    QTest::addColumn<qint64>("cachedInput");
    QTest::addColumn<qint64>("cacheWrite");
    QTest::addColumn<qint64>("reasoning");
    QTest::addColumn<qint64>("contextLength");
    QTest::addColumn<qint64>("maxOutputTokens");
    QTest::addColumn<Capabilities>("capabilities");

    using enum Capability;
    const auto row = [](const QString &id, qint64 in, qint64 out, qint64 cached, qint64 cacheWrite,
                        qint64 reasoning, qint64 context, qint64 maxOutput, Capabilities capabilities) {
        QTest::newRow(qPrintable(id))
            << id << in << out << cached << cacheWrite << reasoning << context << maxOutput << capabilities;
    };
    // internal_reasoning "0" means "billed as completion", not "free".
    row(u"openai/gpt-4o"_s, 2'500'000, 10'000'000, 1'250'000, None, None, 128'000, 16'384,
        Tools | Vision | JsonMode);
    row(u"openai/o3"_s, 2'000'000, 8'000'000, 500'000, None, None, 200'000, 100'000,
        Tools | Vision | JsonMode | Reasoning);
    // input_cache_write: Anthropic's 5-minute writes, 1.25× input.
    row(u"anthropic/claude-sonnet-4"_s, 3'000'000, 15'000'000, 300'000, 3'750'000, None, 200'000, 64'000,
        Tools | Vision | Reasoning);
    row(u"anthropic/claude-3.5-haiku"_s, 800'000, 4'000'000, 80'000, 1'000'000, None, 200'000, 8'192,
        Tools | Vision);
    row(u"google/gemini-2.5-flash-preview-05-20:thinking"_s, 150'000, 3'500'000, 37'500, 233'300, 3'500'000,
        1'048'576, 65'535, Tools | Vision | JsonMode | Reasoning);
    row(u"google/gemini-2.0-flash-exp:free"_s, 0, 0, None, None, None, 1'048'576, 8'192,
        Tools | Vision | JsonMode);
    row(u"google/gemini-pro-1.5"_s, 1'250'000, 5'000'000, None, None, None, 2'000'000, 8'192,
        Tools | Vision | JsonMode);
    row(u"deepseek/deepseek-r1-0528:free"_s, 0, 0, None, None, None, 163'840, 0, Reasoning);
    row(u"meta-llama/llama-3.3-70b-instruct"_s, 38'000, 120'000, None, None, None, 131'072, 16'384,
        Tools | JsonMode);
    row(u"x-ai/grok-3-mini"_s, 300'000, 500'000, 75'000, None, None, 131'072, 0,
        Tools | JsonMode | Reasoning);
}

void TestPriceCatalog::importedEntries()
{
    QFETCH(QString, id);
    QFETCH(qint64, input);
    QFETCH(qint64, output);
    QFETCH(qint64, cachedInput);
    QFETCH(qint64, cacheWrite);
    QFETCH(qint64, reasoning);
    QFETCH(qint64, contextLength);
    QFETCH(qint64, maxOutputTokens);
    QFETCH(Capabilities, capabilities);

    PriceCatalog catalog({});
    QVERIFY(catalog.importOpenRouter(openRouterSample()));
    const std::optional<ModelInfo> model = catalog.find(u"openrouter"_s, id);
    QVERIFY(model);
    QCOMPARE(model->provider, u"openrouter"_s);
    QCOMPARE(model->priceSource, PriceSource::Imported);
    QCOMPARE(model->price.input.value_or(None), input);
    QCOMPARE(model->price.output.value_or(None), output);
    QCOMPARE(model->price.cachedInput.value_or(None), cachedInput);
    QCOMPARE(model->price.cacheWrite.value_or(None), cacheWrite);
    QCOMPARE(model->price.reasoning.value_or(None), reasoning);
    QCOMPARE(model->contextLength, contextLength);
    QCOMPARE(model->maxOutputTokens, maxOutputTokens);
    QCOMPARE(model->capabilities, capabilities);
}

void TestPriceCatalog::reimport()
{
    PriceCatalog catalog({});
    QVERIFY(catalog.importOpenRouter(openRouterSample()));

    const auto again = catalog.importOpenRouter(openRouterSample());
    QVERIFY(again);
    QVERIFY(again->added.isEmpty());
    QVERIFY(again->updated.isEmpty());
    QCOMPARE(again->unchanged.size(), 14);
    QCOMPARE(again->rejected.size(), 6);

    const QByteArray dearer = editedSample(u"openai/gpt-4o"_s, [](QJsonObject &entry) {
        QJsonObject pricing = entry.value(u"pricing").toObject();
        pricing.insert(u"prompt"_s, u"0.000003"_s);
        entry.insert(u"pricing"_s, pricing);
    });
    const auto changed = catalog.importOpenRouter(dearer);
    QVERIFY(changed);
    QCOMPARE(changed->updated.size(), 1);
    const ImportSummary::Change &change = changed->updated.first();
    QCOMPARE(change.modelId, u"openai/gpt-4o"_s);
    QCOMPARE(change.before.input, usd(2.5));
    QCOMPARE(change.after.input, usd(3));
    QCOMPARE(change.after.output, change.before.output);
    QCOMPARE(changed->unchanged.size(), 13);
    QCOMPARE(catalog.find(u"openrouter"_s, u"openai/gpt-4o"_s)->price.input, usd(3));

    // A new name alone is applied, but it is not a price change.
    const QByteArray renamed = editedSample(u"meta-llama/llama-3.3-70b-instruct"_s, [](QJsonObject &entry) {
        entry.insert(u"name"_s, u"Llama 3.3 70B"_s);
    });
    const auto quiet = catalog.importOpenRouter(renamed);
    QVERIFY(quiet);
    QCOMPARE(quiet->updated.size(), 1); // gpt-4o goes back to the sample's price
    QCOMPARE(quiet->updated.first().modelId, u"openai/gpt-4o"_s);
    QVERIFY(quiet->unchanged.contains(u"meta-llama/llama-3.3-70b-instruct"_s));
    QCOMPARE(catalog.find(u"openrouter"_s, u"meta-llama/llama-3.3-70b-instruct"_s)->displayName,
             u"Llama 3.3 70B"_s);
}

void TestPriceCatalog::importTakesOverFallback()
{
    PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    QCOMPARE(catalog.find(u"openrouter"_s, u"openai/gpt-4o"_s)->provider, u"openai"_s);
    QVERIFY(catalog.importOpenRouter(openRouterSample()));
    QCOMPARE(catalog.find(u"openrouter"_s, u"openai/gpt-4o"_s)->provider, u"openrouter"_s);
    // Not in the sample: still the vendor's entry.
    QCOMPARE(catalog.find(u"openrouter"_s, u"openai/gpt-4.1"_s)->provider, u"openai"_s);
}

void TestPriceCatalog::malformedImport_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("truncated") << QByteArray("{\"data\": [\n  {\"id\": \"openai/gpt-4o\",")
                               << Error::Kind::Syntax << u"OpenRouter model list: line 2, column "_s;
    QTest::newRow("HTML error page") << QByteArray("<html>Bad gateway</html>") << Error::Kind::Syntax
                                     << u"line 1, column "_s;
    QTest::newRow("no data") << QByteArray(R"({"error": {"message": "unauthorised"}})")
                             << Error::Kind::Invalid << u"data must be an array"_s;
}

void TestPriceCatalog::malformedImport()
{
    QFETCH(QByteArray, json);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, message);

    PriceCatalog catalog({});
    QVERIFY(catalog.importOpenRouter(openRouterSample()));
    const auto summary = catalog.importOpenRouter(json);
    QVERIFY(!summary);
    QCOMPARE(summary.error().kind, kind);
    QVERIFY2(summary.error().message.contains(message), qPrintable(summary.error().message));
    QVERIFY(catalog.find(u"openrouter"_s, u"openai/gpt-4o"_s));
}

// --- Overrides ------------------------------------------------------------------

void TestPriceCatalog::keptImportComesBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray sample = openRouterSample();
    QString someId;
    {
        PriceCatalog catalog(dir.path());
        QVERIFY(catalog.loadAll().isEmpty());
        const auto summary = catalog.importOpenRouter(sample);
        QVERIFY(summary && !summary->added.isEmpty());
        someId = summary->added.first();
        QVERIFY(catalog.keepImport(sample));
    }
    {
        PriceCatalog catalog(dir.path());
        QVERIFY(catalog.loadAll().isEmpty());
        QVERIFY2(catalog.find(u"openrouter"_s, someId), qPrintable(someId));
    }
    // A damaged kept import is set aside; bundled prices still load.
    QVERIFY(writeFile(dir.filePath(u"openrouter-models.json"_s), "{ not json"));
    PriceCatalog catalog(dir.path());
    const QList<Error> problems = catalog.loadAll();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().message.contains(u"renamed to"_s), qPrintable(problems.first().message));
    QVERIFY(!QFile::exists(dir.filePath(u"openrouter-models.json"_s)));
    QVERIFY(!catalog.find(u"openrouter"_s, someId) || catalog.find(u"openrouter"_s, someId)->priceSource != PriceSource::Imported);
    QVERIFY(catalog.find(u"openai"_s, u"gpt-4o"_s));
}

void TestPriceCatalog::overridesPersist()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(u"data"_s); // not made yet: saving makes it
    Price mine;
    mine.input = usd(1);
    mine.output = usd(2);
    mine.cacheWrite = usd(1.25);
    Price local;
    local.input = usd(0);
    local.output = usd(0);
    {
        PriceCatalog catalog(dataDir);
        QVERIFY(catalog.loadBundled());
        QVERIFY(catalog.loadOverrides());
        // Set through an alias, kept under the entry's own id.
        const auto set = catalog.setOverride(u"OpenAI"_s, u"gpt-4o-2024-08-06"_s, mine);
        QVERIFY2(set, why(set).constData());
        QVERIFY(catalog.setOverride(u"ollama"_s, u"llama3.2"_s, local));
        QCOMPARE(catalog.find(u"openai"_s, u"gpt-4o"_s)->price, mine);
    }
    QVERIFY(QFile::exists(dataDir + u"/price-overrides.json"_s));
    {
        PriceCatalog catalog(dataDir);
        QVERIFY(catalog.loadBundled());
        QVERIFY(catalog.loadOverrides());
        const std::optional<ModelInfo> model = catalog.find(u"openai"_s, u"gpt-4o"_s);
        QCOMPARE(model->price, mine);
        QCOMPARE(model->priceSource, PriceSource::Override);
        QCOMPARE(model->contextLength, qint64{128'000}); // the rest of the entry stays
        // The override follows the entry through the OpenRouter fallback.
        QCOMPARE(catalog.find(u"openrouter"_s, u"openai/gpt-4o"_s)->price, mine);
        // A model the catalog does not know, known from its override alone.
        const std::optional<ModelInfo> own = catalog.find(u"ollama"_s, u"llama3.2"_s);
        QVERIFY(own);
        QCOMPARE(own->price, local);
        const auto isOwn = [](const ModelInfo &m) { return m.id == u"llama3.2"; };
        QVERIFY(std::ranges::any_of(catalog.models(), isOwn));

        QVERIFY(catalog.removeOverride(u"openai"_s, u"gpt-4o"_s));
    }
    {
        PriceCatalog catalog(dataDir);
        QVERIFY(catalog.loadBundled());
        QVERIFY(catalog.loadOverrides());
        QCOMPARE(catalog.find(u"openai"_s, u"gpt-4o"_s)->priceSource, PriceSource::Bundled);
        QVERIFY(catalog.find(u"ollama"_s, u"llama3.2"_s));
    }
}

void TestPriceCatalog::overridesFromEarlierVersions()
{
    // Written before cache_write existed: it loads, the write price empty
    // (costOf() then applies Anthropic's rule). Unknown fields, as a later
    // version may write, are passed over.
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"price-overrides.json"_s), R"({"overrides": [
        {"provider": "anthropic", "id": "claude-sonnet-4-20250514",
         "price": {"input": 2, "output": 10, "cached_input": 0.2, "reasoning": null}},
        {"provider": "openai", "id": "gpt-4o",
         "price": {"input": 2, "output": 8, "cached_input": null, "cache_write": 2.5, "later_field": 4}}]})"));
    PriceCatalog catalog(dir.path());
    QVERIFY(catalog.loadBundled());
    const auto loaded = catalog.loadOverrides();
    QVERIFY2(loaded, why(loaded).constData());
    const Price old = catalog.find(u"anthropic"_s, u"claude-sonnet-4-0"_s)->price;
    QCOMPARE(old.input, usd(2));
    QCOMPARE(old.cachedInput, usd(0.2));
    QVERIFY(!old.cacheWrite);
    QCOMPARE(catalog.find(u"openai"_s, u"gpt-4o"_s)->price.cacheWrite, usd(2.5));

    // Saved again, the file carries the field, null where it is not known.
    Price price = old;
    price.output = usd(12);
    QVERIFY(catalog.setOverride(u"anthropic"_s, u"claude-sonnet-4-0"_s, price));
    const QJsonArray entries
        = QJsonDocument::fromJson(readFile(catalog.overridesPath())).object().value(u"overrides").toArray();
    QCOMPARE(entries.size(), 2);
    const QJsonObject saved = entries.at(0).toObject().value(u"price").toObject();
    QVERIFY(saved.contains(u"cache_write"));
    QVERIFY(saved.value(u"cache_write").isNull());
    QCOMPARE(entries.at(1).toObject().value(u"price").toObject().value(u"cache_write").toDouble(), 2.5);
}

void TestPriceCatalog::overrideBeforeLoadKeepsFile()
{
    QTemporaryDir dir;
    Price price;
    price.input = usd(1);
    price.output = usd(1);
    {
        PriceCatalog catalog(dir.path());
        QVERIFY(catalog.setOverride(u"ollama"_s, u"first"_s, price));
    }
    {
        PriceCatalog catalog(dir.path()); // loadOverrides() never called
        QVERIFY(catalog.setOverride(u"ollama"_s, u"second"_s, price));
    }
    PriceCatalog catalog(dir.path());
    QVERIFY(catalog.loadOverrides());
    QVERIFY(catalog.find(u"ollama"_s, u"first"_s));
    QVERIFY(catalog.find(u"ollama"_s, u"second"_s));
}

void TestPriceCatalog::overrideNeedsPrices()
{
    QTemporaryDir dir;
    PriceCatalog catalog(dir.path());
    Price inputOnly;
    inputOnly.input = usd(1);
    const auto set = catalog.setOverride(u"openai"_s, u"gpt-4o"_s, inputOnly);
    QVERIFY(!set);
    QCOMPARE(set.error().kind, Error::Kind::Invalid);
    Price negative;
    negative.input = usd(1);
    negative.output = -1;
    QVERIFY(!catalog.setOverride(u"openai"_s, u"gpt-4o"_s, negative));
    negative.output = usd(1);
    negative.cacheWrite = -1;
    QVERIFY(!catalog.setOverride(u"openai"_s, u"gpt-4o"_s, negative));
    QVERIFY(!QFile::exists(catalog.overridesPath()));

    Price price;
    price.input = usd(1);
    price.output = usd(1);
    PriceCatalog inMemory({});
    QVERIFY(!inMemory.setOverride(u"openai"_s, u"gpt-4o"_s, price));
}

void TestPriceCatalog::corruptOverridesSetAside_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");

    QTest::newRow("truncated") << QByteArray("{\"overrides\": [\n  {\"provider\": \"openai\"")
                               << u"line 2, column "_s;
    QTest::newRow("empty") << QByteArray() << u"line 1, column "_s;
    QTest::newRow("wrong shape") << QByteArray(R"({"overrides": {}})") << u"overrides must be an array"_s;
    QTest::newRow("bad price") << QByteArray(R"({"overrides": [
        {"provider": "openai", "id": "gpt-4o-mini", "price": {"input": 0.1, "output": 0.5}},
        {"provider": "openai", "id": "gpt-4o", "price": {"input": "cheap", "output": 1}}]})")
                               << u"override for model 'gpt-4o' (openai): "
                                  u"price.input must be a number or null"_s;
}

void TestPriceCatalog::corruptOverridesSetAside()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);

    QTemporaryDir dir;
    PriceCatalog catalog(dir.path());
    const QString path = catalog.overridesPath();
    QVERIFY(writeFile(path, contents));
    QVERIFY(catalog.loadBundled());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"price overrides unreadable, set aside as"_s));
    const auto loaded = catalog.loadOverrides();
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(message), qPrintable(loaded.error().message));
    QVERIFY(!QFile::exists(path));
    const QStringList aside = QDir(dir.path()).entryList({u"price-overrides.json.corrupt-*"_s}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QVERIFY2(loaded.error().message.contains(aside.first()), qPrintable(loaded.error().message));
    const QString asidePath = dir.filePath(aside.first());
    QCOMPARE(readFile(asidePath), contents);

    // Prices still work, and a new override starts a new file beside the old one.
    QCOMPARE(catalog.find(u"openai"_s, u"gpt-4o"_s)->priceSource, PriceSource::Bundled);
    Price price;
    price.input = usd(1);
    price.output = usd(1);
    QVERIFY(catalog.setOverride(u"openai"_s, u"gpt-4o"_s, price));
    QVERIFY(QFile::exists(path));
    QCOMPARE(readFile(asidePath), contents);
}

QTEST_GUILESS_MAIN(TestPriceCatalog)
#include "tst_pricecatalog.moc"
