#include "usage/usagecsv.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage::UsageCsv {

namespace {

QString cell(std::optional<qint64> value)
{
    return value ? QString::number(*value) : QString();
}

QString cell(std::optional<double> value, int decimals)
{
    return value ? QString::number(*value, 'f', decimals) : QString();
}

// Local time with its offset spelled out, so the file means the same moment
// wherever it is read.
QString localTime(qint64 ms)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs);
}

} // namespace

QByteArray line(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        QString field = fields.at(i);
        // Project tags and model names come from callers (a gateway client
        // sets its own): a cell a spreadsheet would run as a formula is kept
        // as text. Negative numbers are left alone.
        if (!field.isEmpty()
            && (field.front() == u'=' || field.front() == u'+' || field.front() == u'@' || field.front() == u'\t'
                || field.front() == u'\r' || (field.front() == u'-' && !(field.size() > 1 && field.at(1).isDigit()))))
            field.prepend(u'\'');
        if (field.contains(u',') || field.contains(u'"') || field.contains(u'\n') || field.contains(u'\r'))
            out += '"' + QString(field).replace(u"\""_s, u"\"\""_s).toUtf8() + '"';
        else
            out += field.toUtf8();
    }
    return out + "\r\n";
}

QByteArray header()
{
    return line({u"time"_s, u"source"_s, u"project"_s, u"provider"_s, u"model"_s, u"route"_s, u"rule"_s,
                 u"tokens_in"_s, u"tokens_out"_s, u"tokens_cached"_s, u"tokens_reasoning"_s, u"cost_usd"_s,
                 u"cost_estimated"_s, u"ttft_ms"_s, u"total_ms"_s, u"tokens_per_s"_s, u"status"_s,
                 u"error_class"_s, u"http_status"_s, u"retries"_s, u"fallback_hops"_s, u"key"_s});
}

QByteArray row(const UsageRecord &r)
{
    // Nano-dollars as a decimal with nine places: exact, and any spreadsheet reads it.
    const QString cost = r.costNanoUsd ? QString::asprintf("%s%lld.%09lld", *r.costNanoUsd < 0 ? "-" : "",
                                                           std::abs(*r.costNanoUsd) / 1'000'000'000,
                                                           std::abs(*r.costNanoUsd) % 1'000'000'000)
                                       : QString();
    return line({localTime(r.timeMs),
                 sourceName(r.source), r.project, r.provider, r.model, r.route, r.rule, cell(r.tokensIn),
                 cell(r.tokensOut), cell(r.tokensCached), cell(r.tokensReasoning), cost,
                 r.costEstimated ? u"yes"_s : u"no"_s, cell(r.ttftMs, 1), cell(r.totalMs, 1),
                 cell(r.tokensPerSecond, 2), statusName(r.status), r.errorClass,
                 r.httpStatus ? QString::number(r.httpStatus) : QString(), QString::number(r.retries),
                 QString::number(r.fallbackHops), r.keyName});
}

} // namespace Switchyard::Usage::UsageCsv
