// One adapter's stream decoder (the adapter is chosen at build time:
// FUZZ_API_KIND), its whole-answer decoder and its model-list decoder: no
// crash on any bytes, and the same events however the stream is cut.

#include "fuzzsupport.h"
#include "providers/provideradapter.h"

#include <QHash>

using namespace Switchyard::Providers;

namespace {

QByteArray describe(const QList<ChatEvent> &events)
{
    // Gemini and Ollama give tool calls no id, so the decoder makes a random
    // one: ids are compared by the order they first appear in, not by value.
    QHash<QString, int> ids;
    QByteArray log;
    for (const ChatEvent &e : events) {
        if (!e.toolId.isEmpty() && !ids.contains(e.toolId))
            ids.insert(e.toolId, int(ids.size()));
        const QByteArray id = e.toolId.isEmpty() ? QByteArray() : "id" + QByteArray::number(ids.value(e.toolId));
        log += QByteArray::number(int(e.type)) + ' ' + e.text.toUtf8() + ' ' + QByteArray::number(e.toolIndex) + ' '
            + id + ' ' + e.toolName.toUtf8() + ' ' + e.finishReason.toUtf8() + ' '
            + QByteArray::number(e.usage.input) + ' ' + QByteArray::number(e.usage.output) + ' '
            + QByteArray::number(int(e.error.kind)) + ' ' + e.error.message.toUtf8() + '\n';
    }
    return log;
}

QByteArray run(const ProviderAdapter &adapter, const FuzzSupport::Input &in, bool inPieces)
{
    const auto decoder = adapter.streamDecoder();
    decoder->setMaxEventBytes(4096);
    QList<ChatEvent> events;
    FuzzSupport::feed(in, inPieces, [&](QByteArrayView piece) { decoder->feed(piece, events); });
    decoder->finish(events);
    return describe(events) + (decoder->isComplete() ? "complete" : "") + (decoder->overflowed() ? "overflowed" : "");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ProviderAdapter &adapter = ProviderAdapter::forKind(FUZZ_API_KIND);
    const FuzzSupport::Input in = FuzzSupport::split(data, size);
    FuzzSupport::sameInPieces("decoded events depend on the chunking",
                              [&](bool pieces) { return run(adapter, in, pieces); });
    (void)adapter.decodeResponse(in.text);
    (void)adapter.decodeModels(in.text);
    (void)ProviderAdapter::errorMessageFromBody(in.text);
    return 0;
}
