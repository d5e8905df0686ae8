// ConfigReader on any text (YAML, and JSON, which it reads too): a config or
// errors, never a crash; a config it accepts is written back by ConfigWriter
// as YAML and as JSON, and both read again.

#include "fuzzsupport.h"
#include "routing/configreader.h"
#include "routing/configwriter.h"

using namespace Switchyard::Routing;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto read = ConfigReader::read(text);
    if (!read)
        return 0;
    for (const QByteArray &again : {ConfigWriter::toYaml(read->config), ConfigWriter::toJson(read->config)}) {
        if (!ConfigReader::read(again))
            FuzzSupport::fail("a config it read does not read again once written", text, again);
    }
    return 0;
}
