#pragma once

#include <QDialog>

class QTreeWidget;

namespace Switchyard::Shell {

/// Help → About Switchyard: what the program is, its version and where it was
/// built from (the facts a bug report needs, copied with one button), its
/// license, GPL-3.0-or-later, and the third-party components it is built with
/// and their licenses.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    /// The application's icon: the desktop theme's (installed under the
    /// application id), else the bundled SVG.
    [[nodiscard]] static QIcon applicationIcon();

    /// Version, revision, build, platform and components as plain text, for
    /// pasting into a bug report.
    [[nodiscard]] static QString buildReport();

private:
    QTreeWidget *m_components = nullptr;
};

} // namespace Switchyard::Shell
