// ProviderRegistry: the defaults, what it refuses (table-driven), a round trip
// through providers.json, an unreadable file set aside, favourites, and the
// merged model list the Compare page's pickers and the Providers page show.

#include "catalog/pricecatalog.h"
#include "providers/availablemodels.h"
#include "providers/providerpresets.h"
#include "providers/providerregistry.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Providers;
using Field = ProviderRegistry::Problem::Field;

Q_DECLARE_METATYPE(Field)

namespace {

ProviderConfig custom(const QString &id, const QString &url = u"https://gateway.example.com/v1"_s)
{
    return {.id = id, .displayName = u"Work gateway"_s, .kind = ApiKind::OpenAi, .baseUrl = QUrl(url),
            .keyEnvironmentVariable = {}, .extraHeaders = {{"X-Team", "ml"}}};
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestProviderRegistry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaults();
    void refuses_data();
    void refuses();
    void parseHeaders_data();
    void parseHeaders();
    void roundTrip();
    void presetKeepsIdentity();
    void movingAProviderForgetsItsListing();
    void removeOnlyCustom();
    void unreadableFileIsSetAside();
    void failedSaveChangesNothing();
    void suggestId_data();
    void suggestId();
    void availableModels();
    void starters_data();
    void starters();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProviderRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProviderRegistry::defaults()
{
    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    QVERIFY(registry.isFirstRun());
    QCOMPARE(registry.entries().size(), ProviderPresets::all().size());
    // Hosted services offered at once, local servers only once found.
    QVERIFY(registry.entry(u"openai"_s)->enabled);
    QVERIFY(registry.entry(u"openai"_s)->needsKey());
    QVERIFY(!registry.entry(u"ollama"_s)->enabled);
    QVERIFY(!registry.entry(u"ollama"_s)->needsKey());
    QVERIFY(!registry.enabledProvider(u"ollama"_s));
    QVERIFY(!QFile::exists(registry.path())); // nothing written until something is chosen

    QVERIFY(registry.finishFirstRun());
    QVERIFY(!registry.isFirstRun());
    ProviderRegistry again(m_dir->path());
    QVERIFY(again.load());
    QVERIFY(!again.isFirstRun());
}

void TestProviderRegistry::refuses_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<Field>("field");

    QTest::newRow("id taken by a preset") << u"openai"_s << u"x"_s << u"https://a.example/v1"_s << QByteArray()
                                          << Field::Id;
    QTest::newRow("id taken, other case") << u"OpenAI"_s << u"x"_s << u"https://a.example/v1"_s << QByteArray()
                                          << Field::Id;
    QTest::newRow("id with a slash") << u"a/b"_s << u"x"_s << u"https://a.example/v1"_s << QByteArray() << Field::Id;
    QTest::newRow("empty id") << QString() << u"x"_s << u"https://a.example/v1"_s << QByteArray() << Field::Id;
    QTest::newRow("no name") << u"gw"_s << u"  "_s << u"https://a.example/v1"_s << QByteArray() << Field::Name;
    QTest::newRow("no scheme") << u"gw"_s << u"x"_s << u"a.example/v1"_s << QByteArray() << Field::BaseUrl;
    QTest::newRow("ftp") << u"gw"_s << u"x"_s << u"ftp://a.example/v1"_s << QByteArray() << Field::BaseUrl;
    QTest::newRow("password in the URL") << u"gw"_s << u"x"_s << u"https://me:secret@a.example/v1"_s
                                         << QByteArray() << Field::BaseUrl;
    QTest::newRow("authorization header") << u"gw"_s << u"x"_s << u"https://a.example/v1"_s
                                          << "Authorization"_ba << Field::Headers;
    QTest::newRow("x-api-key header") << u"gw"_s << u"x"_s << u"https://a.example/v1"_s << "X-API-Key"_ba
                                      << Field::Headers;
    QTest::newRow("azure api-key header") << u"gw"_s << u"x"_s << u"https://a.example/v1"_s << "api-key"_ba
                                          << Field::Headers;
    QTest::newRow("header name with a space") << u"gw"_s << u"x"_s << u"https://a.example/v1"_s << "X Team"_ba
                                              << Field::Headers;
}

void TestProviderRegistry::refuses()
{
    QFETCH(QString, id);
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QByteArray, header);
    QFETCH(Field, field);

    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    QSignalSpy changed(&registry, &ProviderRegistry::changed);
    ProviderConfig config = custom(id, url);
    config.displayName = name;
    if (!header.isEmpty())
        config.extraHeaders = {{header, "value"}};
    const auto added = registry.add(config);
    QVERIFY(!added);
    QCOMPARE(added.error().field, field);
    QVERIFY(!added.error().message.isEmpty());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(registry.entries().size(), ProviderPresets::all().size());
    QVERIFY(!QFile::exists(registry.path()));
}

