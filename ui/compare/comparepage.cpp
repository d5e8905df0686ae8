#include "compare/comparepage.h"

#include "compare/comparepane.h"
#include "compare/comparisonexport.h"
#include "compare/comparisonhistory.h"
#include "compare/historydialog.h"
#include "compare/parameterwidgets.h"
#include "routing/router.h"
#include "settings/appsettings.h"
#include "usage/usagestore.h"
#include "votes/votetable.h"

#include <QAction>
#include <QBoxLayout>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Switchyard::CompareUi {
namespace {

constexpr int PaneMinimumWidth = 280; // three panes side by side in a 1024 px window

} // namespace

ComparePage::ComparePage(const CompareContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    if (!m_context.router) {
        // Without the app's router (a test, a page on its own): one of the
        // page's, over the same services, with no routing config.
        const CompareContext c = m_context;
        m_context.router = new Routing::Router(
            {.network = c.network,
             .keys = c.keys,
             .provider = [c](const QString &id) { return c.provider(id); },
             .catalog = c.catalog,
             .usage = c.usage,
             .budgets = c.budgets,
             .timeouts = [settings = c.settings] {
                 return settings ? settings->callTimeouts() : Providers::CallTimeouts{};
             }},
            this);
    }
    m_addPane = new QAction(QIcon::fromTheme(u"list-add"_s), tr("Add Pane"), this);
    m_addPane->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_addPane->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_addPane, &QAction::triggered, this, [this] { addPane(); });

    m_stopAll = new QAction(QIcon::fromTheme(u"process-stop"_s), tr("Stop All"), this);
    m_stopAll->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_stopAll, &QAction::triggered, this, &ComparePage::stopAll);

    m_newComparison = new QAction(QIcon::fromTheme(u"document-new"_s), tr("New Comparison"), this);
    m_newComparison->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_newComparison->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_newComparison, &QAction::triggered, this, &ComparePage::newComparison);

    auto *attach = new QAction(QIcon::fromTheme(u"mail-attachment"_s), tr("Attach Image…"), this);
    attach->setObjectName(u"attachImage"_s);
    attach->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    attach->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(attach, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Attach Image"), QString(),
                                                          tr("Images (*.png *.jpg *.jpeg *.webp *.gif)"));
        if (!path.isEmpty())
            attachImage(path);
    });
    addAction(attach);

    m_sendAction = new QAction(QIcon::fromTheme(u"document-send"_s), tr("Send to All"), this);
    m_sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_sendAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_sendAction, &QAction::triggered, this, &ComparePage::sendPrompt);
    m_tie = new QAction(QIcon::fromTheme(u"object-flip-horizontal"_s), tr("Tie"), this);
    m_tie->setToolTip(tr("Vote that no answer of this round is better than the others"));
    connect(m_tie, &QAction::triggered, this, [this] { vote(nullptr); });

    m_blind = new QAction(QIcon::fromTheme(u"view-hidden"_s), tr("Blind"), this);
    m_blind->setCheckable(true);
    m_blind->setToolTip(tr("Hide the model names, and shuffle the panes, until you have voted"));
    connect(m_blind, &QAction::toggled, this, &ComparePage::setBlind);
    m_history = new QAction(QIcon::fromTheme(u"view-history"_s), tr("History…"), this);
    m_history->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_history->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_history->setEnabled(m_context.history);
    connect(m_history, &QAction::triggered, this, &ComparePage::showHistory);
    addActions({m_addPane, m_stopAll, m_newComparison, m_sendAction, m_history});

    // Shared parameters: "default" leaves the provider's own default in place.
    m_temperature = ParameterWidgets::temperature(this);
    m_temperature->setObjectName(u"temperature"_s);
    m_maxTokens = ParameterWidgets::maxTokens(this);
    m_maxTokens->setObjectName(u"maxTokens"_s);
    m_reasoning = ParameterWidgets::reasoningEffort(this);
    // The tag under which this comparison's calls are logged, so the Usage page
    // can show spend per project or feature.
    m_project = new QLineEdit(this);
    m_project->setObjectName(u"project"_s);
    m_project->setPlaceholderText(tr("Project"));
    m_project->setToolTip(tr("Log this comparison's calls under a project, to see spend per project on the Usage page"));
    m_project->setAccessibleName(tr("Project"));
    m_project->setClearButtonEnabled(true);
    m_project->setMinimumWidth(110);
    m_project->setMaximumWidth(160);
    m_reasoning->setObjectName(u"reasoningEffort"_s);

    m_systemPrompt = new QPlainTextEdit(this);
    m_systemPrompt->setObjectName(u"systemPrompt"_s);
    m_systemPrompt->setPlaceholderText(tr("System prompt, shared by every pane (optional)"));
    m_systemPrompt->setMaximumHeight(64);
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->hide();
    auto *systemToggle = new QAction(QIcon::fromTheme(u"configure"_s), tr("System Prompt"), this);
    systemToggle->setCheckable(true);
    connect(systemToggle, &QAction::toggled, m_systemPrompt, &QWidget::setVisible);

    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("As &Markdown…"), this, [this] { chooseExportFile(ExportFormat::Markdown); });
    exportMenu->addAction(tr("As &JSON…"), this, [this] { chooseExportFile(ExportFormat::Json); });
    auto *exportAction = new QAction(QIcon::fromTheme(u"document-export"_s), tr("Export"), this);
    exportAction->setObjectName(u"export"_s);
    exportAction->setMenu(exportMenu);

    // A tool bar rather than a row of buttons: when the window is narrow, what
    // does not fit moves behind its » button instead of widening the window.
    auto *bar = new QToolBar(this);
    bar->setObjectName(u"compareBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(m_addPane);
    bar->addAction(m_newComparison);
    bar->addAction(m_history);
    bar->addAction(m_stopAll);
    bar->addAction(systemToggle);
    bar->addAction(exportAction);
    bar->addSeparator();
    bar->addAction(m_blind);
    bar->addAction(m_tie);
    if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(exportAction)))
        button->setPopupMode(QToolButton::InstantPopup);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    // The shared parameters in a popover behind one button: in the bar they
    // pushed Reasoning and Project behind » at 1024 px.
    m_parametersPopup = new QFrame(this, Qt::Popup);
    m_parametersPopup->setObjectName(u"parametersPopup"_s);
    m_parametersPopup->setFrameShape(QFrame::StyledPanel);
    auto *form = new QFormLayout(m_parametersPopup);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("&Max tokens:"), m_maxTokens);
    form->addRow(tr("&Reasoning:"), m_reasoning);
    m_parametersButton = new QToolButton(bar);
    m_parametersButton->setObjectName(u"parameters"_s);
    m_parametersButton->setIcon(QIcon::fromTheme(u"configure"_s));
    m_parametersButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_parametersButton->setAutoRaise(true);
    connect(m_parametersButton, &QToolButton::clicked, this, [this] {
        m_parametersPopup->adjustSize();
        QPoint at = m_parametersButton->mapToGlobal(QPoint(0, m_parametersButton->height()));
        // Right-aligned under the button when it would leave the window.
        const QRect window = this->window()->geometry();
        at.setX(std::max(window.left(), std::min(at.x(), window.right() - m_parametersPopup->width())));
        m_parametersPopup->move(at);
        m_parametersPopup->show();
        m_temperature->setFocus();
    });
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &ComparePage::updateParametersButton);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &ComparePage::updateParametersButton);
    connect(m_reasoning, &QComboBox::currentIndexChanged, this, &ComparePage::updateParametersButton);
    bar->addWidget(m_parametersButton);
    bar->addWidget(m_project);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setHandleWidth(6);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_splitter);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(u"prompt"_s);
    m_prompt->setPlaceholderText(tr("Ask every model at once… (Ctrl+Enter sends, Esc stops)"));
    m_prompt->setMaximumHeight(96);
    m_prompt->setTabChangesFocus(true);
    m_send = new QPushButton(m_sendAction->icon(), tr("Send"), this);
    m_send->setObjectName(u"send"_s);
    m_send->setToolTip(tr("Send to every pane (Ctrl+Enter)"));
    connect(m_send, &QPushButton::clicked, this, &ComparePage::sendPrompt);
    m_attachmentLabel = new QLabel(this);
    m_attachmentLabel->setObjectName(u"attachments"_s);
    m_clearAttachments = new QToolButton(this);
    m_clearAttachments->setText(u"✕"_s);
    m_clearAttachments->setToolTip(tr("Remove the attached images"));
    m_clearAttachments->setAccessibleName(m_clearAttachments->toolTip());
    m_clearAttachments->setAutoRaise(true);
    connect(m_clearAttachments, &QToolButton::clicked, this, [this] {
        m_attachments.clear();
        updateAttachmentLabel();
    });
    auto *attachButton = new QToolButton(this);
    attachButton->setDefaultAction(attach);
    attachButton->setAutoRaise(true);

    m_hint = new QLabel(this);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setObjectName(u"hint"_s);

    auto *sendColumn = new QVBoxLayout;
    sendColumn->addWidget(m_send);
    sendColumn->addWidget(attachButton);
    sendColumn->addStretch(1);
    auto *promptRow = new QHBoxLayout;
    promptRow->addWidget(m_prompt, 1);
    promptRow->addLayout(sendColumn);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addWidget(bar);
    layout->addWidget(m_systemPrompt);
    layout->addWidget(m_scroll, 1);
    auto *attachmentRow = new QHBoxLayout;
    attachmentRow->addWidget(m_attachmentLabel);
    attachmentRow->addWidget(m_clearAttachments);
    attachmentRow->addStretch(1);
    layout->addLayout(attachmentRow);
    layout->addLayout(promptRow);
    layout->addWidget(m_hint);

    connect(m_prompt, &QPlainTextEdit::textChanged, this, &ComparePage::updateState);
    updateAttachmentLabel();
    setFocusProxy(m_prompt); // arriving on the page means typing a prompt
    restoreSettings();
    updateParametersButton();
    updateState();
}

