#pragma once

#include "votes/vote.h"

#include <QList>
#include <QString>

#include <expected>

namespace Switchyard::Votes {

/// Compare votes as earlier versions kept them: JSON lines in the data folder
/// (votes.jsonl), one per vote, appended and flushed at once so a crash loses
/// at most the vote being written. The app reads them into the usage database
/// (VoteTable) once. A line that cannot be read is skipped and counted, never
/// rewritten.
class VoteLog final
{
public:
    explicit VoteLog(QString path);

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] std::expected<void, QString> record(const Vote &vote) const;

    struct Loaded {
        QList<Vote> votes;
        int unreadableLines = 0;
    };
    [[nodiscard]] std::expected<Loaded, QString> load() const;

private:
    QString m_path;
};

} // namespace Switchyard::Votes
