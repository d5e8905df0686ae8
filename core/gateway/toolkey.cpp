#include "gateway/toolkey.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

bool ToolKey::allowsRoute(const QString &route) const
{
    return !isRestricted() || (!route.isEmpty() && routes.contains(route));
}

bool ToolKey::allowsModel(const QString &providerModel) const
{
    if (!isRestricted())
        return true;
    for (const QString &pattern : models) {
        if (matches(pattern, providerModel))
            return true;
    }
    return false;
}

QString ToolKey::keychainId(const QString &name)
{
    return u"switchyard-gateway-key."_s + name;
}

QByteArray ToolKey::digest(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

std::optional<QString> ToolKey::nameProblem(const QString &name)
{
    if (name.isEmpty())
        return u"a key needs a name"_s;
    if (name.size() > 40)
        return u"a key's name is at most 40 characters"_s;
    if (name.compare(ownerName, Qt::CaseInsensitive) == 0)
        return u"\"owner\" is the gateway's own token; choose another name"_s;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_' && c != u'.')
            return u"a key's name has letters, digits, '-', '_' and '.' only, not '%1'"_s.arg(c);
    }
    return std::nullopt;
}

bool ToolKey::matches(QStringView pattern, QStringView text)
{
    // Greedy glob with one back-track point: linear in practice, never
    // exponential, whatever the pattern.
    qsizetype p = 0, t = 0, star = -1, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

} // namespace Switchyard::Gateway