void TestProviderRegistry::parseHeaders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("count");

    QTest::newRow("empty") << QString() << true << 0;
    QTest::newRow("two, blank lines and spaces") << u"X-Team: ml\n\n  HTTP-Referer:https://me.example \n"_s << true
                                                 << 2;
    QTest::newRow("no colon") << u"X-Team ml"_s << false << 0;
    QTest::newRow("no name") << u": ml"_s << false << 0;
    QTest::newRow("non-ASCII value") << u"X-Team: mł"_s << false << 0;
}

void TestProviderRegistry::parseHeaders()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(int, count);
    const auto headers = ProviderRegistry::parseHeaders(text);
    QCOMPARE(headers.has_value(), ok);
    if (ok) {
        QCOMPARE(headers->size(), count);
        QCOMPARE(ProviderRegistry::parseHeaders(ProviderRegistry::headersText(*headers)), headers);
    }
}

void TestProviderRegistry::roundTrip()
{
    {
        ProviderRegistry registry(m_dir->path());
        QVERIFY(registry.load());
        QSignalSpy changed(&registry, &ProviderRegistry::changed);
        QVERIFY(registry.add(custom(u"gw"_s)));
        QVERIFY(registry.setEnabled({{u"ollama"_s, true}, {u"openai"_s, false}}));
        QVERIFY(registry.setModels(u"ollama"_s, {u"qwen3:8b"_s, u"llama3.2:3b"_s, u"qwen3:8b"_s}));
        QVERIFY(registry.setFavourite(u"ollama/qwen3:8b"_s, true));
        QVERIFY(registry.setFavourite(u"anthropic/claude-3-5-haiku-latest"_s, true));
        QVERIFY(registry.setFavourite(u"ollama/qwen3:8b"_s, true)); // again: no change
        QCOMPARE(changed.count(), 5);
    }
    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    QVERIFY(!registry.isFirstRun());
    const auto gw = registry.entry(u"gw"_s);
    QVERIFY(gw);
    QVERIFY(!gw->preset);
    QCOMPARE(gw->config.displayName, u"Work gateway"_s);
    QCOMPARE(gw->config.baseUrl, QUrl(u"https://gateway.example.com/v1"_s));
    QCOMPARE(gw->config.extraHeaders, (QList<QPair<QByteArray, QByteArray>>{{"X-Team", "ml"}}));
    QVERIFY(registry.entry(u"ollama"_s)->enabled);
    QVERIFY(!registry.entry(u"openai"_s)->enabled);
    QCOMPARE(registry.entry(u"ollama"_s)->models, (QStringList{u"llama3.2:3b"_s, u"qwen3:8b"_s}));
    QVERIFY(registry.entry(u"ollama"_s)->modelsListedAt.isValid());
    QCOMPARE(registry.favourites(), (QStringList{u"ollama/qwen3:8b"_s, u"anthropic/claude-3-5-haiku-latest"_s}));
    QCOMPARE(registry.entries().last().config.id, u"gw"_s); // after the presets

    // Presets keep only what changed: an untouched one has no URL in the file.
    const QByteArray json = readAll(registry.path());
    QVERIFY(!json.contains("api.openai.com"));
    QVERIFY(json.contains("gateway.example.com"));
}

void TestProviderRegistry::presetKeepsIdentity()
{
    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    ProviderConfig moved = *ProviderPresets::find(u"lmstudio"_s);
    moved.baseUrl = QUrl(u"http://192.168.1.20:1234/v1"_s);
    moved.kind = ApiKind::Anthropic;              // ignored: a preset's format is fixed
    moved.keyEnvironmentVariable = u"NOPE"_s;    // ignored too
    QVERIFY(registry.update(moved));
    ProviderRegistry again(m_dir->path());
    QVERIFY(again.load());
    const auto entry = again.entry(u"lmstudio"_s);
    QCOMPARE(entry->config.baseUrl, moved.baseUrl);
    QCOMPARE(entry->config.kind, ApiKind::OpenAi);
    QVERIFY(entry->config.keyEnvironmentVariable.isEmpty());
    QVERIFY(entry->preset);
}

