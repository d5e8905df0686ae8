#pragma once

#include <QByteArray>
#include <QString>
#include <QVarLengthArray>

namespace Switchyard::Gateway {

/// Writes compact JSON text straight into bytes, fields in the order given
/// (OpenAI's own: id, object, created, model, choices). For the gateway's
/// answers, written once per streamed piece, where building a QJsonObject
/// and serialising it cost more than the rest of the piece's way through.
///
///     JsonWriter json;
///     json.beginObject().key("id"_L1).string(id).key("created"_L1).number(created).endObject();
///     QByteArray text = json.take();
class JsonWriter final
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    /// A member's name; the names written here are the API's own, ASCII.
    JsonWriter &key(QLatin1StringView name);
    JsonWriter &string(QStringView text);
    JsonWriter &string(QLatin1StringView text);
    JsonWriter &number(qint64 value);
    JsonWriter &boolean(bool value);
    JsonWriter &null();
    /// A value that is JSON text already (a model's tool arguments, parsed
    /// and written compact by the caller): written as it is.
    JsonWriter &raw(QByteArrayView json);

    /// The text so far; the writer is empty afterwards.
    [[nodiscard]] QByteArray take();

    /// text as a JSON string, quotes included: UTF-8, with the quote, the
    /// backslash and control characters escaped.
    static void appendString(QByteArray &out, QStringView text);

private:
    void separate();
    JsonWriter &open(char bracket);
    JsonWriter &close(char bracket);

    QByteArray m_out;
    QVarLengthArray<bool, 8> m_empty; // per open object or array: nothing in it yet
    bool m_afterKey = false;
};

} // namespace Switchyard::Gateway
