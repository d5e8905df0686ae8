#pragma once

#include "compare/comparecontext.h"
#include "compare/conversation.h"

#include <QList>
#include <QWidget>

class QAction;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QSplitter;

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

    [[nodiscard]] QAction *addPaneAction() const { return m_addPane; }
    [[nodiscard]] QAction *stopAllAction() const { return m_stopAll; }
    [[nodiscard]] QAction *newComparisonAction() const { return m_newComparison; }

private:
    void updateState();
    void chooseExportFile(ExportFormat format);
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
    QPushButton *m_send = nullptr;
    QLabel *m_hint = nullptr;
    QAction *m_addPane = nullptr;
    QAction *m_stopAll = nullptr;
    QAction *m_newComparison = nullptr;
    QAction *m_sendAction = nullptr;
    bool m_restoring = false;
};

} // namespace Switchyard::CompareUi
