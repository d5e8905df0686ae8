// The gateway's reading of a client's /v1/chat/completions body: any bytes
// give a request or an error, never a crash; a model name it accepts holds
// no control character.

#include "fuzzsupport.h"
#include "gateway/openaichatrequest.h"
#include "providers/namecheck.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto request = Switchyard::Gateway::OpenAiChatRequest::parse(body);
    if (request && !Switchyard::Providers::nameProblem(request->model, u"model").isEmpty())
        FuzzSupport::fail("a model name with a control character was accepted", request->model.toUtf8(), body);
    return 0;
}
