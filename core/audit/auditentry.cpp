#include "audit/auditentry.h"

#include "base/units.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringList>
#include <QVariant>

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

QString AuditEntry::summary() const
{
    // What the entry is about first (a table elides the end), then the rest
    // in key order; money as dollars, as everywhere else people read it.
    static const QStringList first{u"provider"_s, u"model"_s, u"config"_s,         u"file"_s,
                                   u"scope"_s,    u"status"_s, u"error"_s,         u"http_status"_s,
                                   u"cost_nano_usd"_s, u"limit_nano_usd"_s, u"action"_s, u"route"_s,
                                   u"rule"_s,     u"caller"_s};
    QStringList keys;
    for (const QString &key : first)
        if (data.contains(key))
            keys.append(key);
    for (auto it = data.begin(); it != data.end(); ++it)
        if (!first.contains(it.key()))
            keys.append(it.key());
    QStringList parts;
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue v = data.value(key);
        QString name = key;
        QString value;
        if (key.endsWith(u"_nano_usd"_s) && v.isDouble()) {
            name.chop(9);
            value = Base::Units::usd(v.toInteger());
        } else if (v.isString()) {
            value = v.toString();
        } else if (v.isBool()) {
            value = v.toBool() ? u"true"_s : u"false"_s;
        } else if (v.isDouble()) {
            value = QString::number(v.toInteger(qint64(v.toDouble())));
        } else if (v.isArray()) {
            value = v.toVariant().toStringList().join(u'+');
        } else {
            value = u"…"_s;
        }
        parts.append(name + u'=' + value);
    }
    return parts.join(u", "_s);
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
