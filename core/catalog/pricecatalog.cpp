#include "catalog/pricecatalog.h"

#include "base/datafiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Switchyard::Catalog {

namespace {

Q_LOGGING_CATEGORY(lcCatalog, "switchyard.catalog")

constexpr QStringView overridesFileName = u"price-overrides.json";
constexpr QStringView openRouter = u"openrouter";

std::unexpected<Error> failure(Error::Kind kind, const QString &message)
{
    return std::unexpected(Error{kind, message});
}

QString normalisedProvider(const QString &provider)
{
    return provider.trimmed().toLower();
}

QString keyOf(const QString &provider, const QString &modelId)
{
    return normalisedProvider(provider) + u'\n' + modelId.trimmed().toLower();
}

// The preset whose entries stand in for an OpenRouter vendor prefix; see the
// class comment for why the list is short.
QString fallbackProvider(const QString &vendor)
{
    static const QHash<QString, QString> vendors = {
        {u"openai"_s, u"openai"_s},
        {u"anthropic"_s, u"anthropic"_s},
        {u"google"_s, u"gemini"_s},
        {u"x-ai"_s, u"xai"_s},
    };
    return vendors.value(vendor);
}

Error syntaxError(const QByteArray &json, const QJsonParseError &parseError)
{
    const QByteArray before = json.left(parseError.offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
    return {Error::Kind::Syntax,
            u"line %1, column %2: %3"_s.arg(line).arg(column).arg(parseError.errorString())};
}

std::expected<QJsonObject, Error> parseObject(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(syntaxError(json, parseError));
    if (!document.isObject())
        return failure(Error::Kind::Invalid, u"expected a JSON object at the top"_s);
    return document.object();
}

// --- Prices in the catalog and overrides format: USD per million, numbers ----

std::expected<std::optional<qint64>, QString> usdPerMillion(const QJsonObject &price, QStringView field)
{
    const QJsonValue value = price.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isDouble())
        return std::unexpected(u"price.%1 must be a number or null"_s.arg(field));
    const std::optional<qint64> amount = Price::fromUsdPerMillion(value.toDouble());
    if (!amount)
        return std::unexpected(u"price.%1 is not a usable price: %2"_s.arg(field).arg(value.toDouble()));
    return amount;
}

std::expected<Price, QString> readPrice(const QJsonValue &value)
{
    if (!value.isObject())
        return std::unexpected(u"price must be an object"_s);
    const QJsonObject object = value.toObject();
    Price price;
    const std::pair<QStringView, std::optional<qint64> *> fields[] = {
        {u"input", &price.input},
        {u"output", &price.output},
        {u"cached_input", &price.cachedInput},
        {u"cache_write", &price.cacheWrite}, // absent in files from before it existed
        {u"reasoning", &price.reasoning},
    };
    for (const auto &[name, target] : fields) {
        auto amount = usdPerMillion(object, name);
        if (!amount)
            return std::unexpected(amount.error());
        *target = *amount;
    }
    if (!price.input || !price.output)
        return std::unexpected(u"price.input and price.output are required"_s);
    return price;
}

QJsonObject priceJson(const Price &price)
{
    const auto number = [](const std::optional<qint64> &amount) {
        return amount ? QJsonValue(Price::toUsdPerMillion(*amount)) : QJsonValue(QJsonValue::Null);
    };
    return {
        {u"input"_s, number(price.input)},
        {u"output"_s, number(price.output)},
        {u"cached_input"_s, number(price.cachedInput)},
        {u"cache_write"_s, number(price.cacheWrite)},
        {u"reasoning"_s, number(price.reasoning)},
    };
}

QString modelLabel(const QJsonObject &object, qsizetype index)
{
    const QString id = object.value(u"id").toString();
    const QString provider = object.value(u"provider").toString();
    if (id.isEmpty())
        return u"model #%1"_s.arg(index + 1);
    return provider.isEmpty() ? u"model '%1'"_s.arg(id) : u"model '%1' (%2)"_s.arg(id, provider);
}

std::expected<QString, QString> requiredString(const QJsonObject &object, QStringView field)
{
    const QString value = object.value(field).toString().trimmed();
    if (value.isEmpty())
        return std::unexpected(u"%1 must be a non-empty string"_s.arg(field));
    return value;
}

// --- The bundled catalog --------------------------------------------------------

struct Catalog
{
    QString pricesTaken;
    QHash<QString, ModelInfo> models;
    QHash<QString, QString> aliases;
};

std::expected<ModelInfo, QString> readCatalogEntry(const QJsonObject &object)
{
    ModelInfo model;
    auto provider = requiredString(object, u"provider");
    if (!provider)
        return std::unexpected(provider.error());
    model.provider = normalisedProvider(*provider);
    auto id = requiredString(object, u"id");
    if (!id)
        return std::unexpected(id.error());
    model.id = *id;
    model.displayName = object.value(u"name").toString(model.id);
    for (const QJsonValue &alias : object.value(u"aliases").toArray()) {
        if (!alias.isString() || alias.toString().trimmed().isEmpty())
            return std::unexpected(u"aliases must be non-empty strings"_s);
        model.aliases.append(alias.toString().trimmed());
    }
    auto price = readPrice(object.value(u"price"));
    if (!price)
        return std::unexpected(price.error());
    model.price = *price;
    model.contextLength = object.value(u"context_length").toInteger(0);
    if (model.contextLength <= 0)
        return std::unexpected(u"context_length must be a positive integer"_s);
    const QJsonValue maxOutput = object.value(u"max_output_tokens");
    if (!maxOutput.isNull() && !maxOutput.isUndefined()) {
        model.maxOutputTokens = maxOutput.toInteger(0);
        if (model.maxOutputTokens <= 0)
            return std::unexpected(u"max_output_tokens must be a positive integer or null"_s);
    }
    static const QHash<QString, Capability> capabilities = {
        {u"tools"_s, Capability::Tools},
        {u"vision"_s, Capability::Vision},
        {u"json_mode"_s, Capability::JsonMode},
        {u"reasoning"_s, Capability::Reasoning},
    };
    for (const QJsonValue &name : object.value(u"capabilities").toArray()) {
        const auto it = capabilities.constFind(name.toString());
        if (it == capabilities.cend())
            return std::unexpected(u"unknown capability '%1'"_s.arg(name.toString()));
        model.capabilities |= *it;
    }
    return model;
}

std::expected<Catalog, Error> readCatalog(const QByteArray &json)
{
    auto root = parseObject(json);
    if (!root)
        return std::unexpected(root.error());
    Catalog catalog;
    catalog.pricesTaken = root->value(u"prices_taken").toString();
    if (catalog.pricesTaken.isEmpty())
        return failure(Error::Kind::Invalid, u"prices_taken must be a non-empty string"_s);
    if (!root->value(u"models").isArray())
        return failure(Error::Kind::Invalid, u"models must be an array"_s);
    const QJsonArray models = root->value(u"models").toArray();
    for (qsizetype i = 0; i < models.size(); ++i) {
        const QJsonObject object = models.at(i).toObject();
        auto model = readCatalogEntry(object);
        if (!model)
            return failure(Error::Kind::Invalid, u"%1: %2"_s.arg(modelLabel(object, i), model.error()));
        model->priceSource = PriceSource::Bundled;
        const QString key = keyOf(model->provider, model->id);
        QStringList names{key};
        for (const QString &alias : std::as_const(model->aliases))
            names.append(keyOf(model->provider, alias));
        for (const QString &name : std::as_const(names)) {
            if (catalog.models.contains(name) || catalog.aliases.contains(name))
                return failure(Error::Kind::Invalid, u"%1: '%2' names another entry too"_s.arg(
                                                         modelLabel(object, i), name.section(u'\n', 1)));
        }
        for (qsizetype n = 1; n < names.size(); ++n)
            catalog.aliases.insert(names.at(n), key);
        catalog.models.insert(key, *std::move(model));
    }
    return catalog;
}

// --- OpenRouter's model list: USD per token, as strings -----------------------

// "-1" (the auto router) and a missing field both mean "not known".
std::expected<std::optional<qint64>, QString> openRouterPrice(const QJsonObject &pricing, QStringView field)
{
    const QJsonValue value = pricing.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    double perToken = 0;
    if (value.isString()) {
        bool ok = false;
        perToken = value.toString().toDouble(&ok);
        if (!ok)
            return std::unexpected(u"pricing.%1 is not a number: \"%2\""_s.arg(field, value.toString()));
    } else if (value.isDouble()) {
        perToken = value.toDouble();
    } else {
        return std::unexpected(u"pricing.%1 must be a string"_s.arg(field));
    }
    if (perToken == -1)
        return std::nullopt;
    const std::optional<qint64> amount = Price::fromUsdPerMillion(perToken * 1e6);
    if (!amount)
        return std::unexpected(u"pricing.%1 is not a usable price: %2"_s.arg(field).arg(perToken));
    return amount;
}

std::expected<ModelInfo, QString> readOpenRouterEntry(const QJsonObject &object)
{
    ModelInfo model;
    model.provider = openRouter.toString();
    model.id = object.value(u"id").toString().trimmed();
    model.displayName = object.value(u"name").toString(model.id);
    model.priceSource = PriceSource::Imported;
    if (!object.value(u"pricing").isObject())
        return std::unexpected(u"no pricing"_s);
    const QJsonObject pricing = object.value(u"pricing").toObject();
    const std::pair<QStringView, std::optional<qint64> *> fields[] = {
        {u"prompt", &model.price.input},
        {u"completion", &model.price.output},
        {u"input_cache_read", &model.price.cachedInput},
        {u"input_cache_write", &model.price.cacheWrite},
        {u"internal_reasoning", &model.price.reasoning},
    };
    for (const auto &[name, target] : fields) {
        auto amount = openRouterPrice(pricing, name);
        if (!amount)
            return std::unexpected(amount.error());
        *target = *amount;
    }
    if (!model.price.input || !model.price.output)
        return std::unexpected(u"prompt or completion price unknown (\"-1\" or missing)"_s);
    // OpenRouter lists "0" for internal_reasoning on models that bill reasoning
    // as completion tokens; taken literally it would make reasoning free.
    if (model.price.reasoning == 0)
        model.price.reasoning.reset();
    model.contextLength = std::max<qint64>(0, object.value(u"context_length").toInteger(0));
    model.maxOutputTokens = std::max<qint64>(
        0, object.value(u"top_provider").toObject().value(u"max_completion_tokens").toInteger(0));
    const QJsonArray modalities =
        object.value(u"architecture").toObject().value(u"input_modalities").toArray();
    if (modalities.contains(u"image"_s))
        model.capabilities |= Capability::Vision;
    const QJsonArray parameters = object.value(u"supported_parameters").toArray();
    if (parameters.contains(u"tools"_s))
        model.capabilities |= Capability::Tools;
    if (parameters.contains(u"response_format"_s) || parameters.contains(u"structured_outputs"_s))
        model.capabilities |= Capability::JsonMode;
    if (parameters.contains(u"reasoning"_s) || parameters.contains(u"include_reasoning"_s))
        model.capabilities |= Capability::Reasoning;
    return model;
}

// --- Overrides ------------------------------------------------------------------

std::expected<QHash<QString, ModelInfo>, Error> readOverrides(const QByteArray &json)
{
    auto root = parseObject(json);
    if (!root)
        return std::unexpected(root.error());
    if (!root->value(u"overrides").isArray())
        return failure(Error::Kind::Invalid, u"overrides must be an array"_s);
    QHash<QString, ModelInfo> overrides;
    const QJsonArray entries = root->value(u"overrides").toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject object = entries.at(i).toObject();
        const auto fail = [&](const QString &problem) {
            return failure(Error::Kind::Invalid,
                           u"override for %1: %2"_s.arg(modelLabel(object, i), problem));
        };
        ModelInfo model;
        auto provider = requiredString(object, u"provider");
        if (!provider)
            return fail(provider.error());
        auto id = requiredString(object, u"id");
        if (!id)
            return fail(id.error());
        auto price = readPrice(object.value(u"price"));
        if (!price)
            return fail(price.error());
        model.provider = normalisedProvider(*provider);
        model.id = *id;
        model.displayName = model.id;
        model.price = *price;
        model.priceSource = PriceSource::Override;
        overrides.insert(keyOf(model.provider, model.id), model);
    }
    return overrides;
}

