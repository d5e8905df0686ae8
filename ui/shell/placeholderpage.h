#pragma once

#include <QWidget>

class QIcon;

namespace Switchyard::Shell {

/// The empty state of a page that is not built yet. It says what the page is
/// for and, plainly, that it does not work yet, so nothing in the window
/// pretends to be finished.
class PlaceholderPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderPage)

public:
    PlaceholderPage(const QIcon &icon, const QString &title, const QString &purpose,
                    const QString &status, QWidget *parent = nullptr);
};

} // namespace Switchyard::Shell
