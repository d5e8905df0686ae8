#pragma once

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Switchyard::Settings {
class AppSettings;
}

namespace Switchyard::SettingsUi {

/// Switchyard's settings: where its data folder is (with a button to open
/// it), the colour theme, the parameters a new comparison starts with,
/// network time limits and the proxy. Every change is saved and takes effect
/// at once — the theme repaints the window, the proxy applies to the next
/// request — so there is nothing to apply and no restart.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(Settings::AppSettings *settings, const QString &dataDir, QWidget *parent = nullptr);
    ~SettingsDialog() override;

private:
    void saveParameters();
    void saveTimeouts();
    void saveProxy();
    void showProblem(const QString &text);

    Settings::AppSettings *m_settings = nullptr;
    QButtonGroup *m_theme = nullptr;
    QPlainTextEdit *m_systemPrompt = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QComboBox *m_reasoning = nullptr;
    QSpinBox *m_firstByte = nullptr;
    QSpinBox *m_stall = nullptr;
    QSpinBox *m_total = nullptr;
    QSpinBox *m_modelList = nullptr;
    QButtonGroup *m_proxyMode = nullptr;
    QComboBox *m_proxyType = nullptr;
    QLineEdit *m_proxyHost = nullptr;
    QSpinBox *m_proxyPort = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace Switchyard::SettingsUi
