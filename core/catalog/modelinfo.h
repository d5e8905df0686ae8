#pragma once

#include "catalog/price.h"

#include <QFlags>
#include <QString>
#include <QStringList>

namespace Switchyard::Catalog {

enum class Capability : quint8 {
    Tools = 0x1,
    Vision = 0x2,
    JsonMode = 0x4,
    Reasoning = 0x8,
};
Q_DECLARE_FLAGS(Capabilities, Capability)
Q_DECLARE_OPERATORS_FOR_FLAGS(Capabilities)

/// The layer of PriceCatalog a price came from, weakest first.
enum class PriceSource : quint8 { Bundled, Imported, Override };

/// What the catalog knows about one model at one provider: its price, its
/// limits and what it can do. A plain value: PriceCatalog hands out copies.
struct ModelInfo
{
    QString provider; ///< provider preset id: "openai", "anthropic", "openrouter", ...
    QString id;       ///< the model id the provider's API takes
    QString displayName;
    /// Other ids for the same model at the same price: dated snapshots,
    /// "-latest" names, and the name OpenRouter gives it after the vendor prefix.
    QStringList aliases;
    Price price;
    qint64 contextLength = 0;   ///< tokens; 0 when not known
    qint64 maxOutputTokens = 0; ///< tokens; 0 when not known
    Capabilities capabilities;
    PriceSource priceSource = PriceSource::Bundled;
};

} // namespace Switchyard::Catalog
