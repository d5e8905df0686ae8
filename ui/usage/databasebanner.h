#pragma once

#include "usage/usageerror.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace Switchyard::UsageUi {

/// A bar across the top of the usage page when the usage database cannot be
/// used: what is wrong with which file, and — for a damaged file, one from a
/// newer Switchyard or one that cannot be read — the way out: move it aside
/// (it is kept, renamed) and start a new one. Afterwards it says where the
/// old file went.
class DatabaseBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseBanner)

public:
    explicit DatabaseBanner(QWidget *parent = nullptr);
    ~DatabaseBanner() override;

    void showProblem(const Usage::UsageError &error);
    /// The set-aside is under way: the button waits.
    void showMoving();
    void showMovedAside(const QString &newPath);
    void showMoveFailed(const QString &message);

    [[nodiscard]] QString text() const;

Q_SIGNALS:
    void setAsideRequested();

private:
    void show(const QString &icon, const QString &text, bool offerSetAside, bool closable);

    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_setAside = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace Switchyard::UsageUi