std::expected<void, Error> writeAtomically(const QString &dir, const QString &path, const QByteArray &bytes)
{
    if (dir.isEmpty())
        return failure(Error::Kind::Io, u"no data directory to keep prices in"_s);
    if (auto written = Base::DataFiles::writeAtomically(path, bytes); !written)
        return failure(Error::Kind::Io, written.error());
    return {};
}

} // namespace

PriceCatalog::PriceCatalog(QString dataDir)
    : m_dataDir(std::move(dataDir))
{
}

std::expected<void, Error> PriceCatalog::loadBundled()
{
    const QString path = u":/catalog/models.json"_s;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(Error::Kind::Io, u"%1: %2"_s.arg(path, file.errorString()));
    auto loaded = loadCatalog(file.readAll());
    if (!loaded)
        loaded.error().message = path + u": "_s + loaded.error().message;
    return loaded;
}

std::expected<void, Error> PriceCatalog::loadCatalog(const QByteArray &json)
{
    auto catalog = readCatalog(json);
    if (!catalog)
        return std::unexpected(catalog.error());
    m_pricesTaken = catalog->pricesTaken;
    m_bundled = std::move(catalog->models);
    m_aliases = std::move(catalog->aliases);
    return {};
}

int PriceCatalog::pricesAgeMonths(QDate today) const
{
    // "2025-06", or a full date.
    QDate taken = QDate::fromString(m_pricesTaken, u"yyyy-MM"_s);
    if (!taken.isValid())
        taken = QDate::fromString(m_pricesTaken, Qt::ISODate);
    if (!taken.isValid() || !today.isValid() || today < taken)
        return -1;
    return (today.year() - taken.year()) * 12 + today.month() - taken.month()
        - (today.day() < taken.day() ? 1 : 0);
}

