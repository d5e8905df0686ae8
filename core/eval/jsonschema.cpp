#include "eval/jsonschema.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Eval::JsonSchema {

namespace {

const QStringList &knownKeywords()
{
    static const QStringList keywords{u"type"_s,      u"properties"_s, u"required"_s,  u"additionalProperties"_s,
                                      u"items"_s,     u"enum"_s,       u"const"_s,     u"minimum"_s,
                                      u"maximum"_s,   u"minLength"_s,  u"maxLength"_s, u"minItems"_s,
                                      u"maxItems"_s,  u"pattern"_s,    u"title"_s,     u"description"_s,
                                      u"$schema"_s,   u"$id"_s,        u"default"_s};
    return keywords;
}

const QStringList &typeNames()
{
    static const QStringList names{u"object"_s, u"array"_s,   u"string"_s, u"number"_s,
                                   u"integer"_s, u"boolean"_s, u"null"_s};
    return names;
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

void checkInto(const QJsonObject &schema, const QString &path, QStringList &out)
{
    auto problem = [&](const QString &where, const QString &message) {
        out.append((where.isEmpty() ? QString() : where + u": "_s) + message);
    };
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &v = it.value();
        const QString at = join(path, key);
        if (!knownKeywords().contains(key)) {
            problem(at, u"'%1' is not in the JSON Schema subset Switchyard checks (see docs/evaluations.md)"_s.arg(key));
        } else if (key == "type"_L1) {
            const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
            for (const QJsonValue &t : list)
                if (!typeNames().contains(t.toString()))
                    problem(at, u"unknown type '%1' (known: %2)"_s.arg(t.toVariant().toString(), typeNames().join(u", ")));
        } else if (key == "properties"_L1) {
            if (!v.isObject()) {
                problem(at, u"must be a mapping of names to schemas"_s);
                continue;
            }
            const QJsonObject props = v.toObject();
            for (auto p = props.begin(); p != props.end(); ++p) {
                if (p.value().isObject())
                    checkInto(p.value().toObject(), join(at, p.key()), out);
                else
                    problem(join(at, p.key()), u"must be a schema"_s);
            }
        } else if (key == "items"_L1) {
            if (v.isObject())
                checkInto(v.toObject(), at, out);
            else
                problem(at, u"must be a schema"_s);
        } else if (key == "additionalProperties"_L1) {
            if (v.isObject())
                checkInto(v.toObject(), at, out);
            else if (!v.isBool())
                problem(at, u"must be true, false or a schema"_s);
        } else if (key == "required"_L1 || key == "enum"_L1) {
            if (!v.isArray())
                problem(at, u"must be a list"_s);
            else if (key == "required"_L1)
                for (const QJsonValue &name : v.toArray())
                    if (!name.isString())
                        problem(at, u"must list property names"_s);
        } else if (key == "minimum"_L1 || key == "maximum"_L1) {
            if (!v.isDouble())
                problem(at, u"must be a number"_s);
        } else if (key.startsWith("min"_L1) || key.startsWith("max"_L1)) {
            if (!v.isDouble() || v.toDouble() < 0 || std::floor(v.toDouble()) != v.toDouble())
                problem(at, u"must be a whole number, 0 or more"_s);
        } else if (key == "pattern"_L1) {
            if (!v.isString() || !QRegularExpression(v.toString()).isValid())
                problem(at, u"must be a regular expression that compiles"_s);
        }
    }
}

QString kindOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    default:
        return u"null"_s;
    }
}

bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == "object"_L1)
        return v.isObject();
    if (type == "array"_L1)
        return v.isArray();
    if (type == "string"_L1)
        return v.isString();
    if (type == "number"_L1)
        return v.isDouble();
    if (type == "integer"_L1)
        return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
    if (type == "boolean"_L1)
        return v.isBool();
    if (type == "null"_L1)
        return v.isNull();
    return false;
}

QString describe(const QJsonValue &v)
{
    if (v.isString())
        return u"\"%1\""_s.arg(v.toString().left(40));
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    return kindOf(v);
}

