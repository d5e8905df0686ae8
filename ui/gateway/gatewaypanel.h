#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace Switchyard::GatewayUi {

class GatewayController;

/// What a client needs to reach the local gateway, in the toolbar button's
/// popup: its state, the base URL and the token (masked until revealed),
/// each with a Copy button, the routing config it routes by, the requests
/// under way and answered, the last error, the port and Start/Stop.
class GatewayPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayPanel)

public:
    explicit GatewayPanel(GatewayController *controller, QWidget *parent = nullptr);
    ~GatewayPanel() override;

    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString urlText() const;
    [[nodiscard]] bool isTokenRevealed() const;
    void setTokenRevealed(bool revealed);
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] QString countsText() const;

    void copyUrl();
    void copyToken();

Q_SIGNALS:
    /// A short note for the status bar ("URL copied").
    void statusMessage(const QString &message);
    /// What it shows changed, and with it perhaps its size.
    void contentsChanged();

private:
    void refresh();
    void refreshCounts();

    GatewayController *m_controller;
    QLabel *m_status;
    QLineEdit *m_url;
    QToolButton *m_copyUrl;
    QLineEdit *m_token;
    QToolButton *m_reveal;
    QToolButton *m_copyToken;
    QLabel *m_config;
    QLabel *m_counts;
    QLabel *m_error;
    QSpinBox *m_port;
    QPushButton *m_startStop;
};

} // namespace Switchyard::GatewayUi
