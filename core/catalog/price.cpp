#include "catalog/price.h"

#include <cmath>

namespace Switchyard::Catalog {

std::optional<qint64> Price::fromUsdPerMillion(double usd)
{
    if (!std::isfinite(usd) || usd < 0 || usd > static_cast<double>(maxAmount) / 1e6)
        return std::nullopt;
    return std::llround(usd * 1e6);
}

double Price::toUsdPerMillion(qint64 amount)
{
    return static_cast<double>(amount) / 1e6;
}

} // namespace Switchyard::Catalog
