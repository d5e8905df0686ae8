#include "providers/modeltablemodel.h"

#include "base/units.h"
#include "calls/pricing.h"
#include "catalog/pricecatalog.h"
#include "providers/providerregistry.h"

#include <QDate>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

std::optional<qint64> priceOf(const Providers::AvailableModel &model, int column)
{
    if (!model.info)
        return std::nullopt;
    switch (column) {
    case ModelTableModel::Input:
        return model.info->price.input;
    case ModelTableModel::Output:
        return model.info->price.output;
    case ModelTableModel::Cached:
        return model.info->price.cachedInput;
    default:
        return std::nullopt;
    }
}

QString capabilities(Catalog::Capabilities caps)
{
    QStringList names;
    if (caps.testFlag(Catalog::Capability::Tools))
        names.append(QObject::tr("tools"));
    if (caps.testFlag(Catalog::Capability::Vision))
        names.append(QObject::tr("vision"));
    if (caps.testFlag(Catalog::Capability::JsonMode))
        names.append(QObject::tr("JSON"));
    if (caps.testFlag(Catalog::Capability::Reasoning))
        names.append(QObject::tr("reasoning"));
    return names.join(u" · "_s);
}

} // namespace

ModelTableModel::ModelTableModel(const Providers::ProviderRegistry *registry, const Catalog::PriceCatalog *catalog,
                                 QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
    , m_catalog(catalog)
{
    connect(m_registry, &Providers::ProviderRegistry::changed, this, &ModelTableModel::reload);
    reload();
}

ModelTableModel::~ModelTableModel() = default;

void ModelTableModel::reload()
{
    beginResetModel();
    m_models = Providers::AvailableModels::list(*m_registry, m_catalog);
    endResetModel();
}

int ModelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ModelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Favourite:
            return tr("Starred models come first in the Compare page's pickers");
        case Input:
        case Output:
        case Cached:
            return tr("US dollars per million tokens");
        case Source:
            return tr("Where the price comes from: the catalog bundled with Switchyard, an OpenRouter import, "
                      "or your own override");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section >= Context && section <= Cached)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Favourite:
        return u"★"_s;
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Context:
        return tr("Context");
    case Input:
        return tr("Input $/M");
    case Output:
        return tr("Output $/M");
    case Cached:
        return tr("Cached $/M");
    case Capabilities:
        return tr("Capabilities");
    case Source:
        return tr("Price from");
    default:
        return {};
    }
}

QVariant ModelTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Providers::AvailableModel &model = m_models.at(index.row());
    const int column = index.column();
    const bool priceColumn = column == Input || column == Output || column == Cached;
    const bool unknownPrice = !model.isPriced();

    switch (role) {
    case LabelRole:
        return model.label();
    case ProviderIdRole:
        return model.providerId;
    case PricedRole:
        return model.isPriced();
    case SortRole:
        switch (column) {
        case Favourite:
            return model.favourite ? 0 : 1;
        case Context:
            return model.info && model.info->contextLength > 0 ? model.info->contextLength
                                                               : std::numeric_limits<qint64>::max();
        case Input:
        case Output:
        case Cached:
            // Unknown sorts after every real price, so "cheapest first" stays honest.
            return priceOf(model, column).value_or(std::numeric_limits<qint64>::max());
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::TextAlignmentRole:
        if (column >= Context && column <= Cached)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == Favourite)
            return Qt::AlignCenter;
        return {};
    case Qt::FontRole:
        if (priceColumn && unknownPrice) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        if (priceColumn) {
            QFont tabular;
            tabular.setFeature(QFont::Tag("tnum"), 1); // figures that line up
            return tabular;
        }
        return {};
    case Qt::ForegroundRole:
        if ((priceColumn && (unknownPrice || !priceOf(model, column))) || (column == Favourite && !model.favourite))
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::ToolTipRole:
        if (column == Favourite)
            return model.favourite ? tr("Starred: first in the Compare pickers. Click to unstar.")
                                   : tr("Click to star: starred models come first in the Compare pickers.");
        if (priceColumn && unknownPrice)
            return tr("The catalog has no price for %1. Set one with Edit Price…, or import OpenRouter's prices.")
                .arg(model.label());
        if (column == Model && !model.listed)
            return tr("From the price catalog; test the connection to see what %1 really offers.")
                .arg(model.providerName);
        return {};
    case Qt::AccessibleTextRole:
        if (column == Favourite)
            return model.favourite ? tr("starred") : tr("not starred");
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (column) {
    case Favourite:
        return model.favourite ? u"★"_s : u"☆"_s;
    case Provider:
        return model.providerName;
    case Model:
        return model.modelId;
    case Context:
        return model.info && model.info->contextLength > 0 ? QLocale().toString(model.info->contextLength)
                                                           : u"–"_s;
    case Input:
    case Output:
    case Cached:
        if (unknownPrice) {
            // A model on the user's own server costs nothing (Calls::Pricing).
            const auto entry = m_registry ? m_registry->entry(model.providerId) : std::nullopt;
            if (entry && Calls::Pricing::isOwnServer(entry->config))
                return column == Input ? tr("free (own server)") : QString();
            return column == Input ? tr("price unknown") : QString();
        }
        if (const auto amount = priceOf(model, column))
            return Base::Units::usd(*amount * 1000); // micro-dollars per million → nano-dollars
        return u"–"_s;
    case Capabilities:
        return model.info ? capabilities(model.info->capabilities) : QString();
    case Source:
        if (!model.info)
            return QString();
        switch (model.info->priceSource) {
        case Catalog::PriceSource::Bundled:
            if (!m_catalog)
                return tr("catalog");
            // Old prices say how old, so nobody takes them for today's.
            if (const int months = m_catalog->pricesAgeMonths(QDate::currentDate());
                months > Catalog::PriceCatalog::StaleAfterMonths)
                return tr("catalog, %1 months old").arg(months);
            return tr("catalog (%1)").arg(m_catalog->pricesTaken());
        case Catalog::PriceSource::Imported:
            return tr("OpenRouter import");
        case Catalog::PriceSource::Override:
            return tr("your override");
        }
        return {};
    default:
        return {};
    }
}

} // namespace Switchyard::ProvidersUi
