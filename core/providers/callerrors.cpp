#include "providers/callerrors.h"

#include "providers/httpresponseparser.h"
#include "providers/provideradapter.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Switchyard::Providers::CallErrors {
namespace {

std::optional<int> retryAfter(QByteArrayView value)
{
    bool ok = false;
    const int seconds = value.trimmed().toInt(&ok);
    if (ok)
        return std::max(seconds, 0);
    const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    if (when.isValid())
        return int(std::max<qint64>(QDateTime::currentDateTimeUtc().secsTo(QDateTime(when.date(), when.time(), QTimeZone::UTC)), 0));
    return std::nullopt;
}

} // namespace

CallError forStatus(const QString &providerName, int status, QByteArrayView body,
                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QString detail = ProviderAdapter::errorMessageFromBody(body);
    if (detail.isEmpty() && !body.trimmed().isEmpty() && !body.trimmed().startsWith('<'))
        detail = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 300))).trimmed();
    const QString said = detail.isEmpty() ? QString() : u" It said: "_s + detail;

    CallError e{.httpStatus = status};
    QStringList limits;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "retry-after")
            e.retryAfterSeconds = retryAfter(value);
        else if (lower.startsWith("x-ratelimit-") || lower.startsWith("anthropic-ratelimit-"))
            limits.append(QString::fromLatin1(lower + ": " + value));
    }
    e.rateLimit = limits.join(u", "_s);

    if (status == 401 || status == 403) {
        e.kind = CallError::Kind::InvalidKey;
        e.message = u"Invalid key for %1 (HTTP %2): the provider rejected the API key. Check it in Providers.%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status == 429) {
        e.kind = CallError::Kind::RateLimited;
        e.message = u"%1 is rate-limiting this key (HTTP 429)%2.%3"_s.arg(providerName,
            e.retryAfterSeconds ? u"; retry after %1 s"_s.arg(*e.retryAfterSeconds) : QString(), said);
    } else if (status == 529 || status == 503) {
        e.kind = CallError::Kind::Overloaded;
        e.message = u"%1 is overloaded (HTTP %2); try again shortly or pick another model.%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status >= 500) {
        e.kind = CallError::Kind::ServerError;
        e.message = u"%1 had a server error (HTTP %2).%3"_s.arg(providerName).arg(status).arg(said);
    } else if (status == 404) {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 answered 404 Not Found — check the model name and the base URL.%2"_s.arg(providerName, said);
    } else if (status >= 300 && status < 400) {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 redirected the request (HTTP %2); check the base URL — keys are never sent on to another address."_s.arg(providerName).arg(status);
    } else {
        e.kind = CallError::Kind::BadRequest;
        e.message = u"%1 refused the request (HTTP %2).%3"_s.arg(providerName).arg(status).arg(said);
    }
    return e;
}

CallError forNetworkError(const ProviderConfig &provider, QNetworkReply::NetworkError error,
                          const QString &errorString, const QUrl &url, bool gotBytes)
{
    const QString where = url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString());
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return {.kind = CallError::Kind::ConnectionRefused,
                .message = u"Could not connect to %1 at %2 (connection refused) — is the server running?"_s.arg(provider.displayName, where)};
    case QNetworkReply::HostNotFoundError:
        return {.kind = CallError::Kind::HostNotFound,
                .message = u"The host %1 was not found — check the base URL of %2 and the network."_s.arg(url.host(), provider.displayName)};
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return {.kind = CallError::Kind::Tls, .message = u"The secure connection to %1 failed: %2"_s.arg(where, errorString)};
    case QNetworkReply::ProtocolFailure:
        return {.kind = CallError::Kind::Protocol,
                .message = u"%1 sent an answer that is not valid HTTP: %2"_s.arg(provider.displayName, errorString)};
    case QNetworkReply::TimeoutError:
        return {.kind = CallError::Kind::Timeout, .message = u"The connection to %1 timed out."_s.arg(where)};
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProxyConnectionClosedError:
        if (gotBytes)
            return {.kind = CallError::Kind::StreamCut,
                    .message = u"The connection to %1 ended before the answer was complete."_s.arg(provider.displayName)};
        break;
    default:
        break;
    }
    return {.kind = CallError::Kind::Network,
            .message = u"Network error talking to %1: %2"_s.arg(provider.displayName, errorString)};
}

std::optional<CallError> forHead(const QString &providerName, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QString problem = HttpResponseParser::checkHead(headers);
    // Qt's HTTP drops a head it cannot read (over 100 headers) and goes on
    // as if there were none; no provider answers without a single header,
    // so none is as wrong as too many, over either client.
    if (headers.isEmpty())
        problem = u"it sent no headers, or more than %1"_s.arg(HttpResponseParser::MaxHeaders);
    if (problem.isEmpty())
        return std::nullopt;
    return CallError{.kind = CallError::Kind::Protocol,
                     .message = u"%1 sent an answer that is not valid HTTP: %2"_s.arg(providerName, problem)};
}

QString kindName(CallError::Kind kind)
{
    switch (kind) {
    case CallError::Kind::InvalidKey: return u"invalid_key"_s;
    case CallError::Kind::RateLimited: return u"rate_limited"_s;
    case CallError::Kind::Overloaded: return u"overloaded"_s;
    case CallError::Kind::ServerError: return u"server_error"_s;
    case CallError::Kind::BadRequest: return u"bad_request"_s;
    case CallError::Kind::ProviderError: return u"provider_error"_s;
    case CallError::Kind::ConnectionRefused: return u"connection_refused"_s;
    case CallError::Kind::HostNotFound: return u"host_not_found"_s;
    case CallError::Kind::Tls: return u"tls"_s;
    case CallError::Kind::Timeout: return u"timeout"_s;
    case CallError::Kind::StreamCut: return u"stream_cut"_s;
    case CallError::Kind::Protocol: return u"protocol"_s;
    case CallError::Kind::Network: return u"network"_s;
    case CallError::Kind::Cancelled: return u"cancelled"_s;
    case CallError::Kind::KeyMissing: return u"key_missing"_s;
    case CallError::Kind::BudgetReached: return u"budget_reached"_s;
    }
    return u"unknown"_s;
}

} // namespace Switchyard::Providers::CallErrors
