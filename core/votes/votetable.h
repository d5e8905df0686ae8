#pragma once

#include "usage/usageerror.h"
#include "usage/usagefilter.h"
#include "votes/vote.h"
#include "votes/winrate.h"

#include <QList>

#include <expected>

namespace Switchyard::Usage {
class UsageDatabase;
class UsageStore;
} // namespace Switchyard::Usage

namespace Switchyard::Votes {

/// The Compare votes in the usage database (the votes and vote_models tables
/// of UsageSchema), read and written through a database the caller has open
/// and uses on its thread: the usage store's thread through
/// UsageStore::query() and write(), or the CLI's and a test's directly. Holds
/// nothing but the reference: make one where it is needed.
class VoteTable final
{
public:
    explicit VoteTable(Usage::UsageDatabase &db) : m_db(db) {}

    /// Writes the vote and its models in one transaction.
    [[nodiscard]] std::expected<void, Usage::UsageError> record(const Vote &vote);
    /// The votes in the filter's date range that involve one of its models
    /// (or providers), oldest first; its sources and projects do not apply.
    [[nodiscard]] std::expected<QList<Vote>, Usage::UsageError> votes(const Usage::UsageFilter &filter = {});
    /// winRatesOf(votes(filter)).
    [[nodiscard]] std::expected<QList<WinRate>, Usage::UsageError>
    winRates(const Usage::UsageFilter &filter = {});

    /// Records vote on the store's thread (UsageStore::write()): never blocks,
    /// and is kept in memory while the file is refused, as calls are.
    static void queue(Usage::UsageStore &store, const Vote &vote);

private:
    Usage::UsageDatabase &m_db;
};

} // namespace Switchyard::Votes
