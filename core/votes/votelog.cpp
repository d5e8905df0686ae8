#include "votes/votelog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Votes {

VoteLog::VoteLog(QString path)
    : m_path(std::move(path))
{
}

std::expected<void, QString> VoteLog::record(const Vote &vote) const
{
    if (!vote.winner.isEmpty() && !vote.models.contains(vote.winner))
        return std::unexpected(u"the winner %1 did not take part in the round"_s.arg(vote.winner));
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return std::unexpected(u"%1: %2"_s.arg(m_path, file.errorString()));
    const QJsonObject o{{u"when"_s, vote.when.toUTC().toString(Qt::ISODateWithMs)},
                        {u"prompt"_s, vote.prompt},
                        {u"models"_s, QJsonArray::fromStringList(vote.models)},
                        {u"winner"_s, vote.winner.isEmpty() ? QJsonValue() : QJsonValue(vote.winner)},
                        {u"blind"_s, vote.blind}};
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(line) != line.size() || !file.flush())
        return std::unexpected(u"%1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

std::expected<VoteLog::Loaded, QString> VoteLog::load() const
{
    Loaded loaded;
    QFile file(m_path);
    if (!file.exists())
        return loaded;
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(u"%1: %2"_s.arg(m_path, file.errorString()));
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        Vote vote{.when = QDateTime::fromString(o.value("when"_L1).toString(), Qt::ISODateWithMs),
                  .prompt = o.value("prompt"_L1).toString(),
                  .models = {},
                  .winner = o.value("winner"_L1).toString(),
                  .blind = o.value("blind"_L1).toBool()};
        for (const QJsonValue &m : o.value("models"_L1).toArray())
            vote.models.append(m.toString());
        if (!vote.when.isValid() || vote.models.size() < 2 || (!vote.winner.isEmpty() && !vote.models.contains(vote.winner))) {
            ++loaded.unreadableLines; // a torn last line after a crash, or a hand edit
            continue;
        }
        loaded.votes.append(vote);
    }
    return loaded;
}

} // namespace Switchyard::Votes
