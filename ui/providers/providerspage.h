#pragma once

#include "providers/providerscontext.h"
#include "providers/providerstatus.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTabWidget;

namespace Switchyard::Providers {
class ModelListCall;
}

namespace Switchyard::ProvidersUi {

class ModelsPanel;
class ProviderDialog;
class ProviderListModel;

/// The Providers page: the user's providers with their state (disabled, key
/// missing, configured, unreachable or another error, OK with N models);
/// add, edit, disable and remove; a key field that writes straight to the
/// system keychain and afterwards shows only the last four characters, or says
/// which environment variable the key comes from; Test Connection, which
/// lists the provider's models and reports how long that took or exactly what
/// failed. A second tab holds the models with their prices (ModelsPanel).
class ProvidersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvidersPage)

public:
    explicit ProvidersPage(const ProvidersContext &context, QWidget *parent = nullptr);
    ~ProvidersPage() override;

    void selectProvider(const QString &id);
    [[nodiscard]] QString currentProviderId() const { return m_currentId; }
    [[nodiscard]] ProviderStatus status(const QString &id) const;
    [[nodiscard]] ModelsPanel *modelsPanel() const { return m_models; }
    [[nodiscard]] ProviderListModel *listModel() const { return m_listModel; }
    void showModelsTab(const QString &providerId = {});

    /// Looks up every provider's key again (where it is, masked).
    void refreshKeys();
    /// Lists the provider's models with its key; the result shows in its row
    /// and in the details.
    void testConnection(const QString &id);
    void testAll();
    /// Opens the dialog to add a provider (or, for a key typed into the page,
    /// to store it); returns it for tests.
    ProviderDialog *addProvider();
    ProviderDialog *editProvider(const QString &id);
    /// Stores the typed key for the current provider in the keychain.
    void saveKey();
    void removeKey();

Q_SIGNALS:
    /// "Find Local Servers…": the shell runs the first-run step again.
    void localServerSearchRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildDetails(QWidget *details);
    void readKey(const QString &id);
    void updateDetails();
    void applyDialog(ProviderDialog *dialog);
    void setStatus(const QString &id, const ProviderStatus &status);
    void showDetailsMessage(const QString &text);
    void startListing(const QString &id, const QString &key);

    ProvidersContext m_context;
    ProviderListModel *m_listModel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QListView *m_list = nullptr;
    ModelsPanel *m_models = nullptr;
    QString m_currentId;
    bool m_keysRead = false;
    QHash<QString, QPointer<Providers::ModelListCall>> m_calls;

    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QCheckBox *m_enabled = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QFrame *m_confirm = nullptr;
    QLabel *m_confirmText = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_saveKey = nullptr;
    QPushButton *m_removeKey = nullptr;
    QLabel *m_keyStatus = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testResult = nullptr;
    QLabel *m_modelsPreview = nullptr;
    QPushButton *m_showModels = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace Switchyard::ProvidersUi
