#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Switchyard::Votes {

/// One judgement of a Compare round: which model gave the best answer to a
/// prompt, among those that answered it, or a tie.
struct Vote {
    QDateTime when;
    QString prompt;
    QStringList models; // "provider/model" of every pane in the round
    QString winner;     // one of models; empty for a tie
    bool blind = false; // the names were hidden while voting

    bool operator==(const Vote &) const = default;
};

} // namespace Switchyard::Votes
