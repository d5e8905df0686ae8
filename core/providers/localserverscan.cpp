#include "providers/localserverscan.h"

#include "providers/modellistcall.h"
#include "providers/providerpresets.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Providers {

QList<ProviderConfig> LocalServerScan::defaultCandidates()
{
    QList<ProviderConfig> candidates;
    for (const QString &id : {u"ollama"_s, u"lmstudio"_s, u"llamacpp"_s}) {
        if (const auto preset = ProviderPresets::find(id))
            candidates.append(*preset);
    }
    return candidates;
}

LocalServerScan::LocalServerScan(QNetworkAccessManager *network, QList<ProviderConfig> candidates, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    for (ProviderConfig &candidate : candidates)
        m_findings.append({.provider = std::move(candidate), .models = {}, .error = std::nullopt, .elapsedMs = -1});
}

LocalServerScan::~LocalServerScan() = default;

void LocalServerScan::start()
{
    Q_ASSERT(!m_clock.isValid());
    m_clock.start();
    m_running = int(m_findings.size());
    if (m_running == 0) {
        m_finished = true;
        m_elapsedMs = 0;
        Q_EMIT finished();
        return;
    }
    for (qsizetype i = 0; i < m_findings.size(); ++i) {
        // No key: a local server needs none, and a key must never go to
        // whatever else listens on these ports.
        auto *call = new ModelListCall(m_network, m_findings.at(i).provider, QString(), this);
        call->setTimeoutMs(m_timeoutMs);
        connect(call, &ModelListCall::finished, this, [this, call, i] {
            Finding &finding = m_findings[i];
            finding.models = call->modelIds();
            finding.error = call->error();
            finding.elapsedMs = call->elapsedMs();
            call->deleteLater();
            if (--m_running == 0) {
                m_finished = true;
                m_elapsedMs = m_clock.elapsed();
                Q_EMIT finished();
            }
        });
        call->start();
    }
}

} // namespace Switchyard::Providers
