#include "compare/comparepane.h"

#include "markdown/fenceclosure.h"

#include "base/units.h"
#include "catalog/pricecatalog.h"
#include "compare/parametersdialog.h"
#include "markdown/markdownview.h"
#include "markdown/reasoningsection.h"
#include "markdown/streamingdocument.h"
#include "providers/availablemodels.h"
#include "routing/router.h"

#include <QBoxLayout>
#include <QAbstractItemView>
#include <QComboBox>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Switchyard::CompareUi {
namespace {

constexpr int FrameMs = 16;

QToolButton *iconButton(const QString &themeIcon, const QString &fallbackText, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setIcon(QIcon::fromTheme(themeIcon));
    if (button->icon().isNull())
        button->setText(fallbackText);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    return button;
}

// Draws the model's name, and its price and context right-aligned and muted.
class ModelItemDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QString detail = index.data(Qt::UserRole + 1).toString();
        if (detail.isEmpty())
            return;
        painter->save();
        painter->setPen(option.palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                                    : QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(0, 0, -8, 0), Qt::AlignRight | Qt::AlignVCenter, detail);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.rwidth() += option.fontMetrics.horizontalAdvance(index.data(Qt::UserRole + 1).toString()) + 24;
        return size;
    }
};

// The user's own prompt, shown as typed: every Markdown punctuation character
// escaped, each line bold.
QString promptMarkdown(const QString &prompt)
{
    QStringList lines;
    for (const QString &line : prompt.split(u'\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QString escaped;
        for (QChar c : line.trimmed()) {
            if (c.unicode() < 128 && c.isPunct())
                escaped += u'\\';
            if (c.unicode() < 128 && c.isSymbol())
                escaped += u'\\';
            escaped += c;
        }
        lines.append(u"**"_s + escaped + u"**"_s);
    }
    return lines.join(u"  \n"_s) + u"\n\n"_s;
}

QString costText(const Catalog::Cost &cost)
{
    const QString amount = Base::Units::usd(cost.nanoUsd);
    return cost.isKnown() && cost.estimated ? u"≈"_s + amount : amount;
}

} // namespace

