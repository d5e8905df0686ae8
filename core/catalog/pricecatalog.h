#pragma once

#include "catalog/error.h"
#include "catalog/importsummary.h"
#include "catalog/modelinfo.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>
#include <optional>

class QByteArray;

namespace Switchyard::Catalog {

/// The models Switchyard knows and what they cost, in three layers, each
/// winning over the one before: the catalog bundled with the app, models
/// imported from OpenRouter's model list, and the user's own price overrides.
/// Only the overrides are saved, as price-overrides.json in the data directory
/// the caller chooses; the bundled catalog and imports live in memory.
///
/// Lookup is by (provider, model id), case-insensitive, trying the entry's id
/// and then its aliases. An OpenRouter id ("openai/gpt-4o") without an entry of
/// its own falls back to the vendor's entry ("gpt-4o" at "openai") for vendors
/// that OpenRouter serves only at the vendor's list price (OpenAI, Anthropic,
/// Google, xAI); it charges its fee when credits are bought, not per token.
/// Open-weight models (Llama, DeepSeek, Mistral) have no fallback: OpenRouter
/// routes them to other hosts at other prices, so they need an import.
/// Variants such as ":free" are never stripped, since their price differs.
///
/// Not thread-safe; one instance, owned by whoever owns the app's services.
class PriceCatalog final
{
public:
    /// An empty dataDir keeps no overrides: setOverride() then fails.
    explicit PriceCatalog(QString dataDir);

    /// Reads the catalog bundled as the resource :/catalog/models.json.
    [[nodiscard]] std::expected<void, Error> loadBundled();
    /// Replaces the bundled layer with `json` in the same format; on error the
    /// catalog is left as it was.
    [[nodiscard]] std::expected<void, Error> loadCatalog(const QByteArray &json);
    /// Reads the overrides from the data directory. A file that cannot be
    /// parsed is renamed aside (price-overrides.json.corrupt-<UTC time>) and
    /// the error says where it went; the overrides then start empty.
    [[nodiscard]] std::expected<void, Error> loadOverrides();

    /// Merges the body of OpenRouter's GET /api/v1/models. Entries that cannot
    /// be used are listed as rejected; only JSON that is not a model list at
    /// all is an error, and then nothing changes.
    [[nodiscard]] std::expected<ImportSummary, Error> importOpenRouter(const QByteArray &json);

    /// Keeps an OpenRouter model list (already given to importOpenRouter) in the
    /// data directory, so loadImport() brings the prices back on the next start.
    [[nodiscard]] std::expected<void, Error> keepImport(const QByteArray &json) const;
    /// Re-imports the kept OpenRouter list, if there is one. An unreadable file
    /// is renamed aside like the overrides.
    [[nodiscard]] std::expected<void, Error> loadImport();
    /// loadBundled(), loadImport() and loadOverrides(); returns what went wrong
    /// (each layer that fails is skipped, the others still load).
    [[nodiscard]] QList<Error> loadAll();

    /// Replaces the whole price of a model (it does not merge field by field)
    /// and saves at once. `price` needs input and output prices. A model the
    /// catalog does not know gets an entry of its own.
    [[nodiscard]] std::expected<void, Error> setOverride(const QString &provider, const QString &modelId,
                                                         const Price &price);
    [[nodiscard]] std::expected<void, Error> removeOverride(const QString &provider, const QString &modelId);

    /// The entry with its effective price. For an OpenRouter fallback the
    /// result is the vendor's entry: its `provider` says which it is.
    [[nodiscard]] std::optional<ModelInfo> find(const QString &provider, const QString &modelId) const;
    /// Every entry with its effective price, sorted by provider and id.
    [[nodiscard]] QList<ModelInfo> models() const;
    /// When the bundled prices were taken ("2025-06"): prices go stale.
    [[nodiscard]] QString pricesTaken() const { return m_pricesTaken; }
    /// Whole months from when the bundled prices were taken to `today`; -1
    /// when that date is not known.
    [[nodiscard]] int pricesAgeMonths(QDate today) const;
    /// Bundled prices older than this are worth updating (an import).
    static constexpr int StaleAfterMonths = 3;
    [[nodiscard]] QString overridesPath() const;
    [[nodiscard]] QString importPath() const;

private:
    [[nodiscard]] const ModelInfo *resolve(const QString &provider, const QString &modelId) const;
    [[nodiscard]] std::optional<ModelInfo> findAt(const QString &provider, const QString &modelId) const;
    [[nodiscard]] ModelInfo withOverride(ModelInfo entry) const;
    [[nodiscard]] std::expected<void, Error> ensureOverridesLoaded();
    [[nodiscard]] std::expected<void, Error> saveOverrides() const;

    QString m_dataDir;
    QString m_pricesTaken;
    // Keyed by "provider\nmodel id", both lower-case.
    QHash<QString, ModelInfo> m_bundled;
    QHash<QString, ModelInfo> m_imported;
    QHash<QString, QString> m_aliases; // alias key → entry key, bundled layer only
    QHash<QString, ModelInfo> m_overrides;
    // False until the overrides file has been read (or set aside): saving
    // before then would overwrite overrides that were never seen.
    bool m_overridesLoaded = false;
};

} // namespace Switchyard::Catalog
