// LineSplitter + SseParser: any bytes, cut anywhere, give the same events as
// the same bytes at once — also when an event passes the size limit.

#include "fuzzsupport.h"
#include "stream/sseparser.h"

namespace {

QByteArray run(const FuzzSupport::Input &in, bool inPieces, qsizetype maxEvent)
{
    Switchyard::Stream::SseParser parser;
    parser.setMaxEventBytes(maxEvent);
    QByteArray log;
    const auto onEvent = [&log](const Switchyard::Stream::SseEvent &e) {
        log += "type=" + e.type.toByteArray() + " id=" + e.id.toByteArray() + " data=" + e.data.toByteArray() + '\n';
    };
    FuzzSupport::feed(in, inPieces, [&](QByteArrayView piece) { parser.feed(piece, onEvent); });
    parser.finish(onEvent);
    log += parser.overflowed() ? "overflowed\n" : "";
    log += "retry=" + QByteArray::number(parser.retryMilliseconds().value_or(-1));
    return log;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzSupport::Input in = FuzzSupport::split(data, size);
    for (const qsizetype maxEvent : {qsizetype(1) << 24, qsizetype(16)})
        FuzzSupport::sameInPieces("SSE events depend on the chunking", [&](bool pieces) { return run(in, pieces, maxEvent); });
    return 0;
}