void TestProviderRegistry::movingAProviderForgetsItsListing()
{
    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    QVERIFY(registry.add(custom(u"gw"_s)));
    QVERIFY(registry.setModels(u"gw"_s, {u"a"_s}));
    ProviderConfig renamed = registry.entry(u"gw"_s)->config;
    renamed.displayName = u"Renamed"_s;
    QVERIFY(registry.update(renamed));
    QCOMPARE(registry.entry(u"gw"_s)->models, QStringList{u"a"_s});
    renamed.baseUrl = QUrl(u"https://other.example.com/v1"_s);
    QVERIFY(registry.update(renamed));
    QVERIFY(registry.entry(u"gw"_s)->models.isEmpty());
    QVERIFY(!registry.entry(u"gw"_s)->modelsListedAt.isValid());
}

void TestProviderRegistry::removeOnlyCustom()
{
    ProviderRegistry registry(m_dir->path());
    QVERIFY(registry.load());
    QVERIFY(registry.add(custom(u"gw"_s)));
    QVERIFY(registry.setFavourite(u"gw/m1"_s, true));
    QVERIFY(registry.setFavourite(u"gwx/m1"_s, true)); // another provider whose id starts alike
    QVERIFY(!registry.remove(u"openai"_s));
    QVERIFY(registry.entry(u"openai"_s));
    QVERIFY(registry.remove(u"gw"_s));
    QVERIFY(!registry.entry(u"gw"_s));
    QCOMPARE(registry.favourites(), QStringList{u"gwx/m1"_s});
}

void TestProviderRegistry::unreadableFileIsSetAside()
{
    QFile file(QDir(m_dir->path()).filePath(u"providers.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"providers\": [ {\"id\": \"x\", \"kind\": \"telepathy\"} ]}");
    file.close();

    ProviderRegistry registry(m_dir->path());
    const auto loaded = registry.load();
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().contains(u"renamed to"_s), qPrintable(loaded.error()));
    QCOMPARE(registry.entries().size(), ProviderPresets::all().size());
    QVERIFY(!QFile::exists(registry.path()));
    QCOMPARE(QDir(m_dir->path()).entryList({u"providers.json.corrupt-*"_s}).size(), 1);
}

void TestProviderRegistry::failedSaveChangesNothing()
{
    // The data folder is a file: nothing can be written there.
    const QString blocked = QDir(m_dir->path()).filePath(u"blocked"_s);
    QFile file(blocked);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ProviderRegistry registry(blocked + u"/inside"_s);
    QVERIFY(registry.load());
    QSignalSpy changed(&registry, &ProviderRegistry::changed);
    QVERIFY(!registry.add(custom(u"gw"_s)));
    QVERIFY(!registry.entry(u"gw"_s));
    QVERIFY(!registry.setEnabled(u"openai"_s, false));
    QVERIFY(registry.entry(u"openai"_s)->enabled);
    QCOMPARE(changed.count(), 0);
}

void TestProviderRegistry::suggestId_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::newRow("words") << u"My Work Gateway"_s << u"my-work-gateway"_s;
    QTest::newRow("punctuation") << u"  Llama (box #2)!"_s << u"llama-box-2"_s;
    QTest::newRow("taken") << u"OpenAI"_s << u"openai-2"_s;
    QTest::newRow("nothing usable") << u"東京"_s << u"provider"_s;
}

void TestProviderRegistry::suggestId()
{
    QFETCH(QString, name);
    QFETCH(QString, id);
    ProviderRegistry registry({});
    QCOMPARE(registry.suggestId(name), id);
}