// The button says which parameters are not the providers' defaults, so they
// are visible without opening it.
void ComparePage::updateParametersButton()
{
    const Compare::Parameters p = parameters();
    QStringList set;
    if (p.temperature)
        set.append(tr("temperature %1").arg(*p.temperature, 0, 'f', 1));
    if (p.maxTokens)
        set.append(tr("%1 tokens at most").arg(*p.maxTokens));
    if (!p.reasoningEffort.isEmpty())
        set.append(tr("reasoning %1").arg(p.reasoningEffort));
    m_parametersButton->setText(set.isEmpty() ? tr("Parameters") : tr("Parameters (%1)").arg(set.size()));
    m_parametersButton->setToolTip(
        set.isEmpty() ? tr("Temperature, max tokens and reasoning effort: the providers' defaults")
                      : tr("Shared by every pane: %1").arg(set.join(u", "_s)));
}

ComparePage::~ComparePage()
{
    saveSettings();
}

ComparePane *ComparePage::addPane(const QString &modelLabel)
{
    if (m_panes.size() >= MaxPanes)
        return nullptr;
    auto *pane = new ComparePane(m_context, m_splitter);
    m_panes.append(pane);
    m_splitter->addWidget(pane);
    if (!modelLabel.isEmpty())
        pane->setModelLabel(modelLabel);
    connect(pane, &ComparePane::removeRequested, this, [this, pane] { removePane(pane); });
    connect(pane, &ComparePane::moveRequested, this, [this, pane](int delta) { movePane(pane, delta); });
    connect(pane, &ComparePane::busyChanged, this, &ComparePage::updateState);
    connect(pane, &ComparePane::busyChanged, this, [this](bool busy) {
        if (!busy)
            saveToHistory(); // after every answer, so a crash loses at most the running ones
    });
    connect(pane, &ComparePane::bestVoted, this, [this, pane] { vote(pane); });
    connect(pane, &ComparePane::ownParametersChanged, this, [this] {
        if (!m_restoring)
            saveSettings();
    });
    // Beyond what fits, panes keep their width and the row scrolls sideways.
    m_splitter->setMinimumWidth(int(m_panes.size()) * (PaneMinimumWidth + m_splitter->handleWidth()));
    updateState();
    if (!m_restoring)
        saveSettings();
    return pane;
}