void validateInto(const QJsonObject &schema, const QJsonValue &value, const QString &path, QStringList &out)
{
    auto problem = [&](const QString &message) { out.append(path + u": "_s + message); };
    if (schema.contains(u"type"_s)) {
        const QJsonValue t = schema.value(u"type"_s);
        const QJsonArray types = t.isArray() ? t.toArray() : QJsonArray{t};
        bool ok = false;
        QStringList names;
        for (const QJsonValue &type : types) {
            ok = ok || hasType(value, type.toString());
            names.append(type.toString());
        }
        if (!ok) {
            problem(u"expected %1, found %2"_s.arg(names.join(u" or "_s), kindOf(value)));
            return; // the other keywords would only repeat it
        }
    }
    if (schema.contains(u"enum"_s) && !schema.value(u"enum"_s).toArray().contains(value))
        problem(u"%1 is not one of the allowed values"_s.arg(describe(value)));
    if (schema.contains(u"const"_s) && schema.value(u"const"_s) != value)
        problem(u"%1 is not %2"_s.arg(describe(value), describe(schema.value(u"const"_s))));
    if (value.isDouble()) {
        const double n = value.toDouble();
        if (schema.contains(u"minimum"_s) && n < schema.value(u"minimum"_s).toDouble())
            problem(u"%1 is below the minimum %2"_s.arg(n).arg(schema.value(u"minimum"_s).toDouble()));
        if (schema.contains(u"maximum"_s) && n > schema.value(u"maximum"_s).toDouble())
            problem(u"%1 is above the maximum %2"_s.arg(n).arg(schema.value(u"maximum"_s).toDouble()));
    }
    if (value.isString()) {
        const qsizetype length = value.toString().size();
        if (schema.contains(u"minLength"_s) && length < schema.value(u"minLength"_s).toInteger())
            problem(u"shorter than %1 characters"_s.arg(schema.value(u"minLength"_s).toInteger()));
        if (schema.contains(u"maxLength"_s) && length > schema.value(u"maxLength"_s).toInteger())
            problem(u"longer than %1 characters"_s.arg(schema.value(u"maxLength"_s).toInteger()));
        if (schema.contains(u"pattern"_s)
            && !QRegularExpression(schema.value(u"pattern"_s).toString()).match(value.toString()).hasMatch())
            problem(u"does not match the pattern %1"_s.arg(schema.value(u"pattern"_s).toString()));
    }
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        if (schema.contains(u"minItems"_s) && items.size() < schema.value(u"minItems"_s).toInteger())
            problem(u"fewer than %1 items"_s.arg(schema.value(u"minItems"_s).toInteger()));
        if (schema.contains(u"maxItems"_s) && items.size() > schema.value(u"maxItems"_s).toInteger())
            problem(u"more than %1 items"_s.arg(schema.value(u"maxItems"_s).toInteger()));
        if (schema.value(u"items"_s).isObject())
            for (qsizetype i = 0; i < items.size(); ++i)
                validateInto(schema.value(u"items"_s).toObject(), items.at(i), u"%1[%2]"_s.arg(path).arg(i), out);
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const QJsonValue &name : schema.value(u"required"_s).toArray())
            if (!object.contains(name.toString()))
                problem(u"the required property '%1' is missing"_s.arg(name.toString()));
        const QJsonObject props = schema.value(u"properties"_s).toObject();
        const QJsonValue additional = schema.value(u"additionalProperties"_s);
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString at = path + u'.' + it.key();
            if (props.contains(it.key()))
                validateInto(props.value(it.key()).toObject(), it.value(), at, out);
            else if (additional.isBool() && !additional.toBool())
                problem(u"the property '%1' is not allowed"_s.arg(it.key()));
            else if (additional.isObject())
                validateInto(additional.toObject(), it.value(), at, out);
        }
    }
}

} // namespace

QStringList check(const QJsonObject &schema)
{
    QStringList out;
    checkInto(schema, {}, out);
    return out;
}

QStringList validate(const QJsonObject &schema, const QJsonValue &value)
{
    QStringList out;
    validateInto(schema, value, u"$"_s, out);
    return out;
}

} // namespace Switchyard::Eval::JsonSchema
