#pragma once

#include "compare/conversation.h"
#include "compare/comparecontext.h"
#include "routing/routingconfig.h"

#include <QFrame>
#include <QTimer>

class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;

namespace Switchyard::Markdown {
class MarkdownView;
class ReasoningSection;
}

namespace Switchyard::Widgets {
class BusySpinner;
class ElidedLabel;
} // namespace Switchyard::Widgets

namespace Switchyard::CompareUi {

/// One column of the Compare page: a model picker, the conversation with that
/// model, live figures (time to first token, speed, tokens, cost), the error
/// of a failed turn with a Retry button, and Stop. Answers are Markdown,
/// rendered incrementally (Markdown::StreamingDocument): finished blocks are
/// never parsed again, so a long answer costs no more per token than a short
/// one. Reasoning streams into a folded section above the answer.
class ComparePane final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePane)

public:
    explicit ComparePane(const CompareContext &context, QWidget *parent = nullptr);
    ~ComparePane() override;

    /// "provider/model"; empty when none is chosen.
    [[nodiscard]] QString modelLabel() const;
    void setModelLabel(const QString &label);
    [[nodiscard]] Compare::Conversation *conversation() const { return m_conversation; }
    [[nodiscard]] bool isBusy() const;

    /// Sends the prompt as this pane's next turn through the router. Returns
    /// false (and says why in the pane) when the pane has no usable model or
    /// is still busy; a refusal of the call path (no key, a budget used up)
    /// shows as the turn's error.
    bool send(const QString &prompt, const Compare::Parameters &parameters,
              const QList<Providers::ImageAttachment> &images = {});
    void stop();
    /// Forgets the conversation; the model stays.
    void clearConversation();

    /// Shows a saved conversation (from the history) and continues from it.
    void restoreTurns(const QList<Compare::Turn> &turns);

    /// Fills the model picker again from the providers and the catalog
    /// (favourites first); the chosen model stays.
    void reloadModels();

    /// Blind comparison: shows `name` ("Model A") instead of the model; an
    /// empty name shows the model again.
    void setBlindName(const QString &name);
    /// This pane's own parameters instead of the shared ones; nullopt for the shared.
    void setOwnParameters(const std::optional<Compare::Parameters> &parameters);
    /// The project the next turns' calls are logged under (empty: none).
    void setProject(const QString &project);
    [[nodiscard]] const std::optional<Compare::Parameters> &ownParameters() const { return m_ownParameters; }

    /// Offers the "Best" button for the round that just finished.
    void setVotingOpen(bool open);

Q_SIGNALS:
    void removeRequested();
    void moveRequested(int delta);
    void busyChanged(bool busy);
    void bestVoted();
    void ownParametersChanged();

private:
    void onModelChosen();
    void onTurnStarted(int index);
    void onTurnFinished(int index);
    void refresh();
    void renderAll(bool includeLastAnswer);
    void showStatus(const QString &text, bool isError);
    void updateBest();
    [[nodiscard]] QList<Routing::Route> routes() const;

    CompareContext m_context;
    Compare::Conversation *m_conversation = nullptr;
    QComboBox *m_picker = nullptr;
    Markdown::MarkdownView *m_view = nullptr;
    Markdown::ReasoningSection *m_reasoning = nullptr;
    Widgets::ElidedLabel *m_figures = nullptr; // one line; the whole detail in its tooltip
    Widgets::BusySpinner *m_spinner = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_best = nullptr;
    QLabel *m_blindName = nullptr;
    QToolButton *m_settings = nullptr;
    std::optional<Compare::Parameters> m_ownParameters;
    QPushButton *m_stop = nullptr;
    QTimer m_frame; // coalesces streamed text and live figures
    qsizetype m_shownAnswer = 0;    // characters of the running answer already in the view
    qsizetype m_shownReasoning = 0; // and of its reasoning
    QString m_project;
    bool m_votingOpen = false;
};

} // namespace Switchyard::CompareUi
