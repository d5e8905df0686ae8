// NdjsonParser: any bytes, cut anywhere, give the same records as the same
// bytes at once — also when a line passes the size limit.

#include "fuzzsupport.h"
#include "stream/ndjsonparser.h"

namespace {

QByteArray run(const FuzzSupport::Input &in, bool inPieces, qsizetype maxRecord)
{
    Switchyard::Stream::NdjsonParser parser;
    parser.setMaxRecordBytes(maxRecord);
    QByteArray log;
    const auto onRecord = [&log](QByteArrayView record) {
        if (record.isEmpty() || record.trimmed().size() != record.size())
            FuzzSupport::fail("a blank or untrimmed record", record.toByteArray(), QByteArray());
        log += record.toByteArray() + '\n';
    };
    FuzzSupport::feed(in, inPieces, [&](QByteArrayView piece) { parser.feed(piece, onRecord); });
    parser.finish(onRecord);
    return log + (parser.overflowed() ? "overflowed" : "");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzSupport::Input in = FuzzSupport::split(data, size);
    for (const qsizetype maxRecord : {qsizetype(1) << 24, qsizetype(16)})
        FuzzSupport::sameInPieces("NDJSON records depend on the chunking", [&](bool pieces) { return run(in, pieces, maxRecord); });
    return 0;
}
