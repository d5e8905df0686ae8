#pragma once

#include "calls/callpath.h"
#include "catalog/cost.h"
#include "providers/chatcall.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace Switchyard::Calls {

/// One request to one provider, from the key to the usage row: resolves the
/// provider and reads its key afresh, checks the budget, sends the ChatCall
/// with the time limits in force, prices the outcome by the one rule
/// (Pricing) and writes the usage row — one per attempt sent, the same fields
/// whoever called. A refusal before sending (unknown provider, no key, budget
/// used up) is a failure like any other: finished() with error() set, no row.
///
/// Emits the call's events as they arrive, then finished() exactly once,
/// never from inside start(). The row reaches the usage store after
/// finished() has been handled, so logging is not on the answer's path.
class Attempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Attempt)

public:
    ~Attempt() override;

    void start();
    /// Stops at once; finished() follows with a Cancelled error.
    void cancel();

    [[nodiscard]] const QString &providerId() const { return m_providerId; }
    [[nodiscard]] const Providers::ChatRequest &request() const { return m_request; }
    [[nodiscard]] const CallTags &tags() const { return m_tags; }
    /// The call sent, once it was; null for an attempt refused before sending.
    [[nodiscard]] Providers::ChatCall *call() const { return m_call; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool wasSent() const { return m_call != nullptr; }

    [[nodiscard]] QString text() const;
    [[nodiscard]] QString reasoning() const;
    [[nodiscard]] QList<Providers::ToolCall> toolCalls() const;
    [[nodiscard]] Providers::TokenUsage usage() const;
    [[nodiscard]] QString finishReason() const;
    [[nodiscard]] std::optional<Providers::CallTimings> timings() const;
    [[nodiscard]] qint64 elapsedNs() const;
    /// Why it failed: the call's error, or the refusal before sending.
    [[nodiscard]] const std::optional<Providers::CallError> &error() const { return m_error; }
    /// An error after part of the answer had arrived.
    [[nodiscard]] bool isIncomplete() const { return m_call && m_call->isIncomplete(); }
    /// What it cost, once finished ($0 for one refused before sending).
    [[nodiscard]] const Catalog::Cost &cost() const { return m_cost; }
    /// The usage row written for it, once finished; empty when nothing was sent.
    [[nodiscard]] const std::optional<Usage::UsageRecord> &record() const { return m_record; }
    /// A budget at 80% or more: the words to show the user; empty otherwise.
    [[nodiscard]] const QString &budgetWarning() const { return m_budgetWarning; }

Q_SIGNALS:
    void eventsReceived(const QList<Switchyard::Providers::ChatEvent> &events);
    void finished();

private:
    friend class CallPath;
    Attempt(CallPath *path, QString providerId, Providers::ChatRequest request, CallTags tags,
            std::optional<Providers::CallTimeouts> limits, QObject *parent);
    void send(const Providers::ProviderConfig &provider, const QString &key);
    void refuse(Providers::CallError error);
    void onCallFinished();

    QPointer<CallPath> m_path;
    QString m_providerId;
    Providers::ChatRequest m_request;
    CallTags m_tags;
    std::optional<Providers::CallTimeouts> m_limits;
    QPointer<Providers::ChatCall> m_call;
    std::optional<Providers::CallError> m_error;
    Catalog::Cost m_cost;
    std::optional<Usage::UsageRecord> m_record;
    QString m_budgetWarning;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Switchyard::Calls
