// HttpResponseParser (LoopbackReply's reading of answers): no crash on any
// bytes, and the same answers — heads, bodies, errors — however the bytes
// are cut, for a connection carrying several answers in a row.

#include "fuzzsupport.h"
#include "providers/httpresponseparser.h"

using Switchyard::Providers::HttpResponseParser;

namespace {

QByteArray run(const FuzzSupport::Input &in, bool inPieces)
{
    HttpResponseParser parser;
    QByteArray log;
    QByteArray body;
    bool stopped = false;
    const auto feed = [&](QByteArrayView bytes) {
        while (!stopped) {
            qsizetype used = 0;
            const auto event = parser.feed(bytes, used, body);
            if (used < 0 || used > bytes.size())
                FuzzSupport::fail("consumed more than given", QByteArray::number(used), QByteArray::number(bytes.size()));
            bytes = bytes.sliced(used);
            switch (event) {
            case HttpResponseParser::Event::NeedMore:
                if (!bytes.isEmpty())
                    FuzzSupport::fail("NeedMore with bytes left", bytes.toByteArray(), QByteArray());
                return;
            case HttpResponseParser::Event::Head:
                log += "head " + QByteArray::number(parser.status()) + ' ' + parser.reason() + '\n';
                for (const auto &[name, value] : parser.headers())
                    log += name + ": " + value + '\n';
                if (parser.headers().size() > HttpResponseParser::MaxHeaders)
                    FuzzSupport::fail("more headers than the limit", log, QByteArray());
                break;
            case HttpResponseParser::Event::MessageComplete:
                log += "body " + body + "\nkeep-alive " + QByteArray::number(parser.keepAlive()) + '\n';
                body.clear();
                if (!parser.keepAlive())
                    stopped = true; // nothing after an answer that closes is read
                else
                    parser.reset();
                break;
            case HttpResponseParser::Event::Error:
                log += "error " + parser.errorMessage().toUtf8() + '\n';
                stopped = true;
                break;
            }
        }
    };
    FuzzSupport::feed(in, inPieces, feed);
    if (!stopped) {
        const auto end = parser.finish();
        log += "end " + QByteArray::number(int(end)) + ' ' + body;
    }
    return log;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzSupport::Input in = FuzzSupport::split(data, size);
    FuzzSupport::sameInPieces("HTTP parsing depends on the chunking", [&](bool pieces) { return run(in, pieces); });
    return 0;
}