QString PriceCatalog::overridesPath() const
{
    return QDir(m_dataDir).filePath(overridesFileName.toString());
}

std::expected<void, Error> PriceCatalog::loadOverrides()
{
    const QString path = overridesPath();
    QFile file(path);
    if (m_dataDir.isEmpty() || !file.exists()) {
        m_overrides.clear();
        m_overridesLoaded = true;
        return {};
    }
    // Until the file is read or set aside, saving would overwrite overrides never seen.
    m_overridesLoaded = false;
    if (!file.open(QIODevice::ReadOnly))
        return failure(Error::Kind::Io, u"%1: %2"_s.arg(path, file.errorString()));
    const QByteArray json = file.readAll();
    file.close();

    auto overrides = readOverrides(json);
    if (overrides) {
        m_overrides = *std::move(overrides);
        m_overridesLoaded = true;
        return {};
    }
    const QString aside = Base::DataFiles::setAside(path);
    if (aside.isEmpty()) {
        return failure(Error::Kind::Io, u"%1: %2; it could not be renamed aside either, so price overrides "
                                        u"will not be saved"_s.arg(path, overrides.error().message));
    }
    qCWarning(lcCatalog) << "price overrides unreadable, set aside as" << aside << ':'
                         << overrides.error().message;
    m_overrides.clear();
    m_overridesLoaded = true;
    return failure(overrides.error().kind,
                   u"%1: %2; the file was renamed to %3 and the overrides start empty"_s.arg(
                       path, overrides.error().message, aside));
}

