#pragma once

#include "usage/usagedatabase.h"

#include <QFile>

namespace Switchyard::TestSupport {

/// A usage database of `calls` calls whose header and schema are sound, so
/// that it opens, with two pages in the middle of the file overwritten: the
/// damage a failing disk or a copy cut short leaves, found only by reading
/// those pages (or SQLite's check of every page).
inline bool writeDamagedUsageDatabase(const QString &path, int calls = 20'000)
{
    {
        auto db = Usage::UsageDatabase::open(path);
        if (!db)
            return false;
        QList<Usage::UsageRecord> records;
        for (int i = 0; i < calls; ++i)
            records.append({.timeMs = 1'790'000'000'000 + i * 1000LL, .source = Usage::Source::Cli,
                            .provider = QStringLiteral("openai"), .model = QStringLiteral("gpt-4o-mini"),
                            .tokensIn = 10, .tokensOut = i, .costNanoUsd = 1000});
        if (!db->insert(records))
            return false;
        if (!db->connection().exec("PRAGMA wal_checkpoint(TRUNCATE)"))
            return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const qint64 pageSize = 4096;
    const qint64 middle = file.size() / 2 / pageSize * pageSize;
    if (middle < 4 * pageSize || !file.seek(middle))
        return false;
    QByteArray garbage(2 * pageSize, Qt::Uninitialized);
    for (qsizetype i = 0; i < garbage.size(); ++i)
        garbage[i] = char(0xA5 ^ (i * 7));
    return file.write(garbage) == garbage.size();
}

} // namespace Switchyard::TestSupport
