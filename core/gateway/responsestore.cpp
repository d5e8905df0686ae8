#include "responsestore.h"

#include <QDateTime>

namespace Switchyard::Gateway {

ResponseStore::ResponseStore(int keepSeconds, qsizetype maxEntries)
    : m_keepMs(qint64(keepSeconds) * 1000)
    , m_maxEntries(maxEntries)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

void ResponseStore::purge()
{
    const qint64 now = m_now();
    // Kept at a fixed lifetime, so the oldest are first to expire.
    while (!m_order.empty() && (m_order.front().first + m_keepMs <= now || m_items.size() > m_maxEntries)) {
        m_items.remove(m_order.front().second);
        m_order.pop_front();
    }
}

void ResponseStore::keep(const QString &id, QJsonArray items)
{
    if (m_keepMs <= 0)
        return;
    m_items.insert(id, std::move(items));
    m_order.emplace_back(m_now(), id);
    purge();
}

std::optional<QJsonArray> ResponseStore::items(const QString &id)
{
    purge();
    const auto it = m_items.constFind(id);
    if (it == m_items.cend())
        return std::nullopt;
    return *it;
}

} // namespace Switchyard::Gateway