std::expected<ImportSummary, Error> PriceCatalog::importOpenRouter(const QByteArray &json)
{
    auto root = parseObject(json);
    if (!root)
        return failure(root.error().kind, u"OpenRouter model list: "_s + root.error().message);
    if (!root->value(u"data").isArray())
        return failure(Error::Kind::Invalid, u"OpenRouter model list: data must be an array"_s);

    ImportSummary summary;
    QSet<QString> seen;
    const QJsonArray data = root->value(u"data").toArray();
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject object = data.at(i).toObject();
        const QString id = object.value(u"id").toString().trimmed();
        if (id.isEmpty()) {
            summary.rejected.append({u"#%1"_s.arg(i + 1), u"no id"_s});
            continue;
        }
        const QString key = keyOf(openRouter.toString(), id);
        if (seen.contains(key)) {
            summary.rejected.append({id, u"listed twice; the first entry was used"_s});
            continue;
        }
        seen.insert(key);
        auto model = readOpenRouterEntry(object);
        if (!model) {
            summary.rejected.append({id, model.error()});
            continue;
        }
        std::optional<Price> before;
        if (auto it = m_imported.constFind(key); it != m_imported.cend())
            before = it->price;
        else if (it = m_bundled.constFind(key); it != m_bundled.cend())
            before = it->price;
        if (!before)
            summary.added.append(id);
        else if (*before != model->price)
            summary.updated.append({id, *before, model->price});
        else
            summary.unchanged.append(id);
        m_imported.insert(key, *std::move(model));
    }
    return summary;
}

