#pragma once

#include "usage/histogram.h"

#include <QDate>
#include <QFlags>
#include <QList>
#include <QString>

#include <memory>

namespace Switchyard::Usage {

/// What a summary groups calls by; none: one group for everything.
enum class GroupKey : quint8 {
    Day = 0x1,
    Provider = 0x2,
    Model = 0x4, // implies the provider: a model is "provider/model"
    Source = 0x8,
    Project = 0x10,
    Key = 0x20, // the gateway key a call came with
};
Q_DECLARE_FLAGS(GroupBy, GroupKey)
Q_DECLARE_OPERATORS_FOR_FLAGS(GroupBy)

/// Latency and speed distributions of a group of calls: time to first token
/// and total time of answered calls (ms), and their output speed (tokens/s).
struct Latencies {
    Histogram ttftMs;
    Histogram totalMs;
    Histogram tokensPerSecond;
};

/// The totals of one group of calls. Fields not in the grouping are empty.
struct UsageGroup {
    QDate day;
    QString provider;
    QString model;
    QString source;
    QString project;
    QString key;

    qint64 calls = 0;
    qint64 errors = 0; // failed or cut off; cancelled calls are not errors
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    qint64 tokensCached = 0;
    qint64 tokensReasoning = 0;
    qint64 costNanoUsd = 0;   // the calls whose cost is known
    qint64 estimatedCalls = 0; // of which the cost rests on a guess
    qint64 unpricedCalls = 0;  // calls whose cost is unknown (no price)
    std::shared_ptr<Latencies> latencies; // only when asked for

    [[nodiscard]] double errorRate() const { return calls ? double(errors) / double(calls) : 0.0; }
    [[nodiscard]] double averageCostUsd() const
    {
        const qint64 priced = calls - unpricedCalls;
        return priced > 0 ? double(costNanoUsd) / 1e9 / double(priced) : 0.0;
    }
    [[nodiscard]] QString modelKey() const { return provider + u'/' + model; }
};

} // namespace Switchyard::Usage
