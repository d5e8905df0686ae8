#include "compare/comparepane.h"

#include "base/units.h"
#include "calls/pricing.h"
#include "catalog/pricecatalog.h"
#include "compare/parametersdialog.h"
#include "markdown/fenceclosure.h"
#include "markdown/markdownview.h"
#include "markdown/reasoningsection.h"
#include "markdown/streamingdocument.h"
#include "providers/availablemodels.h"
#include "routing/router.h"
#include "widgets/busyspinner.h"
#include "widgets/elidedlabel.h"
#include "widgets/statuscolors.h"

#include <QAbstractItemView>
#include <QBoxLayout>
#include <QComboBox>
#include <QCompleter>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QToolButton>
#include <QTreeView>

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

// The picker's list: name, provider, price and context in columns, so that
// no narrow pane paints a long name over its price.
enum PickerColumn { NameColumn, ProviderColumn, PriceColumn, ContextColumn, PickerColumns };

QTreeView *pickerView(QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setHeaderHidden(true);
    view->setRootIsDecorated(false);
    view->setItemsExpandable(false);
    view->setUniformRowHeights(true);
    view->setAllColumnsShowFocus(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setTextElideMode(Qt::ElideMiddle); // a model's name keeps its start and its version
    view->header()->setStretchLastSection(false);
    return view;
}

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
    setMinimumWidth(260);

    m_picker = new QComboBox(this);
    m_picker->setObjectName(u"modelPicker"_s);
    m_picker->setEditable(true);
    m_picker->setInsertPolicy(QComboBox::NoInsert);
    m_picker->lineEdit()->setPlaceholderText(tr("provider/model, e.g. openai/gpt-4o-mini"));
    m_picker->setAccessibleName(tr("Model"));
    m_picker->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The box is as narrow as the pane; its list is as wide as its columns.
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(12);
    m_picker->setModel(new QStandardItemModel(0, PickerColumns, m_picker));
    m_picker->setView(pickerView(m_picker));
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

    m_spinner = new Widgets::BusySpinner(this);
    m_spinner->setObjectName(u"busy"_s);
    m_spinner->setAccessibleName(tr("Answering"));
    m_figures = new Widgets::ElidedLabel(this);
    m_figures->setObjectName(u"figures"_s);
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

    // A labelled button, shown only while the pane answers: a bare square
    // looked like a checkbox.
    m_stop = new QPushButton(QIcon::fromTheme(u"process-stop"_s), tr("Stop"), this);
    m_stop->setObjectName(u"stopPane"_s);
    m_stop->setToolTip(tr("Stop this answer (Esc stops every pane)"));
    m_stop->hide();
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
    footer->setSpacing(4);
    footer->addWidget(m_spinner);
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

ComparePane::~ComparePane()
{
    // The picker's line edit loses focus while the pane is torn down, and its
    // editingFinished would reach onModelChosen() of a pane half destroyed.
    m_picker->lineEdit()->disconnect(this);
    m_picker->disconnect(this);
}

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
    auto *model = static_cast<QStandardItemModel *>(m_picker->model());
    model->removeRows(0, model->rowCount());
    const auto perMillion = [](const std::optional<qint64> &p) { return p ? Base::Units::usd(*p * 1000) : u"?"_s; };
    // One row: the columns, and the whole of it as the row's tooltip and (for
    // the completer and tests) as the name's detail.
    const auto addRow = [model](const QString &name, const QString &provider, const QString &price,
                                const QString &context, const QString &tip) {
        QList<QStandardItem *> row;
        for (const QString &cell : {name, provider, price, context}) {
            auto *item = new QStandardItem(cell);
            item->setToolTip(tip);
            row.append(item);
        }
        row.at(PriceColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.at(ContextColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.at(NameColumn)->setData(QStringList{provider, price, context}.join(u" · "_s), Qt::UserRole + 1);
        model->appendRow(row);
    };
    // The active config's routes first: a route is compared like a model.
    for (const Routing::Route &route : routes()) {
        addRow(route.name, tr("route"),
               route.targets.size() == 1 ? tr("1 target") : tr("%1 targets").arg(route.targets.size()), {},
               route.description.isEmpty() ? tr("A route of the active routing config") : route.description);
    }
    for (const Providers::AvailableModel &m : std::as_const(models)) {
        // Price and context beside the name in the list, so the choice is informed.
        const auto config = m_context.provider(m.providerId);
        QString price = tr("price unknown");
        if (m.isPriced())
            price = tr("%1 / %2").arg(perMillion(m.info->price.input), perMillion(m.info->price.output));
        else if (config && Calls::Pricing::isOwnServer(*config))
            price = tr("free (own server)");
        const QString context
            = m.info && m.info->contextLength > 0 ? tr("%1k").arg(m.info->contextLength / 1000) : QString();
        const QString provider = (m.favourite ? u"★ "_s : QString()) + m.providerName;
        addRow(m.label(), provider, price, context,
               m.isPriced()
                   ? tr("%1: input %2, output %3 per million tokens%4")
                         .arg(m.label(), perMillion(m.info->price.input), perMillion(m.info->price.output),
                              context.isEmpty() ? QString() : tr("; %1 tokens of context").arg(context))
                   : m.label() + u" — "_s + price);
    }
    m_picker->setCurrentIndex(-1);
    m_picker->setEditText(text);
    m_picker->lineEdit()->setCursorPosition(0);
    // The list as wide as its columns, not only as the box: with three panes
    // the box is narrow. The combo box keeps the popup on the screen.
    auto *view = static_cast<QTreeView *>(m_picker->view());
    constexpr int ColumnGap = 16;
    int width = view->verticalScrollBar()->sizeHint().width() + 8;
    for (int column = 0; column < PickerColumns; ++column) {
        view->resizeColumnToContents(column);
        view->setColumnWidth(column, view->columnWidth(column) + ColumnGap);
        width += view->columnWidth(column);
    }
    view->setMinimumWidth(std::min(width, 900));
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
    m_picker->lineEdit()->setCursorPosition(0); // the provider first, however narrow the box
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
    m_figures->setFullText({});
    showStatus({}, false);
    // A long name shows its start (the provider), not its end.
    m_picker->lineEdit()->setCursorPosition(0);
    // The hint is for an empty pane; once a model is picked it only clutters.
    m_view->setPlaceholderText(text.isEmpty() ? tr("Pick a model above; the answer appears here.")
                                              : QString());
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
    m_figures->setFullText({});
    showStatus({}, false);
    updateBest();
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
    m_votingOpen = open;
    updateBest();
}

// Only a finished answer can be the best: not a failed or stopped turn, not
// one still streaming.
void ComparePane::updateBest()
{
    const bool answered = m_conversation && !m_conversation->isBusy() && !m_conversation->turns().isEmpty()
        && m_conversation->turns().last().finished && !m_conversation->turns().last().error;
    m_best->setVisible(m_votingOpen && answered);
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
    m_stop->show();
    m_spinner->start();
    m_frame.start();
    updateBest();
    Q_EMIT busyChanged(true);
}

void ComparePane::onTurnFinished(int index)
{
    m_frame.stop();
    refresh(); // the last text and the final figures
    m_view->streamingDocument()->finish();
    m_reasoning->finish();
    m_stop->hide();
    m_spinner->stop();
    const Compare::Turn &turn = m_conversation->turns().at(index);
    if (turn.error) {
        const bool stopped = turn.error->kind == Providers::CallError::Kind::Cancelled;
        showStatus(stopped ? tr("Stopped.") : turn.error->message, !stopped);
        m_retry->setVisible(true);
    } else if (!turn.budgetWarning.isEmpty()) {
        showStatus(turn.budgetWarning, false);
    }
    updateBest();
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
    const bool busy = m_conversation->isBusy();
    const QString out = f.tokensOut < 0 ? u"–"_s : (f.tokensOutEstimated ? u"≈"_s : QString()) + QString::number(f.tokensOut);
    const QString in = f.tokensIn < 0 ? u"–"_s : QString::number(f.tokensIn);
    // The line: what a glance compares, short; the speed only once measured.
    QStringList line;
    if (!by.isEmpty())
        line.append(tr("by %1").arg(by));
    if (busy && f.ttftMs < 0) {
        line.append(tr("waiting %1").arg(Base::Units::duration(f.totalMs)));
    } else {
        line.append(tr("TTFT %1").arg(Base::Units::duration(f.ttftMs)));
        line.append(Base::Units::duration(f.totalMs));
        line.append(tr("%1 → %2 tok").arg(in, out));
        if (f.tokensPerSecond >= 0)
            line.append(Base::Units::tokensPerSecond(f.tokensPerSecond));
        if (turn.finished)
            line.append(costText(turn.cost));
    }
    m_figures->setFullText(line.join(u" · "_s));
    // The tooltip: every figure with its name.
    QStringList tip{
        tr("Time to first token: %1").arg(Base::Units::duration(f.ttftMs)),
        tr("Total time: %1%2").arg(Base::Units::duration(f.totalMs), busy ? tr(" so far") : QString()),
        tr("Tokens: %1 in → %2 out%3")
            .arg(in, out, f.tokensOutEstimated ? tr(" (estimated from the text)") : QString()),
        tr("Speed: %1")
            .arg(f.tokensPerSecond >= 0 ? Base::Units::tokensPerSecond(f.tokensPerSecond)
                                        : tr("not measured yet (needs a quarter of a second of streaming)"))};
    if (turn.finished)
        tip.append(turn.cost.estimated
                       ? tr("Cost: %1, estimated: %2").arg(costText(turn.cost), turn.cost.reason)
                       : tr("Cost: %1").arg(costText(turn.cost)));
    if (!by.isEmpty())
        tip.append(tr("Answered by %1").arg(by));
    if (!turn.hops.isEmpty())
        tip += u"\n"_s + tr("Attempts:") + u"\n"_s + turn.hops.join(u'\n');
    m_figures->setDetail(tip.join(u'\n'));
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
    // Errors in the one error colour the whole app uses, readable on either palette.
    m_status->setForegroundRole(isError ? QPalette::BrightText : QPalette::PlaceholderText);
    QPalette p = m_status->palette();
    if (isError)
        p.setColor(QPalette::BrightText, Widgets::StatusColors::error(palette()));
    m_status->setPalette(p);
    if (text.isEmpty())
        m_retry->hide();
}

} // namespace Switchyard::CompareUi
