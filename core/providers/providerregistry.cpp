#include "providers/providerregistry.h"

#include "audit/auditlog.h"
#include "base/datafiles.h"
#include "providers/providerpresets.h"
#include "secrets/keystore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {
namespace {

Q_LOGGING_CATEGORY(lcRegistry, "switchyard.providers.registry")

constexpr int FormatVersion = 1;

// Headers that carry credentials. A key put there would be written to
// providers.json in plain text; the Key field keeps it in the keychain instead.
bool carriesCredentials(const QByteArray &name)
{
    static const QList<QByteArray> names = {"authorization", "proxy-authorization", "x-api-key", "api-key",
                                            "x-goog-api-key", "cookie"};
    return names.contains(name.toLower());
}

// RFC 9110 token characters.
bool isHeaderName(const QByteArray &name)
{
    static const QByteArray extra = "!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
    });
}

bool isHeaderValue(const QString &value)
{
    return std::ranges::all_of(value, [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; });
}

ProviderEntry defaultEntry(const ProviderConfig &preset)
{
    // Hosted services are offered from the start (they say "key missing"
    // until given one); local servers wait until one is found or enabled.
    return {.config = preset, .enabled = !preset.keyEnvironmentVariable.isEmpty(), .preset = true,
            .models = {}, .modelsListedAt = {}};
}

QJsonArray headersJson(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonObject{{u"name"_s, QString::fromLatin1(name)}, {u"value"_s, QString::fromLatin1(value)}});
    return array;
}

std::expected<QList<QPair<QByteArray, QByteArray>>, QString> readHeaders(const QJsonValue &value)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QJsonValue &item : value.toArray()) {
        const QString name = item.toObject().value(u"name").toString();
        const QString text = item.toObject().value(u"value").toString();
        if (!isHeaderName(name.toLatin1()) || !isHeaderValue(text))
            return std::unexpected(u"header '%1' is not a valid HTTP header"_s.arg(name));
        headers.append({name.toLatin1(), text.toLatin1()});
    }
    return headers;
}

} // namespace

