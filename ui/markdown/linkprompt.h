#pragma once

#include <QFrame>
#include <QUrl>

class QLabel;
class QPushButton;

namespace Switchyard::Markdown {

/// The bar a MarkdownView shows at its bottom before anything in a model's
/// answer leaves the application: it says what would happen, shows the whole
/// target (percent-encoded, so look-alike characters and hidden parts show),
/// and opens it only when the user says so. For a target Switchyard will not
/// open it says that instead, and offers only to copy it.
class LinkPrompt final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkPrompt)

public:
    explicit LinkPrompt(QWidget *parent = nullptr);

    /// Shows the prompt. openable: whether an Open button is offered at all.
    void ask(const QString &question, const QUrl &url, bool openable);

    [[nodiscard]] QUrl url() const { return m_url; }
    /// What the prompt says, for tests and screen readers.
    [[nodiscard]] QString text() const;

Q_SIGNALS:
    void openRequested(const QUrl &url);
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void dismiss();

    QUrl m_url;
    QLabel *m_question = nullptr;
    QLabel *m_target = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace Switchyard::Markdown