ComparePane::ComparePane(const CompareContext &context, QWidget *parent)
    : QFrame(parent)
    , m_context(context)
{
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(300);

    m_picker = new QComboBox(this);
    m_picker->setObjectName(u"modelPicker"_s);
    m_picker->setEditable(true);
    m_picker->setInsertPolicy(QComboBox::NoInsert);
    m_picker->lineEdit()->setPlaceholderText(tr("provider/model, e.g. openai/gpt-4o-mini"));
    m_picker->setAccessibleName(tr("Model"));
    m_picker->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_picker->setItemDelegate(new ModelItemDelegate(m_picker));
    reloadModels();
    if (m_context.registry)
        connect(m_context.registry, &Providers::ProviderRegistry::changed, this, &ComparePane::reloadModels);
    m_picker->completer()->setFilterMode(Qt::MatchContains);
    m_picker->completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(m_picker->lineEdit(), &QLineEdit::editingFinished, this, &ComparePane::onModelChosen);
    connect(m_picker, &QComboBox::activated, this, &ComparePane::onModelChosen);

    m_settings = iconButton(u"configure"_s, u"⚙"_s, tr("Settings for this pane"), this);
    m_settings->setObjectName(u"paneSettings"_s);
    m_settings->setCheckable(true); // shown pressed while the pane has settings of its own
    connect(m_settings, &QToolButton::clicked, this, [this] {
        ParametersDialog dialog(m_picker->currentText(), m_ownParameters, this);
        if (dialog.exec() == QDialog::Accepted)
            setOwnParameters(dialog.parameters());
        else
            m_settings->setChecked(m_ownParameters.has_value());
    });

    auto *left = iconButton(u"go-previous"_s, u"◀"_s, tr("Move this pane left"), this);
    auto *right = iconButton(u"go-next"_s, u"▶"_s, tr("Move this pane right"), this);
    auto *remove = iconButton(u"window-close"_s, u"✕"_s, tr("Remove this pane"), this);
    remove->setObjectName(u"removePane"_s);
    connect(left, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(-1); });
    connect(right, &QToolButton::clicked, this, [this] { Q_EMIT moveRequested(1); });
    connect(remove, &QToolButton::clicked, this, &ComparePane::removeRequested);

    m_reasoning = new Markdown::ReasoningSection(this);
    m_reasoning->setObjectName(u"reasoning"_s);
    m_reasoning->hide();
    m_view = new Markdown::MarkdownView(this);
    m_view->setObjectName(u"answerView"_s);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setPlaceholderText(tr("Pick a model above; the answer appears here."));

    m_figures = new QLabel(this);
    m_figures->setObjectName(u"figures"_s);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setWordWrap(true); // a narrow pane shows its figures on two lines, never cut off
    QFont tabular = m_figures->font();
    tabular.setFeature(QFont::Tag("tnum"), 1); // figures that line up between panes
    m_figures->setFont(tabular);

    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    m_retry = new QPushButton(QIcon::fromTheme(u"view-refresh"_s), tr("Retry"), this);
    m_retry->setObjectName(u"retry"_s);
    m_retry->hide();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (m_conversation && m_conversation->retry())
            showStatus({}, false);
    });
    m_best = new QPushButton(QIcon::fromTheme(u"rating"_s), tr("Best"), this);
    m_best->setObjectName(u"voteBest"_s);
    m_best->setToolTip(tr("Vote this answer the best of the round"));
    m_best->hide();
    connect(m_best, &QPushButton::clicked, this, &ComparePane::bestVoted);

    m_blindName = new QLabel(this);
    m_blindName->setObjectName(u"blindName"_s);
    QFont nameFont = m_blindName->font();
    nameFont.setWeight(QFont::DemiBold);
    m_blindName->setFont(nameFont);
    m_blindName->hide();

    m_stop = iconButton(u"process-stop"_s, u"■"_s, tr("Stop this answer"), this);
    m_stop->setObjectName(u"stopPane"_s);
    m_stop->setEnabled(false);
    connect(m_stop, &QToolButton::clicked, this, &ComparePane::stop);

    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    header->addWidget(m_picker, 1);
    header->addWidget(m_blindName, 1);
    header->addWidget(m_settings);
    header->addWidget(left);
    header->addWidget(right);
    header->addWidget(remove);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_figures, 1);
    footer->addWidget(m_best);
    footer->addWidget(m_retry);
    footer->addWidget(m_stop);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_reasoning);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addLayout(footer);

    m_frame.setInterval(FrameMs);
    connect(&m_frame, &QTimer::timeout, this, &ComparePane::refresh);
}

ComparePane::~ComparePane() = default;

