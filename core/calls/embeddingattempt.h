#pragma once

#include "calls/callpath.h"
#include "catalog/cost.h"
#include "providers/embeddingcall.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace Switchyard::Calls {

/// One embeddings request to one provider, on the one call path as far as it
/// applies to embeddings: the provider looked up afresh, the budget gate, the
/// key read afresh, the EmbeddingCall with the time and size limits in force,
/// the price by the one rule (Pricing) and one usage row per attempt sent
/// (input tokens, cost, the caller's tags). A refusal before sending — no
/// such provider, a budget used up, no key, a format without embeddings — is
/// a failure with error() set and no row, as with Attempt.
///
/// Emits finished() exactly once, never from inside start(). The row goes to
/// the usage store after finished() has been handled.
class EmbeddingAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingAttempt)

public:
    /// Not yet started; request's model is the provider's model id. limits
    /// replace the settings' time limits where given (a route's own).
    EmbeddingAttempt(CallPath *path, QString providerId, Providers::EmbeddingRequest request, CallTags tags,
                     QObject *parent = nullptr, std::optional<Providers::CallTimeouts> limits = {});
    ~EmbeddingAttempt() override;

    void start();
    /// Stops at once; finished() follows with a Cancelled error.
    void cancel();

    [[nodiscard]] const QString &providerId() const { return m_providerId; }
    [[nodiscard]] const Providers::EmbeddingRequest &request() const { return m_request; }
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] bool wasSent() const { return m_call && m_call->wasSent(); }
    /// The vectors, once finished without error.
    [[nodiscard]] const Providers::EmbeddingResult &result() const;
    /// Input tokens: the provider's count, else an estimate; -1 before the end.
    [[nodiscard]] qint64 promptTokens() const { return m_tokens; }
    [[nodiscard]] qint64 elapsedNs() const { return m_call ? m_call->elapsedNs() : 0; }
    [[nodiscard]] const std::optional<Providers::CallError> &error() const { return m_error; }
    [[nodiscard]] const Catalog::Cost &cost() const { return m_cost; }
    [[nodiscard]] const std::optional<Usage::UsageRecord> &record() const { return m_record; }
    [[nodiscard]] const QString &budgetWarning() const { return m_budgetWarning; }

Q_SIGNALS:
    void finished();

private:
    void send(const Providers::ProviderConfig &provider, const QString &key);
    void refuse(Providers::CallError error);
    void onCallFinished();

    QPointer<CallPath> m_path;
    QString m_providerId;
    Providers::EmbeddingRequest m_request;
    CallTags m_tags;
    std::optional<Providers::CallTimeouts> m_limits;
    QPointer<Providers::EmbeddingCall> m_call;
    std::optional<Providers::CallError> m_error;
    Catalog::Cost m_cost;
    std::optional<Usage::UsageRecord> m_record;
    QString m_budgetWarning;
    qint64 m_tokens = -1;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Switchyard::Calls
