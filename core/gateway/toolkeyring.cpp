#include "gateway/toolkeyring.h"

#include "gateway/toolkeytable.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <utility>

namespace Switchyard::Gateway {

ToolKeyring::ToolKeyring(Usage::UsageStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &ToolKeyring::refresh);
}

void ToolKeyring::setWatching(bool on)
{
    if (!on) {
        m_poll.stop();
        return;
    }
    if (!m_store) {
        setKeys({});
        return;
    }
    m_poll.start();
    refresh();
}

void ToolKeyring::refresh()
{
    if (!m_store)
        return;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    m_reading = true;
    using Result = std::optional<QList<ToolKey>>;
    m_store->query<Result>(
        this,
        [](Usage::UsageDatabase *db) -> Result {
            if (!db)
                return std::nullopt;
            auto keys = ToolKeyTable(*db).keys();
            return keys ? Result(std::move(*keys)) : std::nullopt;
        },
        [this](Result keys) {
            m_reading = false;
            // A database that cannot be read keeps the keys last read: a
            // moment's trouble must not lock every tool out, nor let a
            // revoked key back in.
            if (keys)
                setKeys(*keys);
            else if (!m_loaded)
                setKeys({});
            if (std::exchange(m_readAgain, false))
                refresh();
        });
}

const ToolKey *ToolKeyring::find(QByteArrayView token) const
{
    if (m_byDigest.isEmpty())
        return nullptr;
    const auto found = m_byDigest.constFind(ToolKey::digest(token));
    return found == m_byDigest.cend() ? nullptr : &*found;
}

void ToolKeyring::setKeys(const QList<ToolKey> &keys)
{
    QHash<QByteArray, ToolKey> byDigest;
    for (const ToolKey &key : keys)
        byDigest.insert(key.tokenSha256, key);
    const bool first = !m_loaded;
    m_loaded = true;
    if (byDigest == m_byDigest && !first)
        return;
    m_byDigest = std::move(byDigest);
    Q_EMIT changed();
}

} // namespace Switchyard::Gateway