void ComparePane::reloadModels()
{
    QList<Providers::AvailableModel> models;
    if (m_context.registry) {
        models = Providers::AvailableModels::list(*m_context.registry, m_context.catalog);
    } else {
        QList<Providers::ProviderEntry> entries;
        for (const Providers::ProviderConfig &provider : std::as_const(m_context.providers))
            entries.append({.config = provider, .enabled = true, .preset = false, .models = {}, .modelsListedAt = {}});
        models = Providers::AvailableModels::list(entries, {}, m_context.catalog);
    }
    // Rebuilt without a signal, and with the text as it was: a reload must
    // never change the pane's model.
    const QString text = m_picker->currentText();
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    const auto perMillion = [](const std::optional<qint64> &p) { return p ? Base::Units::usd(*p * 1000) : u"?"_s; };
    // The active config's routes first: a route is compared like a model.
    for (const Routing::Route &route : routes()) {
        m_picker->addItem(route.name);
        m_picker->setItemData(m_picker->count() - 1,
                              route.targets.size() == 1 ? tr("route · 1 target")
                                                        : tr("route · %1 targets").arg(route.targets.size()),
                              Qt::UserRole + 1);
        m_picker->setItemData(m_picker->count() - 1,
                              route.description.isEmpty() ? tr("A route of the active routing config") : route.description,
                              Qt::ToolTipRole);
    }
    for (const Providers::AvailableModel &m : std::as_const(models)) {
        m_picker->addItem(m.label());
        // Price and context beside the name in the list, so the choice is informed.
        QString detail = !m.isPriced() ? tr("price unknown")
                                       : tr("%1 in · %2 out per Mtok · %3k context")
                                             .arg(perMillion(m.info->price.input), perMillion(m.info->price.output))
                                             .arg(m.info->contextLength / 1000);
        if (m.favourite)
            detail = u"★ "_s + detail;
        m_picker->setItemData(m_picker->count() - 1, detail, Qt::UserRole + 1);
    }
    m_picker->setCurrentIndex(-1);
    m_picker->setEditText(text);
    // The list as wide as its names and prices, not only as the box: with
    // three panes the box is narrow, and the two would be painted over each other.
    QAbstractItemView *view = m_picker->view();
    view->setMinimumWidth(view->sizeHintForColumn(0) + view->verticalScrollBar()->sizeHint().width() + 8);
}

QList<Routing::Route> ComparePane::routes() const
{
    return m_context.router ? m_context.router->decider().config().routes : QList<Routing::Route>();
}

QString ComparePane::modelLabel() const
{
    return m_conversation ? m_conversation->label() : QString();
}

void ComparePane::setModelLabel(const QString &label)
{
    m_picker->setEditText(label);
    onModelChosen();
}

bool ComparePane::isBusy() const
{
    return m_conversation && m_conversation->isBusy();
}

void ComparePane::onModelChosen()
{
    const QString text = m_picker->currentText().trimmed();
    if (m_conversation && text == m_conversation->label())
        return;
    if (isBusy()) {
        m_picker->setEditText(m_conversation->label()); // not while an answer streams in
        return;
    }
    delete m_conversation;
    m_conversation = nullptr;
    m_view->streamingDocument()->clear();
    m_reasoning->clear();
    m_reasoning->hide();
    m_figures->clear();
    showStatus({}, false);
    if (text.isEmpty())
        return;
    const bool isRoute = m_context.router && m_context.router->decider().config().routeIndex(text) >= 0;
    const QString providerId = text.section(u'/', 0, 0);
    const QString model = text.section(u'/', 1);
    const auto provider = isRoute ? std::nullopt : m_context.provider(providerId);
    if (!isRoute && (!provider || model.isEmpty())) {
        showStatus(tr("Unknown model “%1”: write provider/model with one of the providers: %2%3.")
                       .arg(text,
                            [this] {
                                QStringList ids;
                                for (const auto &p : m_context.currentProviders())
                                    ids.append(p.id);
                                return ids.join(u", "_s);
                            }(),
                            routes().isEmpty() ? QString() : tr(", or a route of the active config")),
                   true);
        return;
    }
    m_conversation = new Compare::Conversation(m_context.router, text, this);
    m_conversation->setProject(m_project);
    connect(m_conversation, &Compare::Conversation::turnStarted, this, &ComparePane::onTurnStarted);
    connect(m_conversation, &Compare::Conversation::turnFinished, this, &ComparePane::onTurnFinished);
    if (isRoute) {
        const Routing::Route &r = m_context.router->decider().config().routes.at(
            m_context.router->decider().config().routeIndex(text));
        QStringList targets;
        for (const Routing::Target &target : r.targets)
            targets.append(target.key());
        m_picker->setToolTip(tr("Route %1 of the active routing config: %2").arg(text, targets.join(u", "_s)));
    } else if (m_context.catalog) {
        if (const auto info = m_context.catalog->find(provider->id, model)) {
            m_picker->setToolTip(tr("%1 — input %2, output %3 per million tokens; context %L4 tokens")
                                     .arg(text, Base::Units::usd(info->price.input.transform([](qint64 a) { return a * 1000; })),
                                          Base::Units::usd(info->price.output.transform([](qint64 a) { return a * 1000; })))
                                     .arg(info->contextLength));
        } else {
            m_picker->setToolTip(tr("%1 — price unknown").arg(text));
        }
    }
}

