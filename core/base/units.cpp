#include "base/units.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Base::Units {

QString seconds(double milliseconds)
{
    if (milliseconds < 0)
        return u"–"_s;
    if (milliseconds < 10'000)
        return u"%1 s"_s.arg(milliseconds / 1000.0, 0, 'f', 2);
    return u"%1 s"_s.arg(milliseconds / 1000.0, 0, 'f', 1);
}

QString duration(double milliseconds)
{
    if (milliseconds < 0)
        return u"–"_s;
    if (milliseconds < 1)
        return u"<1 ms"_s;
    if (milliseconds < 999.5)
        return u"%1 ms"_s.arg(qRound(milliseconds));
    return seconds(milliseconds);
}

QString tokensPerSecond(double rate)
{
    if (rate < 0)
        return u"–"_s;
    return u"%1 tok/s"_s.arg(rate, 0, 'f', rate < 10 ? 1 : 0);
}

QString usd(std::optional<qint64> nanoUsd)
{
    if (!nanoUsd)
        return u"–"_s;
    const double amount = double(*nanoUsd) / 1e9;
    if (amount == 0)
        return u"$0"_s;
    if (amount >= 0.01)
        return u"$%1"_s.arg(amount, 0, 'f', amount >= 100 ? 2 : 4);
    // Three significant digits in plain decimals: "$0.000061", never
    // "$6.1e-05"; trailing zeros dropped.
    const int decimals = std::clamp(2 - int(std::floor(std::log10(amount))), 3, 9);
    QString text = QString::number(amount, 'f', decimals);
    while (text.endsWith(u'0'))
        text.chop(1);
    return u"$"_s + text;
}

} // namespace Switchyard::Base::Units
