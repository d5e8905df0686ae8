#pragma once

#include "gateway/keytablemodel.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace Switchyard::Gateway {
class ToolKeyring;
}
namespace Switchyard::Secrets {
class KeyStore;
}
namespace Switchyard::Usage {
class UsageDatabase;
class UsageStore;
} // namespace Switchyard::Usage

namespace Switchyard::GatewayUi {

class KeyForm;

/// The gateway's per-tool keys (issue 18): a table of them with New, Edit,
/// Rotate, Disable/Enable and Revoke, the form for one, and — after New and
/// Rotate — the token, shown once with the lines that set Claude Code and
/// OpenAI's SDKs up to use it. Everything is read and written on the usage
/// store's thread (ToolKeyTable, the budgets); the token goes to the
/// keychain asynchronously; after each change the running gateway's keyring
/// reads the keys again, so the change applies at once.
class KeysDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeysDialog)

public:
    struct Context
    {
        Usage::UsageStore *store = nullptr;
        /// Where new tokens are kept (the system keychain); may be null.
        Secrets::KeyStore *keychain = nullptr;
        /// The gateway's keys in memory, refreshed after each change; may be null.
        Gateway::ToolKeyring *keyring = nullptr;
        /// The active routing config's routes; empty: typed.
        QStringList routes;
        /// The gateway's origin without /v1 ("http://127.0.0.1:4141").
        QString origin;
    };
    enum class Page { List, Form, Token };

    explicit KeysDialog(Context context, QWidget *parent = nullptr);
    ~KeysDialog() override;

    [[nodiscard]] KeyTableModel *model() const { return m_model; }
    [[nodiscard]] KeyForm *form() const { return m_form; }
    [[nodiscard]] Page page() const;
    /// The key the table's current row is, or empty.
    [[nodiscard]] QString currentName() const;
    void selectKey(const QString &name);
    /// Whether a write is under way (the buttons wait for it).
    [[nodiscard]] bool isBusy() const { return m_busy; }

    /// Reads the keys again; loaded() when they are in.
    void reload();
    void startNew();
    void editKey(const QString &name);
    /// Writes the form (a new key, or the edited one) and its budgets.
    void save();
    void setKeyEnabled(const QString &name, bool enabled);
    /// Ask in the dialog first; confirm() does it, cancelConfirmation() not.
    void askToRotate(const QString &name);
    void askToRevoke(const QString &name);
    void confirm();
    void cancelConfirmation();
    [[nodiscard]] QString confirmationText() const;
    /// Back from the token to the list: the token is forgotten.
    void closeToken();

    /// What the Token page shows: the token, the setup lines and whether the
    /// keychain took it.
    [[nodiscard]] QString shownToken() const;
    [[nodiscard]] QString setupText() const;
    [[nodiscard]] QString keychainNote() const;
    void copyToken();
    /// Why the last action failed, shown under the table or the form.
    [[nodiscard]] QString problemText() const;

    /// Claude Code's and OpenAI SDKs' environment for origin and token.
    [[nodiscard]] static QString setupLines(const QString &origin, const QString &token);

Q_SIGNALS:
    void loaded();
    /// A change was written and the keyring told.
    void changed();
    /// The keychain answered for the token shown.
    void keychainAnswered();
    void statusMessage(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Outcome
    {
        QString error;
        QString token; // a new or rotated key's, once
        QList<KeyTableModel::Row> rows;
    };
    using Change = std::function<Outcome(Usage::UsageDatabase &)>;
    enum class Pending { None, Rotate, Revoke };

    /// Runs change on the store's thread, then reads every row again; then
    /// done on this thread with the outcome.
    void run(const QString &busyText, Change change, std::function<void(const Outcome &)> done);
    /// The rows again, without a busy state: another process (the CLI)
    /// changed a key, and the gateway's keyring noticed.
    void readAgainQuietly();
    void showRows(const QList<KeyTableModel::Row> &rows);
    void showToken(const QString &name, const QString &token);
    void forgetInKeychain(const QString &name);
    void setProblem(const QString &text);
    void setBusy(bool busy, const QString &text = {});
    void updateButtons();
    void updateSaveButton();

    Context m_context;
    KeyTableModel *m_model;
    QStackedWidget *m_pages;
    QStackedWidget *m_listOrEmpty;
    QTableView *m_table;
    QPushButton *m_new;
    QPushButton *m_emptyNew = nullptr; // the empty state's
    QPushButton *m_edit;
    QPushButton *m_rotate;
    QPushButton *m_toggle;
    QPushButton *m_revoke;
    QWidget *m_confirmBar;
    QLabel *m_confirmText;
    QPushButton *m_confirmButton;
    QLabel *m_problem;
    QLabel *m_busyText;
    KeyForm *m_form;
    QLabel *m_formTitle;
    QLabel *m_formProblem;
    QPushButton *m_save;
    QLabel *m_tokenTitle;
    QLineEdit *m_token;
    QLabel *m_keychainNote;
    QPlainTextEdit *m_setup;
    QPushButton *m_close;
    Pending m_pending = Pending::None;
    QString m_pendingName;
    bool m_busy = false;
    bool m_loading = true;
};

} // namespace Switchyard::GatewayUi