ProviderRegistry::ProviderRegistry(QString dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(std::move(dataDir))
{
    resetToDefaults();
}

ProviderRegistry::~ProviderRegistry() = default;

QString ProviderRegistry::path() const
{
    return m_dataDir.isEmpty() ? QString() : QDir(m_dataDir).filePath(u"providers.json"_s);
}

void ProviderRegistry::resetToDefaults()
{
    m_entries.clear();
    for (const ProviderConfig &preset : ProviderPresets::all())
        m_entries.append(defaultEntry(preset));
    m_favourites.clear();
}

std::expected<void, QString> ProviderRegistry::load()
{
    resetToDefaults();
    m_firstRun = true;
    QFile file(path());
    if (m_dataDir.isEmpty() || !file.exists()) {
        Q_EMIT changed();
        return {};
    }
    m_firstRun = false;
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(u"%1: %2"_s.arg(path(), file.errorString()));
    const QByteArray json = file.readAll();
    file.close();
    auto read = readJson(json);
    if (!read) {
        resetToDefaults();
        const QString aside = Base::DataFiles::setAside(path());
        qCWarning(lcRegistry).noquote() << path() << "is unreadable:" << read.error();
        Q_EMIT changed();
        return std::unexpected(u"%1: %2; %3, and the default providers are used"_s.arg(
            path(), read.error(),
            aside.isEmpty() ? u"it could not be renamed aside"_s : u"it was renamed to "_s + aside));
    }
    Q_EMIT changed();
    return {};
}

std::expected<void, QString> ProviderRegistry::readJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(u"not JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = document.object();
    if (!root.value(u"providers").isArray())
        return std::unexpected(u"providers must be an array"_s);
    if (root.value(u"version").toInt() > FormatVersion)
        return std::unexpected(u"written by a newer Switchyard (format %1)"_s.arg(root.value(u"version").toInt()));

    for (const QJsonValue &value : root.value(u"providers").toArray()) {
        const QJsonObject o = value.toObject();
        const QString id = o.value(u"id").toString();
        ProviderEntry entry;
        const qsizetype at = indexOf(id);
        if (at >= 0 && m_entries.at(at).preset) {
            entry = m_entries.at(at);
        } else {
            const auto kind = ProviderPresets::kindFromName(o.value(u"kind").toString());
            if (!kind)
                return std::unexpected(u"provider '%1' has no known kind"_s.arg(id));
            entry.config = {.id = id, .displayName = o.value(u"name").toString(), .kind = *kind,
                            .baseUrl = {}, .keyEnvironmentVariable = {}, .extraHeaders = {}};
        }
        if (o.contains(u"name"))
            entry.config.displayName = o.value(u"name").toString();
        if (o.contains(u"base_url"))
            entry.config.baseUrl = QUrl(o.value(u"base_url").toString());
        if (o.contains(u"headers")) {
            auto headers = readHeaders(o.value(u"headers"));
            if (!headers)
                return std::unexpected(u"provider '%1': %2"_s.arg(id, headers.error()));
            entry.config.extraHeaders = *headers;
        }
        if (auto problem = check(entry.config, true))
            return std::unexpected(u"provider '%1': %2"_s.arg(id, problem->message));
        entry.enabled = o.value(u"enabled").toBool(entry.enabled);
        for (const QJsonValue &model : o.value(u"models").toArray())
            entry.models.append(model.toString());
        entry.modelsListedAt = QDateTime::fromString(o.value(u"models_listed_at").toString(), Qt::ISODate);
        if (at >= 0 && m_entries.at(at).preset)
            m_entries[at] = entry;
        else if (at >= 0)
            return std::unexpected(u"provider '%1' is listed twice"_s.arg(id));
        else
            m_entries.append(entry);
    }
    for (const QJsonValue &label : root.value(u"favourites").toArray()) {
        if (!label.toString().isEmpty() && !m_favourites.contains(label.toString()))
            m_favourites.append(label.toString());
    }
    return {};
}

QByteArray ProviderRegistry::toJson() const
{
    QJsonArray providers;
    for (const ProviderEntry &entry : m_entries) {
        QJsonObject o{{u"id"_s, entry.config.id}, {u"enabled"_s, entry.enabled}};
        // A preset stores only what the user changed, so a later version's
        // corrected base URL still reaches those who never touched it.
        const std::optional<ProviderConfig> preset =
            entry.preset ? ProviderPresets::find(entry.config.id) : std::nullopt;
        if (!preset || preset->displayName != entry.config.displayName)
            o.insert(u"name"_s, entry.config.displayName);
        if (!preset)
            o.insert(u"kind"_s, ProviderPresets::kindName(entry.config.kind));
        if (!preset || preset->baseUrl != entry.config.baseUrl)
            o.insert(u"base_url"_s, entry.config.baseUrl.toString());
        if (!entry.config.extraHeaders.isEmpty())
            o.insert(u"headers"_s, headersJson(entry.config.extraHeaders));
        if (entry.modelsListedAt.isValid()) {
            o.insert(u"models"_s, QJsonArray::fromStringList(entry.models));
            o.insert(u"models_listed_at"_s, entry.modelsListedAt.toString(Qt::ISODate));
        }
        providers.append(o);
    }
    return QJsonDocument(QJsonObject{{u"version"_s, FormatVersion},
                                     {u"providers"_s, providers},
                                     {u"favourites"_s, QJsonArray::fromStringList(m_favourites)}})
        .toJson();
}

std::expected<void, QString> ProviderRegistry::commit(QList<ProviderEntry> before, QStringList favouritesBefore)
{
    if (!m_dataDir.isEmpty()) {
        if (auto written = Base::DataFiles::writeAtomically(path(), toJson()); !written) {
            m_entries = std::move(before);
            m_favourites = std::move(favouritesBefore);
            return written;
        }
        m_firstRun = false;
    }
    Q_EMIT changed();
    return {};
}

std::expected<void, QString> ProviderRegistry::finishFirstRun()
{
    return commit(m_entries, m_favourites);
}

qsizetype ProviderRegistry::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).config.id.compare(id, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

std::optional<ProviderEntry> ProviderRegistry::entry(const QString &id) const
{
    const qsizetype at = indexOf(id);
    return at >= 0 ? std::optional(m_entries.at(at)) : std::nullopt;
}

QList<ProviderConfig> ProviderRegistry::enabledProviders() const
{
    QList<ProviderConfig> configs;
    for (const ProviderEntry &entry : m_entries) {
        if (entry.enabled)
            configs.append(entry.config);
    }
    return configs;
}

std::optional<ProviderConfig> ProviderRegistry::enabledProvider(const QString &id) const
{
    const qsizetype at = indexOf(id);
    if (at < 0 || !m_entries.at(at).enabled || m_entries.at(at).config.id != id)
        return std::nullopt;
    return m_entries.at(at).config;
}

std::optional<ProviderRegistry::Problem> ProviderRegistry::check(const ProviderConfig &config, bool existing) const
{
    using Field = Problem::Field;
    if (!Secrets::KeyStore::isValidProviderId(config.id))
        return Problem{Field::Id, u"An id is letters, digits, '.', '_' and '-' (up to 64), such as my-gateway."_s};
    if (!existing && indexOf(config.id) >= 0)
        return Problem{Field::Id, u"There is a provider with the id '%1' already."_s.arg(config.id)};
    if (config.displayName.trimmed().isEmpty())
        return Problem{Field::Name, u"Give the provider a name."_s};
    const QUrl &url = config.baseUrl;
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty())
        return Problem{Field::BaseUrl, u"The base URL starts with http:// or https:// and names a host, "
                                       u"such as https://api.example.com/v1."_s};
    if (!url.userInfo().isEmpty())
        return Problem{Field::BaseUrl, u"Leave the user name and password out of the URL: it is stored in plain "
                                       u"text. Put a key in the Key field, which keeps it in the keychain."_s};
    for (const auto &[name, value] : config.extraHeaders) {
        if (!isHeaderName(name) || !isHeaderValue(QString::fromLatin1(value)))
            return Problem{Field::Headers, u"'%1' is not a valid HTTP header."_s.arg(QString::fromLatin1(name))};
        if (carriesCredentials(name))
            return Problem{Field::Headers, u"%1 carries a key, and headers are stored in plain text. Put the key "
                                           u"in the Key field, which keeps it in the system keychain."_s.arg(
                                               QString::fromLatin1(name))};
    }
    return std::nullopt;
}

