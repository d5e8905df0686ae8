#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <expected>

namespace Switchyard::Compare {

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

/// A model's record over many votes. A tie counts as half a win for each
/// model in it, so a model that always ties with its rivals stands at 50%.
struct WinRate {
    QString model;
    int contests = 0;
    int wins = 0;
    int ties = 0;

    [[nodiscard]] double rate() const { return contests ? (wins + 0.5 * ties) / contests : 0.0; }
};

/// Compare votes kept as JSON lines in the data folder (votes.jsonl), one per
/// vote, appended and flushed at once so a crash loses at most the vote being
/// written. The usage database takes them over when it lands; until then this
/// file is what the win rates come from. A line that cannot be read is skipped
/// and counted, never rewritten.
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

    /// Win rates per model, best first (ties broken by more contests).
    [[nodiscard]] static QList<WinRate> winRates(const QList<Vote> &votes);

private:
    QString m_path;
};

} // namespace Switchyard::Compare
