#include "gateway/gatewayoptions.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

std::expected<QString, QString> GatewayOptions::normalizeOrigin(QStringView text)
{
    const QString typed = text.trimmed().toString();
    const auto problem = [&typed](const QString &why) {
        return std::unexpected(u"“%1” is not an origin: %2 (e.g. http://localhost:3000)"_s.arg(typed, why));
    };
    if (typed.isEmpty())
        return std::unexpected(u"an origin is empty"_s);
    if (!typed.contains("://"_L1))
        return problem(u"it needs a scheme such as http://"_s);
    const QUrl url(typed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return problem(u"give scheme://host[:port]"_s);
    if (!url.userInfo().isEmpty())
        return problem(u"an origin has no user name"_s);
    // A trailing "/" is what a copied address often has; anything more is a page, not an origin.
    if ((!url.path().isEmpty() && url.path() != "/"_L1) || url.hasQuery() || url.hasFragment())
        return problem(u"an origin ends after the host and port, with no path"_s);

    const QString scheme = url.scheme().toLower();
    int port = url.port();
    if ((scheme == "http"_L1 && port == 80) || (scheme == "https"_L1 && port == 443))
        port = -1; // browsers leave a default port out of the Origin header
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']'; // IPv6
    QString origin = scheme + "://"_L1 + host;
    if (port >= 0)
        origin += u':' + QString::number(port);
    return origin;
}

std::expected<QStringList, QString> GatewayOptions::parseOrigins(QStringView text)
{
    static const QRegularExpression separators(u"[,\\s]+"_s);
    QStringList origins;
    for (const QString &part : text.toString().split(separators, Qt::SkipEmptyParts)) {
        auto origin = normalizeOrigin(part);
        if (!origin)
            return std::unexpected(origin.error());
        if (!origins.contains(*origin))
            origins.append(*origin);
    }
    return origins;
}

} // namespace Switchyard::Gateway