std::expected<QList<QPair<QByteArray, QByteArray>>, QString> ProviderRegistry::parseHeaders(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (colon <= 0 || !isHeaderName(name.toLatin1()) || name.toLatin1() != name.toUtf8())
            return std::unexpected(u"Line %1: write a header as Name: value."_s.arg(i + 1));
        if (!isHeaderValue(value))
            return std::unexpected(u"Line %1: a header value is printable ASCII."_s.arg(i + 1));
        headers.append({name.toLatin1(), value.toLatin1()});
    }
    return headers;
}

QString ProviderRegistry::headersText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(QString::fromLatin1(name) + u": "_s + QString::fromLatin1(value));
    return lines.join(u'\n');
}

QString ProviderRegistry::suggestId(const QString &name) const
{
    QString id;
    for (const QChar c : name.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_')
            id += c;
        else if (!id.isEmpty() && !id.endsWith(u'-'))
            id += u'-';
    }
    while (id.endsWith(u'-'))
        id.chop(1);
    id = id.left(48);
    if (id.isEmpty())
        id = u"provider"_s;
    QString candidate = id;
    for (int n = 2; indexOf(candidate) >= 0; ++n)
        candidate = id + u'-' + QString::number(n);
    return candidate;
}

std::expected<void, ProviderRegistry::Problem> ProviderRegistry::add(const ProviderConfig &config)
{
    if (auto problem = check(config, false))
        return std::unexpected(*problem);
    ProviderConfig added = config;
    added.displayName = added.displayName.trimmed();
    const auto before = m_entries;
    m_entries.append({.config = added, .enabled = true, .preset = false, .models = {}, .modelsListedAt = {}});
    if (auto saved = commit(before, m_favourites); !saved)
        return std::unexpected(Problem{Problem::Field::File, saved.error()});
    audit(u"provider.added"_s, added);
    return {};
}

