#include "routing/tryitpanel.h"

#include "base/units.h"
#include "markdown/markdownview.h"
#include "markdown/streamingdocument.h"
#include "routing/routingdocument.h"
#include "routing/routingfacts.h"
#include "routing/ruleeditor.h"
#include "widgets/statuscolors.h"

#include <QAction>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

enum HopColumn { TargetColumn, AttemptColumn, OutcomeColumn, WaitColumn, DurationColumn, CostColumn, HopColumns };

QString outcomeText(const Routing::Hop &hop, bool running)
{
    switch (hop.outcome) {
    case Routing::Hop::Outcome::Answered:
        return running ? TryItPanel::tr("answering…") : TryItPanel::tr("answered");
    case Routing::Hop::Outcome::Failed:
        return TryItPanel::tr("failed: %1").arg(hop.reason);
    case Routing::Hop::Outcome::Cancelled:
        return TryItPanel::tr("cancelled");
    case Routing::Hop::Outcome::Skipped:
        return TryItPanel::tr("skipped: %1").arg(hop.reason);
    }
    return {};
}

QString costText(const Catalog::Cost &cost)
{
    if (!cost.isKnown())
        return u"–"_s;
    return (cost.estimated ? u"≈ "_s : QString()) + Base::Units::usd(cost.nanoUsd);
}

} // namespace

TryItPanel::TryItPanel(RoutingDocument *document, Routing::Router::Services services, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_router(new Routing::Router(std::move(services), this))
    , m_prompt(new QPlainTextEdit(this))
    , m_tags(new QLineEdit(this))
    , m_model(new QLineEdit(u"auto"_s, this))
    , m_send(new QPushButton(QIcon::fromTheme(u"document-send"_s), tr("&Send"), this))
    , m_stop(new QPushButton(QIcon::fromTheme(u"process-stop"_s), tr("Stop"), this))
    , m_decision(new QLabel(this))
    , m_hops(new QTreeWidget(this))
    , m_answer(new Markdown::MarkdownView(this))
    , m_cost(new QLabel(this))
{
    m_prompt->setObjectName(u"tryPrompt"_s);
    m_prompt->setPlaceholderText(tr("A prompt to send through this config (Ctrl+Enter)"));
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setTabChangesFocus(true);
    m_tags->setObjectName(u"tryTags"_s);
    m_tags->setPlaceholderText(tr("none; e.g. private"));
    m_model->setObjectName(u"tryModel"_s);
    m_model->setToolTip(tr("The model the caller asks for: auto, a route's name, a name rules list, "
                           "or provider/model to go there directly."));
    m_send->setObjectName(u"trySend"_s);
    m_send->setToolTip(tr("Send through this config (Ctrl+Enter)"));
    m_stop->setToolTip(tr("Stop (Esc)"));
    m_stop->setEnabled(false);

    auto *sendAction = new QAction(this);
    sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    sendAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(sendAction, &QAction::triggered, this, [this] { send(); });
    addAction(sendAction);
    auto *stopAction = new QAction(this);
    stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    stopAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(stopAction, &QAction::triggered, this, &TryItPanel::cancel);
    addAction(stopAction);
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_stop, &QPushButton::clicked, this, &TryItPanel::cancel);

    m_decision->setObjectName(u"tryDecision"_s);
    m_decision->setWordWrap(true);
    m_decision->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hops->setObjectName(u"tryHops"_s);
    m_hops->setRootIsDecorated(false);
    m_hops->setHeaderLabels({tr("Target"), tr("Try"), tr("Outcome"), tr("Waited"), tr("Took"), tr("Cost")});
    m_hops->header()->setStretchLastSection(false);
    m_hops->header()->setSectionResizeMode(TargetColumn, QHeaderView::ResizeToContents);
    m_hops->header()->setSectionResizeMode(OutcomeColumn, QHeaderView::Stretch);
    for (int column : {AttemptColumn, WaitColumn, DurationColumn, CostColumn})
        m_hops->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_answer->setObjectName(u"tryAnswer"_s);
    m_cost->setObjectName(u"tryCost"_s);
    m_cost->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *fields = new QFormLayout;
    fields->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *askRow = new QHBoxLayout;
    askRow->addWidget(m_model, 1);
    askRow->addWidget(new QLabel(tr("Tags:"), this));
    askRow->addWidget(m_tags, 1);
    askRow->addWidget(m_send);
    askRow->addWidget(m_stop);
    fields->addRow(tr("Asked model:"), askRow);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_prompt, 1);
    topLayout->addLayout(fields);

    auto *result = new QWidget(this);
    auto *resultLayout = new QVBoxLayout(result);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addWidget(m_decision);
    resultLayout->addWidget(m_hops, 1);
    auto *answerSplit = new QSplitter(Qt::Vertical, this);
    answerSplit->addWidget(top);
    answerSplit->addWidget(result);
    answerSplit->addWidget(m_answer);
    answerSplit->setStretchFactor(0, 1);
    answerSplit->setStretchFactor(1, 1);
    answerSplit->setStretchFactor(2, 2);
    answerSplit->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(answerSplit, 1);
    layout->addWidget(m_cost);

    m_decision->setText(tr("Send a prompt to see which rule matches, which route that picks and how each "
                           "target answers. The call is real and is logged in Usage."));
}