bool ComparePane::send(const QString &prompt, const Compare::Parameters &parameters,
                       const QList<Providers::ImageAttachment> &images)
{
    onModelChosen(); // a model typed but not yet confirmed
    if (!m_conversation) {
        if (m_status->isHidden())
            showStatus(tr("Choose a model first."), true);
        return false;
    }
    if (isBusy())
        return false;
    // The key, the budget and the time limits are the call path's: a refusal
    // (no key, a budget used up) comes back as the turn's error.
    m_conversation->setParameters(m_ownParameters.value_or(parameters));
    return m_conversation->send(prompt, images);
}

void ComparePane::stop()
{
    if (m_conversation)
        m_conversation->stop();
}

void ComparePane::clearConversation()
{
    if (m_conversation)
        m_conversation->clear();
    m_view->streamingDocument()->clear();
    m_reasoning->clear();
    m_reasoning->hide();
    m_figures->clear();
    showStatus({}, false);
}

void ComparePane::setProject(const QString &project)
{
    m_project = project;
    if (m_conversation)
        m_conversation->setProject(project);
}

void ComparePane::setOwnParameters(const std::optional<Compare::Parameters> &parameters)
{
    m_ownParameters = parameters;
    m_settings->setChecked(parameters.has_value());
    m_settings->setToolTip(parameters ? tr("This pane has settings of its own") : tr("Settings for this pane"));
    Q_EMIT ownParametersChanged();
}

void ComparePane::setBlindName(const QString &name)
{
    m_blindName->setText(name);
    m_blindName->setVisible(!name.isEmpty());
    m_picker->setVisible(name.isEmpty());
}

void ComparePane::setVotingOpen(bool open)
{
    m_best->setVisible(open && m_conversation && !m_conversation->turns().isEmpty());
}

void ComparePane::onTurnStarted(int index)
{
    Q_UNUSED(index)
    showStatus({}, false);
    renderAll(false);
    m_shownAnswer = 0;
    m_shownReasoning = 0;
    m_reasoning->clear();
    m_reasoning->hide();
    m_stop->setEnabled(true);
    m_frame.start();
    Q_EMIT busyChanged(true);
}

void ComparePane::onTurnFinished(int index)
{
    m_frame.stop();
    refresh(); // the last text and the final figures
    m_view->streamingDocument()->finish();
    m_reasoning->finish();
    m_stop->setEnabled(false);
    const Compare::Turn &turn = m_conversation->turns().at(index);
    if (turn.error) {
        const bool stopped = turn.error->kind == Providers::CallError::Kind::Cancelled;
        showStatus(stopped ? tr("Stopped.") : turn.error->message, !stopped);
        m_retry->setVisible(true);
    } else if (!turn.budgetWarning.isEmpty()) {
        showStatus(turn.budgetWarning, false);
    }
    Q_EMIT busyChanged(false);
}

