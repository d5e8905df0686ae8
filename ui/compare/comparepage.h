#pragma once

#include "compare/comparecontext.h"
#include "compare/comparisonhistory.h"
#include "compare/conversation.h"

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QSplitter;
class QToolButton;

namespace Switchyard::CompareUi {

class ComparePane;

/// The Compare page: one to six panes side by side, one prompt box that sends
/// to all of them (Ctrl+Enter), shared system prompt and parameters, Stop all
/// (Esc). The panes' models, the system prompt and the parameters survive a
/// restart.
class ComparePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComparePage)

public:
    static constexpr int MaxPanes = 6;

    explicit ComparePage(const CompareContext &context, QWidget *parent = nullptr);
    ~ComparePage() override;

    [[nodiscard]] QList<ComparePane *> panes() const { return m_panes; }
    ComparePane *addPane(const QString &modelLabel = {});
    void removePane(ComparePane *pane);
    void movePane(ComparePane *pane, int delta);
    [[nodiscard]] Compare::Parameters parameters() const;

    /// Sends the prompt box's text to every pane with a model.
    void sendPrompt();
    void stopAll();
    /// Forgets every pane's conversation; the models stay.
    void newComparison();

    enum class ExportFormat { Markdown, Json };
    /// Writes the comparison to path (atomically); false with the reason shown
    /// on the page when it cannot.
    bool exportTo(const QString &path, ExportFormat format);

    /// Records the vote for the round that just finished: winner is a pane, or
    /// null for a tie. False when no round is open for a vote.
    bool vote(ComparePane *winner);
    /// Reopens a saved comparison with all its panes; comparisonOpened() says
    /// when it is on screen (it is read on the usage store's thread); a
    /// comparison that cannot be read leaves the page as it was and says why.
    void openComparison(const QString &id);
    /// Attaches an image file to the next prompt (for every pane); false with
    /// the reason shown when it is not an image or too large.
    bool attachImage(const QString &path);
    [[nodiscard]] const QList<Providers::ImageAttachment> &attachments() const { return m_attachments; }
    [[nodiscard]] const QString &comparisonId() const { return m_comparisonId; }
    [[nodiscard]] bool isVotingOpen() const;
    void setBlind(bool blind);

    [[nodiscard]] QAction *addPaneAction() const { return m_addPane; }
    [[nodiscard]] QAction *tieAction() const { return m_tie; }
    [[nodiscard]] QAction *blindAction() const { return m_blind; }
    [[nodiscard]] QAction *historyAction() const { return m_history; }
    [[nodiscard]] QAction *stopAllAction() const { return m_stopAll; }
    [[nodiscard]] QAction *newComparisonAction() const { return m_newComparison; }

Q_SIGNALS:
    void comparisonOpened(bool ok);

protected:
    /// Back on the page: prices and providers may have changed meanwhile.
    void showEvent(QShowEvent *event) override;

private:
    void applyDefaultParameters();
    void updateState();
    void chooseExportFile(ExportFormat format);
    void updateBlindNames();
    void saveToHistory();
    void showComparison(const QString &id, const Compare::ComparisonHistory::Panes &panes);
    void showHistory();
    void updateAttachmentLabel();
    void updateParametersButton();
    [[nodiscard]] QList<ComparePane *> answeringPanes() const;
    [[nodiscard]] qsizetype finishedRound() const;
    void saveSettings() const;
    void restoreSettings();

    CompareContext m_context;
    QList<ComparePane *> m_panes;
    QScrollArea *m_scroll = nullptr;
    QSplitter *m_splitter = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QPlainTextEdit *m_systemPrompt = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLineEdit *m_project = nullptr;
    QComboBox *m_reasoning = nullptr;
    QFrame *m_parametersPopup = nullptr;
    QToolButton *m_parametersButton = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_attachmentLabel = nullptr;
    QToolButton *m_clearAttachments = nullptr;
    QList<Providers::ImageAttachment> m_attachments;
    QAction *m_addPane = nullptr;
    QAction *m_stopAll = nullptr;
    QAction *m_newComparison = nullptr;
    QAction *m_sendAction = nullptr;
    QAction *m_tie = nullptr;
    QAction *m_blind = nullptr;
    QAction *m_history = nullptr;
    qsizetype m_votedRound = 0; // rounds up to this one have their vote
    QString m_comparisonId;     // under which the history keeps this comparison
    bool m_revealed = false;    // blind names lifted after the vote
    bool m_restoring = false;
};

} // namespace Switchyard::CompareUi
