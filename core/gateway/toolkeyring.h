#pragma once

#include "gateway/toolkey.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <optional>

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::Gateway {

/// The per-tool keys as the gateway checks them: in memory, by the SHA-256
/// of the token a request carries, so a request is let in or refused without
/// waiting on the disk. Read from the usage database on the store's thread
/// at start, when told (the app changed a key) and every few seconds (a
/// `switchyard-cli gateway-key` in another process did): a revoked or
/// disabled key stops working within that time, a rotated one's old token too.
class ToolKeyring final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolKeyring)

public:
    static constexpr int PollMs = 2000;

    explicit ToolKeyring(Usage::UsageStore *store, QObject *parent = nullptr);

    /// Reads the keys now and every PollMs while on (while the gateway runs).
    void setWatching(bool on);
    /// Reads the keys again now (the app changed one); asked while a read
    /// is under way, reads once more after it.
    void refresh();
    /// Whether the first reading is in (or failed: then no tool key works
    /// until one succeeds, and the owner's token still does).
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    /// The key whose token this is, enabled or not.
    [[nodiscard]] const ToolKey *find(QByteArrayView token) const;
    [[nodiscard]] QList<ToolKey> keys() const { return m_byDigest.values(); }
    /// For tests and for a process without a store: the keys to use.
    void setKeys(const QList<ToolKey> &keys);

Q_SIGNALS:
    /// The keys changed (added, removed, edited), or the first reading is in.
    void changed();

private:
    Usage::UsageStore *m_store;
    QTimer m_poll;
    QHash<QByteArray, ToolKey> m_byDigest;
    bool m_loaded = false;
    bool m_reading = false;
    bool m_readAgain = false; // refresh() while reading: that read may predate the change
};

} // namespace Switchyard::Gateway
