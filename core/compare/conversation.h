#pragma once

#include "catalog/cost.h"
#include "compare/parameters.h"
#include "providers/callfigures.h"
#include "providers/chatevent.h"
#include "providers/chatrequest.h"

#include "routing/router.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace Switchyard::Compare {

/// One prompt and the answer to it, with what it cost.
struct Turn {
    QString prompt;
    QList<Providers::ImageAttachment> images; // sent with the prompt
    QString answer;
    QString reasoning;
    Providers::CallFigures figures;
    Catalog::Cost cost;
    std::optional<Providers::CallError> error;
    bool finished = false;
    QString answeredBy; // "provider/model" of the target that answered, for a route
    QString budgetWarning; // a budget at 80% or more when it was sent; not saved
    QStringList hops;      // for a route or a retried call: each attempt, "target: outcome"; not saved

    [[nodiscard]] bool succeeded() const { return finished && !error; }
};

/// One pane's side of a comparison: a model — "provider/model" or a route of
/// the router's config —, the conversation with it so far, and the call now
/// running. Each turn goes through the router, the one call path every caller
/// uses (key, budget, time limits, price and usage row). Follow-ups carry the
/// earlier turns that succeeded, so each pane continues its own conversation; a
/// failed turn can be retried and is left out of the context otherwise.
/// UI-free, so the Compare page, tests and scripts drive it alike.
class Conversation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Conversation)

public:
    /// model: "provider/model" or a route's name, as the router takes it.
    Conversation(Routing::Router *router, QString model, QObject *parent = nullptr);
    ~Conversation() override;

    /// "provider/model" or the route, as the picker and exports show it.
    [[nodiscard]] const QString &label() const { return m_model; }

    void setParameters(const Parameters &parameters) { m_parameters = parameters; }
    /// The project each call is logged under (empty: none).
    void setProject(const QString &project) { m_project = project; }

    [[nodiscard]] bool isBusy() const { return m_call != nullptr; }
    /// The running turn's call, for its live hops and figures; null when idle.
    [[nodiscard]] Routing::RoutedCall *call() const { return m_call; }
    /// The turns so far. The running turn's answer and reasoning fill in when
    /// it finishes; read them live with answerSoFar() and reasoningSoFar().
    [[nodiscard]] const QList<Turn> &turns() const { return m_turns; }
    [[nodiscard]] QString answerSoFar() const;
    [[nodiscard]] QString reasoningSoFar() const;
    /// The running turn's figures, live; the last turn's once it has finished.
    [[nodiscard]] Providers::CallFigures liveFigures() const;

    /// Starts a new turn. Returns false while a turn is still running.
    bool send(const QString &prompt, const QList<Providers::ImageAttachment> &images = {});
    /// Sends the last turn's prompt again if that turn failed.
    bool retry();
    void stop();
    /// Forgets every turn (a new conversation with the same model).
    void clear();
    /// Puts back the turns of a saved comparison; follow-ups continue from them.
    void restore(const QList<Turn> &turns);

Q_SIGNALS:
    void turnStarted(int index);
    void turnUpdated(int index, const QList<Switchyard::Providers::ChatEvent> &events);
    void turnFinished(int index);

private:
    void start(int index);
    void onFinished();

    QPointer<Routing::Router> m_router;
    QString m_model;
    Parameters m_parameters;
    QString m_project;
    QList<Turn> m_turns;
    QPointer<Routing::RoutedCall> m_call;
};

} // namespace Switchyard::Compare