std::expected<void, ProviderRegistry::Problem> ProviderRegistry::update(const ProviderConfig &config)
{
    const qsizetype at = indexOf(config.id);
    if (at < 0)
        return std::unexpected(Problem{Problem::Field::Id, u"There is no provider '%1'."_s.arg(config.id)});
    if (auto problem = check(config, true))
        return std::unexpected(*problem);
    const auto before = m_entries;
    ProviderEntry &entry = m_entries[at];
    const bool moved = entry.config.baseUrl != config.baseUrl || entry.config.kind != config.kind;
    entry.config.displayName = config.displayName.trimmed();
    entry.config.baseUrl = config.baseUrl;
    entry.config.extraHeaders = config.extraHeaders;
    if (!entry.preset)
        entry.config.kind = config.kind;
    if (moved) {
        // Another server: the old listing says nothing about it.
        entry.models.clear();
        entry.modelsListedAt = {};
    }
    const ProviderConfig edited = entry.config;
    if (auto saved = commit(before, m_favourites); !saved)
        return std::unexpected(Problem{Problem::Field::File, saved.error()});
    audit(u"provider.edited"_s, edited);
    return {};
}

std::expected<void, QString> ProviderRegistry::remove(const QString &id)
{
    const qsizetype at = indexOf(id);
    if (at < 0)
        return {};
    if (m_entries.at(at).preset)
        return std::unexpected(u"%1 is built in; disable it instead."_s.arg(m_entries.at(at).config.displayName));
    const auto before = m_entries;
    const auto favouritesBefore = m_favourites;
    const QString prefix = m_entries.at(at).config.id + u'/';
    m_favourites.removeIf([&prefix](const QString &label) { return label.startsWith(prefix); });
    const ProviderConfig removed = m_entries.takeAt(at).config;
    if (auto saved = commit(before, favouritesBefore); !saved)
        return saved;
    audit(u"provider.removed"_s, removed);
    return {};
}

std::expected<void, QString> ProviderRegistry::setEnabled(const QString &id, bool enabled)
{
    return setEnabled(QHash<QString, bool>{{id, enabled}});
}

std::expected<void, QString> ProviderRegistry::setEnabled(const QHash<QString, bool> &enabled)
{
    const auto before = m_entries;
    for (const auto &[id, on] : enabled.asKeyValueRange()) {
        const qsizetype at = indexOf(id);
        if (at < 0)
            return std::unexpected(u"There is no provider '%1'."_s.arg(id));
        m_entries[at].enabled = on;
    }
    if (auto saved = commit(before, m_favourites); !saved)
        return saved;
    // Only those whose state changed: the first-run step sends them all.
    for (const auto &[id, on] : enabled.asKeyValueRange()) {
        const ProviderEntry &entry = m_entries.at(indexOf(id));
        const bool unchanged = std::ranges::any_of(
            before, [&](const ProviderEntry &e) { return e.config.id == entry.config.id && e.enabled == on; });
        if (!unchanged)
            audit(u"provider.edited"_s, entry.config, {{u"enabled"_s, on}});
    }
    return {};
}

void ProviderRegistry::audit(const QString &kind, const ProviderConfig &config, QJsonObject extra) const
{
    if (!m_audit)
        return;
    // A base URL may carry a credential (user info, a ?key= parameter); what
    // the log needs is where calls go.
    const QUrl where = config.baseUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    QJsonArray headers;
    for (const auto &[name, value] : config.extraHeaders)
        headers.append(QString::fromLatin1(name));
    extra.insert(u"provider"_s, config.id);
    extra.insert(u"name"_s, config.displayName);
    extra.insert(u"api"_s, ProviderPresets::kindName(config.kind));
    extra.insert(u"base_url"_s, where.toString());
    if (!headers.isEmpty())
        extra.insert(u"header_names"_s, headers);
    m_audit->record(kind, extra);
}

std::expected<void, QString> ProviderRegistry::setModels(const QString &id, const QStringList &modelIds)
{
    const qsizetype at = indexOf(id);
    if (at < 0)
        return std::unexpected(u"There is no provider '%1'."_s.arg(id));
    const auto before = m_entries;
    QStringList sorted = modelIds;
    sorted.sort();
    sorted.removeDuplicates();
    m_entries[at].models = sorted;
    m_entries[at].modelsListedAt = QDateTime::currentDateTimeUtc();
    return commit(before, m_favourites);
}

std::expected<void, QString> ProviderRegistry::setFavourite(const QString &label, bool favourite)
{
    if (favourite == m_favourites.contains(label))
        return {};
    const auto favouritesBefore = m_favourites;
    if (favourite)
        m_favourites.append(label);
    else
        m_favourites.removeAll(label);
    return commit(m_entries, favouritesBefore);
}

} // namespace Switchyard::Providers