std::expected<void, Error> PriceCatalog::ensureOverridesLoaded()
{
    if (m_overridesLoaded)
        return {};
    return loadOverrides();
}

std::expected<void, Error> PriceCatalog::setOverride(const QString &provider, const QString &modelId,
                                                     const Price &price)
{
    if (!price.input || !price.output)
        return failure(Error::Kind::Invalid, u"a price override needs input and output prices"_s);
    // What could not be read back would get the whole file set aside on the next start.
    const auto readable = [](const std::optional<qint64> &amount) {
        return !amount || (*amount >= 0 && *amount <= Price::maxAmount);
    };
    if (!readable(price.input) || !readable(price.output) || !readable(price.cachedInput)
        || !readable(price.cacheWrite) || !readable(price.reasoning))
        return failure(Error::Kind::Invalid, u"a price override cannot be negative or over $1 a token"_s);
    if (normalisedProvider(provider).isEmpty() || modelId.trimmed().isEmpty())
        return failure(Error::Kind::Invalid, u"a price override needs a provider and a model id"_s);
    if (auto loaded = ensureOverridesLoaded(); !loaded)
        return loaded;
    ModelInfo model;
    model.provider = normalisedProvider(provider);
    const ModelInfo *entry = resolve(provider, modelId);
    model.id = entry ? entry->id : modelId.trimmed();
    model.displayName = model.id;
    model.price = price;
    model.priceSource = PriceSource::Override;

    const QHash<QString, ModelInfo> before = m_overrides;
    m_overrides.insert(keyOf(model.provider, model.id), model);
    auto saved = saveOverrides();
    if (!saved)
        m_overrides = before;
    return saved;
}

std::expected<void, Error> PriceCatalog::removeOverride(const QString &provider, const QString &modelId)
{
    if (auto loaded = ensureOverridesLoaded(); !loaded)
        return loaded;
    const ModelInfo *entry = resolve(provider, modelId);
    const QString key = keyOf(provider, entry ? entry->id : modelId);
    if (!m_overrides.contains(key))
        return {};
    const QHash<QString, ModelInfo> before = m_overrides;
    m_overrides.remove(key);
    auto saved = saveOverrides();
    if (!saved)
        m_overrides = before;
    return saved;
}

std::expected<void, Error> PriceCatalog::saveOverrides() const
{
    QList<ModelInfo> sorted = m_overrides.values();
    std::ranges::sort(sorted, {}, [](const ModelInfo &m) { return keyOf(m.provider, m.id); });
    QJsonArray entries;
    for (const ModelInfo &model : std::as_const(sorted)) {
        entries.append(QJsonObject{
            {u"provider"_s, model.provider},
            {u"id"_s, model.id},
            {u"price"_s, priceJson(model.price)},
        });
    }
    const QByteArray json = QJsonDocument(QJsonObject{{u"overrides"_s, entries}}).toJson();

    return writeAtomically(m_dataDir, overridesPath(), json);
}

