#pragma once

#include "catalog/cost.h"

#include <QString>

#include <optional>

namespace Switchyard::Providers {
class ChatCall;
}

namespace Switchyard::Usage {

/// Who made a call: the part of Switchyard the usage page can filter by.
enum class Source : quint8 { Compare, Cli, Router, Gateway };

/// How a call ended. Incomplete: an error after part of the answer arrived.
enum class Status : quint8 { Ok, Error, Cancelled, Incomplete };

[[nodiscard]] QString sourceName(Source source);
[[nodiscard]] std::optional<Source> sourceFromName(QStringView name);
[[nodiscard]] QString statusName(Status status);
[[nodiscard]] std::optional<Status> statusFromName(QStringView name);

/// One call as the usage database keeps it: one row per request sent to a
/// provider, whoever sent it. Unknown figures are empty, never zero (a free
/// model costs 0; a model without a price costs "unknown"). No prompt, no
/// answer and no error text is kept here — only what spend and speed need —
/// so the log can never leak a conversation or a key that a provider echoed.
struct UsageRecord {
    qint64 timeMs = 0; // when the call started, ms since the epoch (UTC)
    Source source = Source::Compare;
    QString project;   // a tag from the caller; empty for none
    /// The gateway key the request came with: a per-tool key's name, or
    /// "owner" for the gateway's own token; empty for the app and the CLI.
    QString keyName;
    QString provider;  // the provider id: "openai", "local", ...
    QString model;
    QString route;     // the routing config's route and rule, when routed
    QString rule;
    std::optional<qint64> tokensIn;        // includes cached
    std::optional<qint64> tokensOut;       // includes reasoning
    std::optional<qint64> tokensCached;
    std::optional<qint64> tokensReasoning;
    std::optional<qint64> costNanoUsd;
    bool costEstimated = false;
    std::optional<double> ttftMs;
    std::optional<double> totalMs;
    std::optional<double> tokensPerSecond;
    Status status = Status::Ok;
    QString errorClass; // CallErrors::kindName() of the error; empty when Ok
    int httpStatus = 0;
    int retries = 0;
    int fallbackHops = 0;

    bool operator==(const UsageRecord &) const = default;

    /// The row for a finished call: its timings, the usage the provider
    /// reported (or counts estimated from the text), and cost.
    [[nodiscard]] static UsageRecord of(const Providers::ChatCall &call, const Catalog::Cost &cost, Source source,
                                        const QString &project = {});
};

} // namespace Switchyard::Usage