void ComparePage::removePane(ComparePane *pane)
{
    if (!m_panes.contains(pane) || m_panes.size() <= 1)
        return;
    pane->stop();
    m_panes.removeOne(pane);
    pane->deleteLater();
    pane->hide();
    m_splitter->setMinimumWidth(int(m_panes.size()) * (PaneMinimumWidth + m_splitter->handleWidth()));
    updateState();
    saveSettings();
}

void ComparePage::movePane(ComparePane *pane, int delta)
{
    const qsizetype from = m_panes.indexOf(pane);
    const qsizetype to = from + delta;
    if (from < 0 || to < 0 || to >= m_panes.size())
        return;
    m_panes.move(from, to);
    m_splitter->insertWidget(int(to), pane);
    saveSettings();
}

Compare::Parameters ComparePage::parameters() const
{
    return ParameterWidgets::read(m_systemPrompt->toPlainText(), m_temperature, m_maxTokens, m_reasoning);
}

void ComparePage::sendPrompt()
{
    const QString prompt = m_prompt->toPlainText().trimmed();
    if (prompt.isEmpty())
        return;
    int sent = 0;
    for (ComparePane *pane : std::as_const(m_panes)) {
        pane->setProject(m_project->text().trimmed());
        if (pane->send(prompt, parameters(), m_attachments))
            ++sent;
    }
    if (sent > 0) {
        if (m_comparisonId.isEmpty())
            m_comparisonId = Compare::ComparisonHistory::newId();
        m_revealed = false; // a new round: blind again until its vote
        updateBlindNames();
        m_prompt->clear(); // follow-ups start from an empty box
        m_attachments.clear();
        updateAttachmentLabel();
        saveSettings();
    }
    updateState();
}

