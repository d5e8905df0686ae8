#include "gatewaytoken.h"

#include "secrets/keyjob.h"
#include "secrets/keystore.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

GatewayToken::GatewayToken(Secrets::KeyStore *keys, QObject *parent)
    : QObject(parent)
    , m_keys(keys)
{
}

QString GatewayToken::generate()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return u"sy-"_s
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void GatewayToken::start()
{
    const QString fromEnvironment = qEnvironmentVariable(environmentVariable.data()).trimmed();
    if (!fromEnvironment.isEmpty()) {
        // Reported from the event loop, as a keychain answer would be.
        QMetaObject::invokeMethod(
            this, [this, fromEnvironment] { Q_EMIT ready(fromEnvironment, u"environment"_s); }, Qt::QueuedConnection);
        return;
    }
    if (!m_keys) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                Q_EMIT ready(std::unexpected(u"no keychain; set %1"_s.arg(environmentVariable)), QString());
            },
            Qt::QueuedConnection);
        return;
    }
    Secrets::KeyJob *job = m_keys->readKey(QString(keychainId));
    connect(job, &Secrets::KeyJob::finished, this, &GatewayToken::onRead);
}

void GatewayToken::renew()
{
    store(generate());
}

void GatewayToken::onRead(const Secrets::KeyResult &result)
{
    if (result.ok() && !result.outcome->secret.isEmpty()) {
        Q_EMIT ready(result.outcome->secret, u"keychain"_s);
        return;
    }
    if (!result.ok() && result.outcome.error().kind != Secrets::KeyError::Kind::NotFound) {
        Q_EMIT ready(std::unexpected(u"the keychain could not be read (%1); set %2 instead"_s.arg(
                         result.outcome.error().message, environmentVariable)),
                     QString());
        return;
    }
    store(generate()); // first start
}

void GatewayToken::store(const QString &token)
{
    if (!m_keys) {
        Q_EMIT ready(std::unexpected(u"no keychain to keep a new token in; set %1"_s.arg(environmentVariable)), QString());
        return;
    }
    Secrets::KeyJob *job = m_keys->writeKey(QString(keychainId), token);
    connect(job, &Secrets::KeyJob::finished, this, [this, token](const Secrets::KeyResult &result) {
        if (!result.ok()) {
            Q_EMIT ready(std::unexpected(u"the new token could not be kept in the keychain (%1); set %2 instead"_s.arg(
                             result.outcome.error().message, environmentVariable)),
                         QString());
            return;
        }
        Q_EMIT ready(token, u"new"_s);
    });
}

} // namespace Switchyard::Gateway
