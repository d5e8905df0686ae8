#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

/// A practical subset of JSON Schema for checking models' JSON answers: type
/// (one or a list; "integer" is a number without a fraction), properties,
/// required, additionalProperties (false or a schema), items, enum, const,
/// minimum, maximum, minLength, maxLength, minItems, maxItems and pattern;
/// title, description, $schema, $id and default are read past. Any other
/// keyword is refused by check(), so that a schema never seems to check what
/// it does not.
namespace Switchyard::Eval::JsonSchema {

/// What is wrong with a schema itself (keywords outside the subset, values of
/// the wrong kind), each naming where in the schema: "properties.age: ...".
[[nodiscard]] QStringList check(const QJsonObject &schema);

/// How value breaks schema, each problem naming where in the value
/// ("$.items[2].name: expected a string"); empty when it conforms.
[[nodiscard]] QStringList validate(const QJsonObject &schema, const QJsonValue &value);

} // namespace Switchyard::Eval::JsonSchema