TryItPanel::~TryItPanel()
{
    if (m_call)
        m_call->cancel();
}

bool TryItPanel::send()
{
    if (m_call && !m_call->isFinished())
        return false;
    const QString prompt = m_prompt->toPlainText().trimmed();
    if (prompt.isEmpty()) {
        m_decision->setText(tr("Type a prompt first."));
        return false;
    }
    if (m_document->hasErrors()) {
        m_decision->setText(tr("The config has errors; fix them (see the YAML side) before trying it."));
        return false;
    }
    const Routing::RoutingConfig &config = m_document->config();
    Routing::RoutingFacts facts;
    if (m_router->services().catalog)
        facts.addCatalog(*m_router->services().catalog, config);
    m_router->setDecider(Routing::Decider(config, std::move(facts)));

    Providers::ChatRequest request{.messages = {{Providers::ChatMessage::Role::User, prompt}}};
    const QString model = m_model->text().trimmed().isEmpty() ? u"auto"_s : m_model->text().trimmed();
    const QStringList tags = splitList(m_tags->text());
    if (m_call)
        m_call->deleteLater();
    m_shown = 0;
    m_answer->streamingDocument()->clear();
    m_hops->clear();
    m_cost->clear();
    m_call = m_router->send(request, Routing::RequestFacts::of(request, model, tags), Usage::Source::Router,
                            tags.value(0));
    m_decision->setText(m_call->decider().describeChoice(m_call->decision()));
    connect(m_call, &Routing::RoutedCall::hopsChanged, this, &TryItPanel::showHops);
    connect(m_call, &Routing::RoutedCall::eventsReceived, this, [this] {
        const QString text = m_call->text();
        if (text.size() > m_shown) {
            m_answer->streamingDocument()->appendDelta(QStringView(text).sliced(m_shown));
            m_shown = text.size();
        }
    });
    connect(m_call, &Routing::RoutedCall::finished, this, &TryItPanel::onFinished);
    setRunning(true);
    showHops();
    return true;
}

void TryItPanel::cancel()
{
    if (m_call && !m_call->isFinished())
        m_call->cancel();
}

void TryItPanel::showHops()
{
    if (!m_call)
        return;
    const QList<Routing::Hop> &hops = m_call->hops();
    const QColor bad = Widgets::StatusColors::error(palette());
    while (m_hops->topLevelItemCount() > hops.size())
        delete m_hops->takeTopLevelItem(m_hops->topLevelItemCount() - 1);
    for (qsizetype i = 0; i < hops.size(); ++i) {
        const Routing::Hop &hop = hops.at(i);
        QTreeWidgetItem *item = m_hops->topLevelItem(int(i));
        if (!item) {
            item = new QTreeWidgetItem(m_hops);
            for (int column : {AttemptColumn, WaitColumn, DurationColumn, CostColumn})
                item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
        }
        const bool running = !m_call->isFinished() && i == hops.size() - 1;
        item->setText(TargetColumn, hop.key());
        item->setText(AttemptColumn, hop.outcome == Routing::Hop::Outcome::Skipped ? QString()
                                                                                   : QString::number(hop.attempt));
        item->setText(OutcomeColumn, outcomeText(hop, running));
        item->setToolTip(OutcomeColumn, hop.error ? hop.error->message : hop.reason);
        item->setText(WaitColumn, hop.waitedMs > 0 ? Base::Units::seconds(double(hop.waitedMs)) : QString());
        item->setText(DurationColumn, hop.outcome == Routing::Hop::Outcome::Skipped || running
                                          ? QString()
                                          : Base::Units::seconds(double(hop.durationMs)));
        item->setText(CostColumn, hop.outcome == Routing::Hop::Outcome::Skipped || running ? QString()
                                                                                            : costText(hop.cost));
        const bool failed = hop.outcome == Routing::Hop::Outcome::Failed;
        item->setData(OutcomeColumn, Qt::ForegroundRole, failed ? QVariant(bad) : QVariant());
    }
}

void TryItPanel::onFinished()
{
    if (!m_call)
        return;
    m_answer->streamingDocument()->finish();
    showHops();
    const std::optional<Routing::Target> by = m_call->answeredBy();
    QString summary;
    if (const auto &error = m_call->error()) {
        summary = m_call->isIncomplete() ? tr("Cut off: %1").arg(error->message) : tr("Failed: %1").arg(error->message);
        if (m_call->hops().isEmpty())
            m_decision->setText(m_decision->text() + u" — "_s + error->message);
    } else if (by) {
        summary = tr("Answered by %1").arg(by->key());
    }
    m_cost->setText(tr("%1 · total cost %2").arg(summary, costText(m_call->cost())));
    setRunning(false);
    Q_EMIT finished();
}

void TryItPanel::setRunning(bool running)
{
    m_send->setEnabled(!running);
    m_stop->setEnabled(running);
}

} // namespace Switchyard::RoutingUi
