#pragma once

#include "catalog/cost.h"
#include "compare/parameters.h"
#include "providers/callfigures.h"
#include "providers/chatcall.h"
#include "providers/chatevent.h"
#include "providers/chatrequest.h"
#include "providers/providerconfig.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Usage {
class UsageStore;
}

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

    [[nodiscard]] bool succeeded() const { return finished && !error; }
};

/// One pane's side of a comparison: a model, the conversation with it so far,
/// and the call now running. Follow-ups carry the earlier turns that
/// succeeded, so each pane continues its own conversation; a failed turn can be
/// retried and is left out of the context otherwise. UI-free, so the Compare
/// page, tests and scripts drive it alike.
class Conversation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Conversation)

public:
    Conversation(QNetworkAccessManager *network, Providers::ProviderConfig provider, QString model,
                 QObject *parent = nullptr);
    ~Conversation() override;

    [[nodiscard]] const Providers::ProviderConfig &provider() const { return m_provider; }
    [[nodiscard]] const QString &model() const { return m_model; }
    /// "provider/model", as the picker and exports show it.
    [[nodiscard]] QString label() const { return m_provider.id + u'/' + m_model; }

    void setKey(const QString &key) { m_key = key; }
    void setParameters(const Parameters &parameters) { m_parameters = parameters; }
    /// Prices for the cost of each turn; may stay unset (cost then unknown).
    void setCatalog(const Catalog::PriceCatalog *catalog) { m_catalog = catalog; }
    void setTimeouts(const Providers::CallTimeouts &timeouts) { m_timeouts = timeouts; }
    /// Where each finished call is logged, under project (may stay unset).
    void setUsageLog(Usage::UsageStore *usage, const QString &project = {})
    {
        m_usage = usage;
        m_project = project;
    }

    [[nodiscard]] bool isBusy() const { return m_call != nullptr; }
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

    QNetworkAccessManager *m_network = nullptr;
    Providers::ProviderConfig m_provider;
    QString m_model;
    QString m_key;
    Parameters m_parameters;
    Providers::CallTimeouts m_timeouts;
    const Catalog::PriceCatalog *m_catalog = nullptr;
    Usage::UsageStore *m_usage = nullptr;
    QString m_project;
    QList<Turn> m_turns;
    QPointer<Providers::ChatCall> m_call;
};

} // namespace Switchyard::Compare
