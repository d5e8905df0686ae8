#pragma once

#include <QHash>
#include <QJsonArray>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

namespace Switchyard::Gateway {

/// The conversations of Responses API answers the gateway gave, by response
/// id, for a later request's previous_response_id: the input items and the
/// output items, kept in memory for a set time and then forgotten (content
/// never goes to disk), and at most a set number of them, the oldest going
/// first.
class ResponseStore final
{
public:
    explicit ResponseStore(int keepSeconds, qsizetype maxEntries = 2000);

    void keep(const QString &id, QJsonArray items);
    /// The items of a response still kept.
    [[nodiscard]] std::optional<QJsonArray> items(const QString &id);
    [[nodiscard]] qsizetype size() const { return m_items.size(); }
    void setKeepSeconds(int seconds) { m_keepMs = qint64(seconds) * 1000; }
    /// For tests: the time in ms since the epoch.
    void setClock(std::function<qint64()> now) { m_now = std::move(now); }

private:
    void purge();

    qint64 m_keepMs;
    qsizetype m_maxEntries;
    std::function<qint64()> m_now;
    QHash<QString, QJsonArray> m_items;
    std::deque<std::pair<qint64, QString>> m_order; // (kept at, id), oldest first
};

} // namespace Switchyard::Gateway
