#pragma once

#include "providers/localserverscan.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QActionGroup;
class QStackedWidget;


namespace Switchyard::GatewayUi {
class GatewayButton;
class KeysDialog;
}
namespace Switchyard::ProvidersUi {
class FirstRunDialog;
}
namespace Switchyard::SettingsUi {
class SettingsDialog;
}

namespace Switchyard::Shell {

class AboutDialog;
class AppServices;

/// The application window: a navigation rail on the left (Compare, Routing,
/// Usage, Providers, Evaluate, Audit; Ctrl+1..6) and the current page beside it. It owns the
/// pages and remembers its geometry and the last page across restarts.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Page { Compare, Routing, Usage, Providers, Evaluate, Audit };
    Q_ENUM(Page)

    /// dataDir: where settings-like data lives; empty means the default
    /// (see Base::DataDirectory).
    explicit MainWindow(const QString &dataDir = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] Page currentPage() const;
    void showPage(Page page);
    [[nodiscard]] QWidget *pageWidget(Page page) const;
    [[nodiscard]] QAction *pageAction(Page page) const;
    [[nodiscard]] AppServices *services() const { return m_services; }
    /// The local gateway's switch in the toolbar.
    [[nodiscard]] GatewayUi::GatewayButton *gatewayButton() const { return m_gatewayButton; }

    /// On the first start in a data folder, opens the first-run step; returns
    /// it, or null when Switchyard was set up before.
    ProvidersUi::FirstRunDialog *offerFirstRun();
    /// Opens the first-run step, looking for local servers at these addresses.
    ProvidersUi::FirstRunDialog *
    runFirstRun(const QList<Providers::ProviderConfig> &localServers = Providers::LocalServerScan::defaultCandidates());
    /// Opens Compare for a fresh comparison with one pane per model.
    void startComparison(const QStringList &models);
    SettingsUi::SettingsDialog *showSettings();
    AboutDialog *showAbout();
    /// The gateway's per-tool keys (File ▸ Gateway Keys…, or the gateway panel's Keys…).
    GatewayUi::KeysDialog *showKeys();

Q_SIGNALS:
    void currentPageChanged(Switchyard::Shell::MainWindow::Page page);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void addPage(Page page, QWidget *widget, const QString &label, const QString &themeIcon,
                 const QString &fallbackIcon);
    void createMenus();
    void restoreSettings();
    void saveSettings() const;

    AppServices *m_services = nullptr;
    QStackedWidget *m_stack = nullptr;
    QActionGroup *m_pageGroup = nullptr;
    QList<QAction *> m_pageActions;
    GatewayUi::GatewayButton *m_gatewayButton = nullptr;
    QPointer<ProvidersUi::FirstRunDialog> m_firstRun;
    QPointer<SettingsUi::SettingsDialog> m_settingsDialog;
    QPointer<AboutDialog> m_aboutDialog;
    QPointer<GatewayUi::KeysDialog> m_keysDialog;
};

} // namespace Switchyard::Shell
