#pragma once

#include <QToolButton>

class QAction;

namespace Switchyard::GatewayUi {

class GatewayController;
class GatewayPanel;

/// The local gateway in the main window's toolbar: a checkable "Gateway"
/// button (Ctrl+Shift+G) that starts and stops it and, while it runs, reads
/// "127.0.0.1:PORT · active/total"; its arrow opens the GatewayPanel with
/// the URL, the token and their Copy buttons.
class GatewayButton final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayButton)

public:
    explicit GatewayButton(GatewayController *controller, QWidget *parent = nullptr);
    ~GatewayButton() override;

    /// The checkable on/off action, for a menu too.
    [[nodiscard]] QAction *toggleAction() const { return m_toggle; }
    [[nodiscard]] GatewayPanel *panel() const { return m_panel; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    /// The panel's Keys… was clicked (the panel is closed by then).
    void keysRequested();

private:
    void refresh();

    GatewayController *m_controller;
    QAction *m_toggle;
    GatewayPanel *m_panel;
};

} // namespace Switchyard::GatewayUi
