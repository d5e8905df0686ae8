#include "secrets/keystore.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

KeyStore::KeyStore(QObject *parent)
    : QObject(parent)
{
}

KeyStore::~KeyStore() = default;

bool KeyStore::isValidProviderId(QStringView providerId)
{
    if (providerId.isEmpty() || providerId.size() > 64)
        return false;
    return std::ranges::all_of(providerId, [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.'
            || c == u'_' || c == u'-';
    });
}

std::expected<QString, KeyError> KeyStore::normalizeKey(const QString &key)
{
    QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return std::unexpected(KeyError{KeyError::Kind::InvalidArgument, u"the key is empty"_s});
    const bool clean = std::ranges::none_of(
        trimmed, [](QChar c) { return c.isSpace() || c.category() == QChar::Other_Control; });
    if (!clean)
        return std::unexpected(
            KeyError{KeyError::Kind::InvalidArgument,
                     u"the key contains spaces or control characters; paste only the key"_s});
    return trimmed;
}

KeyJob *KeyStore::createJob(KeyOperation operation, const QString &providerId)
{
    auto *job = new KeyJob(operation, providerId, this);
    if (!isValidProviderId(providerId))
        job->fail(KeyError::Kind::InvalidArgument,
                  u"'%1' is not a provider id (letters, digits, '.', '_' and '-' only)"_s.arg(providerId));
    return job;
}

} // namespace Switchyard::Secrets
