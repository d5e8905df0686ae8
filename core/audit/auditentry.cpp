#include "audit/auditentry.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Switchyard::Audit {
namespace {

QJsonObject withoutHash(const AuditEntry &e)
{
    // QJsonObject keeps its keys sorted, so the compact form of the same
    // fields is the same bytes whoever writes or reads them.
    return QJsonObject{{u"seq"_s, e.seq}, {u"time"_s, auditTime(e.time)}, {u"source"_s, e.source},
                       {u"kind"_s, e.kind}, {u"data"_s, e.data}, {u"prev"_s, e.prev}};
}

} // namespace

QString auditTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray AuditEntry::canonical() const
{
    return QJsonDocument(withoutHash(*this)).toJson(QJsonDocument::Compact);
}

QString AuditEntry::computeHash() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonical(), QCryptographicHash::Sha256).toHex());
}

QByteArray AuditEntry::toLine() const
{
    QJsonObject object = withoutHash(*this);
    object.insert(u"hash"_s, hash);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::expected<AuditEntry, QString> AuditEntry::fromLine(QByteArrayView line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return std::unexpected(u"not JSON (%1)"_s.arg(error.errorString()));
    if (!doc.isObject())
        return std::unexpected(u"not a JSON object"_s);
    const QJsonObject o = doc.object();
    static const QStringList fields{u"data"_s, u"hash"_s, u"kind"_s, u"prev"_s, u"seq"_s, u"source"_s, u"time"_s};
    if (o.keys() != fields)
        return std::unexpected(u"fields are not seq, time, source, kind, data, prev and hash"_s);
    AuditEntry e;
    const QJsonValue seq = o.value(u"seq"_s);
    if (!seq.isDouble() || seq.toDouble() != double(seq.toInteger()) || seq.toInteger() < 1)
        return std::unexpected(u"seq is not a whole number from 1"_s);
    e.seq = seq.toInteger();
    e.time = QDateTime::fromString(o.value(u"time"_s).toString(), Qt::ISODateWithMs);
    if (!e.time.isValid())
        return std::unexpected(u"time is not an ISO date"_s);
    e.source = o.value(u"source"_s).toString();
    e.kind = o.value(u"kind"_s).toString();
    if (!o.value(u"data"_s).isObject())
        return std::unexpected(u"data is not an object"_s);
    e.data = o.value(u"data"_s).toObject();
    e.prev = o.value(u"prev"_s).toString();
    e.hash = o.value(u"hash"_s).toString();
    return e;
}

} // namespace Switchyard::Audit