void ComparePage::stopAll()
{
    for (ComparePane *pane : std::as_const(m_panes))
        pane->stop();
}

void ComparePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Arriving on the page means typing a prompt, not a temperature.
    if (!event->spontaneous())
        QTimer::singleShot(0, m_prompt, [this] { m_prompt->setFocus(Qt::OtherFocusReason); });
    for (ComparePane *pane : std::as_const(m_panes))
        pane->reloadModels();
}

void ComparePage::applyDefaultParameters()
{
    if (!m_context.settings)
        return;
    const Compare::Parameters &defaults = m_context.settings->defaultParameters();
    m_systemPrompt->setPlainText(defaults.systemPrompt);
    ParameterWidgets::show(defaults, m_temperature, m_maxTokens, m_reasoning);
}

void ComparePage::newComparison()
{
    applyDefaultParameters(); // what Settings says a new comparison starts with
    stopAll();
    for (ComparePane *pane : std::as_const(m_panes))
        pane->clearConversation();
    m_votedRound = 0;
    m_comparisonId.clear(); // the next prompt starts a new entry in the history
    m_prompt->setFocus();
    updateState();
}

void ComparePage::chooseExportFile(ExportFormat format)
{
    const bool markdown = format == ExportFormat::Markdown;
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u"/comparison-"_s
        + QDateTime::currentDateTime().toString(u"yyyy-MM-dd-HHmm"_s) + (markdown ? u".md"_s : u".json"_s);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Comparison"), suggested,
                                                      markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    if (!path.isEmpty())
        exportTo(path, format);
}

