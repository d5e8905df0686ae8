#pragma once

#include "providers/providerentry.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <QJsonObject>

#include <expected>
#include <memory>
#include <optional>

namespace Switchyard::Audit {
class AuditLog;
}

namespace Switchyard::Providers {

/// The user's providers: every preset (enabled or not, perhaps moved to
/// another base URL), the OpenAI-compatible, Anthropic, Gemini and Ollama
/// endpoints they added, each provider's last model listing, and the models
/// they starred. The Providers page edits it; the Compare page's pickers read
/// it and follow changed().
///
/// Kept as providers.json in the data folder the caller gives, written
/// atomically after every change. It never holds a key: there is no field for
/// one, and extra headers that carry credentials (Authorization, x-api-key,
/// ...) are refused, because a key belongs in the keychain. A file that cannot
/// be read is renamed aside and the defaults take over: the hosted presets
/// enabled, the local servers (which usually are not running) disabled.
///
/// Not thread-safe; one instance, owned by whoever owns the app's services.
class ProviderRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderRegistry)

public:
    /// Why a provider cannot be added or changed, and which field to fix.
    struct Problem
    {
        enum class Field { Id, Name, BaseUrl, Headers, File };
        Field field = Field::File;
        QString message;
    };

    /// An empty dataDir keeps everything in memory only (tests, screenshots).
    explicit ProviderRegistry(QString dataDir, QObject *parent = nullptr);
    ~ProviderRegistry() override;

    [[nodiscard]] QString path() const;
    /// Reads providers.json; a missing file gives the defaults and makes
    /// isFirstRun() true. An unreadable one is renamed aside (the error says
    /// where to) and the defaults take over.
    [[nodiscard]] std::expected<void, QString> load();
    /// No providers.json was found: Switchyard has not been set up here yet.
    [[nodiscard]] bool isFirstRun() const { return m_firstRun; }
    /// Writes the file as it is, ending the first run.
    [[nodiscard]] std::expected<void, QString> finishFirstRun();

    /// Presets first, in ProviderPresets order, then the user's own in the
    /// order they were added.
    [[nodiscard]] const QList<ProviderEntry> &entries() const { return m_entries; }
    [[nodiscard]] std::optional<ProviderEntry> entry(const QString &id) const;
    [[nodiscard]] QList<ProviderConfig> enabledProviders() const;
    /// The provider if it is there and enabled.
    [[nodiscard]] std::optional<ProviderConfig> enabledProvider(const QString &id) const;

    /// Adds a provider of the user's own; its id must be new.
    [[nodiscard]] std::expected<void, Problem> add(const ProviderConfig &config);
    /// Replaces the provider with the same id. A preset keeps its id, wire
    /// format and key variable; only its name, base URL and headers change.
    [[nodiscard]] std::expected<void, Problem> update(const ProviderConfig &config);
    /// Removes a provider the user added, with its favourites. Presets cannot
    /// be removed, only disabled.
    [[nodiscard]] std::expected<void, QString> remove(const QString &id);
    [[nodiscard]] std::expected<void, QString> setEnabled(const QString &id, bool enabled);
    /// Several at once, saved once: the first-run step's choice.
    [[nodiscard]] std::expected<void, QString> setEnabled(const QHash<QString, bool> &enabled);
    /// Providers added, edited, enabled or disabled, and removed from now on
    /// are entered in log ("provider.added", "provider.edited",
    /// "provider.removed": the id, name, wire format, the base URL without
    /// user, query or fragment, header names without values). Null for none.
    void setAuditLog(std::shared_ptr<Audit::AuditLog> log) { m_audit = std::move(log); }
    /// Keeps a successful listing: the ids and now as the time.
    [[nodiscard]] std::expected<void, QString> setModels(const QString &id, const QStringList &modelIds);

    /// "provider/model" labels, in the order they were starred.
    [[nodiscard]] const QStringList &favourites() const { return m_favourites; }
    [[nodiscard]] bool isFavourite(const QString &label) const { return m_favourites.contains(label); }
    [[nodiscard]] std::expected<void, QString> setFavourite(const QString &label, bool favourite);

    /// Whether config could be added (or, with existing, could replace an
    /// entry): a provider id the keychain accepts, a name, an http(s) base URL
    /// with a host, and headers that are valid and carry no credentials.
    [[nodiscard]] std::optional<Problem> check(const ProviderConfig &config, bool existing) const;
    /// "Name: value" lines (blank lines ignored) as headers, or what is wrong.
    [[nodiscard]] static std::expected<QList<QPair<QByteArray, QByteArray>>, QString>
    parseHeaders(const QString &text);
    [[nodiscard]] static QString headersText(const QList<QPair<QByteArray, QByteArray>> &headers);
    /// A new provider id made from a name ("My Gateway" → "my-gateway"),
    /// numbered if taken.
    [[nodiscard]] QString suggestId(const QString &name) const;

Q_SIGNALS:
    /// After any change: providers added, edited, enabled, listed, starred.
    void changed();

private:
    [[nodiscard]] qsizetype indexOf(const QString &id) const;
    [[nodiscard]] QByteArray toJson() const;
    [[nodiscard]] std::expected<void, QString> readJson(const QByteArray &json);
    void resetToDefaults();
    /// Saves; on failure puts `before` back and returns the error.
    [[nodiscard]] std::expected<void, QString> commit(QList<ProviderEntry> before, QStringList favouritesBefore);

    /// Enters a change that was saved in the audit log, if there is one.
    void audit(const QString &kind, const ProviderConfig &config, QJsonObject extra = {}) const;

    QString m_dataDir;
    std::shared_ptr<Audit::AuditLog> m_audit;
    QList<ProviderEntry> m_entries;
    QStringList m_favourites;
    bool m_firstRun = true;
};

} // namespace Switchyard::Providers
