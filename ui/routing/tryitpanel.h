#pragma once

#include "routing/router.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace Switchyard::Markdown {
class MarkdownView;
}

namespace Switchyard::RoutingUi {

class RoutingDocument;

/// Runs the config being edited for real: a prompt, tags and the model the
/// caller asks for go through Router::send() — the same retries, fallback
/// and cooldowns as the gateway, logged to the usage log as routed calls —
/// and the panel shows the decision (rule and route), every hop live with
/// its outcome, error, wait, duration and cost, the streamed answer and the
/// total cost. Esc cancels.
class TryItPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TryItPanel)

public:
    TryItPanel(RoutingDocument *document, Routing::Router::Services services, QWidget *parent = nullptr);
    ~TryItPanel() override;

    /// Sends the prompt; false (with the reason shown) when the config has errors or the prompt is empty.
    bool send();
    void cancel();

    [[nodiscard]] QPlainTextEdit *promptField() const { return m_prompt; }
    [[nodiscard]] QLineEdit *tagsField() const { return m_tags; }
    [[nodiscard]] QLineEdit *modelField() const { return m_model; }
    [[nodiscard]] QTreeWidget *hopList() const { return m_hops; }
    [[nodiscard]] QLabel *decisionLabel() const { return m_decision; }
    [[nodiscard]] QLabel *costLabel() const { return m_cost; }
    [[nodiscard]] Markdown::MarkdownView *answerView() const { return m_answer; }
    [[nodiscard]] Routing::RoutedCall *call() const { return m_call; }
    [[nodiscard]] Routing::Router *router() const { return m_router; }

Q_SIGNALS:
    void finished();

private:
    void showHops();
    void onFinished();
    void setRunning(bool running);

    RoutingDocument *m_document;
    Routing::Router *m_router;
    QPointer<Routing::RoutedCall> m_call;
    QPlainTextEdit *m_prompt = nullptr;
    QLineEdit *m_tags = nullptr;
    QLineEdit *m_model = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_decision = nullptr;
    QTreeWidget *m_hops = nullptr;
    Markdown::MarkdownView *m_answer = nullptr;
    QLabel *m_cost = nullptr;
    qsizetype m_shown = 0; // characters of the answer shown so far
};

} // namespace Switchyard::RoutingUi
