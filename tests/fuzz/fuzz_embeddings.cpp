// The embeddings path's readers of outside bytes: a client's /v1/embeddings
// body, and each upstream format's answer (OpenAI's data[], Gemini's
// embeddings[].values, Ollama's embeddings). Any bytes give a value or an
// error, never a crash; a request accepted has 1 to MaxInputs inputs and a
// clean model name; an answer decoded has no empty vector and writes back as
// OpenAI's shape in both encodings, base64 giving the same floats back.

#include "fuzzsupport.h"
#include "gateway/openaiembeddingsrequest.h"
#include "gateway/openaiembeddingswriter.h"
#include "providers/namecheck.h"
#include "providers/provideradapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

using namespace Switchyard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto request = Gateway::OpenAiEmbeddingsRequest::parse(body)) {
        const qsizetype inputs = request->request.inputCount();
        if (inputs < 1 || inputs > Gateway::OpenAiEmbeddingsRequest::MaxInputs)
            FuzzSupport::fail("a request with no inputs or too many was accepted", QByteArray::number(inputs), body);
        if (!Providers::nameProblem(request->model, u"model").isEmpty())
            FuzzSupport::fail("a model name with a control character was accepted", request->model.toUtf8(), body);
    }
    for (const auto kind : {Providers::ApiKind::OpenAi, Providers::ApiKind::Gemini, Providers::ApiKind::Ollama}) {
        const auto result = Providers::ProviderAdapter::forKind(kind).decodeEmbeddings(body);
        if (!result)
            continue;
        const QByteArray base64 = Gateway::OpenAiEmbeddingsWriter::write(*result, QStringLiteral("m"), 1, true);
        const QJsonArray items = QJsonDocument::fromJson(base64).object().value(QLatin1StringView("data")).toArray();
        if (items.size() != result->vectors.size())
            FuzzSupport::fail("the answer written does not hold every vector", base64.left(200), body);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const auto back = Providers::ProviderAdapter::embeddingVector(items.at(i).toObject().value(QLatin1StringView("embedding")));
            if (!back || back->isEmpty() || back->size() != result->vectors.at(i).size()
                || std::memcmp(back->constData(), result->vectors.at(i).constData(), size_t(back->size()) * sizeof(float)) != 0)
                FuzzSupport::fail("a vector does not read back from base64 as written", base64.left(200), body);
        }
        (void)Gateway::OpenAiEmbeddingsWriter::write(*result, QStringLiteral("m"), -1, false);
    }
    return 0;
}