// Appends only what arrived since the last frame, at the end of the view.
void ComparePane::refresh()
{
    if (!m_conversation || m_conversation->turns().isEmpty())
        return;
    const Compare::Turn &turn = m_conversation->turns().last();
    // Only the part not yet shown is copied out of the call.
    const QString &answer = m_conversation->isBusy() ? m_conversation->answerSoFar() : turn.answer;
    if (answer.size() > m_shownAnswer) {
        m_view->streamingDocument()->appendDelta(QStringView(answer).sliced(m_shownAnswer));
        m_shownAnswer = answer.size();
    }
    const QString reasoning = m_conversation->isBusy() ? m_conversation->reasoningSoFar() : turn.reasoning;
    if (reasoning.size() > m_shownReasoning) {
        m_reasoning->show();
        m_reasoning->appendDelta(QStringView(reasoning).sliced(m_shownReasoning));
        m_shownReasoning = reasoning.size();
    }
    const Providers::CallFigures f = m_conversation->liveFigures();
    // A route pane says which target is answering, or answered.
    QString by = turn.answeredBy;
    if (m_conversation->call()) {
        const auto &hops = m_conversation->call()->hops();
        if (!hops.isEmpty() && hops.last().outcome == Routing::Hop::Outcome::Answered
            && hops.last().key() != m_conversation->label())
            by = hops.last().key();
    }
    const QString out = f.tokensOut < 0 ? u"–"_s : (f.tokensOutEstimated ? u"≈"_s : QString()) + QString::number(f.tokensOut);
    m_figures->setText((by.isEmpty() ? QString() : tr("by %1 · ").arg(by)) + tr("TTFT %1 · %2 · %3 · %4 → %5 tok · %6")
                           .arg(Base::Units::seconds(f.ttftMs), Base::Units::tokensPerSecond(f.tokensPerSecond),
                                Base::Units::seconds(f.totalMs),
                                f.tokensIn < 0 ? u"–"_s : QString::number(f.tokensIn), out,
                                turn.finished ? costText(turn.cost) : u"…"_s));
    QString tip = turn.finished && turn.cost.estimated
        ? tr("The cost is estimated: %1").arg(turn.cost.reason)
        : tr("Time to first token · speed · total time · tokens in → out · cost");
    if (!turn.hops.isEmpty())
        tip += u"\n\n"_s + tr("Attempts:") + u"\n"_s + turn.hops.join(u'\n');
    m_figures->setToolTip(tip);
}

// Rebuilds the transcript: only when a turn starts or the conversation changes,
// never per token.
void ComparePane::restoreTurns(const QList<Compare::Turn> &turns)
{
    if (!m_conversation)
        return;
    m_conversation->restore(turns);
    renderAll(true);
    m_shownAnswer = turns.isEmpty() ? 0 : turns.last().answer.size();
    m_shownReasoning = turns.isEmpty() ? 0 : turns.last().reasoning.size();
    refresh(); // the last turn's figures
    if (!turns.isEmpty() && turns.last().error) {
        showStatus(turns.last().error->message, true);
        m_retry->show();
    }
}

void ComparePane::renderAll(bool includeLastAnswer)
{
    QString markdown;
    const auto &turns = m_conversation->turns();
    for (qsizetype i = 0; i < turns.size(); ++i) {
        const Compare::Turn &turn = turns.at(i);
        markdown += promptMarkdown(turn.prompt);
        for (const auto &image : turn.images)
            markdown += tr("*\\[image, %1, %L2 KB\\]*").arg(image.mimeType).arg((image.data.size() + 1023) / 1024) + u"\n\n"_s;
        if (includeLastAnswer || i + 1 < turns.size())
            markdown += Markdown::closeOpenFence(turn.answer) + u"\n\n"_s;
    }
    auto *document = m_view->streamingDocument();
    document->setMarkdown(markdown);
    if (includeLastAnswer)
        document->finish();
    if (includeLastAnswer && !turns.isEmpty() && !turns.last().reasoning.isEmpty()) {
        m_reasoning->clear();
        m_reasoning->appendDelta(turns.last().reasoning);
        m_reasoning->finish();
        m_reasoning->show();
    }
}

void ComparePane::showStatus(const QString &text, bool isError)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setForegroundRole(isError ? QPalette::BrightText : QPalette::PlaceholderText);
    QPalette p = m_status->palette();
    if (isError)
        p.setColor(QPalette::BrightText, QColor(0xda, 0x44, 0x53));
    m_status->setPalette(p);
    if (text.isEmpty())
        m_retry->hide();
}

} // namespace Switchyard::CompareUi
