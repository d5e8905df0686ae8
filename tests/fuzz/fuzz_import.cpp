// A gateway format's importer (chosen at build time: FUZZ_FORMAT, LiteLLM's
// YAML or Portkey's JSON) on any text: a config or errors, never a crash.

#include "fuzzsupport.h"
#include "routing/litellmformat.h"
#include "routing/portkeyformat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Switchyard::Routing::FUZZ_FORMAT::importConfig(text);
    return 0;
}
