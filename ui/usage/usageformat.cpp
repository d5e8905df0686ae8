#include "usage/usageformat.h"

#include "base/units.h"
#include "usage/usagerecord.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi::UsageFormat {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("UsageFormat", text);
}

QString amount(const Usage::UsageGroup &group, qint64 nanoUsd)
{
    const QString text = Base::Units::usd(nanoUsd);
    return group.estimatedCalls > 0 ? u"≈ "_s + text : text;
}

} // namespace

// "$1.24 + 6 unpriced": what is known, and how many calls it leaves out —
// never a bare "unknown" that hides the part that is known.
QString spend(const Usage::UsageGroup &group)
{
    if (group.unpricedCalls <= 0)
        return amount(group, group.costNanoUsd);
    const QString unpriced = tr("%1 unpriced").arg(count(group.unpricedCalls));
    if (group.unpricedCalls == group.calls)
        return unpriced;
    return amount(group, group.costNanoUsd) + u" + "_s + unpriced;
}

// Over the priced calls only: an average with unpriced calls counted as $0
// would be wrong, and one with them left out says so in its tooltip.
QString averageCost(const Usage::UsageGroup &group)
{
    const qint64 priced = group.calls - group.unpricedCalls;
    if (group.calls > 0 && priced <= 0)
        return u"–"_s;
    return amount(group, priced > 0 ? (group.costNanoUsd + priced / 2) / priced : 0);
}

QString spendToolTip(const Usage::UsageGroup &group)
{
    QStringList lines;
    if (group.calls > 0 && group.unpricedCalls == group.calls) {
        lines << tr(
            "No price is known for these calls, so their cost is not counted (it is not zero either). "
            "Set a price for the model (Set price…) to count them.");
    } else if (group.unpricedCalls > 0) {
        lines << tr("%1 without a known price not included in this amount; set a price for the model "
                    "(Set price…) to count them.")
                     .arg(calls(group.unpricedCalls));
    }
    if (group.estimatedCalls > 0)
        lines << tr("≈: the cost of %1 is estimated — the provider reported no token counts, so they were "
                    "guessed from the text, or a cached-input price was missing.")
                     .arg(calls(group.estimatedCalls));
    return lines.join(u'\n');
}

QString limit(qint64 nanoUsd)
{
    constexpr qint64 Dollar = 1'000'000'000, Cent = Dollar / 100;
    if (nanoUsd % Dollar == 0)
        return u"$"_s + QString::number(nanoUsd / Dollar);
    if (nanoUsd % Cent == 0)
        return u"$"_s + QString::number(double(nanoUsd) / double(Dollar), 'f', 2);
    return Base::Units::usd(nanoUsd);
}

double spendUsd(const Usage::UsageGroup &group)
{
    return double(group.costNanoUsd) / 1e9;
}

QString count(qint64 value)
{
    return QLocale().toString(value);
}

QString calls(qint64 value)
{
    return value == 1 ? tr("1 call") : tr("%1 calls").arg(count(value));
}

QString percent(double fraction)
{
    const double value = fraction * 100.0;
    return QLocale().toString(value, 'f', value > 0 && value < 10 ? 1 : 0) + u'%';
}

QString projectName(const QString &project)
{
    return project.isEmpty() ? tr("(no project)") : project;
}

QString keyName(const QString &key)
{
    if (key.isEmpty())
        return tr("(no key)");
    if (key == u"owner"_s)
        return tr("owner (gateway token)");
    return key;
}

QString sourceTitle(const QString &source)
{
    switch (Usage::sourceFromName(source).value_or(Usage::Source::Compare)) {
    case Usage::Source::Compare:
        return source == u"compare" ? tr("Compare") : source;
    case Usage::Source::Cli:
        return tr("CLI");
    case Usage::Source::Router:
        return tr("Router");
    case Usage::Source::Gateway:
        return tr("Gateway");
    }
    return source;
}

void accumulate(Usage::UsageGroup &into, const Usage::UsageGroup &from)
{
    into.calls += from.calls;
    into.errors += from.errors;
    into.tokensIn += from.tokensIn;
    into.tokensOut += from.tokensOut;
    into.tokensCached += from.tokensCached;
    into.tokensReasoning += from.tokensReasoning;
    into.costNanoUsd += from.costNanoUsd;
    into.estimatedCalls += from.estimatedCalls;
    into.unpricedCalls += from.unpricedCalls;
}

} // namespace Switchyard::UsageUi::UsageFormat
