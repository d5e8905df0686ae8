#pragma once

#include <QFrame>

class QComboBox;
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
/// under way and answered, the last error, the port and Start/Stop; and the
/// settings a user may need now and then: renewing the token (confirmed in
/// the panel: a modal dialog would close the popup), the origins whose web
/// pages may call it, and another address to listen on (with a warning).
class GatewayPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayPanel)

public:
    explicit GatewayPanel(GatewayController *controller, QWidget *parent = nullptr);
    ~GatewayPanel() override;

    /// Tall enough for the wrapped lines (the warning under Listen on, the
    /// errors) at the panel's width, which QMenu sizes its widget action by.
    [[nodiscard]] QSize sizeHint() const override;

    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString urlText() const;
    [[nodiscard]] bool isTokenRevealed() const;
    void setTokenRevealed(bool revealed);
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] QString countsText() const;

    void copyUrl();
    void copyToken();

    /// The origins as typed; applied at once when they are valid, else the
    /// problem is shown and the last valid list stays in force.
    void setOriginsText(const QString &text);
    [[nodiscard]] QString originsProblem() const;
    /// Asks for confirmation in the panel; confirmRenewal() does it.
    void askToRenewToken();
    void confirmRenewal();
    [[nodiscard]] bool isAskingToRenew() const;
    /// The address choices offered: 127.0.0.1 first, then this machine's
    /// other addresses; choosing one applies at the next start.
    [[nodiscard]] QStringList addressChoices() const;
    void chooseAddress(const QString &address);
    [[nodiscard]] QString addressWarning() const;

Q_SIGNALS:
    /// A short note for the status bar ("URL copied").
    void statusMessage(const QString &message);
    /// The Keys… button: the per-tool keys' dialog is wanted.
    void keysRequested();
    /// What it shows changed, and with it perhaps its size.
    void contentsChanged();

private:
    void refresh();
    void refreshCounts();
    void fillAddresses();
    void refreshAddressWarning();

    GatewayController *m_controller;
    QLabel *m_status;
    QLineEdit *m_url;
    QToolButton *m_copyUrl;
    QLineEdit *m_token;
    QToolButton *m_reveal;
    QToolButton *m_copyToken;
    QToolButton *m_renew;
    QWidget *m_renewConfirm;
    QLabel *m_renewNote;
    QLabel *m_config;
    QLabel *m_counts;
    QLabel *m_error;
    QSpinBox *m_port;
    QComboBox *m_address;
    QLabel *m_addressWarning;
    QLineEdit *m_origins;
    QLabel *m_originsProblem;
    QString m_renewError; // why the last renewal failed, until the next one
    QPushButton *m_startStop;
    QPushButton *m_keys;
};

} // namespace Switchyard::GatewayUi
