#pragma once

#include "usage/usagerecord.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>

#include <limits>

namespace Switchyard::Usage {

/// Which calls a summary or an export covers. Days are local calendar days,
/// both ends included; an empty list means "any". Models are "provider/model"
/// since two providers may serve a model under the same name.
struct UsageFilter {
    QDate from; // invalid: from the first call
    QDate to;   // invalid: up to the last call
    QStringList providers;
    QStringList models;
    QStringList sources;
    QStringList projects;
    QStringList keys; // gateway keys' names (UsageRecord::keyName); "" for calls without one

    [[nodiscard]] bool matches(const QString &provider, const QString &model, const QString &source,
                               const QString &project, const QString &key) const
    {
        return (providers.isEmpty() || providers.contains(provider))
            && (models.isEmpty() || models.contains(provider + u'/' + model))
            && (sources.isEmpty() || sources.contains(source)) && (projects.isEmpty() || projects.contains(project))
            && (keys.isEmpty() || keys.contains(key));
    }

    /// The first millisecond of from, and the first after to (local days),
    /// for rows kept by time; without a limit, the smallest and largest time.
    [[nodiscard]] qint64 startMs() const
    {
        return from.isValid() ? from.startOfDay().toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    }
    [[nodiscard]] qint64 endMs() const
    {
        return to.isValid() ? to.addDays(1).startOfDay().toMSecsSinceEpoch()
                            : std::numeric_limits<qint64>::max();
    }

    bool operator==(const UsageFilter &) const = default;
};

} // namespace Switchyard::Usage
