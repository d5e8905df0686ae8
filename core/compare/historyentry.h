#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Switchyard::Compare {

/// A saved comparison as the history list shows it.
struct HistoryEntry {
    QString id;
    QString title; // the first prompt, shortened
    QString project;
    QDateTime updated;
    QStringList models; // "provider/model", in pane order

    bool operator==(const HistoryEntry &) const = default;
};

} // namespace Switchyard::Compare
