#include "usage/budget.h"

#include <QObject>

#include <array>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage {

namespace {

// Stored in the database and typed after --period: part of the file format.
constexpr std::array PeriodNames{u"month", u"week", u"day"};

QString adjectiveOf(Budget::Period period)
{
    switch (period) {
    case Budget::Period::Day:
        return QObject::tr("daily");
    case Budget::Period::Week:
        return QObject::tr("weekly");
    case Budget::Period::Month:
        break;
    }
    return QObject::tr("monthly");
}

} // namespace

QString periodName(Budget::Period period)
{
    return QString::fromUtf16(PeriodNames.at(std::size_t(period)));
}

std::optional<Budget::Period> periodFromName(QStringView name)
{
    for (std::size_t i = 0; i < PeriodNames.size(); ++i) {
        if (name.compare(QStringView(PeriodNames[i]), Qt::CaseInsensitive) == 0)
            return Budget::Period(i);
    }
    return std::nullopt;
}

QDate Budget::periodStart(QDate today) const
{
    switch (period) {
    case Period::Day:
        return today;
    case Period::Week:
        return today.addDays(1 - today.dayOfWeek());
    case Period::Month:
        break;
    }
    return QDate(today.year(), today.month(), 1);
}

QString Budget::name() const
{
    const QString adjective = adjectiveOf(period);
    if (!key.isEmpty() && !scope.isEmpty())
        return QObject::tr("The %1 budget of key “%2” for %3").arg(adjective, key, scope);
    if (!key.isEmpty())
        return QObject::tr("The %1 budget of key “%2”").arg(adjective, key);
    if (!scope.isEmpty())
        return QObject::tr("The %1 budget for %2").arg(adjective, scope);
    return QObject::tr("The %1 budget").arg(adjective);
}

QString Budget::label() const
{
    QStringList parts;
    if (!key.isEmpty())
        parts.append(QObject::tr("key %1").arg(key));
    if (!scope.isEmpty())
        parts.append(scope);
    return parts.isEmpty() ? QObject::tr("total") : parts.join(u", "_s);
}

} // namespace Switchyard::Usage
