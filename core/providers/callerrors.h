#pragma once

#include "providers/chatevent.h"
#include "providers/providerconfig.h"

#include <QByteArrayView>
#include <QList>
#include <QNetworkReply>
#include <QPair>

#include <optional>

class QUrl;

namespace Switchyard::Providers {

/// The one mapping from what went wrong on the wire to a CallError a user can
/// act on, shared by every request core/providers makes (chat calls, model
/// listings), so the same failure reads the same wherever it happens.
namespace CallErrors {

/// The CallError for an HTTP error status, with the provider's own message
/// from the body and the retry-after / rate-limit headers.
[[nodiscard]] CallError forStatus(const QString &providerName, int status, QByteArrayView body,
                                  const QList<QPair<QByteArray, QByteArray>> &headers);

/// The CallError for a transport failure of a request to url. gotBytes says
/// whether any of the answer had arrived: a connection closed after that is
/// a cut answer (StreamCut), before it a plain network error.
[[nodiscard]] CallError forNetworkError(const ProviderConfig &provider, QNetworkReply::NetworkError error,
                                        const QString &errorString, const QUrl &url, bool gotBytes);

/// A Protocol error when the head of an answer that Qt's HTTP read breaks
/// the rules LoopbackReply's parser holds to (HttpResponseParser::checkHead),
/// so that the same bytes fail the same way over either client.
[[nodiscard]] std::optional<CallError> forHead(const QString &providerName,
                                               const QList<QPair<QByteArray, QByteArray>> &headers);

/// A stable, lower-case name for kind ("rate_limited", "stream_cut", ...):
/// what the usage log stores and `switchyard-cli usage` prints.
[[nodiscard]] QString kindName(CallError::Kind kind);

} // namespace CallErrors
} // namespace Switchyard::Providers