bool ComparePage::exportTo(const QString &path, ExportFormat format)
{
    QList<const Compare::Conversation *> conversations;
    for (ComparePane *pane : std::as_const(m_panes)) {
        if (pane->conversation())
            conversations.append(pane->conversation());
    }
    const QDateTime now = QDateTime::currentDateTime();
    const QByteArray bytes = format == ExportFormat::Markdown
        ? Compare::ComparisonExport::toMarkdown(conversations, now).toUtf8()
        : Compare::ComparisonExport::toJson(conversations, now);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_hint->setText(tr("Could not export to %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_hint->setText(tr("Exported to %1").arg(path));
    return true;
}

QList<ComparePane *> ComparePage::answeringPanes() const
{
    QList<ComparePane *> panes;
    for (ComparePane *pane : m_panes) {
        if (pane->conversation() && !pane->conversation()->turns().isEmpty())
            panes.append(pane);
    }
    return panes;
}

// The round every answering pane has finished, or 0 while one is still busy
// or the panes disagree (a pane added midway).
qsizetype ComparePage::finishedRound() const
{
    const QList<ComparePane *> panes = answeringPanes();
    if (panes.size() < 2)
        return 0;
    const qsizetype round = panes.first()->conversation()->turns().size();
    for (ComparePane *pane : panes) {
        if (pane->isBusy() || pane->conversation()->turns().size() != round || !pane->conversation()->turns().last().finished)
            return 0;
    }
    return round;
}

bool ComparePage::isVotingOpen() const
{
    const qsizetype round = finishedRound();
    return round > 0 && round > m_votedRound;
}

bool ComparePage::vote(ComparePane *winner)
{
    if (!isVotingOpen() || (winner && !answeringPanes().contains(winner)))
        return false;
    Votes::Vote v{.when = QDateTime::currentDateTimeUtc(), .blind = m_blind->isChecked()};
    for (ComparePane *pane : answeringPanes()) {
        v.models.append(pane->modelLabel());
        v.prompt = pane->conversation()->turns().last().prompt;
    }
    v.winner = winner ? winner->modelLabel() : QString();
    if (m_context.usage)
        Votes::VoteTable::queue(*m_context.usage, v);
    m_votedRound = finishedRound();
    m_revealed = true;
    updateBlindNames();
    updateState();
    m_hint->setText(winner ? tr("Voted: %1 gave the best answer.").arg(v.winner) : tr("Voted: a tie."));
    return true;
}

void ComparePage::setBlind(bool blind)
{
    if (m_blind->isChecked() != blind)
        m_blind->setChecked(blind); // comes back here through toggled
    if (blind) {
        // Names alone are not enough: the user placed the models, so the
        // order would give them away. Shuffle once when going blind.
        for (qsizetype i = m_panes.size() - 1; i > 0; --i)
            movePane(m_panes.at(i), int(QRandomGenerator::global()->bounded(int(i + 1))) - int(i));
    }
    m_revealed = !blind;
    updateBlindNames();
    if (!m_restoring)
        saveSettings();
}

bool ComparePage::attachImage(const QString &path)
{
    constexpr qint64 MaxImageBytes = 20 * 1024 * 1024; // what the providers accept inline
    const QMimeType type = QMimeDatabase().mimeTypeForFile(path);
    QFile file(path);
    if (!type.name().startsWith("image/"_L1)) {
        m_hint->setText(tr("%1 is not an image (%2).").arg(QFileInfo(path).fileName(), type.comment()));
        return false;
    }
    if (file.size() > MaxImageBytes) {
        m_hint->setText(tr("%1 is larger than 20 MB, more than providers take.").arg(QFileInfo(path).fileName()));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_hint->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_attachments.append({file.readAll(), type.name()});
    updateAttachmentLabel();
    return true;
}

void ComparePage::updateAttachmentLabel()
{
    qint64 bytes = 0;
    for (const auto &image : std::as_const(m_attachments))
        bytes += image.data.size();
    m_attachmentLabel->setText(tr("%n image(s) attached (%L1 KB), sent with the next prompt", nullptr, int(m_attachments.size()))
                                   .arg((bytes + 1023) / 1024));
    m_attachmentLabel->setVisible(!m_attachments.isEmpty());
    m_clearAttachments->setVisible(!m_attachments.isEmpty());
}

void ComparePage::saveToHistory()
{
    if (!m_context.history || m_comparisonId.isEmpty())
        return;
    QList<const Compare::Conversation *> conversations;
    for (ComparePane *pane : std::as_const(m_panes)) {
        if (pane->conversation())
            conversations.append(pane->conversation());
    }
    m_context.history->save(m_comparisonId, conversations, m_project->text().trimmed(), this, [this](const QString &error) {
        if (!error.isEmpty())
            m_hint->setText(tr("Could not save this comparison to the history: %1").arg(error));
    });
}

void ComparePage::showHistory()
{
    if (!m_context.history)
        return;
    HistoryDialog dialog(*m_context.history, this);
    if (dialog.exec() == QDialog::Accepted && !dialog.chosenId().isEmpty())
        openComparison(dialog.chosenId());
}

void ComparePage::openComparison(const QString &id)
{
    if (!m_context.history)
        return;
    m_context.history->load(id, this, [this, id](const std::expected<Compare::ComparisonHistory::Panes, QString> &panes) {
        if (!panes) {
            m_hint->setText(tr("Could not open the comparison: %1").arg(panes.error()));
            Q_EMIT comparisonOpened(false);
            return;
        }
        showComparison(id, *panes);
        Q_EMIT comparisonOpened(true);
    });
}

void ComparePage::showComparison(const QString &id, const Compare::ComparisonHistory::Panes &panes)
{
    stopAll();
    saveToHistory(); // the comparison on screen stays in the history
    m_restoring = true;
    for (ComparePane *pane : std::as_const(m_panes)) {
        pane->hide();
        pane->deleteLater();
    }
    m_panes.clear();
    qsizetype rounds = 0;
    for (const auto &record : panes) {
        if (ComparePane *pane = addPane(record.model)) {
            pane->restoreTurns(record.turns);
            rounds = std::max(rounds, record.turns.size());
        }
    }
    if (m_panes.isEmpty())
        addPane();
    m_restoring = false;
    m_comparisonId = id;
    m_votedRound = rounds; // old rounds are not voted on again
    m_revealed = true;
    updateBlindNames();
    updateState();
    saveSettings();
}

void ComparePage::updateBlindNames()
{
    const bool hide = m_blind->isChecked() && !m_revealed;
    for (qsizetype i = 0; i < m_panes.size(); ++i)
        m_panes.at(i)->setBlindName(hide ? tr("Model %1").arg(QChar(char16_t(u'A' + i))) : QString());
}

void ComparePage::updateState()
{
    int busy = 0;
    int ready = 0;
    for (ComparePane *pane : std::as_const(m_panes)) {
        busy += pane->isBusy() ? 1 : 0;
        ready += pane->conversation() && !pane->isBusy() ? 1 : 0;
    }
    m_stopAll->setEnabled(busy > 0);
    m_addPane->setEnabled(m_panes.size() < MaxPanes);
    const bool canSend = ready > 0 && !m_prompt->toPlainText().trimmed().isEmpty();
    m_send->setEnabled(canSend);
    m_sendAction->setEnabled(true); // an empty prompt is simply ignored
    const bool voting = isVotingOpen();
    m_tie->setEnabled(voting);
    for (ComparePane *pane : std::as_const(m_panes))
        pane->setVotingOpen(voting && answeringPanes().contains(pane));
    if (busy > 0)
        m_hint->setText(tr("Answering: %n pane(s)… Esc stops all.", nullptr, busy));
    else if (voting)
        m_hint->setText(tr("Which answer is best? Click Best in its pane, or Tie."));
    else if (ready == 0)
        m_hint->setText(tr("Choose a model in each pane (provider/model), then type a prompt."));
    else
        m_hint->setText(tr("Ctrl+Enter sends to %n model(s); follow-ups continue each pane's conversation.", nullptr, ready));
}

void ComparePage::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(u"Compare"_s);
    QStringList models;
    QVariantList own;
    for (ComparePane *pane : m_panes) {
        models.append(pane->modelLabel());
        QVariantMap p;
        if (const auto &o = pane->ownParameters()) {
            p = {{u"system"_s, o->systemPrompt},
                 {u"temperature"_s, o->temperature.value_or(-1)},
                 {u"maxTokens"_s, o->maxTokens.value_or(0)},
                 {u"reasoning"_s, o->reasoningEffort}};
        }
        own.append(p);
    }
    settings.setValue(u"models"_s, models);
    settings.setValue(u"paneParameters"_s, own);
    settings.setValue(u"systemPrompt"_s, m_systemPrompt->toPlainText());
    settings.setValue(u"temperature"_s, m_temperature->value());
    settings.setValue(u"maxTokens"_s, m_maxTokens->value());
    settings.setValue(u"reasoningEffort"_s, m_reasoning->currentData());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"blind"_s, m_blind->isChecked());
    settings.setValue(u"project"_s, m_project->text());
}

void ComparePage::restoreSettings()
{
    m_restoring = true;
    QSettings settings;
    settings.beginGroup(u"Compare"_s);
    QStringList models = settings.value(u"models"_s).toStringList();
    if (models.isEmpty())
        models = {QString(), QString()}; // two empty panes invite a first comparison
    const QVariantList own = settings.value(u"paneParameters"_s).toList();
    for (qsizetype i = 0; i < std::min<qsizetype>(models.size(), MaxPanes); ++i) {
        ComparePane *pane = addPane(models.at(i));
        const QVariantMap p = own.value(i).toMap();
        if (pane && !p.isEmpty()) {
            Compare::Parameters parameters{.systemPrompt = p.value(u"system"_s).toString(),
                                           .reasoningEffort = p.value(u"reasoning"_s).toString()};
            if (const double t = p.value(u"temperature"_s).toDouble(); t >= 0)
                parameters.temperature = t;
            if (const int m = p.value(u"maxTokens"_s).toInt(); m > 0)
                parameters.maxTokens = m;
            pane->setOwnParameters(parameters);
        }
    }
    m_systemPrompt->setPlainText(settings.value(u"systemPrompt"_s).toString());
    m_temperature->setValue(settings.value(u"temperature"_s, -0.1).toDouble());
    m_maxTokens->setValue(settings.value(u"maxTokens"_s, 0).toInt());
    m_reasoning->setCurrentIndex(std::max(0, m_reasoning->findData(settings.value(u"reasoningEffort"_s).toString())));
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    m_blind->setChecked(settings.value(u"blind"_s, false).toBool());
    m_project->setText(settings.value(u"project"_s).toString());
    if (!settings.contains(u"temperature"_s))
        applyDefaultParameters(); // the very first comparison
    m_restoring = false;
}

} // namespace Switchyard::CompareUi