void TestProviderRegistry::availableModels()
{
    Switchyard::Catalog::PriceCatalog catalog({});
    QVERIFY(catalog.loadBundled());
    ProviderRegistry registry({});
    QVERIFY(registry.load());

    // Never listed: the catalog's models of every enabled provider.
    QList<AvailableModel> models = AvailableModels::list(registry, &catalog);
    const auto find = [&models](const QString &label) -> const AvailableModel * {
        for (const AvailableModel &m : models) {
            if (m.label() == label)
                return &m;
        }
        return nullptr;
    };
    QVERIFY(find(u"openai/gpt-4o-mini"_s));
    QVERIFY(find(u"openai/gpt-4o-mini"_s)->isPriced());
    QVERIFY(!find(u"openai/gpt-4o-mini"_s)->listed);

    // Listed: exactly what the provider said, priced where the catalog knows it.
    QVERIFY(registry.setModels(u"openai"_s, {u"gpt-4o-mini"_s, u"my-fine-tune"_s}));
    QVERIFY(registry.setEnabled({{u"ollama"_s, true}, {u"anthropic"_s, false}}));
    QVERIFY(registry.setModels(u"ollama"_s, {u"qwen3:8b"_s}));
    QVERIFY(registry.setFavourite(u"ollama/qwen3:8b"_s, true));
    QVERIFY(registry.setFavourite(u"ollama/gone:1b"_s, true));         // starred, no longer listed
    QVERIFY(registry.setFavourite(u"anthropic/claude-3-5-haiku-latest"_s, true)); // provider disabled
    models = AvailableModels::list(registry, &catalog);
    QCOMPARE(models.at(0).label(), u"ollama/qwen3:8b"_s);
    QVERIFY(models.at(0).favourite && models.at(0).listed && !models.at(0).isPriced());
    QCOMPARE(models.at(1).label(), u"ollama/gone:1b"_s);
    QVERIFY(models.at(1).favourite && !models.at(1).listed);
    QCOMPARE(models.at(2).label(), u"openai/gpt-4o-mini"_s);
    QVERIFY(models.at(2).listed && models.at(2).isPriced());
    QCOMPARE(models.at(3).label(), u"openai/my-fine-tune"_s);
    QVERIFY(!models.at(3).info);
    QVERIFY(!find(u"openai/gpt-4o"_s));               // not in the listing
    QVERIFY(!find(u"anthropic/claude-3-5-haiku-latest"_s)); // disabled
    QCOMPARE(std::ranges::count_if(models, [](const AvailableModel &m) { return m.label() == u"ollama/qwen3:8b"_s; }),
             1);

    QVERIFY(AvailableModels::list(registry, nullptr).size() >= 3); // no catalog: listed models, unpriced
}

void TestProviderRegistry::starters_data()
{
    QTest::addColumn<QStringList>("providers");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("one from each first") << QStringList{u"ollama"_s, u"lmstudio"_s}
                                         << QStringList{u"ollama/a"_s, u"lmstudio/x"_s};
    QTest::newRow("two from one") << QStringList{u"ollama"_s} << QStringList{u"ollama/a"_s, u"ollama/b"_s};
    QTest::newRow("hosted: the cheapest priced") << QStringList{u"openai"_s, u"ollama"_s}
                                                 << QStringList{u"openai/cheap"_s, u"ollama/a"_s};
    QTest::newRow("nothing") << QStringList{u"groq"_s} << QStringList{};
}

void TestProviderRegistry::starters()
{
    QFETCH(QStringList, providers);
    QFETCH(QStringList, expected);
    const auto priced = [](qint64 in, qint64 out) {
        Switchyard::Catalog::ModelInfo info;
        info.price.input = in;
        info.price.output = out;
        return info;
    };
    const QList<AvailableModel> models = {
        {.providerId = u"ollama"_s, .providerName = {}, .modelId = u"a"_s, .info = {}, .listed = true, .favourite = false},
        {.providerId = u"ollama"_s, .providerName = {}, .modelId = u"b"_s, .info = {}, .listed = true, .favourite = false},
        {.providerId = u"lmstudio"_s, .providerName = {}, .modelId = u"x"_s, .info = {}, .listed = true, .favourite = false},
        {.providerId = u"openai"_s, .providerName = {}, .modelId = u"dear"_s, .info = priced(5'000'000, 15'000'000), .listed = false, .favourite = false},
        {.providerId = u"openai"_s, .providerName = {}, .modelId = u"unpriced"_s, .info = {}, .listed = false, .favourite = false},
        {.providerId = u"openai"_s, .providerName = {}, .modelId = u"cheap"_s, .info = priced(150'000, 600'000), .listed = false, .favourite = false},
    };
    QCOMPARE(AvailableModels::starters(models, providers, 2), expected);
}

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "tst_providerregistry.moc"