QString PriceCatalog::importPath() const
{
    return QDir(m_dataDir).filePath(u"openrouter-models.json"_s);
}

std::expected<void, Error> PriceCatalog::keepImport(const QByteArray &json) const
{
    return writeAtomically(m_dataDir, importPath(), json);
}

std::expected<void, Error> PriceCatalog::loadImport()
{
    const QString path = importPath();
    QFile file(path);
    if (m_dataDir.isEmpty() || !file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return failure(Error::Kind::Io, u"%1: %2"_s.arg(path, file.errorString()));
    const QByteArray json = file.readAll();
    file.close();
    if (auto imported = importOpenRouter(json); !imported) {
        const QString aside = Base::DataFiles::setAside(path);
        return failure(imported.error().kind, u"%1: %2; %3"_s.arg(path, imported.error().message,
            aside.isEmpty() ? u"it could not be renamed aside"_s : u"the file was renamed to "_s + aside));
    }
    return {};
}

QList<Error> PriceCatalog::loadAll()
{
    QList<Error> problems;
    for (auto load : {&PriceCatalog::loadBundled, &PriceCatalog::loadImport, &PriceCatalog::loadOverrides}) {
        if (auto loaded = (this->*load)(); !loaded)
            problems.append(loaded.error());
    }
    return problems;
}

const ModelInfo *PriceCatalog::resolve(const QString &provider, const QString &modelId) const
{
    QString key = keyOf(provider, modelId);
    if (auto it = m_imported.constFind(key); it != m_imported.cend())
        return &*it;
    if (auto it = m_bundled.constFind(key); it != m_bundled.cend())
        return &*it;
    key = m_aliases.value(key);
    if (auto it = m_bundled.constFind(key); it != m_bundled.cend())
        return &*it;
    return nullptr;
}

ModelInfo PriceCatalog::withOverride(ModelInfo entry) const
{
    if (auto it = m_overrides.constFind(keyOf(entry.provider, entry.id)); it != m_overrides.cend()) {
        entry.price = it->price;
        entry.priceSource = PriceSource::Override;
    }
    return entry;
}

std::optional<ModelInfo> PriceCatalog::findAt(const QString &provider, const QString &modelId) const
{
    if (const ModelInfo *entry = resolve(provider, modelId))
        return withOverride(*entry);
    if (auto it = m_overrides.constFind(keyOf(provider, modelId)); it != m_overrides.cend())
        return *it;
    return std::nullopt;
}

std::optional<ModelInfo> PriceCatalog::find(const QString &provider, const QString &modelId) const
{
    if (auto model = findAt(provider, modelId))
        return model;
    if (normalisedProvider(provider) != openRouter)
        return std::nullopt;
    const QString id = modelId.trimmed();
    const qsizetype slash = id.indexOf(u'/');
    if (slash <= 0)
        return std::nullopt;
    const QString vendorProvider = fallbackProvider(id.left(slash).toLower());
    if (vendorProvider.isEmpty())
        return std::nullopt;
    return findAt(vendorProvider, id.mid(slash + 1));
}

QList<ModelInfo> PriceCatalog::models() const
{
    QHash<QString, ModelInfo> all = m_bundled;
    all.insert(m_imported);
    for (const auto &[key, model] : m_overrides.asKeyValueRange()) {
        if (!all.contains(key))
            all.insert(key, model);
    }
    QList<ModelInfo> list;
    list.reserve(all.size());
    for (const ModelInfo &model : std::as_const(all))
        list.append(withOverride(model));
    std::ranges::sort(list, {}, [](const ModelInfo &m) { return keyOf(m.provider, m.id); });
    return list;
}

} // namespace Switchyard::Catalog
