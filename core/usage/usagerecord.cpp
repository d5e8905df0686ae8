#include "usage/usagerecord.h"

#include "providers/callerrors.h"
#include "providers/callfigures.h"
#include "providers/chatcall.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Switchyard::Usage {

namespace {

// The names are stored in the database and written by `switchyard-cli usage`:
// they are part of the file format and must not change.
constexpr std::array SourceNames{u"compare", u"cli", u"router", u"gateway"};
constexpr std::array StatusNames{u"ok", u"error", u"cancelled", u"incomplete"};

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char16_t *, N> &names, QStringView name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QStringView(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

std::optional<qint64> known(qint64 count)
{
    return count >= 0 ? std::optional(count) : std::nullopt;
}

std::optional<double> known(double figure)
{
    return figure >= 0 ? std::optional(figure) : std::nullopt;
}

} // namespace

QString sourceName(Source source)
{
    return QString::fromUtf16(SourceNames.at(std::size_t(source)));
}

std::optional<Source> sourceFromName(QStringView name)
{
    return fromName<Source>(SourceNames, name);
}

QString statusName(Status status)
{
    return QString::fromUtf16(StatusNames.at(std::size_t(status)));
}

std::optional<Status> statusFromName(QStringView name)
{
    return fromName<Status>(StatusNames, name);
}

UsageRecord UsageRecord::of(const Providers::ChatCall &call, const Catalog::Cost &cost, Source source,
                            const QString &project)
{
    const auto figures = Providers::CallFigures::of(call);
    const auto &usage = call.usage();
    UsageRecord record{
        .timeMs = call.timings().started.toMSecsSinceEpoch(),
        .source = source,
        .project = project,
        .provider = call.provider().id,
        .model = call.request().model,
        .tokensIn = known(figures.tokensIn),
        .tokensOut = known(figures.tokensOut),
        .tokensCached = known(usage.cachedInput),
        .tokensReasoning = known(usage.reasoning),
        .costNanoUsd = cost.nanoUsd,
        .costEstimated = cost.estimated,
        .ttftMs = known(figures.ttftMs),
        .totalMs = known(figures.totalMs),
        .tokensPerSecond = known(figures.tokensPerSecond),
    };
    if (const auto &error = call.error()) {
        record.status = error->kind == Providers::CallError::Kind::Cancelled ? Status::Cancelled
            : call.isIncomplete()                                           ? Status::Incomplete
                                                                            : Status::Error;
        record.errorClass = Providers::CallErrors::kindName(error->kind);
        record.httpStatus = error->httpStatus;
    }
    return record;
}

} // namespace Switchyard::Usage
