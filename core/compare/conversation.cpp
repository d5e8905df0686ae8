#include "compare/conversation.h"

#include "routing/requestfacts.h"
#include "routing/router.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Compare {

using Providers::ChatMessage;
using Routing::RoutedCall;

Conversation::Conversation(Routing::Router *router, QString model, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_model(std::move(model))
{
}

Conversation::~Conversation()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
        delete m_call;
    }
}

QString Conversation::answerSoFar() const
{
    if (m_call)
        return m_call->text();
    return m_turns.isEmpty() ? QString() : m_turns.last().answer;
}

QString Conversation::reasoningSoFar() const
{
    if (m_call)
        return m_call->reasoning();
    return m_turns.isEmpty() ? QString() : m_turns.last().reasoning;
}

Providers::CallFigures Conversation::liveFigures() const
{
    if (m_call)
        return m_call->currentCall() ? Providers::CallFigures::of(*m_call->currentCall()) : Providers::CallFigures{};
    return m_turns.isEmpty() ? Providers::CallFigures{} : m_turns.last().figures;
}

bool Conversation::send(const QString &prompt, const QList<Providers::ImageAttachment> &images)
{
    if (isBusy() || prompt.trimmed().isEmpty() || !m_router)
        return false;
    m_turns.append(Turn{.prompt = prompt, .images = images});
    start(int(m_turns.size()) - 1);
    return true;
}

bool Conversation::retry()
{
    if (isBusy() || m_turns.isEmpty() || m_turns.last().succeeded() || !m_router)
        return false;
    m_turns.last() = Turn{.prompt = m_turns.last().prompt, .images = m_turns.last().images};
    start(int(m_turns.size()) - 1);
    return true;
}

void Conversation::stop()
{
    if (m_call)
        m_call->cancel();
}

void Conversation::clear()
{
    stop();
    m_turns.clear();
}

void Conversation::restore(const QList<Turn> &turns)
{
    stop();
    m_turns = turns;
}

void Conversation::start(int index)
{
    Providers::ChatRequest request{.model = m_model,
                                   .systemPrompt = m_parameters.systemPrompt,
                                   .temperature = m_parameters.temperature,
                                   .maxTokens = m_parameters.maxTokens,
                                   .reasoningEffort = m_parameters.reasoningEffort};
    for (int i = 0; i < index; ++i) {
        const Turn &earlier = m_turns.at(i);
        if (!earlier.succeeded())
            continue; // a failed exchange would only confuse the model
        request.messages.append({ChatMessage::Role::User, earlier.prompt, earlier.images});
        request.messages.append({ChatMessage::Role::Assistant, earlier.answer, {}});
    }
    request.messages.append({ChatMessage::Role::User, m_turns.at(index).prompt, m_turns.at(index).images});

    const Routing::RequestFacts facts = Routing::RequestFacts::of(request, m_model);
    m_call = m_router->prepare(std::move(request), facts, Usage::Source::Compare, m_project);
    // No copy of the growing text per update: that would cost the whole answer
    // again for every token. Readers ask answerSoFar() when they draw.
    connect(m_call, &RoutedCall::eventsReceived, this, [this, index](const QList<Providers::ChatEvent> &events) {
        Q_EMIT turnUpdated(index, events);
    });
    connect(m_call, &RoutedCall::finished, this, &Conversation::onFinished);
    Q_EMIT turnStarted(index);
    QMetaObject::invokeMethod(m_call, &RoutedCall::start, Qt::QueuedConnection);
}

void Conversation::onFinished()
{
    RoutedCall *call = m_call;
    const int index = int(m_turns.size()) - 1;
    Turn &turn = m_turns[index];
    turn.answer = call->text();
    turn.reasoning = call->reasoning();
    turn.figures = call->currentCall() ? Providers::CallFigures::of(*call->currentCall()) : Providers::CallFigures{};
    turn.error = call->error();
    turn.finished = true;
    turn.cost = call->cost();
    if (const auto by = call->answeredBy(); by && by->key() != m_model)
        turn.answeredBy = by->key();
    turn.budgetWarning = call->budgetWarning();
    if (call->hops().size() > 1) {
        for (const Routing::Hop &hop : call->hops()) {
            static constexpr const char16_t *outcomes[] = {u"answered", u"failed", u"cancelled", u"skipped"};
            QString line = hop.key() + u": "_s + QString::fromUtf16(outcomes[int(hop.outcome)]);
            if (hop.outcome != Routing::Hop::Outcome::Answered && !hop.reason.isEmpty())
                line += u" — "_s + hop.reason;
            turn.hops.append(line);
        }
    }
    m_call = nullptr;
    call->deleteLater();
    Q_EMIT turnFinished(index);
}

} // namespace Switchyard::Compare
