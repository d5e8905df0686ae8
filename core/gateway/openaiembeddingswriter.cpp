#include "gateway/openaiembeddingswriter.h"

#include "gateway/jsonwriter.h"

#include <QtEndian>

#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::Gateway {

namespace {

void appendFloats(QByteArray &out, const QList<float> &vector)
{
    out += '[';
    char buffer[32];
    for (qsizetype i = 0; i < vector.size(); ++i) {
        if (i > 0)
            out += ',';
        // JSON has no NaN or infinity; an upstream that sent one as a
        // number cannot have, so this is belt and braces.
        const float value = std::isfinite(vector[i]) ? vector[i] : 0.0f;
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        out.append(buffer, end - buffer);
    }
    out += ']';
}

QByteArray littleEndianBase64(const QList<float> &vector)
{
    QByteArray bytes(vector.size() * 4, Qt::Uninitialized);
    for (qsizetype i = 0; i < vector.size(); ++i)
        qToLittleEndian(vector[i], bytes.data() + 4 * i);
    return bytes.toBase64();
}

} // namespace

QByteArray OpenAiEmbeddingsWriter::write(const Providers::EmbeddingResult &result, const QString &model,
                                         qint64 promptTokens, bool base64)
{
    JsonWriter json;
    json.beginObject().key("object"_L1).string("list"_L1).key("data"_L1).beginArray();
    QByteArray vector;
    for (qsizetype i = 0; i < result.vectors.size(); ++i) {
        vector.clear();
        if (base64) {
            vector += '"';
            vector += littleEndianBase64(result.vectors[i]);
            vector += '"';
        } else {
            appendFloats(vector, result.vectors[i]);
        }
        json.beginObject()
            .key("object"_L1)
            .string("embedding"_L1)
            .key("index"_L1)
            .number(i)
            .key("embedding"_L1)
            .raw(vector)
            .endObject();
    }
    const qint64 tokens = std::max<qint64>(promptTokens, 0);
    json.endArray()
        .key("model"_L1)
        .string(model)
        .key("usage"_L1)
        .beginObject()
        .key("prompt_tokens"_L1)
        .number(tokens)
        .key("total_tokens"_L1)
        .number(tokens)
        .endObject()
        .endObject();
    return json.take();
}

} // namespace Switchyard::Gateway
